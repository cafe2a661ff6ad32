"""The agency's pages of requests for quotations (list, new, show, amend, extend, cancel), and
the catalog service page's link to ask for quotations of a service."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup

from accounts.access import roles_required
from catalog.models import Service
from catalog.views import register_service_panel
from core.pagination import paginate
from core.routing import MAX_ID
from core.transaction import attempt, get_for_request
from extensions import db
from plans import bp
from plans import rules as plan_rules
from plans.models import LeasePlan
from plans.quotations import requests as service
from plans.quotations import rules
from plans.quotations.annex import annex_panel
from plans.quotations.links import answer_link
from plans.quotations.models import REQUEST_STATES, QuotationRequest
from plans.quotations.request_forms import (CancelForm, ExtendForm, RequestForm,
                                            default_deadline, existing_data, request_form_data)

AGENCY = ("agency_staff", "agency_approver")
MAX_QUERY = 200


def request_or_404(request_id: int, need: str = "view") -> QuotationRequest:
    """The request if this user may see it (404 otherwise: other agencies never learn it
    exists); need "manage" (its agency's staff or approvers, else 403), "open" (and still
    taking answers, else back to its page with why) or "cancel" (and not cancelled)."""
    quotation = get_for_request(QuotationRequest, request_id, options=service.LOADED)
    if quotation is None or not rules.can_view(current_user, quotation):
        abort(404)
    if need == "view":
        return quotation
    if not rules.may_manage(current_user, quotation):
        abort(403)
    state = rules.state_of(quotation)
    if (need == "open" and state != "open") or (need == "cancel" and state == "cancelled"):
        flash(str(service.NOT_OPEN[state]), "warning")
        abort(redirect(url_for("plans.quotation_show", request_id=quotation.id)))
    return quotation


def _arg_or_404(name: str, model):
    """The row an optional ?name=<id> names; an id that is not a row answers 404."""
    if name not in request.args:
        return None
    row_id = request.args.get(name, type=int)
    row = db.session.get(model, row_id) if row_id and 0 < row_id <= MAX_ID else None
    return row if row is not None else abort(404)


def _offer_vendors(form: RequestForm) -> None:
    """The vendors the form offers to choose: those eligible for the services it names."""
    form.vendors.choices = [(v.id, v.legal_name)
                            for v in service.eligible_vendors(form.service_ids())]


def _refreshing() -> bool:
    """The form was posted to list the vendors again, not to send the request."""
    return request.method == "POST" and bool(request.form.get("refresh"))


def quotation_filters() -> dict:
    """The list's filters from the query string: the page and its download read them here."""
    state = request.args.get("state", "")
    return {"state": state if state in REQUEST_STATES else "",
            "service_id": request.args.get("service", type=int),
            "q": request.args.get("q", "").strip()[:MAX_QUERY]}


@bp.route("/quotations/", endpoint="quotations")
@roles_required(*AGENCY, "legal_drafter")
def quotations():
    filters = quotation_filters()
    pagination = paginate(service.requests_query(current_user.organisation_id, **filters))
    return render_template("plans/quotations/index.html", pagination=pagination,
                           rows=service.rows_of(pagination.items), **filters,
                           states=REQUEST_STATES,
                           services=service.active_services(),
                           can_create=current_user.role in AGENCY)


@bp.route("/quotations/new", methods=["GET", "POST"], endpoint="quotation_new")
@roles_required(*AGENCY)
def quotation_new():
    plan = _arg_or_404("plan", LeasePlan)
    if plan is not None and not plan_rules.is_own(current_user, plan):
        abort(404)
    if plan is not None and not plan_rules.can_edit(current_user, plan):
        flash(plan_rules.locked_reason(plan) or _("Bạn không thể sửa kế hoạch này."), "warning")
        return redirect(url_for("plans.show", plan_id=plan.id))
    chosen = _arg_or_404("service", Service)
    if chosen is not None and chosen.retired_at is not None:
        abort(404)
    data = None
    if request.method == "GET":
        defaults = service.request_defaults(current_user.organisation, plan, chosen)
        data = request_form_data(defaults) | default_deadline()
    form = RequestForm(data=data, services=service.active_services(plan=plan))
    _offer_vendors(form)
    if not _refreshing() and form.validate_on_submit():
        with attempt(form) as done:
            created = service.create_request(current_user.organisation, form.request_data(),
                                             actor=current_user, plan=plan)
        if done:
            flash(ngettext("Đã gửi yêu cầu báo giá %(code)s đến %(num)s nhà cung cấp.",
                           "Đã gửi yêu cầu báo giá %(code)s đến %(num)s nhà cung cấp.",
                           len(created.invitations), code=created.code), "success")
            return redirect(url_for("plans.quotation_show", request_id=created.id))
    return render_template("plans/quotations/form.html", form=form, quotation=None, plan=plan,
                           refreshed=_refreshing())


