"""Users, organisations, roles, login and the audit trail."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

from accounts.views import (audit, audit_export, auth, language, profile,  # noqa: E402,F401
                            queue, users)  # (routes attach)
from accounts import mail  # noqa: E402,F401  (declares the e-mail job)
