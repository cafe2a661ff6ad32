"""Lease plan pages: list, create, edit, estimate, calculator, approval, download."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.access import roles_required
from contracts import bp
from contracts.forms.plans import (ApproveForm, CalculatorForm, CostsForm, PlanForm,
                                   calculator_form_data, cost_form_rows, plan_form_data)
from contracts.models.plan import PLAN_SECTIONS, LeasePlan, sections_for
from contracts.services import plan_costs as costs
from contracts.services import plans
from documents import storage
from documents.views import owned_document_or_404, send_document
from core.months import months_spanned
from core.pagination import paginate
from extensions import db


def plan_or_404(plan_id: int, need: str = "view") -> LeasePlan:
    """The plan if this user may see it (404 otherwise, no probing); 403 if not theirs to change."""
    plan = db.session.get(LeasePlan, plan_id)
    if plan is None or not plans.can_view(current_user, plan):
        abort(404)
    if need == "view":
        return plan
    if not plans.may_author(current_user, plan) or (
            need == "approve" and current_user.role != "agency_approver"):
        abort(403)
    if plan.is_approved:
        flash(_("Kế hoạch đã được phê duyệt nên không thể sửa."), "warning")
        abort(redirect(url_for("contracts.plan_show", plan_id=plan.id)))
    return plan


def _page(plan: LeasePlan, **extra) -> dict:
    """What every page about one plan shows: its sections, estimate and saved working."""
    working = plan.calculator
    return {"plan": plan, "sections": sections_for(plan.pack_id),
            "estimate": costs.estimate(plan), "working": working,
            "shown": costs.working_display(working) if working else None, **extra}


@bp.route("/plans/")
@roles_required("agency_staff", "agency_approver", "legal_drafter")
def plan_index():
    pagination = paginate(plans.plans_of(current_user.organisation_id), count_separately=True)
    return render_template("contracts/plan_index.html", pagination=pagination)


@bp.route("/plans/new", methods=["GET", "POST"])
@roles_required("agency_staff", "agency_approver")
def plan_new():
    services = plans.selectable_services()
    form = PlanForm(services=services)
    if form.validate_on_submit():
        try:
            plan = plans.create_plan(current_user.organisation, form.plan_data(
                {s.id: s for s in services}), actor=current_user)
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã lập kế hoạch thuê. Tiếp theo, lập dự toán chi phí."), "success")
            return redirect(url_for("contracts.plan_costs", plan_id=plan.id))
    return render_template("contracts/plan_form.html", form=form, plan=None,
                           all_sections=PLAN_SECTIONS)


@bp.route("/plans/<int:plan_id>")
@login_required
def plan_show(plan_id):
    plan = plan_or_404(plan_id)
    return render_template("contracts/plan_show.html", **_page(
        plan, can_edit=plans.can_edit(current_user, plan),
        can_approve=plans.can_approve(current_user, plan),
        documents=storage.documents_of("plan", plan.id),
        months=months_spanned(plan.period_start, plan.period_end)
        if plan.period_start and plan.period_end else None))


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def plan_edit(plan_id):
    plan = plan_or_404(plan_id, "edit")
    services = plans.selectable_services(plan)
    form = PlanForm(data=plan_form_data(plan) if request.method == "GET" else None,
                    services=services)
    if form.validate_on_submit():
        try:
            done = plans.update_plan(plan, form.plan_data({s.id: s for s in services}),
                                     actor=current_user)
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã lưu kế hoạch.") if done else _("Không có thay đổi nào."), "success")
            return redirect(url_for("contracts.plan_show", plan_id=plan.id))
    return render_template("contracts/plan_form.html", form=form, plan=plan,
                           all_sections=PLAN_SECTIONS)


@bp.route("/plans/<int:plan_id>/costs", methods=["GET", "POST"])
@login_required
def plan_costs(plan_id):
    plan = plan_or_404(plan_id, "edit")
    data = None
    if request.method == "GET":
        data = {"lines": cost_form_rows(plan), "estimate_method": plan.estimate_method or "",
                "method_note": (plan.sections or {}).get("method_note", "")}
    form = CostsForm(data=data, pack_id=plan.pack_id)
    if form.validate_on_submit():
        try:
            costs.save_estimate(plan, form.line_data(), form.estimate_method.data,
                                form.method_note.data, actor=current_user)
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã lưu dự toán."), "success")
            return redirect(url_for("contracts.plan_costs", plan_id=plan.id))
    return render_template("contracts/plan_costs.html", form=form, **_page(plan))


@bp.route("/plans/<int:plan_id>/calculator", methods=["GET", "POST"])
@login_required
def plan_calculator(plan_id):
    plan = plan_or_404(plan_id, "edit")
    form = CalculatorForm(data=calculator_form_data(plan.calculator)
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        costs.save_calculator(plan, form.inputs(), actor=current_user)
        if request.form.get("add_lines"):
            costs.add_calculator_lines(plan, actor=current_user)
        db.session.commit()
        if request.form.get("add_lines"):
            flash(_("Đã đưa chi phí thuê theo kỳ vào dự toán."), "success")
            return redirect(url_for("contracts.plan_costs", plan_id=plan.id))
        flash(_("Đã lưu kết quả tính chi phí thuê."), "success")
        return redirect(url_for("contracts.plan_calculator", plan_id=plan.id))
    return render_template("contracts/plan_calculator.html", form=form, **_page(plan))


@bp.route("/plans/<int:plan_id>/approve", methods=["GET", "POST"])
@login_required
def plan_approve(plan_id):
    plan = plan_or_404(plan_id, "approve")
    form = ApproveForm()
    if form.validate_on_submit():
        try:
            plans.approve_plan(plan, form.approval_number.data, form.approved_on.data,
                               actor=current_user)
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã phê duyệt kế hoạch; kế hoạch không còn sửa được."), "success")
            return redirect(url_for("contracts.plan_show", plan_id=plan.id))
    return render_template("contracts/plan_approve.html", form=form,
                           problems=plans.approval_problems(plan), **_page(plan))


@bp.route("/plans/<int:plan_id>/download")
@login_required
def plan_download(plan_id):
    plan = plan_or_404(plan_id)
    try:
        document = plans.generate_plan_document(plan, actor=current_user)
    except plans.PlanError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("contracts.plan_show", plan_id=plan.id))
    db.session.commit()
    return send_document(document)


@bp.route("/plans/<int:plan_id>/documents/<int:document_id>")
@login_required
def plan_document(plan_id, document_id):
    plan = plan_or_404(plan_id)
    return send_document(owned_document_or_404(document_id, {("plan", plan.id)}))


@bp.route("/calculator")
def calculator():
    form = CalculatorForm(formdata=request.args or None, meta={"csrf": False})
    working = None
    if request.args and form.validate():
        working = costs.compute_working(form.inputs())
    return render_template("contracts/calculator.html", form=form, working=working,
                           shown=costs.working_display(working) if working else None)
