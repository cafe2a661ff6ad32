"""Review, approval, signing and the rest of a contract's life; signed copies; amendments."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contracts import bp
from contracts.forms.lifecycle import (AmendmentForm, ClearForm, ReturnForm, SignedCopyForm,
                                       SignForm, TerminateForm)
from contracts.forms.wizard import format_contract_levels
from documents.models import GeneratedDocument
from contracts.models.lifecycle import SignedCopy
from contracts.services import amendments, lifecycle, signatures
from documents import storage
from documents import pdf
from documents.views import owned_document_or_404, send_document
from contracts.views.contracts import contract_or_404
from core import clock
from extensions import db

SPARE_ROWS = 2


def _target(contract_id: int, number: int | None):
    """The contract (404 unless visible) and, with a number, its amendment (404 if none)."""
    contract = contract_or_404(contract_id)
    if number is None:
        return contract, None
    amendment = amendments.get_amendment(contract, number)
    if amendment is None:
        abort(404)
    return contract, amendment


def _back(contract, amendment):
    if amendment is None:
        return redirect(url_for("contracts.show", contract_id=contract.id, _anchor="lifecycle"))
    return redirect(url_for("contracts.amendment_show", contract_id=contract.id,
                            number=amendment.number))


def _run(contract, amendment, call, done: str):
    """Run a service call; commit once, or roll back with 403 / the refusal as a message."""
    try:
        call()
    except lifecycle.NotPermitted:
        db.session.rollback()
        abort(403)
    except lifecycle.LifecycleError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return _back(contract, amendment)


@bp.context_processor
def lifecycle_helpers():
    return {"lifecycle_panel": panel, "describe_signatures": signatures.describe}


def panel(contract, amendment=None) -> dict:
    """What the lifecycle section of a contract or amendment page shows to this user."""
    owner = ("amendment", amendment.id) if amendment else ("contract", contract.id)
    subject = amendment or contract
    agency = current_user.works_for_agency(contract.organisation_id)
    transitions = lifecycle.transitions_of(contract, amendment)
    data = {
        "subject": subject, "state": lifecycle.state_label(contract, amendment),
        "actions": lifecycle.available_actions(current_user, contract, amendment),
        "labels": lifecycle.ACTIONS, "status_labels": lifecycle.statuses(amendment),
        "transitions": transitions, "comments": lifecycle.legal_comments(transitions),
        "record": amendment or lifecycle.lifecycle_of(contract, create=False),
        "copies": signatures.signed_copies_of(*owner),
        "can_upload": agency and subject.status in signatures.SIGNED_STATUSES[owner[0]],
        "documents": storage.documents_of(*owner), "pdf": pdf.soffice_available(),
        "internal": current_user.role != "vendor_staff",
        "return_form": ReturnForm(), "clear_form": ClearForm(), "upload_form": SignedCopyForm(),
        "amendment": amendment, "amendments": [], "can_amend": False, "history": [],
    }
    if amendment is None:
        data["amendments"] = amendments.amendments_of(contract)
        data["can_amend"] = (amendments.may_amend(current_user, contract)
                             and contract.status in amendments.AMENDABLE
                             and not any(a.is_open for a in data["amendments"]))
        data["history"] = lifecycle.history_of(contract) if data["internal"] else []
    return data


SIMPLE = {
    "submit": (lambda c, a, f: lifecycle.submit(c, actor=current_user, amendment=a),
               "Đã gửi rà soát pháp lý."),
    "approve": (lambda c, a, f: lifecycle.approve(c, actor=current_user, amendment=a),
                "Đã phê duyệt."),
    "activate": (lambda c, a, f: lifecycle.activate(c, clock.today(), actor=current_user),
                 "Đã đưa hợp đồng vào sử dụng."),
    "expire": (lambda c, a, f: lifecycle.mark_expired(c, clock.today(), actor=current_user),
               "Đã ghi nhận hợp đồng hết hạn."),
    "return": (lambda c, a, f: lifecycle.send_back(c, f.comment.data, actor=current_user,
                                                   amendment=a),
               "Đã trả lại bản nháp kèm ý kiến rà soát."),
    "clear": (lambda c, a, f: lifecycle.clear_legally(c, actor=current_user,
                                                      comment=f.comment.data, amendment=a),
              "Đã xác nhận rà soát pháp lý."),
}
FORMS = {"return": ReturnForm, "clear": ClearForm}


@bp.route("/<int:contract_id>/lifecycle/<action>", methods=["POST"])
@bp.route("/<int:contract_id>/amendments/<int:number>/lifecycle/<action>", methods=["POST"])
@login_required
def transition(contract_id, action, number=None):
    contract, amendment = _target(contract_id, number)
    if action not in SIMPLE or (amendment and action not in lifecycle.AMENDMENT_ACTIONS):
        abort(404)
    if (refused := _refuse_early(action, contract, amendment)) is not None:
        return refused
    form = FORMS[action]() if action in FORMS else None
    if form is not None and not form.validate():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _back(contract, amendment)
    call, done = SIMPLE[action]
    return _run(contract, amendment, lambda: call(contract, amendment, form), done)


def _refuse_early(action, contract, amendment):
    """Before showing a form page: 403 for the wrong role, a message for the wrong state."""
    try:
        lifecycle.check(action, contract, current_user, amendment)
    except lifecycle.NotPermitted:
        abort(403)
    except lifecycle.LifecycleError as error:
        flash(str(error), "error")
        return _back(contract, amendment)
    return None


@bp.route("/<int:contract_id>/lifecycle/sign", methods=["GET", "POST"])
@bp.route("/<int:contract_id>/amendments/<int:number>/lifecycle/sign", methods=["GET", "POST"])
@login_required
def sign(contract_id, number=None):
    contract, amendment = _target(contract_id, number)
    if (refused := _refuse_early("sign", contract, amendment)) is not None:
        return refused
    a, b = contract.party_a, contract.party_b
    form = SignForm(data={"signed_on": clock.today(), "a_name": a.get("representative"),
                          "a_position": a.get("position"), "b_name": b.get("representative"),
                          "b_position": b.get("position")} if request.method == "GET" else None)
    if form.validate_on_submit():
        return _run(contract, amendment, lambda: lifecycle.sign(
            contract, form.signed_on.data, form.signatories(), actor=current_user,
            amendment=amendment), _("Đã ghi nhận ký kết."))
    return render_template("contracts/lifecycle_form.html", contract=contract,
                           amendment=amendment, form=form, action="sign",
                           fields=["signed_on", "a_name", "a_position", "b_name", "b_position"])


@bp.route("/<int:contract_id>/lifecycle/terminate", methods=["GET", "POST"])
@login_required
def terminate(contract_id):
    contract, _amendment = _target(contract_id, None)
    if (refused := _refuse_early("terminate", contract, None)) is not None:
        return refused
    form = TerminateForm()
    if form.validate_on_submit():
        return _run(contract, None, lambda: lifecycle.terminate(
            contract, form.reason.data, actor=current_user, today=clock.today()),
            _("Đã chấm dứt hợp đồng."))
    return render_template("contracts/lifecycle_form.html", contract=contract, amendment=None,
                           form=form, action="terminate", fields=["reason"])


@bp.route("/<int:contract_id>/signed-copies", methods=["POST"])
@bp.route("/<int:contract_id>/amendments/<int:number>/signed-copies", methods=["POST"])
@login_required
def signed_copy_upload(contract_id, number=None):
    contract, amendment = _target(contract_id, number)
    form = SignedCopyForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _back(contract, amendment)
    data = form.file.data.read(signatures.max_bytes() + 1)
    return _run(contract, amendment, lambda: signatures.upload_signed_copy(
        contract, data, form.file.data.filename or "ban-ky.pdf", actor=current_user,
        amendment=amendment), _("Đã lưu bản đã ký."))


@bp.route("/<int:contract_id>/signed-copies/<int:copy_id>")
@login_required
def signed_copy_download(contract_id, copy_id):
    contract = contract_or_404(contract_id)
    copy = db.session.get(SignedCopy, copy_id)
    owners = {("contract", contract.id)} | {("amendment", a.id)
                                            for a in amendments.amendments_of(contract)}
    if copy is None or (copy.owner_type, copy.owner_id) not in owners:
        abort(404)
    return send_file(BytesIO(signatures.read_signed_copy(copy)), mimetype="application/pdf",
                     as_attachment=True, download_name=copy.file_name)


def _document(contract, document_id: int) -> GeneratedDocument:
    """A generated document of the contract or of one of its amendments; 404 otherwise."""
    owners = {("contract", contract.id)} | {("amendment", a.id)
                                            for a in amendments.amendments_of(contract)}
    return owned_document_or_404(document_id, owners)


@bp.route("/<int:contract_id>/documents/<int:document_id>/pdf")
@login_required
def document_pdf(contract_id, document_id):
    contract = contract_or_404(contract_id)
    document = _document(contract, document_id)
    try:
        data = pdf.docx_to_pdf(storage.read_document(document))
    except pdf.ConversionError as error:
        flash(str(error), "error")
        return redirect(url_for("contracts.show", contract_id=contract.id))
    return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=document.file_name.removesuffix(".docx") + ".pdf")


@bp.route("/<int:contract_id>/amendment-documents/<int:document_id>")
@login_required
def amendment_document(contract_id, document_id):
    contract = contract_or_404(contract_id)
    return send_document(_document(contract, document_id))


@bp.route("/<int:contract_id>/amendments/new", methods=["POST"])
@login_required
def amendment_new(contract_id):
    contract = contract_or_404(contract_id)
    try:
        amendment = amendments.start_amendment(contract, actor=current_user, today=clock.today())
    except lifecycle.LifecycleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(contract, None)
    db.session.commit()
    return redirect(url_for("contracts.amendment_edit", contract_id=contract.id,
                            number=amendment.number))


@bp.route("/<int:contract_id>/amendments/<int:number>")
@login_required
def amendment_show(contract_id, number):
    contract, amendment = _target(contract_id, number)
    return render_template("contracts/amendment.html", contract=contract, amendment=amendment,
                           changes=amendments.term_changes(amendment),
                           can_edit=(amendment.status == "draft"
                                     and amendments.may_amend(current_user, contract)))


@bp.route("/<int:contract_id>/amendments/<int:number>/edit", methods=["GET", "POST"])
@login_required
def amendment_edit(contract_id, number):
    contract, amendment = _target(contract_id, number)
    if amendment.status != "draft" or not amendments.may_amend(current_user, contract):
        abort(404)
    form = AmendmentForm(data=_amendment_data(amendment) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            amendments.save_amendment(amendment, form.values(), actor=current_user)
        except lifecycle.LifecycleError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã lưu phụ lục số %(number)s.", number=amendment.number_label), "success")
            return _back(contract, amendment)
    return render_template("contracts/amendment_form.html", contract=contract,
                           amendment=amendment, form=form)


def _amendment_data(amendment) -> dict:
    terms = amendment.terms
    return {"reason": amendment.reason, "place": amendment.place,
            "amendment_date": amendment.amendment_date, "months": terms.get("months"),
            "lines": list(terms.get("lines", [])) + [{}] * SPARE_ROWS,
            "service_levels": format_contract_levels(terms.get("service_levels", [])),
            "special_clauses": terms.get("special_clauses", "")}


@bp.route("/<int:contract_id>/amendments/<int:number>/generate", methods=["POST"])
@login_required
def amendment_generate(contract_id, number):
    contract, amendment = _target(contract_id, number)
    if not amendments.may_amend(current_user, contract):
        abort(404)
    return _run(contract, amendment, lambda: amendments.generate_amendment_document(
        amendment, actor=current_user), _("Đã tạo văn bản phụ lục."))
