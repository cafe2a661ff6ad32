"""Lease plans: sections, estimate, the Circular 12 calculator, approval, the plan document."""
from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/plans")

from plans import views  # noqa: E402,F401  (the routes attach to bp)
