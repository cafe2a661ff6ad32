"""A forgotten password: ask for a link by e-mail, then set a new password from it."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from accounts import bp, services
from accounts.forms import ForgotPasswordForm, ResetPasswordForm
from core.errors import Refused
from core.transaction import attempt
from extensions import limiter

DEFAULT_RATELIMIT_RESET = "5/minute"  # POST /accounts/password/forgot, per client IP


@bp.record_once
def _config_defaults(state) -> None:
    # The default of accounts; instance config, FLASK_* variables and test_config still win.
    state.app.config.setdefault("RATELIMIT_RESET", DEFAULT_RATELIMIT_RESET)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        address = form.email.data.strip().lower()
        services.request_password_reset(address)
        # The same page for every address: whether an account has it is not said.
        return render_template("accounts/forgot.html", form=None, sent_to=address)
    return render_template("accounts/forgot.html", form=form, sent_to=None)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        user = services.user_for_reset(token)
    except Refused as problem:
        return render_template("accounts/reset.html", form=None, problem=str(problem)), 400
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        with attempt(form, field="new") as done:
            services.reset_password(token, form.new.data, client=get_remote_address())
        if done:
            flash(_("Đã đặt mật khẩu mới. Mọi phiên đăng nhập trước đây của tài khoản đã kết "
                    "thúc; vui lòng đăng nhập bằng mật khẩu mới."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form, problem=None, user=user)
