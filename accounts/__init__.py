"""Users, organisations, roles, login and the audit trail."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

from accounts.views import audit, auth, profile, queue, users  # noqa: E402,F401  (routes attach)
from accounts import mail  # noqa: E402,F401  (declares the e-mail job)
