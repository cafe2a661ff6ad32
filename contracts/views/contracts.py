"""The contract list and page, a new draft, its document's generation and the downloads."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.access import roles_required
from contracts import access, bp
from contracts.models.contract import WIZARD_STEPS
from contracts.services import amendments, listing, wizard
from contracts.services.document import generate_contract_document
from contracts.views.loaders import contract_or_404, owners
from contracts.views.acceptance_panel import acceptance_overview
from contracts.views.panels import lifecycle_panel
from core.pagination import paginate
from core.transaction import attempt
from documents.views import ask_for_pdf, owned_document_or_404, send_document, send_pdf


@bp.route("/")
@roles_required("agency_staff", "agency_approver", "legal_drafter", "vendor_staff")
def index():
    """An agency's contracts; for a vendor's staff, their company's contracts shared with it;
    filtered by a group of states, a year and a text (contracts.services.listing)."""
    filters = listing.Filters.from_args(request.args)
    pagination = paginate(listing.contract_list(current_user, filters), count_separately=True)
    return render_template("contracts/index.html", pagination=pagination,
                           vendor=current_user.role == "vendor_staff", filters=filters,
                           groups=listing.STATE_GROUPS, years=listing.years_of(current_user),
                           states=listing.state_labels(pagination.items))


@bp.route("/new", methods=["POST"])
@roles_required("agency_staff", "agency_approver")
def new():
    contract = wizard.start_contract(current_user.organisation, actor=current_user)
    return redirect(url_for("contracts.wizard", contract_id=contract.id, step="offering"))


@bp.route("/<int:contract_id>")
@login_required
def show(contract_id):
    contract = contract_or_404(contract_id)
    review = wizard.review_data(contract)
    panel = lifecycle_panel(contract)
    return render_template(
        "contracts/show.html", contract=contract, steps=WIZARD_STEPS,
        documents=panel["documents"],
        can_edit=access.can_edit(current_user, contract), lifecycle=panel,
        acceptance=acceptance_overview(contract, review["terms"]), **review)


@bp.route("/<int:contract_id>/generate", methods=["POST"])
@login_required
def generate(contract_id):
    contract = contract_or_404(contract_id, edit=True)
    with attempt() as done:
        document = generate_contract_document(contract, actor=current_user)
    if not done:
        return redirect(url_for("contracts.wizard", contract_id=contract.id, step="review"))
    flash(_("Đã tạo văn bản dự thảo hợp đồng; số hợp đồng được cấp khi phê duyệt."), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id,
                            _anchor=f"doc-{document.id}"))


@bp.route("/<int:contract_id>/documents/<int:document_id>")
@login_required
def download(contract_id, document_id):
    contract = contract_or_404(contract_id)
    return send_document(owned_document_or_404(document_id, {("contract", contract.id)}))


@bp.route("/<int:contract_id>/amendment-documents/<int:document_id>")
@login_required
def amendment_document(contract_id, document_id):
    contract = contract_or_404(contract_id)
    return send_document(owned_document_or_404(document_id, owners(contract)))


@bp.route("/<int:contract_id>/documents/<int:document_id>/pdf", methods=["GET", "POST"])
@login_required
def document_pdf(contract_id, document_id):
    """GET: a contract's or amendment's document as its stored PDF/A; POST: make it."""
    contract = contract_or_404(contract_id)
    document = owned_document_or_404(document_id, owners(contract))
    if document.owner_type == "amendment":
        number = next(a.number for a in amendments.amendments_of(contract)
                      if a.id == document.owner_id)
        back = url_for("contracts.amendment_show", contract_id=contract.id, number=number)
    else:
        back = url_for("contracts.show", contract_id=contract.id)
    back += f"#doc-{document.id}"
    return ask_for_pdf(document, back) if request.method == "POST" else send_pdf(document, back)
