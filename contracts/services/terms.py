"""A contract's terms, computed in one place: each priced line's amount and VAT, the totals and
VAT per rate, the lease's last day, and the payment schedule (periods, amounts, due dates).

The wizard's review, the contract page, the Word document, acceptance and payments, amendments,
the dashboard and the reminders, and OCDS all read them from here (docs/architecture.md).
tests/contracts/test_terms.py generates contracts of every schedule and checks that what each
of them shows equals this computation.

The rules: VAT per line, rounded half up (core.vat); the lease runs `months` months from its
start (core.months); a monthly or quarterly schedule cuts it into periods of 1 or 3 months (the
last may be shorter), each due on its last day, the total split evenly with the remainder in the
last period (core.money); a milestone schedule pays each milestone's percentage of the total
(rounded down, the remainder last), every milestone due by the lease's end.
"""
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import BigInteger, cast, func, select

from contracts.models.contract import LINE_FIELDS, Contract, ContractLine
from core.money import split_by_percent, split_evenly
from core.months import last_day, last_day_year, period_bounds, period_count
from core.vat import line_amounts, line_total_sql, totals_by_rate

STEPS = {"monthly": 1, "quarterly": 3}  # months per period of a periodic schedule


def lease_end(start: date | None, months: int | None) -> date | None:
    """The lease's last day: the day before the same day `months` months after its start."""
    return last_day(start, months) if start and months else None


@dataclass(frozen=True, slots=True)
class Period:
    """One payment period: accepted (nghiệm thu), then paid."""

    no: int
    label: str
    start: date | None  # its first day; None for a milestone
    due: date | None  # its last day; None for a milestone
    deadline: date | None  # when it must be accepted: its last day, a milestone's the lease end
    amount: int


class Schedule:
    """The payment schedule of a total over a lease. A period is worked out when asked for, so
    the dashboard can read hundreds of contracts without building every period of each."""

    def __init__(self, kind: str | None, total: int, start: date | None, months: int | None,
                 milestones: Iterable[dict] = ()):
        self.kind, self.total, self.start, self.months = kind, total, start, months
        self.end = lease_end(start, months)
        self.step = STEPS.get(kind or "", 0)
        self._milestones = list(milestones or []) if kind == "milestone" else []
        if self.end is None or not kind:
            self.amounts: list[int] = []
        elif kind == "milestone":
            self.amounts = (split_by_percent(total, [m["percent"] for m in self._milestones])
                            if self._milestones else [])
        else:
            self.amounts = split_evenly(total, period_count(months, self.step))
        self.count = len(self.amounts)

    def period(self, no: int) -> Period | None:
        """Period `no` (from 1), or None when the schedule has no such period."""
        if not 1 <= no <= self.count:
            return None
        index = no - 1
        if self.kind == "milestone":
            return Period(no, self._milestones[index]["label"], None, None, self.end,
                          self.amounts[index])
        first, last = period_bounds(self.start, self.months, self.step, index)
        label = f"Tháng {index + 1}" if self.step == 1 else f"Quý {index + 1}"
        return Period(no, label, first, last, last, self.amounts[index])

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """Every period, in order."""
        return tuple(self.period(no) for no in range(1, self.count + 1))

    def amount_per_year(self) -> dict[int, int]:
        """The schedule's amounts by the year of each period's deadline, a year of periods at
        a time (the dashboard sums thousands of them)."""
        if not self.amounts:
            return {}
        if self.kind == "milestone":
            return {self.end.year: self.total}  # every milestone is due by the lease's end
        start, step, count, amounts = self.start, self.step, self.count, self.amounts
        # Period no's deadline is last_day(start, no × step) (the last: the lease's months):
        # in the month `no × step - 1` after the start's, or the one before when the lease
        # starts on a 1st. So the last period due in a year is found by one division.
        shift = start.month - 1 - (start.day == 1)
        years: dict[int, int] = {}
        first = 1
        while first <= count:
            year = last_day_year(start, min(first * step, self.months))
            last = max(first, min(count, (12 * (year - start.year) + 11 - shift) // step))
            # The last period may be shorter: it can share the previous periods' year.
            years[year] = years.get(year, 0) + sum(amounts[first - 1:last])
            first = last + 1
        return years

    def overdue(self, day: date, accepted: set[int]) -> Iterator[Period]:
        """The periods not accepted whose deadline is before `day`, in order."""
        for no in range(1, self.count + 1):
            if no in accepted:  # accepted: its date is not needed
                continue
            period = self.period(no)
            if period.deadline >= day:
                return  # deadlines only grow: no later period is due either
            yield period


@dataclass(frozen=True)
class Terms:
    """What a contract's lines, term and schedule come to."""

    lines: list[dict[str, Any]]  # each line's fields with its amount, vat and total
    vat_groups: list[dict[str, Any]]  # {"rate", "label", "base", "vat"}, one per rate used
    before_vat: int
    vat: int
    total: int
    schedule: Schedule

    @property
    def start(self) -> date | None:
        return self.schedule.start

    @property
    def months(self) -> int | None:
        return self.schedule.months

    @property
    def end(self) -> date | None:
        """The lease's last day."""
        return self.schedule.end

    @property
    def periods(self) -> tuple[Period, ...]:
        return self.schedule.periods

    @property
    def totals(self) -> dict[str, Any]:
        """Before VAT, VAT, total and the groups per rate, as one dict for pages."""
        return {"before_vat": self.before_vat, "vat": self.vat, "total": self.total,
                "vat_groups": self.vat_groups}


def compute(lines: Iterable[Any], *, start: date | None, months: int | None,
            schedule: str | None, milestones: Iterable[dict] = ()) -> Terms:
    """The terms of priced lines (ContractLine rows or dicts of LINE_FIELDS) over a lease."""
    priced = []
    for line in lines:
        fields = ({key: line[key] for key in LINE_FIELDS} if isinstance(line, dict)
                  else {key: getattr(line, key) for key in LINE_FIELDS})
        fields.update(line_amounts(fields))
        priced.append(fields)
    totals = totals_by_rate((line["vat_rate"], line) for line in priced)
    return Terms(priced, totals["vat_groups"], totals["before_vat"], totals["vat"],
                 totals["total"], Schedule(schedule, totals["total"], start, months, milestones))


def total_sql():
    """compute()'s total (VAT included) of the enclosing query's contract, as a SQL scalar
    subquery summing core.vat.line_total_sql over its lines: the dashboard reads one number per
    contract and builds its Schedule from it (tests/contracts/test_terms.py checks that the
    dashboard's figures equal compute())."""
    line = ContractLine
    total = func.sum(line_total_sql(line.quantity, line.months, line.unit_price, line.vat_rate))
    return (select(cast(func.coalesce(total, 0), BigInteger))
            .where(line.contract_id == Contract.id).scalar_subquery())


def of_contract(contract: Contract) -> Terms:
    """The contract's terms as they stand (the amended ones, once an amendment is signed)."""
    return compute(contract.lines, start=contract.start_date, months=contract.months,
                   schedule=contract.schedule, milestones=contract.milestones)
