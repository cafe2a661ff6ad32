"""The vendor's side of acceptance: each period's service report (Báo cáo kết quả cung cấp dịch
vụ kỳ N), which pre-fills the agency's acceptance, and the invoice (hóa đơn) of an accepted
period. Who may do what is decided here too, over contracts.access (who is the vendor). The
notices these events send (accounts.notices) are sent from here, on the signals of
contracts.services.acceptance (period accepted, payment recorded). Flush, never commit."""
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from accounts.audit import record_event
from accounts.models import User
from accounts.notices import notify, recipients
from contracts.access import is_vendor
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.contract import RUNNING, SIGNED, Contract
from contracts.models.period_report import PeriodInvoice, PeriodReport
from contracts.services.acceptance import acceptance_for as acceptance_of
from contracts.services.acceptance import payment_recorded, period_accepted, period_of
from contracts.services.terms import Period
from core import clock, files
from core.errors import NotPermitted, Refused
from core.formats import dmy
from core.money import format_vnd
from core.pdf import pdf_problem
from extensions import db

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# The kinds of notice sent from here (contracts.period_queue declares them).
REPORTED, ACCEPTED, INVOICED, PAID = ("contracts.period_report", "contracts.period_accepted",
                                      "contracts.invoice", "contracts.payment")


class PeriodReportError(Refused):
    """A refused report or invoice; the message is shown to the user."""


# --- who ------------------------------------------------------------------------------------


def may_report(user, contract: Contract) -> bool:
    """The vendor's staff report periods and upload invoices while the lease runs."""
    return is_vendor(user, contract) and contract.status in RUNNING


def may_see(user, contract: Contract) -> bool:
    """Reports and invoices: the contract's agency and its vendor (once signed), nobody else."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.organisation_id == contract.organisation_id:
        return True
    return is_vendor(user, contract) and contract.status in SIGNED


# --- reading ---------------------------------------------------------------------------------


def current_report(contract: Contract, period_no: int) -> PeriodReport | None:
    """The period's current report (the latest version), if any."""
    return db.session.scalar(select(PeriodReport).where(
        PeriodReport.contract_id == contract.id, PeriodReport.period_no == period_no,
        PeriodReport.is_current == 1).options(joinedload(PeriodReport.submitted_by)))


def versions_of(contract: Contract, period_no: int) -> list[PeriodReport]:
    """Every version of the period's report, newest first."""
    return list(db.session.scalars(select(PeriodReport).where(
        PeriodReport.contract_id == contract.id, PeriodReport.period_no == period_no)
        .options(joinedload(PeriodReport.submitted_by))
        .order_by(PeriodReport.version.desc())))


def version_of(contract: Contract, period_no: int, version: int) -> PeriodReport | None:
    return db.session.scalar(select(PeriodReport).where(
        PeriodReport.contract_id == contract.id, PeriodReport.period_no == period_no,
        PeriodReport.version == version))


def reports_by_period(contract: Contract) -> dict[int, PeriodReport]:
    """The current report of each reported period of the contract."""
    return {r.period_no: r for r in db.session.scalars(select(PeriodReport).where(
        PeriodReport.contract_id == contract.id, PeriodReport.is_current == 1))}


def invoices_by_period(contract: Contract) -> dict[int, PeriodInvoice]:
    """The invoice of each invoiced period of the contract."""
    rows = db.session.execute(select(AcceptanceRecord.period_no, PeriodInvoice)
                              .join(PeriodInvoice.acceptance)
                              .where(PeriodInvoice.contract_id == contract.id))
    return {no: invoice for no, invoice in rows}


def invoice_of(record: AcceptanceRecord) -> PeriodInvoice | None:
    return db.session.scalar(select(PeriodInvoice).where(
        PeriodInvoice.acceptance_id == record.id).options(joinedload(PeriodInvoice.uploaded_by)))


def _folder(kind: str) -> Path:
    """Where the vendor's PDFs live, under the backed-up uploads folder, by SHA-256."""
    return Path(current_app.instance_path) / "uploads" / kind


def max_bytes() -> int:
    config = current_app.config
    return config.get("PERIOD_PDF_MAX_BYTES", config.get("SIGNED_PDF_MAX_BYTES",
                                                         DEFAULT_MAX_BYTES))


def read_report_pdf(report: PeriodReport) -> bytes:
    return files.stored_path(_folder("period-reports"), report.sha256, ".pdf").read_bytes()


