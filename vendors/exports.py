"""Downloads of the vendor directory (with the page's filters), of a catalog service's published
offerings (the service page's panel) and of a vendor's own offerings (its profile), as .xlsx
or CSV (core.exports). The directory and a service's offerings are public, open data: they
show what the public pages show (a price only where its vendor made it public)."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from accounts.access import roles_required
from catalog import services as catalog_services
from core import clock
from core.exports import (Column, count_rows, export_response, in_batches, limit_message,
                          list_rows, streams)
from extensions import db
from vendors import bp, services
from vendors.models import PRICE_ON_REQUEST, Vendor
from vendors.views import directory_filters

DIRECTORY_COLUMNS = [
    Column(_l("Tên doanh nghiệp"), lambda r: r[0].legal_name, width=44),
    Column(_l("Tên viết tắt"), lambda r: r[0].short_name),
    Column(_l("Mã số thuế"), lambda r: r[0].tax_code),
    Column(_l("Tỉnh, thành phố"), lambda r: r[0].province.name, width=20),
    Column(_l("Địa chỉ"), lambda r: r[0].address, width=40),
    Column(_l("Điện thoại"), lambda r: r[0].phone),
    Column(_l("Thư điện tử"), lambda r: r[0].email, width=28),
    Column(_l("Trang thông tin điện tử"), lambda r: r[0].website, width=28),
    Column(_l("Dịch vụ công bố"), lambda r: ", ".join(r[1]), width=30),
]


def _price_note(offering) -> str:
    return PRICE_ON_REQUEST if offering.public_price is None else ""


def _common(offering) -> str:
    return _("Có") if offering.common_software else _("Không")


SERVICE_OFFERING_COLUMNS = [
    Column(_l("Nhà cung cấp"), lambda o: o.vendor.legal_name, width=44),
    Column(_l("Mã số thuế"), lambda o: o.vendor.tax_code),
    Column(_l("Đơn giá công khai trước thuế (đồng)"), lambda o: o.public_price, "vnd", width=22),
    Column(_l("Ghi chú giá"), _price_note),
    Column(_l("Đơn vị tính"), lambda o: o.unit),
    Column(_l("Thuế suất GTGT"), lambda o: o.vat_label),
    Column(_l("Thời hạn thuê tối thiểu (tháng)"), lambda o: o.min_term_months, "int"),
    Column(_l("Cấp độ an toàn hệ thống thông tin"), lambda o: o.security_level, "int"),
    Column(_l("Nơi đặt hệ thống"), lambda o: o.hosting_location, width=30),
    Column(_l("Phần mềm dùng chung"), _common),
]

OWN_OFFERING_COLUMNS = [
    Column(_l("Mã dịch vụ"), lambda o: o.service.code),
    Column(_l("Tên dịch vụ"), lambda o: o.service.name, width=40),
    Column(_l("Trạng thái"), lambda o: o.status_label),
    Column(_l("Đơn giá trước thuế (đồng)"), lambda o: o.unit_price, "vnd"),
    Column(_l("Công khai giá"), lambda o: _("Có") if o.price_public else _("Không")),
    Column(_l("Đơn vị tính"), lambda o: o.unit),
    Column(_l("Thuế suất GTGT"), lambda o: o.vat_label),
    Column(_l("Thời hạn thuê tối thiểu (tháng)"), lambda o: o.min_term_months, "int"),
    Column(_l("Cấp độ an toàn hệ thống thông tin"), lambda o: o.security_level, "int"),
    Column(_l("Nơi đặt hệ thống"), lambda o: o.hosting_location, width=30),
    Column(_l("Phần mềm dùng chung"), _common),
    Column(_l("Công bố lúc"), lambda o: o.published_at, "datetime"),
]


def _with_codes(vendors):
    """Each vendor with the codes of the services it publicly offers, a batch per query."""
    for batch in in_batches(vendors):
        codes = services.published_service_codes([v.id for v in batch])
        yield from ((vendor, codes[vendor.id]) for vendor in batch)


@bp.route("/export.<any(xlsx, csv):fmt>")
def export_directory(fmt):
    """The directory as its page filters it (every page of it): open data."""
    filters = directory_filters()
    query = services.vendor_query(**filters).options(joinedload(Vendor.province))
    count = count_rows(query)
    if message := limit_message(fmt, count):
        flash(message, "warning")
        return redirect(url_for("vendors.index", **request.args.to_dict()))
    vendors = _with_codes(list_rows(query, fmt, count))
    return export_response(fmt, f"nha-cung-cap-{clock.today().isoformat()}",
                           _("Nhà cung cấp"), DIRECTORY_COLUMNS, vendors,
                           stream=streams(fmt, count))


@bp.route("/services/<code>/offerings.<any(xlsx, csv):fmt>")
def export_service_offerings(code, fmt):
    """The published offerings of one catalog service, as its page's panel lists them."""
    service = catalog_services.get_service(code) or abort(404)
    offerings = db.session.scalars(services.service_offerings_query(service)).all()
    return export_response(fmt, f"goi-dich-vu-{service.code}", service.code,
                           SERVICE_OFFERING_COLUMNS, offerings)


@bp.route("/profile/offerings.<any(xlsx, csv):fmt>")
@roles_required("vendor_staff")
def export_own_offerings(fmt):
    """The signed-in vendor's own offerings, drafts and prices included, as its profile."""
    vendor = services.vendor_for_user(current_user, profile=True) or abort(404)
    return export_response(fmt, f"goi-dich-vu-{vendor.tax_code}", _("Gói dịch vụ"),
                           OWN_OFFERING_COLUMNS, vendor.offerings)
