"""Contract list, page, start, generation and download."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.access import roles_required
from contracts import bp
from contracts.models.contract import WIZARD_STEPS, Contract
from contracts.services import contracts as service
from contracts.services import generation
from documents import storage
from documents.views import owned_document_or_404, send_document
from core.pagination import paginate
from extensions import db


def contract_or_404(contract_id: int, *, edit: bool = False) -> Contract:
    """The contract if this user may see (or edit) it; 404 otherwise, never 403 (no probing)."""
    contract = db.session.get(Contract, contract_id)
    allowed = service.can_edit if edit else service.can_view
    if contract is None or not allowed(current_user, contract):
        abort(404)
    return contract


@bp.route("/")
@roles_required("agency_staff", "agency_approver", "legal_drafter")
def index():
    pagination = paginate(service.contracts_of(current_user.organisation_id),
                          count_separately=True)
    return render_template("contracts/index.html", pagination=pagination)


@bp.route("/new", methods=["POST"])
@roles_required("agency_staff", "agency_approver")
def new():
    contract = service.start_contract(current_user.organisation, actor=current_user)
    db.session.commit()
    return redirect(url_for("contracts.wizard", contract_id=contract.id, step="offering"))


@bp.route("/<int:contract_id>")
@login_required
def show(contract_id):
    contract = contract_or_404(contract_id)
    return render_template(
        "contracts/show.html", contract=contract, steps=WIZARD_STEPS,
        documents=storage.documents_of("contract", contract.id),
        can_edit=service.can_edit(current_user, contract), **service.review_data(contract))


@bp.route("/<int:contract_id>/generate", methods=["POST"])
@login_required
def generate(contract_id):
    contract = contract_or_404(contract_id, edit=True)
    try:
        document = generation.generate_contract_document(contract, actor=current_user)
    except service.ContractError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("contracts.wizard", contract_id=contract.id, step="review"))
    db.session.commit()
    flash(_("Đã tạo văn bản hợp đồng số %(number)s.", number=contract.number), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id,
                            _anchor=f"doc-{document.id}"))


@bp.route("/<int:contract_id>/documents/<int:document_id>")
@login_required
def download(contract_id, document_id):
    contract = contract_or_404(contract_id)
    return send_document(owned_document_or_404(document_id, {("contract", contract.id)}))
