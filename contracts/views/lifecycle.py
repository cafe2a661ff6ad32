"""Moving a contract or one of its amendments: review, clearance, the vendor's confirmation or
return, approval, return or refusal, signing, putting into use, expiry and termination."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contracts import bp
from contracts.forms.lifecycle import (ApproverReturnForm, ClearForm, RefuseForm, ReturnForm,
                                       SignForm, TerminateForm, VendorReturnForm)
from contracts.services import amendments, lifecycle
from contracts.views.loaders import target_or_404
from core import clock
from core.forms import error_list
from core.transaction import attempt


def back(contract, amendment):
    """The page the lifecycle section of a contract or amendment is on."""
    if amendment is None:
        return redirect(url_for("contracts.show", contract_id=contract.id, _anchor="lifecycle"))
    return redirect(url_for("contracts.amendment_show", contract_id=contract.id,
                            number=amendment.number))


SIMPLE = {
    "submit": (lambda c, a, f: lifecycle.submit(c, actor=current_user, amendment=a),
               _l("Đã gửi rà soát pháp lý.")),
    "approve": (lambda c, a, f: lifecycle.approve(c, actor=current_user, amendment=a),
                _l("Đã phê duyệt.")),
    "activate": (lambda c, a, f: lifecycle.activate(c, clock.today(), actor=current_user),
                 _l("Đã đưa hợp đồng vào sử dụng.")),
    "expire": (lambda c, a, f: lifecycle.mark_expired(c, clock.today(), actor=current_user),
               _l("Đã ghi nhận hợp đồng hết hạn.")),
    "return": (lambda c, a, f: lifecycle.send_back(c, f.comment.data, actor=current_user,
                                                   amendment=a),
               _l("Đã trả lại bản nháp kèm ý kiến rà soát.")),
    "clear": (lambda c, a, f: lifecycle.clear_legally(c, actor=current_user,
                                                      comment=f.comment.data, amendment=a),
              _l("Đã xác nhận rà soát pháp lý.")),
    "share": (lambda c, a, f: lifecycle.share(c, actor=current_user, amendment=a),
              _l("Đã gửi nhà cung cấp xác nhận dự thảo.")),
    "confirm": (lambda c, a, f: lifecycle.confirm(c, actor=current_user, amendment=a),
                _l("Đã xác nhận dự thảo.")),
    "vendor_return": (lambda c, a, f: lifecycle.vendor_return(c, f.comment.data,
                                                              actor=current_user, amendment=a),
                      _l("Đã trả lại dự thảo kèm ý kiến.")),
    "approver_return": (lambda c, a, f: lifecycle.approver_return(c, f.comment.data,
                                                                  actor=current_user, amendment=a),
                        _l("Đã trả lại để chỉnh sửa.")),
    "refuse": (lambda c, a, f: lifecycle.refuse(c, f.comment.data, actor=current_user,
                                                amendment=a),
               _l("Đã ghi nhận không phê duyệt.")),
}
FORMS = {"return": ReturnForm, "clear": ClearForm, "vendor_return": VendorReturnForm,
         "approver_return": ApproverReturnForm, "refuse": RefuseForm}


def _refuse_early(action, contract, amendment):
    """Before showing a form page: 403 for the wrong role, a message for the wrong state."""
    with attempt() as done:
        lifecycle.check(action, contract, current_user, amendment)
    return None if done else back(contract, amendment)


@bp.route("/<int:contract_id>/lifecycle/<action>", methods=["POST"])
@bp.route("/<int:contract_id>/amendments/<int:number>/lifecycle/<action>", methods=["POST"])
@login_required
def transition(contract_id, action, number=None):
    contract, amendment = target_or_404(contract_id, number)
    if action not in SIMPLE or (amendment and action not in lifecycle.AMENDMENT_ACTIONS):
        abort(404)
    if (refused := _refuse_early(action, contract, amendment)) is not None:
        return refused
    form = FORMS[action]() if action in FORMS else None
    if form is not None and not form.validate():
        flash(" ".join(error_list(form)), "error")
        return back(contract, amendment)
    call, done_message = SIMPLE[action]
    with attempt() as done:
        call(contract, amendment, form)
    if done:
        flash(str(done_message), "success")
    return back(contract, amendment)


@bp.route("/<int:contract_id>/lifecycle/sign", methods=["GET", "POST"])
@bp.route("/<int:contract_id>/amendments/<int:number>/lifecycle/sign", methods=["GET", "POST"])
@login_required
def sign(contract_id, number=None):
    contract, amendment = target_or_404(contract_id, number)
    if (refused := _refuse_early("sign", contract, amendment)) is not None:
        return refused
    a, b = contract.party_a, contract.party_b
    form = SignForm(data={"signed_on": clock.today(), "a_name": a.get("representative"),
                          "a_position": a.get("position"), "b_name": b.get("representative"),
                          "b_position": b.get("position")} if request.method == "GET" else None)
    if form.validate_on_submit():
        with attempt() as done:
            if amendment is None:
                lifecycle.sign(contract, form.signed_on.data, form.signatories(),
                               actor=current_user)
            else:
                amendments.sign_amendment(contract, amendment, form.signed_on.data,
                                          form.signatories(), actor=current_user)
        if done:
            flash(_("Đã ghi nhận ký kết."), "success")
        return back(contract, amendment)
    return render_template("contracts/lifecycle_form.html", contract=contract,
                           amendment=amendment, form=form, action="sign",
                           fields=["signed_on", "a_name", "a_position", "b_name", "b_position"])


@bp.route("/<int:contract_id>/lifecycle/terminate", methods=["GET", "POST"])
@login_required
def terminate(contract_id):
    contract, _amendment = target_or_404(contract_id, None)
    if (refused := _refuse_early("terminate", contract, None)) is not None:
        return refused
    form = TerminateForm()
    if form.validate_on_submit():
        with attempt() as done:
            lifecycle.terminate(contract, form.reason.data, actor=current_user,
                                today=clock.today())
        if done:
            flash(_("Đã chấm dứt hợp đồng."), "success")
        return back(contract, None)
    return render_template("contracts/lifecycle_form.html", contract=contract, amendment=None,
                           form=form, action="terminate", fields=["reason"])
