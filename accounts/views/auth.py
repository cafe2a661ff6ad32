"""Login, logout and password change (a forgotten password: accounts.views.reset)."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from accounts import bp, services
from accounts.access import load_user  # noqa: F401  (registers the user loader)
from accounts.forms import ChangePasswordForm, LoginForm
from accounts.sessions import continue_session
from accounts.views import reset  # noqa: F401  (its routes attach to bp)
from core.transaction import attempt
from extensions import limiter


def safe_next(target: str | None, default: str = "catalog.index") -> str:
    """Only follow a relative `next` link, never one to another site ("//host", "/\\host")
    nor one carrying control characters (CR/LF would end up in the Location header)."""
    if (target and target.startswith("/") and not target.startswith(("//", "/\\"))
            and not urlsplit(target).netloc and target.isprintable()):
        return target
    return url_for(default)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user, problem = services.authenticate(form.email.data, form.password.data,
                                              client=get_remote_address())
        if user is None:
            form.password.errors.append(problem)
        else:
            login_user(user)  # accounts.sessions starts a new session
            flash(_("Đăng nhập thành công."), "success")
            # Without `next`, the work queue: what waits for this user.
            return redirect(safe_next(request.args.get("next"), "accounts.work"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.log_out(current_user._get_current_object())  # every session, on every device
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("catalog.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(user=user)
    if form.validate_on_submit():
        with attempt(form, field="new") as done:
            services.change_password(user, form.current.data, form.new.data)
        if done:
            continue_session(user)  # the other sessions of the user have ended
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
            return redirect(url_for("catalog.index"))
    return render_template("accounts/password.html", form=form)
