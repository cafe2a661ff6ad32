"""The agency dashboard and the reminders: states, value per budget year, expiries, overdue.

Expiries and overdue periods come from each contract's payment schedule
(contracts.services.terms.Schedule) over its lines' parts summed by the database and its
accepted periods (terms.schedules_of); the value, accepted and paid amounts per budget year and
per service group are the national report's (contracts.services.national_report, summed by the
database as contracts.services.budget_years explains), for the agency's contracts. Contracts are
read from plain rows:
an agency's hundreds of contracts load as a few columns in one query, where building ORM
objects (some forty attributes each) and their lines cost most of the page's time.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, select

from accounts.models import Organisation
from contracts.models.contract import CONTRACT_STATUSES, RUNNING, Contract
from contracts.services import national_report, terms
from contracts.services.terms import Schedule
from core import clock
from core.formats import dmy
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


def budget_years(organisation_id: int) -> tuple[list[dict], list[national_report.Row]]:
    """The agency's signed contracts per budget year (the years periods are due: their value,
    accepted and paid amounts) and per service group, as the national report computes them."""
    filters = national_report.Filters(organisation_id=organisation_id)
    found = national_report.sums(filters, ("year", "category"))
    years = [{"year": year, "periods": row.periods, "amount": row.committed,
              "accepted": row.accepted, "paid": row.paid}
             for year, row in sorted(found["year"].items(), key=lambda item: item[0] or 0)
             if row.periods]  # the years periods are due (a year None holds only signings)
    return years, national_report.group_rows("category", found["category"])


def agency_dashboard(organisation_id: int, days: int = 90) -> dict:
    """Everything the agency dashboard shows, from a few queries whatever the agency's size:
    its contracts with their schedules (three), and their money per year and service group
    (three, `budget_years`)."""
    day = clock.today()
    contracts = _contracts(Contract.organisation_id == organisation_id)
    years, categories = budget_years(organisation_id)
    return {"day": day, "days": days, "total": len(contracts), "states": by_state(contracts),
            "years": years, "categories": categories,
            "expiring": expiring(contracts, day, days), "overdue": overdue(contracts, day)}


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
    return _("Hợp đồng %(number)s – %(title)s", number=contract.number or _("chưa có số"),
             title=contract.display_title)


def reminder_lines(days: int) -> list[str]:
    """The reminders as text lines, grouped by agency, for the terminal or e-mail (in the
    language of the request; Vietnamese on the terminal and the job worker)."""
    day = clock.today()
    groups = reminders(days)
    lines = [_("Nhắc việc ngày %(day)s: hợp đồng hết hạn trong %(days)s ngày tới và các kỳ quá "
               "hạn nghiệm thu.", day=dmy(day), days=days)]
    if not groups:
        return lines + [_("Không có hợp đồng nào sắp hết hạn hay kỳ nào quá hạn nghiệm thu.")]
    for group in groups:
        lines += ["", f"== {group['organisation'].name} =="]
        if group["expiring"]:
            lines.append(_("Hợp đồng sắp hết hạn (%(count)s):", count=len(group["expiring"])))
            lines += ["  - " + _("%(contract)s: hết hạn ngày %(end)s (còn %(days)s ngày)",
                                 contract=_name(i["contract"]), end=dmy(i["end"]),
                                 days=i["days_left"]) for i in group["expiring"]]
        if group["overdue"]:
            lines.append(_("Kỳ quá hạn nghiệm thu (%(count)s):", count=len(group["overdue"])))
            lines += ["  - " + _("%(contract)s, kỳ %(no)s (%(label)s): hạn %(due)s, quá %(days)s "
                                 "ngày, %(amount)s đồng", contract=_name(i["contract"]),
                                 no=i["no"], label=i["label"], due=dmy(i["due"]),
                                 days=i["days"], amount=format_vnd(i["amount"]))
                      for i in group["overdue"]]
    return lines