@bp.route("/quotations/<int:request_id>", endpoint="quotation_show")
@login_required
def quotation_show(request_id):
    quotation = request_or_404(request_id)
    if rules.invited_vendor(current_user, quotation) is not None:
        return redirect(answer_link(quotation.id))
    if not rules.is_requester(current_user, quotation):
        abort(404)
    sealed = rules.is_sealed(quotation)
    answers = {a.vendor_id: a for a in quotation.answers}
    state = rules.state_of(quotation)
    manage = rules.may_manage(current_user, quotation)
    comparison = (None if sealed
                  else url_for("plans.quotation_comparison", request_id=quotation.id))
    return render_template(
        "plans/quotations/show.html", quotation=quotation, state=state,
        state_label=rules.state_label(quotation), sealed=sealed,
        invitations=[(i, answers.get(i.vendor_id)) for i in quotation.invitations],
        opened=rules.visible_answers(current_user, quotation),
        can_change=manage and state == "open", can_cancel=manage and state != "cancelled",
        comparison_url=comparison,
        annex=annex_panel(quotation, current_user) if not sealed else None)


@bp.route("/quotations/<int:request_id>/edit", methods=["GET", "POST"],
          endpoint="quotation_edit")
@login_required
def quotation_edit(request_id):
    quotation = request_or_404(request_id, "open")
    form = RequestForm(data=existing_data(quotation) if request.method == "GET" else None,
                       services=service.active_services(quotation))
    _offer_vendors(form)
    if not _refreshing() and form.validate_on_submit():
        with attempt(form) as done:
            changed = service.amend_request(quotation, form.request_data(), actor=current_user)
        if done:
            flash(_("Đã sửa đổi yêu cầu báo giá; các nhà cung cấp được mời đã được thông báo.")
                  if changed else _("Không có thay đổi nào."), "success")
            return redirect(url_for("plans.quotation_show", request_id=quotation.id))
    return render_template("plans/quotations/form.html", form=form, quotation=quotation,
                           plan=quotation.plan, refreshed=_refreshing())


@bp.route("/quotations/<int:request_id>/extend", methods=["GET", "POST"],
          endpoint="quotation_extend")
@login_required
def quotation_extend(request_id):
    quotation = request_or_404(request_id, "open")
    data = None
    if request.method == "GET":
        shown = existing_data(quotation)
        data = {"deadline_day": shown["deadline_day"], "deadline_time": shown["deadline_time"]}
    form = ExtendForm(data=data)
    if form.validate_on_submit():
        with attempt(form) as done:
            service.extend_deadline(quotation, form.new_deadline(), actor=current_user)
        if done:
            flash(_("Đã gia hạn nhận báo giá; các nhà cung cấp được mời đã được thông báo."),
                  "success")
            return redirect(url_for("plans.quotation_show", request_id=quotation.id))
    return render_template("plans/quotations/extend.html", form=form, quotation=quotation)


@bp.route("/quotations/<int:request_id>/cancel", methods=["GET", "POST"],
          endpoint="quotation_cancel")
@login_required
def quotation_cancel(request_id):
    quotation = request_or_404(request_id, "cancel")
    form = CancelForm()
    if form.validate_on_submit():
        with attempt(form) as done:
            service.cancel_request(quotation, form.reason.data, actor=current_user)
        if done:
            flash(_("Đã hủy yêu cầu báo giá; các nhà cung cấp được mời đã được thông báo."),
                  "success")
            return redirect(url_for("plans.quotation_show", request_id=quotation.id))
    return render_template("plans/quotations/cancel.html", form=form, quotation=quotation,
                           state_label=rules.state_label(quotation))


def request_panel(catalog_service) -> Markup:
    """On a catalog service page, for an agency's staff and approvers: ask for quotations."""
    if not (current_user.is_authenticated and current_user.role in AGENCY
            and catalog_service.retired_at is None):
        return Markup("")
    return Markup(render_template("plans/quotations/_request_service_panel.html",
                                  service=catalog_service))


register_service_panel(request_panel)
