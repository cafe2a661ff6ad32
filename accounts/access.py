"""Login loading and role checks shared by every domain's views."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from accounts import bp
from accounts.models import User
from extensions import db, login_manager

login_manager.login_view = "accounts.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
login_manager.login_message_category = "warning"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id), options=[joinedload(User.organisation)])


@bp.before_app_request
def load_current_user() -> None:
    """Load the signed-in user and organisation before the view, so no page template has to
    query for the menu it shows (reading them reloads them if a previous request's commit or
    rollback left them expired, as happens when tests share one session)."""
    user = current_user._get_current_object()
    if user.is_authenticated:
        user.organisation.kind


def roles_required(*roles: str):
    """Require a logged-in user with one of the roles; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
