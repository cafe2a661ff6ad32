"""The public catalog of leasable IT services, its search and administration."""
from flask import Blueprint

bp = Blueprint("catalog", __name__, url_prefix="/catalog")

from catalog import admin, views  # noqa: E402,F401  (the routes attach to bp)
from catalog.highlight import highlight  # noqa: E402

# `{{ text | highlight(q) }}` on every page: the words a search found, marked.
bp.add_app_template_filter(highlight, "highlight")