def read_invoice_pdf(invoice: PeriodInvoice) -> bytes:
    return files.stored_path(_folder("invoices"), invoice.sha256, ".pdf").read_bytes()


# --- links (paths: notices are also sent outside any request, e.g. by the demo) ------------


def report_link(contract_id: int, period_no: int) -> str:
    return f"/contracts/{contract_id}/periods/{period_no}/report"


def invoice_link(contract_id: int, period_no: int) -> str:
    return f"/contracts/{contract_id}/periods/{period_no}/invoice"


def acceptance_link(contract_id: int, period_no: int) -> str:
    return f"/contracts/{contract_id}/acceptance/{period_no}"


def _name(contract: Contract) -> str:
    """Lazy, as the notices' texts: each recipient reads them in their own language."""
    return _l("hợp đồng %(name)s", name=contract.number or contract.display_title)


def _tell(users: list[User], kind: str, title, body, link: str, key: str) -> None:
    notify(users, kind, title, body, link, key=key[:200])  # notify cuts the title


def _vendor_name(contract: Contract) -> str:
    return contract.vendor.legal_name if contract.vendor else _l("Nhà cung cấp")


# --- the report ------------------------------------------------------------------------------


def report_problem(contract: Contract, period: Period | None,
                   record: AcceptanceRecord | None) -> str | None:
    """Why the period cannot be reported now, or None."""
    if contract.status not in RUNNING:
        return _("Chỉ báo cáo kỳ của hợp đồng đã ký hoặc đang thực hiện.")
    if period is None:
        return _("Hợp đồng không có kỳ thanh toán này.")
    if record is not None:
        return _("Kỳ %(no)s đã được nghiệm thu ngày %(day)s: báo cáo của kỳ không sửa được nữa.",
                 no=period.no, day=dmy(record.accepted_on))
    if period.start and period.start > clock.today():
        return _("Kỳ %(no)s bắt đầu ngày %(day)s: chỉ gửi báo cáo khi kỳ đã bắt đầu.",
                 no=period.no, day=dmy(period.start))
    return None


def _store_pdf(data: bytes, kind: str, what: str) -> tuple[str, int]:
    if problem := pdf_problem(data, max_bytes(), what):
        raise PeriodReportError(problem, field="file")
    return files.store(data, _folder(kind), ".pdf")


def submit_report(contract: Contract, period_no: int, results: list[dict], incidents: str,
                  notes: str, data: bytes | None, file_name: str | None, *,
                  actor: User) -> PeriodReport:
    """Submit (or revise) the vendor's report on a period: one {measured, met} per service
    level of the contract, incidents, notes and an optional PDF. A revision becomes the
    current version; the versions before are kept. Refused once the period is accepted."""
    if not may_report(actor, contract):
        raise NotPermitted(_("Chỉ nhân viên của nhà cung cấp báo cáo kỳ của hợp đồng."))
    period = period_of(contract, period_no)
    if problem := report_problem(contract, period, acceptance_of(contract, period_no)):
        raise PeriodReportError(problem)
    if len(results) != len(contract.service_levels):
        raise PeriodReportError(_("Cần nhập kết quả đo cho đủ các chỉ tiêu chất lượng của hợp "
                                  "đồng."))
    digest = size = None
    if data:
        digest, size = _store_pdf(data, "period-reports", _("báo cáo kỳ"))
    levels = [{"name": level["name"], "target": level["target"],
               "measure": level.get("measure", ""), "measured": result["measured"].strip(),
               "met": bool(result["met"])}
              for level, result in zip(contract.service_levels, results)]
    before = current_report(contract, period_no)
    last = db.session.scalar(select(func.max(PeriodReport.version)).where(
        PeriodReport.contract_id == contract.id, PeriodReport.period_no == period_no)) or 0
    report = PeriodReport(contract_id=contract.id, period_no=period_no, version=last + 1,
                          is_current=1, service_levels=levels, incidents=incidents.strip(),
                          notes=notes.strip(), reported_on=clock.today(),
                          file_name=(file_name or "bao-cao.pdf")[:255] if digest else None,
                          sha256=digest, size=size, submitted_by_id=actor.id)
    # No savepoint (a savepoint's release would send the jobs enqueued before it, see
    # core.jobs.sending): a refusal rolls the whole request back anyway (core.transaction).
    try:
        if before is not None:
            before.is_current = None
            db.session.flush()
        db.session.add(report)
        db.session.flush()
    except IntegrityError:  # another version was submitted a moment earlier
        raise PeriodReportError(_("Báo cáo kỳ %(no)s vừa được gửi ở một yêu cầu khác; hãy tải "
                                  "lại trang.", no=period_no)) from None
    revised = before is not None
    met = sum(1 for level in levels if level["met"])
    record_event("contract.period_report_revised" if revised else "contract.period_report",
                 "contract", contract.id, user=actor,
                 summary=(f"{'Sửa' if revised else 'Gửi'} báo cáo kỳ {period_no} (phiên bản "
                          f"{report.version}): {met}/{len(levels)} chỉ tiêu đạt"
                          + (f", tệp {report.file_name} (SHA-256 {digest})" if digest else "")),
                 changes={"period_no": period_no, "version": report.version,
                          "service_levels": levels, "sha256": digest})
    what = _l("báo cáo sửa đổi") if revised else _l("báo cáo")
    _tell(recipients("agency_staff", "agency_approver", organisation_id=contract.organisation_id),
          REPORTED, _l("Báo cáo kỳ %(no)s của %(contract)s", no=period_no,
                       contract=_name(contract)),
          _l("%(vendor)s đã gửi %(what)s kết quả cung cấp dịch vụ kỳ %(no)s (%(label)s) của "
             "%(contract)s ngày %(day)s: %(met)s/%(levels)s chỉ tiêu đạt. Mời nghiệm thu kỳ "
             "này; biểu mẫu nghiệm thu đã điền sẵn số liệu của nhà cung cấp.",
             vendor=_vendor_name(contract), what=what, no=period_no, label=period.label,
             contract=_name(contract), day=dmy(report.reported_on), met=met,
             levels=len(levels)),
          acceptance_link(contract.id, period_no),
          f"contract:{contract.id}:period:{period_no}:report:{report.version}")
    return report


