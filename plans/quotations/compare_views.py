"""The comparison of a closed request and the choice of each line's price for the plan."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from core.money import format_vnd
from core.transaction import attempt, get_for_request
from plans import bp
from plans.price_sources import SOURCES, reference_key
from plans.quotations import choices, rules
from plans.quotations.choice_forms import ChoiceForm, LineOptions, initial_rows
from plans.quotations.comparison import FLAGS
from plans.quotations.models import (QuotationAnswer, QuotationRequest,
                                     QuotationRequestLine)

TEMPLATE = "plans/quotations/comparison.html"


def request_or_404(request_id: int) -> QuotationRequest:
    """The request, with what the page reads, for its agency's people only (404 otherwise)."""
    found = get_for_request(QuotationRequest, request_id, options=[
        joinedload(QuotationRequest.plan), joinedload(QuotationRequest.organisation),
        selectinload(QuotationRequest.lines).joinedload(QuotationRequestLine.service),
        selectinload(QuotationRequest.answers).joinedload(QuotationAnswer.vendor),
        selectinload(QuotationRequest.answers).selectinload(QuotationAnswer.lines)])
    if found is None or not rules.is_requester(current_user, found):
        abort(404)
    return found


def may_choose(quotation: QuotationRequest) -> bool:
    plan = quotation.plan
    return (rules.may_manage(current_user, quotation) and plan is not None
            and plan.is_editable and rules.state_of(quotation) == "closed")


def line_options(lines: list[choices.PageLine]) -> list[LineOptions]:
    """What each line's part of the form offers."""
    return [LineOptions(
        request_line_id=row.line.id, name=row.line.service.name,
        vendors=[(q.vendor.id, q.vendor.legal_name) for q in row.comparison.valid_quotes],
        references=[(reference_key(figure),
                     _("%(label)s – %(price)s đồng", label=figure.label,
                       price=format_vnd(figure.unit_price)))
                    for figures in row.references.values() for figure in figures],
        usual_vat_rate=row.line.service.usual_vat_rate,
        short=not row.comparison.enough) for row in lines]


def page(quotation: QuotationRequest, form: ChoiceForm | None = None) -> str:
    """The comparison page: only the sealing notice while sealed."""
    sealed = rules.is_sealed(quotation)
    lines = [] if sealed else choices.comparison_lines(quotation)
    options = line_options(lines)
    if form is None and not sealed and may_choose(quotation):
        form = ChoiceForm(data=initial_rows(options, {r.line.id: r.choice for r in lines}),
                          options=options, formdata=None)
    return render_template(TEMPLATE, quotation=quotation, sealed=sealed, lines=lines,
                           state=rules.state_label(quotation), plan=quotation.plan,
                           form=form if may_choose(quotation) else None, flags=FLAGS,
                           sources={key: s.label for key, s in SOURCES.items()})


@bp.route("/quotations/<int:request_id>/comparison")
@login_required
def quotation_comparison(request_id):
    return page(request_or_404(request_id))


@bp.route("/quotations/<int:request_id>/choices", methods=["POST"])
@login_required
def quotation_choose(request_id):
    quotation = request_or_404(request_id)
    if not rules.may_manage(current_user, quotation):
        abort(403)
    if rules.is_sealed(quotation) or not may_choose(quotation):
        with attempt():
            choices.ensure_choosable(quotation)  # says why (sealed, cancelled, plan locked)
        return redirect(url_for("plans.quotation_comparison", request_id=quotation.id))
    form = ChoiceForm(options=line_options(choices.comparison_lines(quotation)))
    if form.validate_on_submit():
        with attempt() as done:
            choices.choose(quotation, form.choice_data(), actor=current_user)
        if done:
            flash(_("Đã đưa đơn giá đã chọn vào dự toán của kế hoạch."), "success")
            return redirect(url_for("plans.costs", plan_id=quotation.plan_id))
        quotation = request_or_404(request_id)  # the refusal rolled back: read it again
    return page(quotation, form)
