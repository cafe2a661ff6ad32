"""Public catalog pages: no login needed."""
from flask import abort, current_app, render_template, request

from catalog import bp, services
from catalog.legal_bases import legal_bases
from extensions import db

MAX_QUERY = 200


@bp.route("/")
def index():
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    category_code = request.args.get("category", "").strip()
    category = services.get_category(category_code) if category_code else None
    if category_code and (category is None or category.retired_at):
        abort(404)
    pagination = db.paginate(
        services.service_query(q, category),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "catalog/index.html", pagination=pagination, q=q, category=category,
        counts=services.category_counts(),
    )


@bp.route("/services/<code>")
def service(code):
    service = services.get_service(code) or abort(404)
    return render_template("catalog/service.html", service=service, bases=legal_bases())