def acceptance_defaults(contract: Contract, report: PeriodReport) -> dict:
    """The acceptance form's values from the vendor's report: each level's measured value and
    met flag (matched by name, else by position), and a note naming the report."""
    by_name = {level["name"]: level for level in report.service_levels}
    levels = []
    for index, level in enumerate(contract.service_levels):
        given = by_name.get(level["name"])
        if given is None and index < len(report.service_levels):
            given = report.service_levels[index]
        levels.append({"measured": given["measured"], "met": "yes" if given["met"] else "no"}
                      if given else {})
    note = (f"Theo báo cáo của nhà cung cấp ngày {dmy(report.reported_on)} (phiên bản "
            f"{report.version}).")
    if report.incidents:
        note += f" Sự cố nhà cung cấp báo cáo: {report.incidents}"
    return {"levels": levels, "notes": note}


@period_accepted.connect
def on_accepted(record: AcceptanceRecord, actor: User) -> None:
    """A period accepted: tell the vendor's staff, inviting them to upload the invoice."""
    contract = record.contract
    if contract.vendor is None:
        return
    _tell(recipients("vendor_staff", organisation_id=contract.vendor.organisation_id),
          ACCEPTED, _l("Kỳ %(no)s của %(contract)s đã được nghiệm thu", no=record.period_no,
                       contract=_name(contract)),
          _l("%(agency)s đã nghiệm thu kỳ %(no)s (%(label)s) của %(contract)s ngày %(day)s: số "
             "tiền được nghiệm thu %(amount)s đồng. Mời tải lên hóa đơn của kỳ.",
             agency=contract.organisation.name, no=record.period_no, label=record.period_label,
             contract=_name(contract), day=dmy(record.accepted_on),
             amount=format_vnd(record.accepted_amount)),
          invoice_link(contract.id, record.period_no),
          f"contract:{contract.id}:period:{record.period_no}:accepted")


# --- the invoice ----------------------------------------------------------------------------


