"""Lease plan pages: list, create, edit, estimate, calculator, approval, the plan document."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.access import roles_required
from core.months import months_spanned
from core.pagination import paginate
from core.redirects import Moved, permanent_redirects
from core.transaction import attempt, get_for_request
from documents import storage
from documents.views import ask_for_pdf, owned_document_or_404, send_document, send_pdf
from sqlalchemy.orm import joinedload, selectinload
from plans import bp, estimate, rules, services, working
from plans.document import generate_plan_document
from plans.appraisal import may_appraise
from plans.forms import (ApproveForm, CalculatorForm, CostsForm, PlanForm, ReasonForm,
                         calculator_form_data, cost_form_rows, plan_form_data)
from plans.models import LeasePlan
from plans.panels import appraisal_panel
from plans.quotations.requests import requests_of_plan
from plans.sections import PLAN_SECTIONS, sections_for

P = "/contracts/plans/<int:plan_id>"
permanent_redirects(bp, [
    Moved("/contracts/plans/", "plans.index"),
    Moved("/contracts/plans/new", "plans.new", took_post=True),
    Moved(P, "plans.show"),
    Moved(f"{P}/edit", "plans.edit", took_post=True),
    Moved(f"{P}/costs", "plans.costs", took_post=True),
    Moved(f"{P}/calculator", "plans.calculator", took_post=True),
    Moved(f"{P}/approve", "plans.approve", took_post=True),
    Moved(f"{P}/download", "plans.download"),
    Moved(f"{P}/documents/<int:document_id>", "plans.document"),
    Moved("/contracts/calculator", "plans.public_calculator"),
])


def plan_or_404(plan_id: int, need: str = "view") -> LeasePlan:
    """The plan if this user may see it (404 otherwise, no probing); 403 if not theirs to act on.

    need: "view" (read: the agency's people, and appraisers once it was sent for appraisal);
    "author" (its agency's staff or approvers, any state); "edit" (an author, and a plan in the
    agency's hands, else back to its page with why); "decide" (its agency's approver);
    "appraise" (an appraiser whose scope takes in its agency)."""
    plan = get_for_request(LeasePlan, plan_id, options=[  # a write request locks the plan's row
        selectinload(LeasePlan.services), joinedload(LeasePlan.approved_by),
        joinedload(LeasePlan.organisation)])
    if plan is None or not rules.can_view(current_user, plan):
        abort(404)
    if need == "view":
        return plan
    allowed = {"appraise": may_appraise, "decide": rules.can_decide}.get(need, rules.may_author)
    if not allowed(current_user, plan):
        abort(403)
    if need == "edit" and (reason := rules.locked_reason(plan)):
        flash(reason, "warning")
        abort(redirect(url_for("plans.show", plan_id=plan.id)))
    return plan


def _page(plan: LeasePlan, **extra) -> dict:
    """What every page about one plan shows: its sections, estimate and saved working."""
    saved = plan.calculator
    return {"plan": plan, "sections": sections_for(plan.pack_id),
            "estimate": estimate.estimate(plan), "working": saved,
            "shown": working.working_display(saved) if saved else None, **extra}


@bp.route("/")
@roles_required("agency_staff", "agency_approver", "legal_drafter")
def index():
    pagination = paginate(services.plans_of(current_user.organisation_id), count_separately=True)
    return render_template("plans/index.html", pagination=pagination)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("agency_staff", "agency_approver")
def new():
    offered = services.selectable_services()
    form = PlanForm(services=offered)
    if form.validate_on_submit():
        with attempt() as done:
            plan = services.create_plan(current_user.organisation, form.plan_data(
                {s.id: s for s in offered}), actor=current_user)
        if done:
            flash(_("Đã lập kế hoạch thuê. Tiếp theo, lập dự toán chi phí."), "success")
            return redirect(url_for("plans.costs", plan_id=plan.id))
    return render_template("plans/form.html", form=form, plan=None,
                           all_sections=PLAN_SECTIONS)


@bp.route("/<int:plan_id>")
@login_required
def show(plan_id):
    plan = plan_or_404(plan_id)
    return render_template("plans/show.html", **_page(
        plan, can_edit=rules.can_edit(current_user, plan),
        road=appraisal_panel(plan, current_user), reason_form=ReasonForm(),
        documents=storage.documents_of("plan", plan.id),
        quotations=requests_of_plan(plan) if rules.is_own(current_user, plan) else None,
        months=months_spanned(plan.period_start, plan.period_end)
        if plan.period_start and plan.period_end else None))


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit(plan_id):
    plan = plan_or_404(plan_id, "edit")
    offered = services.selectable_services(plan)
    form = PlanForm(data=plan_form_data(plan) if request.method == "GET" else None,
                    services=offered)
    if form.validate_on_submit():
        with attempt() as done:
            done = services.update_plan(plan, form.plan_data({s.id: s for s in offered}),
                                        actor=current_user)
        if done:
            flash(_("Đã lưu kế hoạch.") if done else _("Không có thay đổi nào."), "success")
            return redirect(url_for("plans.show", plan_id=plan.id))
    return render_template("plans/form.html", form=form, plan=plan,
                           all_sections=PLAN_SECTIONS)


@bp.route("/<int:plan_id>/costs", methods=["GET", "POST"])
@login_required
def costs(plan_id):
    plan = plan_or_404(plan_id, "edit")
    data = None
    if request.method == "GET":
        data = {"lines": cost_form_rows(plan), "estimate_method": plan.estimate_method or "",
                "method_note": (plan.sections or {}).get("method_note", "")}
    form = CostsForm(data=data, pack_id=plan.pack_id)
    if form.validate_on_submit():
        with attempt() as done:
            estimate.save_estimate(plan, form.line_data(), form.estimate_method.data,
                                   form.method_note.data, actor=current_user)
        if done:
            flash(_("Đã lưu dự toán."), "success")
            return redirect(url_for("plans.costs", plan_id=plan.id))
    return render_template("plans/costs.html", form=form, **_page(plan))


@bp.route("/<int:plan_id>/calculator", methods=["GET", "POST"])
@login_required
def calculator(plan_id):
    plan = plan_or_404(plan_id, "edit")
    form = CalculatorForm(data=calculator_form_data(plan.calculator)
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        adding = bool(request.form.get("add_lines"))
        with attempt() as done:
            working.save_calculator(plan, form.inputs(), actor=current_user)
            if adding:
                working.add_calculator_lines(plan, actor=current_user)
        if done and adding:
            flash(_("Đã đưa chi phí thuê theo kỳ vào dự toán."), "success")
            return redirect(url_for("plans.costs", plan_id=plan.id))
        if done:
            flash(_("Đã lưu kết quả tính chi phí thuê."), "success")
            return redirect(url_for("plans.calculator", plan_id=plan.id))
    return render_template("plans/calculator.html", form=form, **_page(plan))


@bp.route("/<int:plan_id>/approve", methods=["GET", "POST"])
@login_required
def approve(plan_id):
    """The approver's decision on an appraised plan: approve (this form), return or refuse
    (plans.appraisal_views), both with the reason required."""
    plan = plan_or_404(plan_id, "decide")
    if request.method == "GET" and plan.status in ("approved", "refused"):
        flash(rules.locked_reason(plan), "warning")
        return redirect(url_for("plans.show", plan_id=plan.id))
    form = ApproveForm()
    if form.validate_on_submit():
        with attempt() as done:
            services.approve_plan(plan, form.approval_number.data, form.approved_on.data,
                                  actor=current_user)
        if done:
            flash(_("Đã phê duyệt kế hoạch; kế hoạch không còn sửa được."), "success")
            return redirect(url_for("plans.show", plan_id=plan.id))
    return approve_page(plan, form, ReasonForm())


def approve_page(plan: LeasePlan, form: ApproveForm, reason_form: ReasonForm):
    """The approval page, with the return-or-refuse form beside the approval."""
    return render_template("plans/approve.html", form=form, reason_form=reason_form,
                           problems=rules.approval_problems(plan),
                           road=appraisal_panel(plan, current_user), **_page(plan))


@bp.route("/<int:plan_id>/generate", methods=["POST"])
@login_required
def generate(plan_id):
    """Make the plan's .docx as it stands (an identical copy is reused), then send it."""
    plan = plan_or_404(plan_id)
    with attempt() as done:
        document = generate_plan_document(plan, actor=current_user)
    if not done:
        return redirect(url_for("plans.show", plan_id=plan.id))
    return redirect(url_for("plans.document", plan_id=plan.id, document_id=document.id))


@bp.route("/<int:plan_id>/download")
@login_required
def download(plan_id):
    """The newest stored copy of the plan's document; reading never makes one."""
    plan = plan_or_404(plan_id)
    newest = next(iter(storage.documents_of("plan", plan.id)), None)
    if newest is None:
        flash(_("Kế hoạch chưa có văn bản nào: bấm “Tạo văn bản kế hoạch (.docx)” để tạo."),
              "warning")
        return redirect(url_for("plans.show", plan_id=plan.id))
    return send_document(newest)


@bp.route("/<int:plan_id>/documents/<int:document_id>")
@login_required
def document(plan_id, document_id):
    plan = plan_or_404(plan_id)
    return send_document(owned_document_or_404(document_id, {("plan", plan.id)}))


@bp.route("/<int:plan_id>/documents/<int:document_id>/pdf", methods=["GET", "POST"])
@login_required
def document_pdf(plan_id, document_id):
    """GET: the document's stored PDF/A; POST: make it, when it has none yet."""
    plan = plan_or_404(plan_id)
    document = owned_document_or_404(document_id, {("plan", plan.id)})
    back = url_for("plans.show", plan_id=plan.id) + f"#doc-{document.id}"
    return ask_for_pdf(document, back) if request.method == "POST" else send_pdf(document, back)


@bp.route("/calculator")
def public_calculator():
    form = CalculatorForm(formdata=request.args or None, meta={"csrf": False})
    result = None
    if request.args and form.validate():
        result = working.compute_working(form.inputs())
    return render_template("plans/public_calculator.html", form=form, working=result,
                           shown=working.working_display(result) if result else None)
