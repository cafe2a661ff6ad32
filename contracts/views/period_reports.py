"""The vendor's period reports and invoices: the vendor reports a period and uploads the invoice
of an accepted one; the agency and the vendor read them (404 for anyone else)."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contracts import access, bp
from contracts.forms.period_reports import InvoiceForm, report_form
from contracts.models.contract import Contract
from contracts.services import period_reports as service
from contracts.services.terms import Period
from contracts.views.loaders import contract_or_404
from core import clock
from core.files import clean_file_name
from core.transaction import attempt


def _load(contract_id: int, period_no: int) -> tuple[Contract, Period]:
    """The contract and period if this user may see the vendor's side of it, else 404."""
    contract = contract_or_404(contract_id)
    if not service.may_see(current_user, contract):
        abort(404)
    return contract, service.period_of(contract, period_no) or abort(404)


def _upload(form) -> tuple[bytes | None, str | None]:
    """The uploaded file's bytes (at most one byte over the limit) and its name, if any."""
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        return None, None
    return upload.read(service.max_bytes() + 1), clean_file_name(upload.filename, "tep.pdf")


def _initial(contract: Contract, report) -> dict:
    if report is None:
        return {}
    defaults = service.acceptance_defaults(contract, report)
    return {"levels": defaults["levels"], "incidents": report.incidents, "notes": report.notes}


@bp.route("/<int:contract_id>/periods/<int:period_no>/report", methods=["GET", "POST"])
@login_required
def period_report(contract_id, period_no):
    contract, period = _load(contract_id, period_no)
    may_report = service.may_report(current_user, contract)
    if request.method == "POST" and not may_report:
        abort(403)
    record = service.acceptance_of(contract, period_no)
    report = service.current_report(contract, period_no)
    problem = service.report_problem(contract, period, record) if may_report else None
    form = report_form(len(contract.service_levels),
                       data=_initial(contract, report) if request.method == "GET" else None)
    if request.method == "POST" and problem:
        flash(problem, "error")
    elif form.validate_on_submit():
        data, name = _upload(form)
        with attempt(form) as done:
            made = service.submit_report(contract, period_no, form.results(),
                                         form.incidents.data, form.notes.data, data, name,
                                         actor=current_user)
        if done:
            flash(_("Đã gửi báo cáo kỳ %(no)s (phiên bản %(v)s).", no=period_no, v=made.version),
                  "success")
            return redirect(url_for("contracts.period_report", contract_id=contract.id,
                                    period_no=period_no))
    return render_template(
        "contracts/period_report.html", contract=contract, period=period, record=record,
        report=report, versions=service.versions_of(contract, period_no), form=form,
        may_report=may_report, problem=problem,
        is_vendor=access.is_vendor(current_user, contract))


@bp.route("/<int:contract_id>/periods/<int:period_no>/report/<int:version>/pdf")
@login_required
def period_report_pdf(contract_id, period_no, version):
    contract, _period = _load(contract_id, period_no)
    report = service.version_of(contract, period_no, version)
    if report is None or report.sha256 is None:
        abort(404)
    return send_file(BytesIO(service.read_report_pdf(report)), mimetype="application/pdf",
                     as_attachment=True,
                     download_name=clean_file_name(report.file_name, "bao-cao-ky.pdf"))


@bp.route("/<int:contract_id>/periods/<int:period_no>/invoice", methods=["GET", "POST"])
@login_required
def period_invoice(contract_id, period_no):
    contract, period = _load(contract_id, period_no)
    may_upload = service.may_report(current_user, contract)
    if request.method == "POST" and not may_upload:
        abort(403)
    record = service.acceptance_of(contract, period_no)
    invoice = service.invoice_of(record) if record else None
    frozen = record is not None and bool(record.payments)
    form = InvoiceForm(data={"amount": record.accepted_amount, "issued_on": clock.today()}
                       if record is not None and request.method == "GET" else None)
    if request.method == "POST" and record is None:
        flash(_("Kỳ %(no)s chưa được nghiệm thu: chỉ tải lên hóa đơn của kỳ đã nghiệm thu.",
                no=period_no), "error")
    elif form.validate_on_submit():
        data, name = _upload(form)
        with attempt(form) as done:
            service.upload_invoice(record, form.number.data, form.issued_on.data,
                                   form.amount.data, data or b"", name or "hoa-don.pdf",
                                   actor=current_user)
        if done:
            flash(_("Đã lưu hóa đơn kỳ %(no)s.", no=period_no), "success")
            return redirect(url_for("contracts.period_invoice", contract_id=contract.id,
                                    period_no=period_no))
    return render_template(
        "contracts/invoice.html", contract=contract, period=period, record=record,
        invoice=invoice, form=form,
        may_upload=may_upload and record is not None and not frozen, frozen=frozen,
        is_vendor=access.is_vendor(current_user, contract))


@bp.route("/<int:contract_id>/periods/<int:period_no>/invoice/pdf")
@login_required
def period_invoice_pdf(contract_id, period_no):
    contract, _period = _load(contract_id, period_no)
    record = service.acceptance_of(contract, period_no) or abort(404)
    invoice = service.invoice_of(record) or abort(404)
    return send_file(BytesIO(service.read_invoice_pdf(invoice)), mimetype="application/pdf",
                     as_attachment=True,
                     download_name=clean_file_name(invoice.file_name, "hoa-don.pdf"))
