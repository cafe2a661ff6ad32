"""What the vendor's side of acceptance contributes to the work queue (accounts.work) and the
kinds of notice it sends (accounts.notices; sent by contracts.services.period_reports):
vendor staff see the periods to report and the accepted periods waiting for their invoice;
agency staff see the vendors' reports waiting for acceptance. Items' texts are lazy: the
reminders pass them on to notices, which each recipient reads in their own language."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, select, union_all

from accounts import work
from accounts.models import User
from accounts.notices import register_kind
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.contract import RUNNING, Contract
from contracts.models.period_report import PeriodInvoice, PeriodReport
from contracts.services import period_reports
from contracts.services.terms import Schedule
from core import clock
from core.formats import dmy
from core.money import format_vnd
from extensions import db
from vendors.models import Vendor

register_kind(period_reports.REPORTED,
              _l("Nhà cung cấp gửi báo cáo kết quả cung cấp dịch vụ của kỳ"),
              "agency_staff", "agency_approver")
register_kind(period_reports.ACCEPTED, _l("Kỳ được nghiệm thu (mời tải lên hóa đơn)"),
              "vendor_staff")
register_kind(period_reports.INVOICED, _l("Nhà cung cấp tải lên hóa đơn của kỳ"),
              "agency_staff")
register_kind(period_reports.PAID, _l("Cơ quan ghi nhận thanh toán của kỳ"), "vendor_staff")


def _named(number: str | None, title: str, contract_id: int) -> str:
    return number or title or _l("Hợp đồng #%(id)s", id=contract_id)


def _of_vendor(user: User):
    """The conditions on contracts of the user's vendor that are running."""
    return (Contract.vendor_id.in_(select(Vendor.id).where(
        Vendor.organisation_id == user.organisation_id)), Contract.status.in_(RUNNING))


@work.section("contracts.periods_to_report", _l("Kỳ cần báo cáo"), "vendor_staff", position=40)
def periods_to_report(user: User) -> list[work.WorkItem]:
    """Periods started and neither reported nor accepted, of the vendor's running contracts;
    overdue once the period's acceptance deadline has passed."""
    conditions = _of_vendor(user)
    contracts = db.session.execute(select(
        Contract.id, Contract.number, Contract.title, Contract.schedule, Contract.start_date,
        Contract.months, Contract.milestones).where(*conditions).order_by(Contract.id)).all()
    if not contracts:
        return []
    accepted = select(AcceptanceRecord.contract_id, AcceptanceRecord.period_no).join(
        Contract, Contract.id == AcceptanceRecord.contract_id).where(*conditions)
    reported = select(PeriodReport.contract_id, PeriodReport.period_no).join(
        Contract, Contract.id == PeriodReport.contract_id).where(
        PeriodReport.is_current == 1, *conditions)
    done = {tuple(row) for row in db.session.execute(union_all(accepted, reported))}
    today, items = clock.today(), []
    for cid, number, title, kind, start, months, milestones in contracts:
        schedule = Schedule(kind, {}, start, months, milestones or ())
        for period in schedule.periods:
            if (cid, period.no) in done:
                continue
            if period.start is not None and period.start > today:
                break  # periods only start later from here
            items.append(work.WorkItem(
                _l("Kỳ %(no)s (%(label)s) – %(contract)s", no=period.no, label=period.label,
                   contract=_named(number, title, cid)),
                period_reports.report_link(cid, period.no), since=period.start or start,
                note=(_l("hạn nghiệm thu %(day)s", day=dmy(period.deadline))
                      if period.deadline else ""),
                overdue=period.deadline is not None and period.deadline < today))
            if period.start is None:
                break  # milestones: the next one only
    return items


@work.section("contracts.periods_to_invoice", _l("Kỳ đã nghiệm thu chờ hóa đơn"),
              "vendor_staff", position=41)
def periods_to_invoice(user: User) -> list[work.WorkItem]:
    """Accepted periods of the vendor's running contracts with no invoice and no payment yet."""
    record = AcceptanceRecord
    rows = db.session.execute(
        select(record.contract_id, record.period_no, record.period_label, record.accepted_on,
               record.accepted_amount, Contract.number, Contract.title)
        .join(Contract, Contract.id == record.contract_id)
        .where(*_of_vendor(user),
               ~exists().where(PeriodInvoice.acceptance_id == record.id),
               ~exists().where(PaymentRecord.acceptance_id == record.id))
        .order_by(record.accepted_on, record.id))
    return [work.WorkItem(_l("Kỳ %(no)s (%(label)s) – %(contract)s", no=no, label=label,
                             contract=_named(number, title, cid)),
                          period_reports.invoice_link(cid, no), since=accepted_on,
                          note=_l("đã nghiệm thu %(amount)s đồng", amount=format_vnd(amount)))
            for cid, no, label, accepted_on, amount, number, title in rows]


@work.section("contracts.reports_to_accept", _l("Báo cáo kỳ của nhà cung cấp chờ nghiệm thu"),
              "agency_staff", position=32)
def reports_to_accept(user: User) -> list[work.WorkItem]:
    """The vendors' current reports of periods not yet accepted, of the agency's running
    contracts."""
    report = PeriodReport
    rows = db.session.execute(
        select(report.contract_id, report.period_no, report.version, report.created_at,
               Contract.number, Contract.title)
        .join(Contract, Contract.id == report.contract_id)
        .outerjoin(AcceptanceRecord, and_(AcceptanceRecord.contract_id == report.contract_id,
                                          AcceptanceRecord.period_no == report.period_no))
        .where(report.is_current == 1, AcceptanceRecord.id.is_(None),
               Contract.organisation_id == user.organisation_id,
               Contract.status.in_(RUNNING))
        .order_by(report.created_at, report.id))
    return [work.WorkItem(_l("Kỳ %(no)s – %(contract)s", no=no,
                             contract=_named(number, title, cid)),
                          period_reports.acceptance_link(cid, no), since=created_at,
                          note=(_l("báo cáo của nhà cung cấp, phiên bản %(version)s",
                                   version=version) if version > 1
                                else _l("báo cáo của nhà cung cấp")))
            for cid, no, version, created_at, number, title in rows]
