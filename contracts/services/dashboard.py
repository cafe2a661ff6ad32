"""The agency dashboard and the reminders: states, value per budget year, expiries, overdue."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import BigInteger, case, cast, func, select

from accounts.models import Organisation
from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import CONTRACT_STATUSES, Contract, ContractLine
from contracts.services import acceptance
from contracts.services.contracts import end_date
from core import clock
from core.money import format_vnd
from core.months import last_day
from core.vat import VAT_PERCENT
from extensions import db

VALUE_STATUSES = ("signed", "active", "expired")  # contracts whose value the agency spends
WATCH_STATUSES = acceptance.RECORDING_STATUSES  # contracts still running: signed, active


@dataclass(slots=True)
class ContractSummary:
    """What the dashboard and the reminders read of a contract: a few columns and its value.

    Not an ORM object: an agency's hundreds of contracts load from plain rows, where building
    a Contract (some forty attributes, most left unloaded) cost most of the page's time.
    """

    id: int
    organisation_id: int
    number: str | None
    title: str | None
    status: str
    start_date: date | None
    months: int | None
    schedule: str | None
    milestones: list | None
    total: int
    organisation: Organisation | None = None  # loaded for the reminders only

    display_title = property(Contract.display_title.fget)  # the contract's own wording


_COLUMNS = (Contract.id, Contract.organisation_id, Contract.number, Contract.title,
            Contract.status, Contract.start_date, Contract.months, Contract.schedule,
            # Only milestone schedules read their milestones: the others' JSON is not decoded.
            case((Contract.schedule == "milestone", Contract.milestones)).label("milestones"))


def line_total_sum():
    """SQL for the value (VAT included) of the enclosing query's contract, summed from its
    lines exactly as `line_amounts` does in Python: amount = unit price × quantity × months,
    VAT per line = amount × rate / 100 rounded half up, i.e. (amount × rate + 50) div 100 for
    the non-negative whole numbers the forms accept (amounts stop at MAX_AMOUNT, so the
    products stay far inside a 64-bit integer on both databases).

    Done in SQL so the dashboard reads one number per contract instead of every line;
    unit_price (BIGINT) comes first so PostgreSQL multiplies in 64 bits. `//` renders as
    integer division on SQLite and PostgreSQL alike.
    """
    line = ContractLine
    amount = line.unit_price * line.quantity * line.months
    rate = case(*((line.vat_rate == code, percent)
                  for code, percent in VAT_PERCENT.items() if percent), else_=0)
    total = func.sum(amount + (amount * rate + 50) // 100)
    return (select(cast(func.coalesce(total, 0), BigInteger))
            .where(line.contract_id == Contract.id).scalar_subquery())


def _contracts(*conditions, organisations: bool = False) -> list[ContractSummary]:
    """Summaries of the contracts meeting `conditions`, newest first, each with its value:
    one query whatever their number (and one more for their organisations when asked)."""
    rows = db.session.execute(select(*_COLUMNS, line_total_sum()).where(*conditions)
                              .order_by(Contract.id.desc()))
    contracts = [ContractSummary(*row) for row in rows]
    if organisations and contracts:
        ids = {contract.organisation_id for contract in contracts}
        found = {o.id: o for o in db.session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)))}
        for contract in contracts:
            contract.organisation = found[contract.organisation_id]
    return contracts


def by_state(contracts: list[ContractSummary]) -> list[dict]:
    """Every state in order with its count and contracts."""
    groups = defaultdict(list)
    for contract in contracts:
        groups[contract.status].append(contract)
    return [{"status": status, "label": name, "count": len(groups[status]),
             "contracts": groups[status]} for status, name in CONTRACT_STATUSES.items()]


class _Schedule:
    """A contract's payment schedule as `payment_periods` makes it, without a dict per period.

    Built once per contract and request: the total is summed from the lines once, monthly and
    quarterly periods are counted from the start date and number of months, and only the
    periods someone looks at (overdue ones) become dates. Milestone schedules (a few periods,
    all due at the lease's end) keep the periods of `payment_periods`.
    """

    __slots__ = ("contract", "step", "count", "base", "last", "periods")

    def __init__(self, contract: ContractSummary):
        self.contract, total = contract, contract.total
        self.step = self.count = self.base = self.last = 0
        self.periods: list[dict] | None = None
        months, schedule = contract.months, contract.schedule
        if not (contract.start_date and months and schedule):
            self.periods = []
        elif schedule == "milestone":  # as payment_periods, from the total already known
            shares = [(m["label"], m["percent"]) for m in contract.milestones]
            amounts = [total * pct // 100 for _, pct in shares]
            amounts[-1] += total - sum(amounts)  # rounding goes to the last payment
            self.periods = [{"no": i + 1, "label": label, "due": None, "amount": amount}
                            for i, ((label, _), amount) in enumerate(zip(shares, amounts))]
        else:
            self.step = 1 if schedule == "monthly" else 3
            self.count = len(range(0, months, self.step))
            self.base = total // self.count
            self.last = total - self.base * (self.count - 1)

    def amount_per_year(self) -> dict[int, int]:
        """The value of the periods per calendar year of their effective due date."""
        contract = self.contract
        if self.periods is not None:
            found: dict[int, int] = {}
            for period in self.periods:
                due = acceptance.effective_due(contract, period)
                if due is not None:
                    found[due.year] = found.get(due.year, 0) + period["amount"]
            return found
        # Period j (1..n) ends the day before start + k months, k = j × step (the last one:
        # the lease's months). Counting months from January of the start year, it ends in
        # year (start month - 1 + k - first) // 12, first = 1 when the lease starts on a 1st
        # (a period ending with December ends on 31/12, the day before 1 January). Periods
        # 1..n-1 are spread over the years arithmetically, without a date per period.
        start, step, count, base = contract.start_date, self.step, self.count, self.base
        shift = start.month - 1 - (1 if start.day == 1 else 0)
        found = {}
        if count > 1:
            before = 0  # periods 1..n-1 ending before the current year
            for year in range((shift + step) // 12, (shift + (count - 1) * step) // 12 + 1):
                upto = min(count - 1, (12 * year + 11 - shift) // step)
                if upto > before:
                    found[start.year + year] = base * (upto - before)
                    before = upto
        last_year = start.year + (shift + contract.months) // 12
        found[last_year] = found.get(last_year, 0) + self.last
        return found

    def due_before(self, day: date, skip: set[int]):
        """(no, label, due, amount) of each period not in `skip` whose effective due date is
        before `day`."""
        contract = self.contract
        if self.periods is not None:
            for period in self.periods:
                due = acceptance.effective_due(contract, period)
                if period["no"] not in skip and due is not None and due < day:
                    yield period["no"], period["label"], due, period["amount"]
            return
        start, months, step = contract.start_date, contract.months, self.step
        for i in range(self.count):
            if i + 1 in skip:  # accepted: its date is not needed
                continue
            offset = i * step
            due = last_day(start, offset + min(step, months - offset))
            if due >= day:  # due dates only grow: no later period is due either
                return
            yield (i + 1, f"Tháng {offset + 1}" if step == 1 else f"Quý {i + 1}", due,
                   self.base if i < self.count - 1 else self.last)


def _schedules(contracts: list[ContractSummary]) -> dict[int, _Schedule]:
    return {contract.id: _Schedule(contract) for contract in contracts}


def budget_years(contracts: list[ContractSummary], schedules: dict[int, _Schedule]) -> list[dict]:
    """Contract value per calendar year of each payment period's due date (or lease end)."""
    years: dict[int, dict] = {}
    for contract in contracts:
        if contract.status not in VALUE_STATUSES:
            continue
        for due_year, amount in schedules[contract.id].amount_per_year().items():
            year = years.setdefault(due_year, {"year": due_year, "amount": 0, "ids": set()})
            year["amount"] += amount
            year["ids"].add(contract.id)
    return [{"year": y["year"], "amount": y["amount"], "contracts": len(y["ids"])}
            for _, y in sorted(years.items())]


def expiring(contracts: list[ContractSummary], day: date, days: int) -> list[dict]:
    """Running contracts whose lease ends within `days` days from `day`, soonest first."""
    found = []
    for contract in contracts:
        end = end_date(contract)
        if contract.status in WATCH_STATUSES and end and day <= end <= day + timedelta(days):
            found.append({"contract": contract, "end": end, "days_left": (end - day).days})
    return sorted(found, key=lambda item: (item["end"], item["contract"].id))


def _accepted_periods(contract_ids: list[int]) -> dict[int, set[int]]:
    """The accepted period numbers of many contracts, in one query reading two columns."""
    found: dict[int, set[int]] = {i: set() for i in contract_ids}
    if contract_ids:
        rows = db.session.execute(
            select(AcceptanceRecord.contract_id, AcceptanceRecord.period_no)
            .where(AcceptanceRecord.contract_id.in_(contract_ids)))
        for contract_id, period_no in rows:
            found[contract_id].add(period_no)
    return found


def overdue(contracts: list[ContractSummary], day: date,
            schedules: dict[int, _Schedule]) -> list[dict]:
    """Periods whose due date has passed with no acceptance, oldest first."""
    running = [c for c in contracts if c.status in WATCH_STATUSES]
    accepted = _accepted_periods([c.id for c in running])
    found = []
    for contract in running:
        found += [{"contract": contract, "no": no, "label": label, "due": due,
                   "amount": amount, "days": (day - due).days}
                  for no, label, due, amount
                  in schedules[contract.id].due_before(day, accepted[contract.id])]
    return sorted(found, key=lambda item: (item["due"], item["contract"].id, item["no"]))


def agency_dashboard(organisation_id: int, days: int = 90) -> dict:
    """Everything the agency dashboard shows, from two queries whatever the agency's size:
    its contracts with their values, and their accepted periods."""
    day = clock.today()
    contracts = _contracts(Contract.organisation_id == organisation_id)
    schedules = _schedules(contracts)  # once per contract: years and overdue
    return {"day": day, "days": days, "total": len(contracts), "states": by_state(contracts),
            "years": budget_years(contracts, schedules),
            "expiring": expiring(contracts, day, days),
            "overdue": overdue(contracts, day, schedules)}


def reminders(days: int) -> list[dict]:
    """Per agency with something to do: contracts expiring within `days`, overdue periods."""
    day = clock.today()
    contracts = _contracts(Contract.status.in_(WATCH_STATUSES), organisations=True)
    schedules = _schedules(contracts)
    per_agency: dict[int, dict] = {}
    for item in expiring(contracts, day, days):
        agency = item["contract"].organisation
        per_agency.setdefault(agency.id, {"organisation": agency, "expiring": [],
                                          "overdue": []})["expiring"].append(item)
    for item in overdue(contracts, day, schedules):
        agency = item["contract"].organisation
        per_agency.setdefault(agency.id, {"organisation": agency, "expiring": [],
                                          "overdue": []})["overdue"].append(item)
    return sorted(per_agency.values(), key=lambda group: group["organisation"].name)


def _name(contract: ContractSummary) -> str:
    return f"Hợp đồng {contract.number or 'chưa có số'} – {contract.display_title}"


def reminder_lines(days: int) -> list[str]:
    """The reminders as Vietnamese text lines, grouped by agency, for the terminal or e-mail."""
    day = clock.today()
    groups = reminders(days)
    lines = [f"Nhắc việc ngày {day:%d/%m/%Y}: hợp đồng hết hạn trong {days} ngày tới và các "
             "kỳ quá hạn nghiệm thu."]
    if not groups:
        return lines + ["Không có hợp đồng nào sắp hết hạn hay kỳ nào quá hạn nghiệm thu."]
    for group in groups:
        lines += ["", f"== {group['organisation'].name} =="]
        if group["expiring"]:
            lines.append(f"Hợp đồng sắp hết hạn ({len(group['expiring'])}):")
            lines += [f"  - {_name(i['contract'])}: hết hạn ngày {i['end']:%d/%m/%Y} "
                      f"(còn {i['days_left']} ngày)" for i in group["expiring"]]
        if group["overdue"]:
            lines.append(f"Kỳ quá hạn nghiệm thu ({len(group['overdue'])}):")
            lines += [f"  - {_name(i['contract'])}, kỳ {i['no']} ({i['label']}): hạn "
                      f"{i['due']:%d/%m/%Y}, quá {i['days']} ngày, {format_vnd(i['amount'])} đồng"
                      for i in group["overdue"]]
    return lines
