"""JSON API of the vendor registry: verified vendors and their published offerings."""
from flask import Blueprint, abort, jsonify, url_for

from catalog import services as catalog_services
from catalog.api import (MAX_PER_PAGE, NOTHING, BadParameter, bad_parameter, empty_list,
                         int_arg, record_arg, text_arg)
from core import clock
from core.pagination import MAX_PAGE, paginate
from vendors import services

api = Blueprint("vendors_api", __name__, url_prefix="/api/v1")
api.register_error_handler(BadParameter, bad_parameter)


def vendor_json(vendor, codes: list[str]) -> dict:
    return {
        "tax_code": vendor.tax_code,
        "name": vendor.legal_name,
        "short_name": vendor.short_name,
        "province": vendor.province.code,
        "province_name": vendor.province.name,
        "url": url_for("vendors.vendor", tax_code=vendor.tax_code, _external=True),
        "services": codes,
    }


def offering_json(offering) -> dict:
    # Only public_price reaches the API: an unpublished price stays on the server.
    return {
        "id": offering.id,
        "service": offering.service.code,
        "service_name": offering.service.name,
        "description": offering.description,
        "service_levels": catalog_services.level_rows(offering.service_levels),
        "hosting_location": offering.hosting_location,
        "security_level": offering.security_level,
        "unit": offering.unit,
        "min_term_months": offering.min_term_months,
        "price": offering.public_price,
        "price_public": offering.public_price is not None,
        "vat_rate": offering.vat_rate,
        "common_software": offering.common_software,
    }


def certification_json(cert, day) -> dict:
    return {
        "kind": cert.kind,
        "kind_name": str(cert.kind_label),
        "number": cert.number,
        "issuer": cert.issuer,
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "expired": cert.expired_on(day),
    }


@api.get("/vendors")
def vendor_list():
    q = text_arg("q")
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    service = record_arg("service", catalog_services.get_service)
    category = record_arg("category", catalog_services.get_category)
    province = record_arg("province", services.get_province)
    if any(found is NOTHING for found in (service, category, province)):
        return empty_list(page, per_page)
    pagination = paginate(services.vendor_query(q, service, category, province), page=page,
                          per_page=per_page, count_separately=True)
    codes = services.published_service_codes([v.id for v in pagination.items])
    return jsonify(items=[vendor_json(v, codes[v.id]) for v in pagination.items],
                   total=pagination.total, page=page, per_page=per_page)


@api.get("/vendors/<tax_code>")
def vendor_detail(tax_code):
    vendor = services.get_vendor(tax_code)
    if vendor is None or not vendor.is_verified:
        abort(404)
    offerings = services.vendor_public_offerings(vendor)
    day = clock.today()
    body = vendor_json(vendor, sorted({o.service.code for o in offerings}))
    body.update(
        address=vendor.address, phone=vendor.phone, email=vendor.email, website=vendor.website,
        representative=vendor.representative,
        representative_position=vendor.representative_position,
        certifications=[certification_json(c, day) for c in vendor.certifications],
        offerings=[offering_json(o) for o in offerings],
    )
    return jsonify(body)
