"""Login loading and role checks shared by every domain's views."""
import re
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from accounts import bp
from accounts.models import User
from accounts.sessions import end_expired_session
from core.routing import MAX_ID
from extensions import db, login_manager

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
login_manager.localize_callback = str  # flashed as text, in the request's language
login_manager.login_message_category = "warning"


# A session's user id is "<id>:<session version>" (User.get_id), in ASCII digits.
SESSION_ID = re.compile(r"([1-9][0-9]{0,9}):([1-9][0-9]{0,9})")


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The active user whose current session version the session carries, else nobody: a
    session from before a logout, password change or lock loads no one, nor does anything
    malformed (a bare id, from before session versions, included)."""
    match = SESSION_ID.fullmatch(token) if isinstance(token, str) else None
    if match is None or int(match[1]) > MAX_ID:
        return None
    user = db.session.get(User, int(match[1]), options=[joinedload(User.organisation)])
    if user is None or not user.active or user.session_version != int(match[2]):
        return None
    return user


@bp.before_app_request
def load_current_user() -> None:
    """Load the signed-in user and organisation before the view, so no page template has to
    query for the menu it shows (reading them reloads them if a previous request's commit or
    rollback left them expired, as happens when tests share one session). A session past its
    absolute limit ends first (accounts.sessions)."""
    end_expired_session()
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
