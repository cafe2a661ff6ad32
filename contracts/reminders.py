"""Acceptances due or overdue and contracts expiring: the agency staff's work queue and the
daily reminders (`flask contracts remind`, from cron), which tell the agency's people in the
application and by e-mail once per item and day."""
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select

from accounts import notices, work
from accounts.models import AGENCY_ROLES, User
from contracts import period_queue
from contracts.models.contract import RUNNING, Contract
from contracts.services import dashboard
from contracts.services.dashboard import ContractSummary
from core import clock
from core.formats import dmy
from core.money import format_vnd
from extensions import db
from vendors.models import Vendor

EXPIRING_DAYS = 90  # a lease ending this soon is in the queue
DUE_DAYS = 15  # a period whose acceptance deadline is this close is "due"

EXPIRING = notices.register_kind("contract.expiring", "Hợp đồng sắp hết hạn", *AGENCY_ROLES)
OVERDUE = notices.register_kind("contract.acceptance_overdue", "Kỳ quá hạn nghiệm thu",
                                *AGENCY_ROLES)
REPORT_DUE = notices.register_kind("contract.report_overdue",
                                   "Kỳ đã hết hạn mà chưa gửi báo cáo kết quả cung cấp dịch vụ",
                                   "vendor_staff")


def due_periods(contracts: list[ContractSummary], day: date) -> list[dict]:
    """Periods not accepted whose deadline has passed (overdue) or comes within DUE_DAYS."""
    found = []
    for contract in contracts:
        schedule = contract.payments
        for period in schedule.periods:
            if period.no in schedule.accepted or period.deadline is None:
                continue
            if period.deadline > day + timedelta(days=DUE_DAYS):
                break  # deadlines only grow
            found.append({"contract": contract, "period": period,
                          "overdue": period.deadline < day})
    return sorted(found, key=lambda i: (i["period"].deadline, i["contract"].id, i["period"].no))


def _title(contract: ContractSummary) -> str:
    return f"Hợp đồng {contract.number or 'chưa có số'} – {contract.display_title}"


def _period_text(item: dict, day: date) -> str:
    period = item["period"]
    late = (day - period.deadline).days
    when = (f"quá hạn nghiệm thu {late} ngày (hạn {dmy(period.deadline)})" if item["overdue"]
            else f"hạn nghiệm thu {dmy(period.deadline)}")
    return f"{_title(item['contract'])}: kỳ {period.no} ({period.label}) {when}"


@work.section("contracts.acceptance_due", "Kỳ đến hạn hoặc quá hạn nghiệm thu", "agency_staff",
              position=40)
def acceptance_due(user: User) -> list[work.WorkItem]:
    day = clock.today()
    return [work.WorkItem(_period_text(item, day),
                          url_for("contracts.acceptance", contract_id=item["contract"].id,
                                  period_no=item["period"].no),
                          since=item["period"].start or item["period"].deadline,
                          overdue=item["overdue"])
            for item in due_periods(dashboard.running(user.organisation_id), day)]


@work.section("contracts.expiring", f"Hợp đồng hết hạn trong {EXPIRING_DAYS} ngày tới",
              "agency_staff", position=50)
def contracts_expiring(user: User) -> list[work.WorkItem]:
    day = clock.today()
    return [work.WorkItem(f"{_title(item['contract'])}: hết hạn ngày {dmy(item['end'])} "
                          f"(còn {item['days_left']} ngày)",
                          url_for("contracts.show", contract_id=item["contract"].id),
                          since=item["end"] - timedelta(days=EXPIRING_DAYS),
                          overdue=item["days_left"] <= 30)
            for item in dashboard.expiring(dashboard.running(user.organisation_id), day,
                                           EXPIRING_DAYS)]


def send_reminders(days: int, day: date | None = None) -> int:
    """Tell each agency's staff and approvers of its contracts expiring within `days` and its
    periods overdue for acceptance, once per item and day; how many notices were added."""
    day, added = day or clock.today(), 0
    contracts = dashboard.running(None)
    for item in dashboard.expiring(contracts, day, days):
        contract = item["contract"]
        text = (f"{_title(contract)} hết hạn ngày {dmy(item['end'])} (còn {item['days_left']} "
                "ngày). Hãy chuẩn bị gia hạn, lập kế hoạch thuê mới hoặc kết thúc hợp đồng.")
        added += len(notices.notify(
            notices.recipients(*AGENCY_ROLES, organisation_id=contract.organisation_id),
            EXPIRING.name, f"Sắp hết hạn: {_title(contract)}", text,
            url_for("contracts.show", contract_id=contract.id),
            key=f"contract:{contract.id}:expiring:{day.isoformat()}"))
    for item in dashboard.overdue(contracts, day):
        contract = item["contract"]
        text = (f"{_title(contract)}: kỳ {item['no']} ({item['label']}) quá hạn nghiệm thu "
                f"{item['days']} ngày (hạn {dmy(item['due'])}), {format_vnd(item['amount'])} "
                "đồng chưa được nghiệm thu.")
        added += len(notices.notify(
            notices.recipients(*AGENCY_ROLES, organisation_id=contract.organisation_id),
            OVERDUE.name, f"Quá hạn nghiệm thu: kỳ {item['no']} – {_title(contract)}", text,
            url_for("contracts.acceptance", contract_id=contract.id, period_no=item["no"]),
            key=f"contract:{contract.id}:period:{item['no']}:overdue:{day.isoformat()}"))
    return added + remind_vendors(day)


def remind_vendors(day: date) -> int:
    """Tell each vendor's staff of the periods past their acceptance deadline that they have
    not reported (period_queue's items), once per period and day."""
    added = 0
    for organisation_id in db.session.scalars(
            select(Vendor.organisation_id).join(Contract, Contract.vendor_id == Vendor.id)
            .where(Contract.status.in_(RUNNING)).distinct()):
        staff = notices.recipients("vendor_staff", organisation_id=organisation_id)
        if not staff:
            continue
        for item in period_queue.periods_to_report(staff[0]):
            if not item.overdue:
                continue
            added += len(notices.notify(
                staff, REPORT_DUE.name, f"Chưa gửi báo cáo: {item.title}",
                f"{item.title}: đã quá hạn nghiệm thu ({item.note}) mà doanh nghiệp chưa gửi "
                "báo cáo kết quả cung cấp dịch vụ của kỳ. Hãy gửi báo cáo để cơ quan nghiệm "
                "thu và thanh toán.", item.link,
                key=f"{item.link}:overdue:{day.isoformat()}"))
    return added
