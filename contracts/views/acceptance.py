"""Acceptance and payment of each period, and the five acceptance documents."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contracts import access, bp
from contracts.forms.acceptance import PaymentForm, acceptance_form
from contracts.models.contract import Contract
from contracts.services import acceptance as service
from contracts.services import acceptance_documents, payments, period_reports
from contracts.services.terms import Period
from contracts.views.loaders import contract_or_404
from core import clock
from core.transaction import attempt
from documents.models import DOCUMENT_KINDS


def _period_or_404(contract: Contract, period_no: int) -> Period:
    return service.period_of(contract, period_no) or abort(404)


def _vendor_side(contract, period, record) -> dict:
    """The vendor's report and invoice of the period, for those who may see them."""
    if not period_reports.may_see(current_user, contract):
        return {"report": None, "invoice": None, "is_vendor": False}
    return {"report": period_reports.current_report(contract, period.no),
            "invoice": period_reports.invoice_of(record) if record else None,
            "is_vendor": access.is_vendor(current_user, contract)}


def _page(contract, period, record, form=None, payment_form=None, side=None):
    if payment_form is None and record is not None:
        payment_form = PaymentForm(data={"amount": record.unpaid or None,
                                         "paid_on": clock.today()})
    return render_template(
        "contracts/acceptance.html", contract=contract, period=period, record=record,
        form=form, payment_form=payment_form, forms=DOCUMENT_KINDS,
        **(side or _vendor_side(contract, period, record)),
        pay_by=service.pay_by(contract, period, record),
        period_forms=acceptance_documents.PERIOD_FORMS,
        can_record=access.can_record(current_user, contract),
        can_generate=access.can_make_acceptance_documents(current_user, contract))


def _to_period(contract: Contract, period_no: int):
    return redirect(url_for("contracts.acceptance", contract_id=contract.id,
                            period_no=period_no))


@bp.route("/<int:contract_id>/acceptance/<int:period_no>", methods=["GET", "POST"])
@login_required
def acceptance(contract_id, period_no):
    contract = contract_or_404(contract_id)
    period = _period_or_404(contract, period_no)
    if request.method == "POST" and not access.can_record(current_user, contract):
        abort(403)
    record = service.acceptance_for(contract, period_no)
    if record is not None:
        if request.method == "POST":
            flash(service.already_accepted(record), "error")
        return _page(contract, period, record)
    side = _vendor_side(contract, period, None)
    defaults = {"accepted_on": clock.today(), "deductions": 0}
    if side["report"] is not None:  # pre-filled with the vendor's figures, still editable
        defaults.update(period_reports.acceptance_defaults(contract, side["report"]))
    form = acceptance_form(len(contract.service_levels),
                           data=defaults if request.method == "GET" else None)
    if form.validate_on_submit():
        with attempt() as done:
            service.record_acceptance(
                contract, period_no, form.results(), form.deductions.data,
                form.deduction_reason.data, form.accepted_on.data, form.notes.data,
                actor=current_user)
        if done:
            flash(_("Đã ghi nhận nghiệm thu kỳ %(no)s.", no=period_no), "success")
            return _to_period(contract, period_no)
    return _page(contract, period, None, form, side=side)


@bp.route("/<int:contract_id>/acceptance/<int:period_no>/payments", methods=["POST"])
@login_required
def payment(contract_id, period_no):
    contract = contract_or_404(contract_id)
    period = _period_or_404(contract, period_no)
    if not access.can_record(current_user, contract):
        abort(403)
    record = service.acceptance_for(contract, period_no) or abort(404)
    form = PaymentForm()
    if form.validate_on_submit():
        with attempt() as done:
            payments.record_payment(record, form.amount.data, form.paid_on.data,
                                    form.reference.data, actor=current_user)
        if done:
            flash(_("Đã ghi nhận thanh toán kỳ %(no)s.", no=period_no), "success")
            return _to_period(contract, period_no)
        record = service.acceptance_for(contract, period_no)  # as it stands after the rollback
    return _page(contract, period, record, payment_form=form)


@bp.route("/<int:contract_id>/acceptance/documents/<int:form_no>", methods=["POST"])
@bp.route("/<int:contract_id>/acceptance/<int:period_no>/documents/<int:form_no>",
          methods=["POST"])
@login_required
def acceptance_document(contract_id, form_no, period_no=None):
    contract = contract_or_404(contract_id)
    if not access.can_make_acceptance_documents(current_user, contract):
        abort(403)
    forms = acceptance_documents
    if form_no not in forms.FORMS or (period_no is None) == (form_no in forms.PERIOD_FORMS):
        abort(404)
    record = None
    if period_no is not None:
        _period_or_404(contract, period_no)
        record = service.acceptance_for(contract, period_no)
    with attempt() as done:
        document = forms.generate_acceptance_document(contract, form_no, record,
                                                      actor=current_user)
    if not done:
        return redirect(url_for("contracts.show", contract_id=contract.id))
    return redirect(url_for("contracts.download", contract_id=contract.id,
                            document_id=document.id))
