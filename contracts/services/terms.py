"""A contract's terms, computed in one place: each priced line's amount and VAT, the totals and
VAT per rate, the lease's last day, and the payment schedule (periods, amounts, VAT per rate).

The wizard's review, the contract page, the Word document, acceptance and payments, amendments,
the dashboard and the reminders, and OCDS all read them from here (docs/architecture.md).
tests/contracts/test_terms.py generates contracts of every schedule and checks that what each
of them shows equals this computation; tests/contracts/test_money_conserved.py checks that
amendments never move money out of accepted periods.

The rules: VAT per line, rounded half up (core.vat); the lease runs `months` months from its
start (core.months); a monthly or quarterly schedule cuts it into periods of 1 or 3 months (the
last may be shorter), each due on its last day. The amount before VAT and the VAT of each rate
are split separately, so every period has its own VAT per rate and the parts add up exactly:
a periodic line's share is split evenly over the periods with the remainder in the last
(core.money); a one-off line is billed whole in the period holding the lease month it occurs
in. A milestone schedule pays each milestone's percentage of every part (rounded down, the
remainder last), every milestone due by the lease's end.

Accepted periods are history: an acceptance record keeps its period's parts, and the schedule
keeps them whatever the terms say now. The periods not yet accepted get what the terms give
them, plus an even share (remainder last) of what the accepted periods took more or less than
the terms now give those periods, so the schedule always adds up to the contract's value as
amended. When it cannot (an amendment lowers a part below what was accepted, or leaves no
period to bill it in), the schedule says why in `problem` and the amendment is refused.
"""
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import Contract, ContractLine, line_values
from core.money import format_vnd, split_by_percent, split_evenly
from core.months import last_day, last_day_year, period_bounds, period_count
from core.vat import VAT_LABELS, VAT_RATES, line_amounts, line_parts_sql, totals_by_rate
from extensions import db

Parts = dict[str, tuple[int, int]]  # VAT rate code -> (amount before VAT, VAT)
Once = tuple[int, str, int, int]  # a one-off line: (lease month, rate, before VAT, VAT)

STEPS = {"monthly": 1, "quarterly": 3}  # months per period of a periodic schedule


def lease_end(start: date | None, months: int | None) -> date | None:
    """The lease's last day: the day before the same day `months` months after its start."""
    return last_day(start, months) if start and months else None


@dataclass(frozen=True, slots=True)
class Period:
    """One payment period: accepted (nghiệm thu), then paid."""

    no: int
    label: str  # lazy ("Quý 2") or the milestone's own words
    start: date | None  # its first day; None for a milestone
    due: date | None  # its last day; None for a milestone
    deadline: date | None  # when it must be accepted: its last day, a milestone's the lease end
    amount: int
    parts: tuple[tuple[str, int, int], ...] = ()  # (rate, before VAT, VAT), VAT_RATES order

    @property
    def before_vat(self) -> int:
        return sum(base for _, base, _ in self.parts)

    @property
    def vat(self) -> int:
        return sum(vat for _, _, vat in self.parts)

    def planned_pay_by(self, payment_days: int) -> date | None:
        """When the period is planned to be paid before it is accepted: its deadline (its end;
        a milestone's, the lease's end) + the contract's payment days."""
        return self.deadline + timedelta(days=payment_days) if self.deadline else None

    @property
    def vat_groups(self) -> list[dict[str, Any]]:
        """{"rate", "label", "base", "vat"} per rate billed in the period."""
        return [{"rate": rate, "label": VAT_LABELS[rate], "base": base, "vat": vat}
                for rate, base, vat in self.parts]


def _add(parts: Parts, rate: str, base: int, vat: int) -> None:
    old_base, old_vat = parts.get(rate, (0, 0))
    parts[rate] = (old_base + base, old_vat + vat)


def _ordered(parts: Parts) -> tuple[tuple[str, int, int], ...]:
    return tuple((rate, *parts[rate]) for rate in VAT_RATES if rate in parts)


