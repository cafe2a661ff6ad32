"""Signed contracts' money per budget year, summed by the database: the value of the periods due
in each year (committed), what was accepted of them and what was paid, and the contracts signed
each year. The national report and the agency dashboard read their figures from here.

A budget year is the calendar year of a period's deadline (`terms.Period.deadline`): a
periodic schedule's periods are due on their last day, every milestone at the lease's end.
Accepted and paid amounts are counted in the year their period is due, whenever the acceptance
or the payment happened, so the three figures of a year compare like with like.

Why SQL, and why it is still the one computation of `contracts.services.terms`: a national
deployment has 20,000 contracts and some 260,000 acceptance and payment rows; building every
contract's `Schedule` takes seconds, too long for a public page. So this module states in SQL,
for the contracts whose terms are still those they were signed with, what `Schedule` gives:

- a periodic (monthly or quarterly) schedule of `count` periods splits each rate's amount
  before VAT and its VAT evenly, the remainder to the last period (`core.money.split_evenly`):
  a year holding `n` periods gets `n × q` where `q` is the sum over the parts of
  `part // count`, and the year of the last period also the remainder (the periodic lines' value
  less `count × q`). How many periods are due by the end of a year follows from the start
  date and the number of months (the arithmetic of `Schedule.amount_per_year` and
  `core.months.last_day_year`); a one-off line is billed whole in the period holding its month;
- a milestone schedule pays the whole value in the year the lease ends;
- accepted periods keep the parts their record kept (terms' "money is conserved"), and while the
  terms are unchanged those are the parts the schedule gives them, so the planned schedule is
  the schedule.

A contract with a signed amendment (its terms changed after periods were accepted, so the
periods left carry the difference) gets its `Schedule` built by `terms.schedules_of`, as the
dashboard does: amendments are few. `tests/contracts/test_report_sql.py` checks the SQL
against `Schedule.amount_per_year` on generated contracts of every kind, on SQLite and
PostgreSQL alike (only non-negative numbers are divided, so `//` floors on both).

Terminated contracts never pay the periods left after their termination: their committed value
is what was accepted before it. Contracts ever signed (`SIGNED`) count; the others
(`SPENDING`) commit their whole schedule.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (BigInteger, Integer, Select, and_, case, cast, extract, func, literal,
                        select, true, union_all)

from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import SIGNED, SPENDING, Contract, ContractLine
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import terms
from core.vat import line_parts_sql
from extensions import db

FIGURES = ("contracts", "periods", "committed", "accepted", "paid")


def _int(expression):
    # PostgreSQL's EXTRACT gives a numeric, SQLite's strftime a text: both made integers.
    return cast(expression, Integer)


_START_YEAR = _int(extract("year", Contract.start_date))
# The month of the lease's deadlines counts from January of the start year: the day before
# start + n months is in the n-th month after the start's, or the one before it on a 1st.
_SHIFT = (_int(extract("month", Contract.start_date)) - 1
          - case((_int(extract("day", Contract.start_date)) == 1, 1), else_=0))
_END_YEAR = _START_YEAR + (_SHIFT + Contract.months) // 12  # the year the lease ends
# The signing as recorded, else the contract's own date (Contract.signed_date).
_SIGNED_ON = func.coalesce(ContractLifecycle.signed_on, Contract.contract_date)
SIGNING_YEAR = _int(extract("year", _SIGNED_ON))
AMENDED = (select(ContractAmendment.id).where(ContractAmendment.contract_id == Contract.id,
                                              ContractAmendment.status == "signed").exists())
AMOUNT, VAT = line_parts_sql(ContractLine.quantity, ContractLine.months, ContractLine.unit_price,
                             ContractLine.vat_rate)


def calendar(chosen):
    """The contracts `chosen` (a select over Contract: its id and any labelled grouping
    columns) with their state, schedule and the numbers their deadlines follow from, computed
    once per contract (a common table every part of the union reads)."""
    step = case(*((Contract.schedule == kind, months) for kind, months in terms.STEPS.items()))
    return chosen.add_columns(
        Contract.status, Contract.schedule, Contract.months, _START_YEAR.label("start_year"),
        _SHIFT.label("shift"), step.label("step"),
        ((Contract.months + step - 1) // step).label("count"),  # core.months.period_count
        _END_YEAR.label("end_year"), AMENDED.label("amended"),
        case((Contract.schedule == "milestone", func.json_array_length(Contract.milestones)),
             else_=0).label("milestones")).cte("calendar")


def due_year(c, period_no):
    """The year period `period_no` of a contract of calendar `c` is due
    (`terms.Schedule.period`)."""
    months = case((period_no * c.step < c.months, period_no * c.step), else_=c.months)
    return case((c.schedule == "milestone", c.end_year),
                else_=c.start_year + (c.shift + months) // 12)


def _due_by(c, year):
    """How many periods of a periodic schedule are due by the end of `year`."""
    bound = 12 * (year - c.start_year) + 11 - c.shift  # the last month offset due within it
    return case((bound < 0, 0), (c.months <= bound, c.count), else_=bound // c.step)


def _within(year, first: int | None, last: int | None):
    """`year` within the bounds given (None: unbounded)."""
    return and_(true(), *([year >= first] if first is not None else []),
                *([year <= last] if last is not None else []))


def _years(cal, first: int | None, last: int | None):
    """The years the contracts of calendar `cal` run through, within first..last: a recursive
    common table from their first start to their last end."""
    c = cal.c
    low = select(func.min(c.start_year)).scalar_subquery()
    if first is not None:
        low = case((low < first, first), else_=low)
    high = select(func.max(c.end_year)).scalar_subquery()
    if last is not None:
        high = case((high > last, last), else_=high)
    years = select(low.label("y")).cte("years", recursive=True)
    return years.union_all(select(years.c.y + 1).where(years.c.y < high))


def figures(cal, keys: tuple[str, ...], first: int | None, last: int | None):
    """The figures of the contracts of calendar `cal` summed per grouping columns `keys` and
    year, first..last (a common table: keys, year, contracts, committed, accepted, paid): a
    union of each figure's rows, summed. The committed value of amended contracts is left to
    `amended_committed`."""
    c = cal.c
    grouped = [c[key] for key in keys]

    def row(year, *, contracts=None, periods=None, committed=None, accepted=None,
            paid=None) -> Select:
        figures = (("contracts", contracts), ("periods", periods), ("committed", committed),
                   ("accepted", accepted), ("paid", paid))
        return select(*grouped, year.label("year"),
                      *((literal(0, BigInteger) if value is None else value).label(name)
                        for name, value in figures)).select_from(cal)

    planned = (c.status.in_(SPENDING), ~c.amended)
    periodic = c.schedule.in_(tuple(terms.STEPS))
    line = ContractLine
    rates = (select(line.contract_id.label("id"), func.sum(AMOUNT).label("base"),
                    func.sum(VAT).label("vat"))
             .join(cal, c.id == line.contract_id)
             .where(*planned, periodic, line.billing != "once")
             .group_by(line.contract_id, line.vat_rate).subquery())
    # int casts: PostgreSQL sums bigint as numeric, where // would not floor.
    shares = (select(rates.c.id, func.sum(cast(rates.c.base, BigInteger) // c.count
                                          + cast(rates.c.vat, BigInteger) // c.count).label("q"),
                     func.sum(rates.c.base + rates.c.vat).label("value"))
              .join(cal, c.id == rates.c.id).group_by(rates.c.id).subquery())
    years = _years(cal, first, last)
    year = years.c.y
    due = _due_by(c, year) - _due_by(c, year - 1)
    q, value = func.coalesce(shares.c.q, 0), func.coalesce(shares.c.value, 0)
    rest = case((year == c.end_year, value - c.count * q), else_=0)
    # Every period, even of a contract whose lines are all one-off (no shares to spread).
    spread = (row(year, periods=due, committed=due * q + rest)
              .outerjoin(shares, shares.c.id == c.id)
              .join(years, year.between(c.start_year, c.end_year))
              .where(*planned, periodic))
    # A one-off line is billed in the period holding its month: min(max(month, 1), months).
    month = case((line.billed_month < 1, 0), else_=line.billed_month - 1)
    month = case((month > c.months - 1, c.months - 1), else_=month)
    once = (row(due_year(c, month // c.step + 1), committed=AMOUNT + VAT)
            .join(line, line.contract_id == c.id)
            .where(*planned, periodic, line.billing == "once"))
    milestones = (row(c.end_year, committed=AMOUNT + VAT).join(line, line.contract_id == c.id)
                  .where(*planned, c.schedule == "milestone"))
    milestones_due = row(c.end_year, periods=c.milestones).where(
        *planned, c.schedule == "milestone")
    record, payment = AcceptanceRecord, PaymentRecord
    period_year = due_year(c, record.period_no)
    ended = (row(period_year, periods=literal(1, BigInteger), committed=record.period_amount)
             .join(record, record.contract_id == c.id)
             .where(c.status.in_(tuple(set(SIGNED) - set(SPENDING)))))
    accepted = (row(period_year, accepted=record.accepted_amount)
                .join(record, record.contract_id == c.id))
    paid = (row(period_year, paid=payment.amount).join(payment, payment.contract_id == c.id)
            .join(record, record.id == payment.acceptance_id))
    signed = (row(SIGNING_YEAR, contracts=literal(1, BigInteger))
              .join(Contract, Contract.id == c.id)
              .outerjoin(ContractLifecycle, ContractLifecycle.contract_id == c.id))
    union = union_all(spread, once, milestones, milestones_due, ended, accepted, paid,
                      signed).subquery("parts")
    return (select(*(union.c[key] for key in keys), union.c.year,
                   *(func.sum(union.c[name]).label(name) for name in FIGURES))
            .where(_within(union.c.year, first, last))
            .group_by(*(union.c[key] for key in keys), union.c.year).cte("sums"))


@dataclass(frozen=True, slots=True)
class Part:
    """What one amended contract commits in a year."""

    contract_id: int
    year: int
    periods: int
    committed: int


def amended_committed(cal, first: int | None, last: int | None) -> Iterable[Part]:
    """The periods due and their value per year of the amended contracts of calendar `cal`,
    from their `Schedule` (terms.schedules_of): two queries when there are any."""
    c = cal.c
    ids = select(c.id).where(c.status.in_(SPENDING), c.amended)
    rows = db.session.execute(select(Contract.id, Contract.schedule, Contract.start_date,
                                     Contract.months, Contract.milestones)
                              .where(Contract.id.in_(ids)))
    contracts = [_Summary(*row) for row in rows]
    if contracts:
        terms.schedules_of(contracts, Contract.id.in_([c.id for c in contracts]))
    for contract in contracts:
        years: dict[int, list[int]] = {}
        for period in contract.payments.periods:
            counted = years.setdefault(period.deadline.year, [0, 0])
            counted[0] += 1
            counted[1] += period.amount
        for year, (periods, amount) in years.items():
            if (first is None or year >= first) and (last is None or year <= last):
                yield Part(contract.id, year, periods, amount)


@dataclass(slots=True)
class _Summary:
    """What terms.schedules_of reads of a contract, and the Schedule it gives it."""

    id: int
    schedule: str | None
    start_date: date | None
    months: int | None
    milestones: list | None
    payments: terms.Schedule | None = None


def year_span(chosen) -> tuple[int, int] | None:
    """The first and last budget year of the contracts `chosen` (a select of ids) holds
    (signing or lease), or None when there are none."""
    first, last, signed_first, signed_last = db.session.execute(
        select(func.min(_START_YEAR), func.max(_END_YEAR), func.min(SIGNING_YEAR),
               func.max(SIGNING_YEAR))
        .outerjoin(ContractLifecycle, ContractLifecycle.contract_id == Contract.id)
        .where(Contract.id.in_(chosen))).one()
    years = [y for y in (first, last, signed_first, signed_last) if y is not None]
    return (int(min(years)), int(max(years))) if years else None
