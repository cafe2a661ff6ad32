"""Acceptances due or overdue and contracts expiring: the agency staff's work queue and the
daily reminders (`flask contracts remind`, from cron), which tell the agency's people in the
application and by e-mail once per item and day."""
from datetime import date, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
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

EXPIRING = notices.register_kind("contract.expiring", _l("Hợp đồng sắp hết hạn"), *AGENCY_ROLES)
OVERDUE = notices.register_kind("contract.acceptance_overdue", _l("Kỳ quá hạn nghiệm thu"),
                                *AGENCY_ROLES)
REPORT_DUE = notices.register_kind(
    "contract.report_overdue", _l("Kỳ đã hết hạn mà chưa gửi báo cáo kết quả cung cấp dịch vụ"),
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
    """Lazy, as every text here: the notices are read in each recipient's language."""
    return _l("Hợp đồng %(number)s – %(title)s", number=contract.number or _l("chưa có số"),
              title=contract.display_title)


def _period_text(item: dict, day: date) -> str:
    period = item["period"]
    if item["overdue"]:
        return _l("%(contract)s: kỳ %(no)s (%(label)s) quá hạn nghiệm thu %(late)s ngày (hạn "
                  "%(due)s)", contract=_title(item["contract"]), no=period.no,
                  label=period.label, late=(day - period.deadline).days,
                  due=dmy(period.deadline))
    return _l("%(contract)s: kỳ %(no)s (%(label)s) hạn nghiệm thu %(due)s",
              contract=_title(item["contract"]), no=period.no, label=period.label,
              due=dmy(period.deadline))


@work.section("contracts.acceptance_due", _l("Kỳ đến hạn hoặc quá hạn nghiệm thu"),
              "agency_staff", position=40)
def acceptance_due(user: User) -> list[work.WorkItem]:
    day = clock.today()
    return [work.WorkItem(_period_text(item, day),
                          url_for("contracts.acceptance", contract_id=item["contract"].id,
                                  period_no=item["period"].no),
                          since=item["period"].start or item["period"].deadline,
                          overdue=item["overdue"])
            for item in due_periods(dashboard.running(user.organisation_id), day)]


@work.section("contracts.expiring",
              _l("Hợp đồng hết hạn trong %(days)s ngày tới", days=EXPIRING_DAYS),
              "agency_staff", position=50)
def contracts_expiring(user: User) -> list[work.WorkItem]:
    day = clock.today()
    return [work.WorkItem(_l("%(contract)s: hết hạn ngày %(end)s (còn %(left)s ngày)",
                             contract=_title(item["contract"]), end=dmy(item["end"]),
                             left=item["days_left"]),
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
        text = _l("%(contract)s hết hạn ngày %(end)s (còn %(left)s ngày). Hãy chuẩn bị gia hạn, "
                  "lập kế hoạch thuê mới hoặc kết thúc hợp đồng.", contract=_title(contract),
                  end=dmy(item["end"]), left=item["days_left"])
        added += len(notices.notify(
            notices.recipients(*AGENCY_ROLES, organisation_id=contract.organisation_id),
            EXPIRING.name, _l("Sắp hết hạn: %(contract)s", contract=_title(contract)), text,
            url_for("contracts.show", contract_id=contract.id),
            key=f"contract:{contract.id}:expiring:{day.isoformat()}"))
    for item in dashboard.overdue(contracts, day):
        contract = item["contract"]
        text = _l("%(contract)s: kỳ %(no)s (%(label)s) quá hạn nghiệm thu %(days)s ngày (hạn "
                  "%(due)s), %(amount)s đồng chưa được nghiệm thu.", contract=_title(contract),
                  no=item["no"], label=item["label"], days=item["days"], due=dmy(item["due"]),
                  amount=format_vnd(item["amount"]))
        added += len(notices.notify(
            notices.recipients(*AGENCY_ROLES, organisation_id=contract.organisation_id),
            OVERDUE.name, _l("Quá hạn nghiệm thu: kỳ %(no)s – %(contract)s", no=item["no"],
                             contract=_title(contract)), text,
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
                staff, REPORT_DUE.name, _l("Chưa gửi báo cáo: %(item)s", item=item.title),
                _l("%(item)s: đã quá hạn nghiệm thu (%(note)s) mà doanh nghiệp chưa gửi báo cáo "
                   "kết quả cung cấp dịch vụ của kỳ. Hãy gửi báo cáo để cơ quan nghiệm thu và "
                   "thanh toán.", item=item.title, note=item.note), item.link,
                key=f"{item.link}:overdue:{day.isoformat()}"))
    return added