def upload_invoice(record: AcceptanceRecord, number: str, issued_on: date, amount: int,
                   data: bytes, file_name: str, *, actor: User) -> PeriodInvoice:
    """The vendor's invoice of an accepted period, never above the accepted amount; replaced
    until the first payment of the period is recorded, then frozen."""
    contract = record.contract
    if not may_report(actor, contract):
        raise NotPermitted(_("Chỉ nhân viên của nhà cung cấp tải lên hóa đơn của hợp đồng."))
    no = record.period_no
    if db.session.scalar(select(PaymentRecord.id).where(
            PaymentRecord.acceptance_id == record.id).limit(1)) is not None:
        raise PeriodReportError(_("Kỳ %(no)s đã được thanh toán (một phần hoặc toàn bộ): hóa "
                                  "đơn của kỳ không thay được nữa.", no=no))
    if not 0 < amount <= record.accepted_amount:
        raise PeriodReportError(
            _("Số tiền trên hóa đơn (%(amount)s đồng) phải lớn hơn 0 và không vượt quá số tiền "
              "đã nghiệm thu của kỳ %(no)s (%(accepted)s đồng).", amount=format_vnd(amount),
              no=no, accepted=format_vnd(record.accepted_amount)),
            field="amount")
    if issued_on > clock.today():
        raise PeriodReportError(_("Ngày hóa đơn không được sau ngày hôm nay."),
                                field="issued_on")
    if record.period_start and issued_on < record.period_start:
        raise PeriodReportError(_("Ngày hóa đơn không được trước ngày bắt đầu của kỳ."),
                                field="issued_on")
    digest, size = _store_pdf(data, "invoices", _("hóa đơn"))
    values = {"number": number.strip(), "issued_on": issued_on, "amount": amount,
              "file_name": file_name[:255], "sha256": digest, "size": size,
              "uploaded_by_id": actor.id}
    invoice = invoice_of(record)
    before = None
    if invoice is None:
        invoice = PeriodInvoice(contract_id=contract.id, acceptance_id=record.id, **values)
        try:
            db.session.add(invoice)
            db.session.flush()
        except IntegrityError:  # no savepoint: see submit_report
            raise PeriodReportError(_("Hóa đơn kỳ %(no)s vừa được tải lên ở một yêu cầu khác; "
                                      "hãy tải lại trang.", no=no)) from None
    else:
        before = {"number": invoice.number, "issued_on": invoice.issued_on.isoformat(),
                  "amount": invoice.amount, "sha256": invoice.sha256}
        for key, value in values.items():
            setattr(invoice, key, value)
        db.session.flush()
    record_event("contract.invoice_replaced" if before else "contract.invoice", "contract",
                 contract.id, user=actor,
                 summary=(f"{'Thay' if before else 'Tải lên'} hóa đơn kỳ {no}: số "
                          f"{invoice.number} ngày {dmy(issued_on)}, {format_vnd(amount)} đồng "
                          f"(SHA-256 {digest})"),
                 changes={"period_no": no, "number": invoice.number, "amount": amount,
                          "issued_on": issued_on.isoformat(), "sha256": digest,
                          "before": before})
    _tell(recipients("agency_staff", organisation_id=contract.organisation_id), INVOICED,
          _l("Hóa đơn kỳ %(no)s của %(contract)s", no=no, contract=_name(contract)),
          _l("%(vendor)s đã tải lên hóa đơn số %(number)s ngày %(day)s, số tiền %(amount)s "
             "đồng, cho kỳ %(no)s của %(contract)s.", vendor=_vendor_name(contract),
             number=invoice.number, day=dmy(issued_on), amount=format_vnd(amount), no=no,
             contract=_name(contract)),
          acceptance_link(contract.id, no),
          f"contract:{contract.id}:period:{no}:invoice:{digest[:16]}:{invoice.number}")
    return invoice


@payment_recorded.connect
def on_paid(payment: PaymentRecord, actor: User) -> None:
    """A payment recorded: tell the vendor's staff."""
    record = payment.acceptance
    contract = record.contract
    if contract.vendor is None:
        return
    _tell(recipients("vendor_staff", organisation_id=contract.vendor.organisation_id), PAID,
          _l("Thanh toán kỳ %(no)s của %(contract)s", no=record.period_no,
             contract=_name(contract)),
          _l("%(agency)s đã ghi nhận thanh toán %(amount)s đồng cho kỳ %(no)s của %(contract)s "
             "ngày %(day)s (chứng từ số %(reference)s).", agency=contract.organisation.name,
             amount=format_vnd(payment.amount), no=record.period_no, contract=_name(contract),
             day=dmy(payment.paid_on), reference=payment.reference),
          invoice_link(contract.id, record.period_no),
          f"contract:{contract.id}:payment:{payment.id}")
