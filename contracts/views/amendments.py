"""Amendments of a signed contract: open one, write its changed terms, make its document."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contracts import access, bp
from contracts.forms.amendments import AmendmentForm
from catalog.forms import format_service_levels
from contracts.services import amendments
from contracts.views.lifecycle import back
from contracts.views.loaders import contract_or_404, target_or_404
from contracts.views.panels import lifecycle_panel
from core import clock
from core.transaction import attempt

SPARE_ROWS = 2


@bp.route("/<int:contract_id>/amendments/new", methods=["POST"])
@login_required
def amendment_new(contract_id):
    contract = contract_or_404(contract_id)
    with attempt() as done:
        amendment = amendments.start_amendment(contract, actor=current_user,
                                               today=clock.today())
    if not done:
        return back(contract, None)
    return redirect(url_for("contracts.amendment_edit", contract_id=contract.id,
                            number=amendment.number))


@bp.route("/<int:contract_id>/amendments/<int:number>")
@login_required
def amendment_show(contract_id, number):
    contract, amendment = target_or_404(contract_id, number)
    return render_template("contracts/amendment.html", contract=contract, amendment=amendment,
                           changes=amendments.term_changes(amendment),
                           lifecycle=lifecycle_panel(contract, amendment),
                           can_edit=(amendment.status == "draft"
                                     and access.may_amend(current_user, contract)))


def _amendment_data(amendment) -> dict:
    terms = amendment.terms
    return {"reason": amendment.reason, "place": amendment.place,
            "amendment_date": amendment.amendment_date, "months": terms.get("months"),
            "lines": list(terms.get("lines", [])) + [{}] * SPARE_ROWS,
            "service_levels": format_service_levels(terms.get("service_levels", [])),
            "special_clauses": terms.get("special_clauses", "")}


@bp.route("/<int:contract_id>/amendments/<int:number>/edit", methods=["GET", "POST"])
@login_required
def amendment_edit(contract_id, number):
    contract, amendment = target_or_404(contract_id, number)
    if amendment.status != "draft" or not access.may_amend(current_user, contract):
        abort(404)
    form = AmendmentForm(data=_amendment_data(amendment) if request.method == "GET" else None)
    if form.validate_on_submit():
        with attempt() as done:
            amendments.save_amendment(amendment, form.values(), actor=current_user)
        if done:
            flash(_("Đã lưu phụ lục số %(number)s.", number=amendment.number_label), "success")
            return back(contract, amendment)
    return render_template("contracts/amendment_form.html", contract=contract,
                           amendment=amendment, form=form)


@bp.route("/<int:contract_id>/amendments/<int:number>/generate", methods=["POST"])
@login_required
def amendment_generate(contract_id, number):
    contract, amendment = target_or_404(contract_id, number)
    if not access.may_amend(current_user, contract):
        abort(404)
    with attempt() as done:
        amendments.generate_amendment_document(amendment, actor=current_user)
    if done:
        flash(_("Đã tạo văn bản phụ lục."), "success")
    return back(contract, amendment)
