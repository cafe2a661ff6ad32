"""The agency dashboard and the reminders: states, value per budget year, expiries, overdue.

Every figure comes from each contract's payment schedule (contracts.services.terms.Schedule)
over its lines' parts summed by the database and its accepted periods (terms.schedules_of),
read from plain rows:
an agency's hundreds of contracts load as a few columns in one query, where building ORM
objects (some forty attributes each) and their lines cost most of the page's time.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, select

from accounts.models import Organisation
from contracts.models.contract import CONTRACT_STATUSES, RUNNING, SPENDING, Contract
from contracts.services import terms
from contracts.services.terms import Schedule
from core import clock
from core.money import format_vnd
from extensions import db


@dataclass(slots=True)
class ContractSummary:
    """What the dashboard and the reminders read of a contract: a few columns and its payment
    schedule (which carries its total)."""

    id: int
    organisation_id: int
    number: str | None
    title: str | None
    status: str
    start_date: date | None
    months: int | None
    schedule: str | None
    milestones: list | None
    organisation: Organisation | None = None  # loaded for the reminders only
    payments: Schedule | None = None

    display_title = property(Contract.display_title.fget)  # the contract's own wording

    @property
    def total(self) -> int:
        return self.payments.total


_COLUMNS = (Contract.id, Contract.organisation_id, Contract.number, Contract.title,
            Contract.status, Contract.start_date, Contract.months, Contract.schedule,
            # Only milestone schedules read their milestones: the others' JSON is not decoded.
            case((Contract.schedule == "milestone", Contract.milestones)).label("milestones"))


def _contracts(*conditions, organisations: bool = False) -> list[ContractSummary]:
    """Summaries of the contracts meeting `conditions`, newest first, each with its schedule:
    three queries whatever their number (and one more for their organisations when asked)."""
    rows = db.session.execute(select(*_COLUMNS).where(*conditions).order_by(Contract.id.desc()))
    contracts = [ContractSummary(*row) for row in rows]
    terms.schedules_of(contracts, *conditions)
    if organisations and contracts:
        ids = {contract.organisation_id for contract in contracts}
        found = {o.id: o for o in db.session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)))}
        for contract in contracts:
            contract.organisation = found[contract.organisation_id]
    return contracts


def running(organisation_id: int | None = None) -> list[ContractSummary]:
    """Summaries of the signed or active contracts (of one agency, or of all with their
    organisations), for the work queue and the reminders."""
    conditions = [Contract.status.in_(RUNNING)]
    if organisation_id is not None:
        conditions.append(Contract.organisation_id == organisation_id)
    return _contracts(*conditions, organisations=organisation_id is None)


def by_state(contracts: list[ContractSummary]) -> list[dict]:
    """Every state in order with its count and contracts."""
    groups = defaultdict(list)
    for contract in contracts:
        groups[contract.status].append(contract)
    return [{"status": status, "label": name, "count": len(groups[status]),
             "contracts": groups[status]} for status, name in CONTRACT_STATUSES.items()]


def budget_years(contracts: list[ContractSummary]) -> list[dict]:
    """Contract value per calendar year of each payment period's deadline."""
    years: dict[int, dict] = {}
    for contract in contracts:
        if contract.status not in SPENDING:
            continue
        for due_year, amount in contract.payments.amount_per_year().items():
            year = years.setdefault(due_year, {"year": due_year, "amount": 0, "ids": set()})
            year["amount"] += amount
            year["ids"].add(contract.id)
    return [{"year": y["year"], "amount": y["amount"], "contracts": len(y["ids"])}
            for _, y in sorted(years.items())]


def expiring(contracts: list[ContractSummary], day: date, days: int) -> list[dict]:
    """Running contracts whose lease ends within `days` days from `day`, soonest first."""
    found = []
    for contract in contracts:
        end = contract.payments.end
        if contract.status in RUNNING and end and day <= end <= day + timedelta(days):
            found.append({"contract": contract, "end": end, "days_left": (end - day).days})
    return sorted(found, key=lambda item: (item["end"], item["contract"].id))


def overdue(contracts: list[ContractSummary], day: date) -> list[dict]:
    """Periods whose deadline has passed with no acceptance, oldest first."""
    found = []
    for contract in (c for c in contracts if c.status in RUNNING):
        schedule = contract.payments
        found += [{"contract": contract, "no": p.no, "label": p.label, "due": p.deadline,
                   "amount": p.amount, "days": (day - p.deadline).days}
                  for p in schedule.overdue(day, schedule.accepted)]
    return sorted(found, key=lambda item: (item["due"], item["contract"].id, item["no"]))


def agency_dashboard(organisation_id: int, days: int = 90) -> dict:
    """Everything the agency dashboard shows, from two queries whatever the agency's size:
    its contracts with their totals, and their accepted periods."""
    day = clock.today()
    contracts = _contracts(Contract.organisation_id == organisation_id)
    return {"day": day, "days": days, "total": len(contracts), "states": by_state(contracts),
            "years": budget_years(contracts), "expiring": expiring(contracts, day, days),
            "overdue": overdue(contracts, day)}


def reminders(days: int) -> list[dict]:
    """Per agency with something to do: contracts expiring within `days`, overdue periods."""
    day = clock.today()
    contracts = _contracts(Contract.status.in_(RUNNING), organisations=True)
    per_agency: dict[int, dict] = {}
    for item in expiring(contracts, day, days):
        agency = item["contract"].organisation
        per_agency.setdefault(agency.id, {"organisation": agency, "expiring": [],
                                          "overdue": []})["expiring"].append(item)
    for item in overdue(contracts, day):
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
