"""Public catalog pages: no login needed."""
from collections.abc import Callable

from flask import abort, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from catalog import bp, search, services
from catalog.legal_bases import legal_bases
from core.pagination import paginate

MAX_QUERY = 200

# Other domains add sections to the service page without catalog importing them
# (vendors lists the offerings of a service here); each returns rendered HTML.
SERVICE_PANELS: list[Callable[[object], Markup]] = []


def register_service_panel(panel: Callable[[object], Markup]) -> Callable[[object], Markup]:
    """Add a section to every service page (idempotent)."""
    if panel not in SERVICE_PANELS:
        SERVICE_PANELS.append(panel)
    return panel


def search_notice(q: str) -> str | None:
    """What a search page says instead of results when the query is too short to search."""
    if search.too_short(q):
        return _("Nhập ít nhất %(n)s ký tự để tìm kiếm.", n=search.MIN_QUERY_CHARS)
    return None


@bp.route("/")
def index():
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    category_code = request.args.get("category", "").strip()
    category = services.get_category(category_code) if category_code else None
    if category_code and (category is None or category.retired_at):
        abort(404)
    pagination = paginate(services.service_list_query(q, category))
    return render_template(
        "catalog/index.html", pagination=pagination, q=q, category=category,
        counts=services.category_counts(), notice=search_notice(q),
    )


@bp.route("/services/<code>")
def service(code):
    service = services.get_service(code) or abort(404)
    panels = [panel(service) for panel in SERVICE_PANELS]
    return render_template("catalog/service.html", service=service, bases=legal_bases(),
                           panels=panels)
