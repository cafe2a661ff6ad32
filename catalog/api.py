"""JSON API of the catalog, for other government systems."""
from flask import Blueprint, abort, jsonify, request, url_for

from catalog import services
from core.pagination import paginate
from catalog.legal_bases import label

api = Blueprint("catalog_api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        self.name, self.message = name, message


@api.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    body = {"error": {"code": 400, "parameter": error.name, "message": error.message}}
    return jsonify(body), 400


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high], or a 400 naming it."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    # ASCII only: str.isdigit accepts "²", which int() then refuses (a 500 instead of a 400).
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadParameter(name, f"Tham số {name} phải là số nguyên từ {low} đến {high}.")
    return int(raw)


def text_arg(name: str, max_length: int = 200) -> str:
    """A text query parameter, or a 400 when too long."""
    value = request.args.get(name, "").strip()
    if len(value) > max_length:
        raise BadParameter(name, f"Tham số {name} dài quá {max_length} ký tự.")
    return value


def service_json(service, *, full: bool = False) -> dict:
    item = {
        "code": service.code,
        "name": service.name,
        "category": service.category.code,
        "unit": service.unit,
        "security_level": service.security_level,
        "availability": service.availability,
        "url": url_for("catalog.service", code=service.code, _external=True),
    }
    if full:
        item.update(
            description=service.description,
            category_name=service.category.name,
            service_levels=services.level_rows(service.service_levels),
            legal_bases=[{"id": b, "name": label(b)} for b in service.legal_bases],
            retired=service.retired_at is not None,
        )
    return item


@api.get("/categories")
def categories():
    return jsonify(items=[
        {"code": c.code, "name": c.name, "description": c.description, "services": n}
        for c, n in services.category_counts()
    ])


@api.get("/services")
def service_list():
    q = text_arg("q")
    page = int_arg("page", 1, 1, 100000)
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    category = None
    if code := text_arg("category", 16):
        category = services.get_category(code)
        if category is None or category.retired_at:
            raise BadParameter("category", f"Không có nhóm dịch vụ mã {code}.")
    pagination = paginate(services.service_query(q, category), page=page, per_page=per_page)
    return jsonify(items=[service_json(s) for s in pagination.items],
                   total=pagination.total, page=page, per_page=per_page)


@api.get("/services/<code>")
def service_detail(code):
    service = services.get_service(code) or abort(404)
    return jsonify(service_json(service, full=True))
