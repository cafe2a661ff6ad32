"""Users, organisations, roles, login and the audit trail."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

from accounts.views import audit, auth, profile  # noqa: E402,F401  (the routes attach to bp)
