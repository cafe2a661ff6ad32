"""JSON API of the catalog, for other government systems; the query parameters every list of
the API shares (strict: once each, of the declared shape, or a 400 naming the parameter)."""
import re

from flask import Blueprint, abort, jsonify, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from catalog import services
from catalog.legal_bases import label
from core.pagination import MAX_PAGE, paginate

api = Blueprint("catalog_api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100
# The codes the API filters by, as the OpenAPI documents declare them (tests/
# test_api_schemathesis.py compares): letters in either case where the lookup upper-cases.
CODE_PATTERNS = {
    "category": (r"^[A-Za-z]{2,8}$", 8, _l("mã nhóm dịch vụ gồm 2–8 chữ cái, ví dụ HT")),
    "service": (r"^[A-Za-z0-9]{2,8}-[0-9]{3}$", 12, _l("mã dịch vụ dạng HT-001")),
    "province": (r"^[a-z]+(-[a-z]+)*$", 40, _l("mã tỉnh, thành phố gồm chữ thường không dấu "
                                               "nối bằng gạch ngang, ví dụ ha-noi (tối đa 40 "
                                               "ký tự)")),
}


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        self.name, self.message = name, message


@api.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    body = {"error": {"code": 400, "parameter": error.name, "message": error.message}}
    return jsonify(body), 400


def single_arg(name: str) -> str | None:
    """A query parameter given at most once (the document declares none as a list), or None
    when absent; a 400 naming it when repeated."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, _("Tham số %(name)s chỉ được truyền một lần.", name=name))
    return values[0] if values else None


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high], the default when absent, or a 400 naming
    it: empty, not decimal digits, or out of range."""
    raw = single_arg(name)
    if raw is None:
        return default
    # ASCII only: str.isdigit accepts "²", which int() then refuses (a 500 instead of a 400).
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadParameter(name, _("Tham số %(name)s phải là số nguyên từ %(low)s đến %(high)s.",
                                   name=name, low=low, high=high))
    return int(raw)


def text_arg(name: str, max_length: int = 200) -> str:
    """A text query parameter, stripped, or a 400 when longer than `max_length` as sent."""
    value = single_arg(name) or ""
    if len(value) > max_length:
        raise BadParameter(name, _("Tham số %(name)s dài quá %(max)s ký tự.", name=name,
                                   max=max_length))
    return value.strip()


def code_arg(name: str) -> str | None:
    """A code filter (CODE_PATTERNS, as openapi.yml declares it) or None when absent; a 400
    naming it when empty or malformed."""
    value = single_arg(name)
    if value is None:
        return None
    pattern, max_length, shape = CODE_PATTERNS[name]
    if len(value) > max_length or not re.fullmatch(pattern, value):
        raise BadParameter(name, _("Tham số %(name)s phải là %(shape)s.", name=name, shape=shape))
    return value


# A filter code of the declared shape that names no current record: the filter matches nothing.
NOTHING = object()


def record_arg(name: str, find):
    """The record a code filter names (`find(code)`), None when the filter is absent, or NOTHING
    when the code is well formed but names no record, or a retired one. That is not a bad
    request: the list it filters is empty (200), as for a search that finds nothing, so a client
    holding an old or foreign code gets an answer its schema foresaw."""
    code = code_arg(name)
    if code is None:
        return None
    found = find(code)
    return NOTHING if found is None or getattr(found, "retired_at", None) else found


def empty_list(page: int, per_page: int):
    return jsonify(items=[], total=0, page=page, per_page=per_page)


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
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    category = record_arg("category", services.get_category)
    if category is NOTHING:
        return empty_list(page, per_page)
    pagination = paginate(services.service_query(q, category), page=page, per_page=per_page)
    return jsonify(items=[service_json(s) for s in pagination.items],
                   total=pagination.total, page=page, per_page=per_page)


@api.get("/services/<code>")
def service_detail(code):
    service = services.get_service(code) or abort(404)
    return jsonify(service_json(service, full=True))
