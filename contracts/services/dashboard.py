"""The agency dashboard and the reminders: states, value per budget year, expiries, overdue."""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from contracts.models.contract import CONTRACT_STATUSES, Contract
from contracts.money import format_vnd
from contracts.services import acceptance
from contracts.services.contracts import end_date, payment_periods
from extensions import db

VALUE_STATUSES = ("signed", "active", "expired")  # contracts whose value the agency spends
WATCH_STATUSES = acceptance.RECORDING_STATUSES  # contracts still running: signed, active


# Large columns the dashboard and reminders never read: not decoding them halves the load time.
_UNUSED = (Contract.snapshot, Contract.party_a, Contract.party_b, Contract.service_levels,
           Contract.extra_bases, Contract.technical, Contract.data_handover,
           Contract.special_clauses)


def _contracts(*conditions) -> list[Contract]:
    """Contracts with their lines and organisation loaded up front (no query per contract)."""
    return list(db.session.scalars(
        select(Contract).where(*conditions)
        .options(selectinload(Contract.lines), selectinload(Contract.organisation),
                 *(defer(column) for column in _UNUSED))
        .order_by(Contract.id.desc())))


def by_state(contracts: list[Contract]) -> list[dict]:
    """Every state in order with its count and contracts."""
    groups = defaultdict(list)
    for contract in contracts:
        groups[contract.status].append(contract)
    return [{"status": status, "label": name, "count": len(groups[status]),
             "contracts": groups[status]} for status, name in CONTRACT_STATUSES.items()]


def budget_years(contracts: list[Contract]) -> list[dict]:
    """Contract value per calendar year of each payment period's due date (or lease end)."""
    years: dict[int, dict] = {}
    for contract in contracts:
        if contract.status not in VALUE_STATUSES:
            continue
        for period in payment_periods(contract):
            due = acceptance.effective_due(contract, period)
            if due is None:
                continue
            year = years.setdefault(due.year, {"year": due.year, "amount": 0, "ids": set()})
            year["amount"] += period["amount"]
            year["ids"].add(contract.id)
    return [{"year": y["year"], "amount": y["amount"], "contracts": len(y["ids"])}
            for _, y in sorted(years.items())]


def expiring(contracts: list[Contract], day: date, days: int) -> list[dict]:
    """Running contracts whose lease ends within `days` days from `day`, soonest first."""
    found = []
    for contract in contracts:
        end = end_date(contract)
        if contract.status in WATCH_STATUSES and end and day <= end <= day + timedelta(days):
            found.append({"contract": contract, "end": end, "days_left": (end - day).days})
    return sorted(found, key=lambda item: (item["end"], item["contract"].id))


def overdue(contracts: list[Contract], day: date) -> list[dict]:
    """Periods whose due date has passed with no acceptance, oldest first."""
    running = [c for c in contracts if c.status in WATCH_STATUSES]
    records = acceptance.records_by_contract(c.id for c in running)
    found = []
    for contract in running:
        summary = acceptance.schedule_summary(contract, records[contract.id], day)
        found += [{"contract": contract, "no": row["no"], "label": row["label"],
                   "due": row["due"], "amount": row["amount"], "days": row["overdue_days"]}
                  for row in summary["overdue"]]
    return sorted(found, key=lambda item: (item["due"], item["contract"].id, item["no"]))


def agency_dashboard(organisation_id: int, days: int = 90) -> dict:
    """Everything the agency dashboard shows, from two queries plus one for acceptances."""
    day = acceptance.today()
    contracts = _contracts(Contract.organisation_id == organisation_id)
    return {"day": day, "days": days, "total": len(contracts), "states": by_state(contracts),
            "years": budget_years(contracts), "expiring": expiring(contracts, day, days),
            "overdue": overdue(contracts, day)}


def reminders(days: int) -> list[dict]:
    """Per agency with something to do: contracts expiring within `days`, overdue periods."""
    day = acceptance.today()
    contracts = _contracts(Contract.status.in_(WATCH_STATUSES))
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


def _name(contract: Contract) -> str:
    return f"Hợp đồng {contract.number or 'chưa có số'} – {contract.display_title}"


def reminder_lines(days: int) -> list[str]:
    """The reminders as Vietnamese text lines, grouped by agency, for the terminal or e-mail."""
    day = acceptance.today()
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