def _apportion(amount: int, ideal: Parts) -> Parts:
    """An amount alone (a period accepted before records kept their parts) in the parts the
    terms give that period: shares rounded down, the rest to the largest fractions."""
    if sum(b + v for b, v in ideal.values()) == amount:
        return dict(ideal)
    keys = [(rate, k) for rate in VAT_RATES if rate in ideal for k in (0, 1)]
    weights = [ideal[rate][k] for rate, k in keys]
    weight = sum(weights)
    if not keys or weight <= 0:
        return {next(iter(ideal), "kct"): (amount, 0)}
    shares = [amount * w // weight for w in weights]
    order = sorted(range(len(keys)), key=lambda i: -(amount * weights[i] % weight))
    for i in order[:amount - sum(shares)]:
        shares[i] += 1
    parts: Parts = {}
    for (rate, k), share in zip(keys, shares):
        _add(parts, rate, share if k == 0 else 0, share if k == 1 else 0)
    return parts


class Schedule:
    """The payment schedule of a lease: `spread` (rate -> before VAT, VAT of the periodic lines)
    split over the periods, `once` lines in theirs, `accepted` periods (number -> parts, or an
    amount alone) kept as accepted. Periods are built when asked for, so the dashboard can
    read hundreds of contracts without building every period of each."""

    def __init__(self, kind: str | None, spread: Parts, start: date | None, months: int | None,
                 milestones: Iterable[dict] = (), *, once: Iterable[Once] = (),
                 accepted: Mapping[int, Parts | int] | None = None):
        self.kind, self.start, self.months = kind, start, months
        self.end = lease_end(start, months)
        self.step = STEPS.get(kind or "", 0)
        self._milestones = list(milestones or []) if kind == "milestone" else []
        whole: Parts = dict(spread)
        for _month, rate, base, vat in once:
            _add(whole, rate, base, vat)
        self.total = sum(b + v for b, v in whole.values())
        self.problem: str | None = None
        self.accepted = set(accepted or ())  # the accepted period numbers
        self.parts = self._planned(spread, whole, list(once))
        if accepted:
            self._keep(whole, accepted)
        self.amounts = [sum(b + v for b, v in p.values()) for p in self.parts]
        self.count = len(self.parts)

    def _planned(self, spread: Parts, whole: Parts, once: list[Once]) -> list[Parts]:
        """Each period's parts as the terms give them."""
        if self.end is None or not self.kind:
            return []
        if self.kind == "milestone":
            percents = [m["percent"] for m in self._milestones]
            periods: list[Parts] = [{} for _ in percents]
            for rate, (base, vat) in (whole.items() if percents else ()):
                for part, b, v in zip(periods, split_by_percent(base, percents),
                                      split_by_percent(vat, percents)):
                    _add(part, rate, b, v)
            return periods
        count = period_count(self.months, self.step)
        periods = [{} for _ in range(count)]
        for rate, (base, vat) in spread.items():
            for part, b, v in zip(periods, split_evenly(base, count), split_evenly(vat, count)):
                _add(part, rate, b, v)
        for month, rate, base, vat in once:
            _add(periods[min(max(month, 1) - 1, self.months - 1) // self.step], rate, base, vat)
        return periods

    def _keep(self, whole: Parts, accepted: Mapping[int, Parts | int]) -> None:
        """Keep the accepted periods' parts; spread the difference over the other periods."""
        periods, count = self.parts, len(self.parts)
        if beyond := sorted(no for no in accepted if not 1 <= no <= count):
            self.problem = _("Kỳ %(no)s đã nghiệm thu nhưng lịch thanh toán theo điều khoản "
                             "mới chỉ có %(count)s kỳ.", no=beyond[-1], count=count)
        kept = {no: (_apportion(value, periods[no - 1]) if isinstance(value, int)
                     else dict(value)) for no, value in accepted.items() if 1 <= no <= count}
        rest = [i for i in range(count) if i + 1 not in kept]
        rates = [r for r in VAT_RATES if r in whole or any(r in p for p in kept.values())]
        for rate in rates:
            for k in (0, 1):
                taken = sum(p.get(rate, (0, 0))[k] for p in kept.values())
                planned = sum(periods[i].get(rate, (0, 0))[k] for i in rest)
                gap = whole.get(rate, (0, 0))[k] - taken - planned
                if gap and not rest:
                    self.problem = self.problem or _(
                        "Mọi kỳ đã nghiệm thu: không còn kỳ nào để thanh toán phần chênh lệch "
                        "%(gap)s đồng.", gap=format_vnd(gap))
                for i, extra in zip(rest, split_evenly(gap, len(rest)) if rest else ()):
                    base, vat = periods[i].get(rate, (0, 0))
                    periods[i][rate] = (base + extra, vat) if k == 0 else (base, vat + extra)
        for no, part in kept.items():
            periods[no - 1] = part
        negative = next((i + 1 for i, p in enumerate(periods)
                         if any(b < 0 or v < 0 for b, v in p.values())), None)
        if negative and not self.problem:
            self.problem = _("Kỳ %(no)s chưa nghiệm thu sẽ có số tiền âm: giá trị còn lại theo "
                             "điều khoản mới không đủ bù phần các kỳ đã nghiệm thu đã nhận.",
                             no=negative)

    def period(self, no: int) -> Period | None:
        """Period `no` (from 1), or None when the schedule has no such period."""
        if not 1 <= no <= self.count:
            return None
        index = no - 1
        parts = _ordered(self.parts[index])
        if self.kind == "milestone":
            return Period(no, self._milestones[index]["label"], None, None, self.end,
                          self.amounts[index], parts)
        first, last = period_bounds(self.start, self.months, self.step, index)
        label = (_l("Tháng %(no)s", no=index + 1) if self.step == 1
                 else _l("Quý %(no)s", no=index + 1))
        return Period(no, label, first, last, last, self.amounts[index], parts)

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
            schedule: str | None, milestones: Iterable[dict] = (),
            accepted: Mapping[int, Parts | int] | None = None) -> Terms:
    """The terms of priced lines (ContractLine rows or dicts of LINE_FIELDS) over a lease, the
    `accepted` periods (number -> parts or amount) kept as they were accepted."""
    priced = []
    spread: Parts = {}
    once: list[Once] = []
    for line in lines:
        fields = line_values(line)
        fields.update(line_amounts(fields))
        priced.append(fields)
        if fields["billing"] == "once":
            once.append((fields["billed_month"], fields["vat_rate"], fields["amount"],
                         fields["vat"]))
        else:
            _add(spread, fields["vat_rate"], fields["amount"], fields["vat"])
    totals = totals_by_rate((line["vat_rate"], line) for line in priced)
    return Terms(priced, totals["vat_groups"], totals["before_vat"], totals["vat"],
                 totals["total"], Schedule(schedule, spread, start, months, milestones,
                                           once=once, accepted=accepted))


def record_parts(parts: list[dict] | None, amount: int) -> Parts | int:
    """What an acceptance record kept of its period: its parts, or (older records) the amount."""
    if parts is None:
        return amount
    return {p["rate"]: (p["base"], p["vat"]) for p in parts}


def accepted_from(records: Mapping[int, AcceptanceRecord]) -> dict[int, Parts | int]:
    """What each loaded acceptance record (by period) kept, for of_contract's `accepted`."""
    return {no: record_parts(r.period_parts, r.period_amount) for no, r in records.items()}


def parts_json(period: Period) -> list[dict]:
    """A period's parts as an acceptance record keeps them."""
    return [{"rate": rate, "base": base, "vat": vat} for rate, base, vat in period.parts]


def accepted_of(*conditions) -> dict[int, dict[int, Parts | int]]:
    """The accepted periods (number -> parts) of the contracts meeting `conditions`, by
    contract, in one query."""
    found: dict[int, dict[int, Parts | int]] = {}
    rows = db.session.execute(
        select(AcceptanceRecord.contract_id, AcceptanceRecord.period_no,
               AcceptanceRecord.period_parts, AcceptanceRecord.period_amount)
        .join(Contract, Contract.id == AcceptanceRecord.contract_id).where(*conditions))
    for contract_id, no, parts, amount in rows:
        found.setdefault(contract_id, {})[no] = record_parts(parts, amount)
    return found


def schedules_of(contracts: Iterable[Any], *conditions) -> None:
    """Give each contract summary meeting `conditions` (with schedule, start_date, months,
    milestones) its Schedule as `payments`: two queries summing the lines' parts in SQL and
    reading the accepted periods, whatever the number of contracts."""
    line = ContractLine
    amount, vat = line_parts_sql(line.quantity, line.months, line.unit_price, line.vat_rate)
    rows = db.session.execute(
        select(line.contract_id, line.billing, line.billed_month, line.vat_rate,
               func.sum(amount), func.sum(vat))
        .join(Contract, Contract.id == line.contract_id).where(*conditions)
        .group_by(line.contract_id, line.billing, line.billed_month, line.vat_rate))
    spread: dict[int, Parts] = {}
    once: dict[int, list[Once]] = {}
    for contract_id, billing, month, rate, base, tax in rows:
        # int(): PostgreSQL sums bigint as numeric, which arrives as a Decimal.
        if billing == "once":
            once.setdefault(contract_id, []).append((month, rate, int(base), int(tax)))
        else:
            _add(spread.setdefault(contract_id, {}), rate, int(base), int(tax))
    accepted = accepted_of(*conditions)
    for contract in contracts:
        contract.payments = Schedule(contract.schedule, spread.get(contract.id, {}),
                                     contract.start_date, contract.months,
                                     contract.milestones or (), once=once.get(contract.id, ()),
                                     accepted=accepted.get(contract.id))


def of_contract(contract: Contract, accepted: Mapping[int, Parts | int] | None = None
                ) -> Terms:
    """The contract's terms as they stand (the amended ones, once an amendment is signed), its
    accepted periods as they were accepted."""
    if accepted is None:
        accepted = accepted_of(Contract.id == contract.id).get(contract.id, {}) \
            if contract.id is not None else {}
    return compute(contract.lines, start=contract.start_date, months=contract.months,
                   schedule=contract.schedule, milestones=contract.milestones,
                   accepted=accepted)
