"""Lease plans: sections, estimate, the Circular 12 calculator, appraisal and approval, the plan
document."""
from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/plans")

from plans import appraisal_views, exports, views  # noqa: E402,F401  (the routes attach to bp)
from plans import queue  # noqa: E402,F401  (work-queue sections and notice kinds)
from plans.quotations import (annex_views, answer_views, compare_views,  # noqa: E402,F401
                              export_views,
                              queue as quotation_queue, views as quotation_views)
