"""A plan's road pages: sending it for appraisal, the appraiser's decision, the approver's return
or refusal (approval itself: plans.views.approve)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.transaction import attempt
from plans import bp, transitions
from plans.forms import AppraisalForm, ApproveForm, ReasonForm
from plans.panels import appraisal_panel
from plans.views import _page, approve_page, plan_or_404


def back(plan):
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.route("/<int:plan_id>/submit", methods=["POST"])
@login_required
def submit(plan_id):
    """The agency sends the complete plan (or the completed file) for appraisal."""
    plan = plan_or_404(plan_id, "author")
    resubmission = plan.status == "supplement"
    with attempt() as done:
        transitions.submit_plan(plan, actor=current_user)
    if done:
        flash(_("Đã gửi lại hồ sơ đã bổ sung để thẩm định.") if resubmission
              else _("Đã gửi kế hoạch để thẩm định."), "success")
    return back(plan)


@bp.route("/<int:plan_id>/appraise", methods=["GET", "POST"])
@login_required
def appraise(plan_id):
    """The appraiser's page: the opinion, a request for more documents, or a return."""
    plan = plan_or_404(plan_id, "appraise")
    if request.method == "GET" and plan.status != "appraisal":
        flash(_("Kế hoạch không ở trạng thái chờ thẩm định (hiện: %(state)s).",
                state=plan.status_label), "warning")
        return back(plan)
    form = AppraisalForm()
    if form.validate_on_submit():
        decision = form.decision.data
        with attempt() as done:  # flashed: a repeat finds the form gone from the page
            transitions.APPRAISAL_MOVES[decision](plan, form.opinion.data, actor=current_user)
        if done:
            flash({"appraise": _("Đã ghi nhận ý kiến thẩm định; kế hoạch chuyển lãnh đạo cơ "
                                 "quan phê duyệt."),
                   "supplement": _("Đã gửi yêu cầu bổ sung hồ sơ đến cơ quan lập kế hoạch."),
                   "appraisal_return": _("Đã trả lại kế hoạch kèm ý kiến thẩm định."),
                   }[decision], "success")
            return back(plan)
    return render_template("plans/appraise.html", form=form,
                           road=appraisal_panel(plan, current_user), **_page(plan))


def _decline(plan_id, move, message):
    plan = plan_or_404(plan_id, "decide")
    form = ReasonForm()
    if form.validate_on_submit():
        with attempt() as done:  # flashed: a repeat finds the form gone from the page
            move(plan, form.reason.data, actor=current_user)
        if done:
            flash(message, "success")
            return back(plan)
    return approve_page(plan, ApproveForm(formdata=None), form)


@bp.route("/<int:plan_id>/return", methods=["POST"])
@login_required
def send_back(plan_id):
    """The approver returns the appraised plan for changes, with the reason."""
    return _decline(plan_id, transitions.return_plan,
                    _("Đã trả lại kế hoạch để chỉnh sửa kèm lý do."))


@bp.route("/<int:plan_id>/refuse", methods=["POST"])
@login_required
def refuse(plan_id):
    """The approver refuses the plan (final), with the reason."""
    return _decline(plan_id, transitions.refuse_plan,
                    _("Đã ghi nhận quyết định không phê duyệt kế hoạch."))
