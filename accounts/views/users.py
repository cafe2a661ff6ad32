"""The administrators' list of users, and the lock that ends a user's every session."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from accounts import bp, roles, services
from accounts.access import roles_required
from accounts.forms import LockUserForm, UnlockUserForm, UserFilterForm
from accounts.notice_forms import RoleForm
from accounts.models import User
from core.pagination import paginate
from core.transaction import attempt, get_for_request


def user_or_404(user_id: int) -> User:
    """The user with their organisation (the row locked on a write request), or 404."""
    user = get_for_request(User, user_id, options=[joinedload(User.organisation)])
    if user is None:
        abort(404)
    return user


@bp.route("/users/", endpoint="users")
@roles_required("admin")
def user_list():
    form = UserFilterForm(request.args)
    filters = {"text": form.text.data or "", "role": form.role.data or ""} \
        if form.validate() else {}
    pagination = paginate(services.search_users(**filters))
    return render_template("accounts/users.html", form=form, pagination=pagination,
                           unlock_form=UnlockUserForm())


@bp.route("/users/<int:user_id>/lock", methods=["GET", "POST"], endpoint="user_lock")
@roles_required("admin")
def user_lock(user_id):
    user = user_or_404(user_id)
    form = LockUserForm()
    if form.validate_on_submit():
        with attempt(form, field="confirm") as done:
            services.lock_user(user, actor=current_user)
        if done:
            flash(_("Đã khóa tài khoản %(email)s; mọi phiên đăng nhập của người dùng đã kết "
                    "thúc.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_lock.html", form=form, user=user)


@bp.route("/users/<int:user_id>/unlock", methods=["POST"], endpoint="user_unlock")
@roles_required("admin")
def user_unlock(user_id):
    user = user_or_404(user_id)
    if UnlockUserForm().validate_on_submit():
        with attempt() as done:
            services.unlock_user(user, actor=current_user)
        if done:
            flash(_("Đã mở khóa tài khoản %(email)s.", email=user.email), "success")
    return redirect(url_for("accounts.users"))


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"], endpoint="user_role")
@roles_required("admin")
def user_role(user_id):
    user = user_or_404(user_id)
    form = RoleForm(roles=roles.roles_for(user), data={"role": user.role})
    if form.validate_on_submit():
        with attempt(form, field="role") as done:
            changed = roles.change_role(user, form.role.data, actor=current_user)
        if done:
            flash(_("Đã đổi vai trò của %(email)s; các phiên đăng nhập của người dùng đã kết "
                    "thúc để quyền mới có hiệu lực.", email=user.email) if changed
                  else _("Vai trò không thay đổi."), "success" if changed else "info")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_role.html", form=form, user=user)
