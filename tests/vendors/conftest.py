"""Fixtures for the vendor registry: provinces, a small catalog, vendors, offerings, PDFs."""
from datetime import date, timedelta
from itertools import count

import pytest

from accounts.services import load_provinces
from catalog.importer import import_catalog
from catalog.services import get_service
from core import clock
from extensions import db
from tests.conftest import PASSWORD
from vendors import services
from vendors.tax_code import check_digit

CATALOG = """
categories:
  - {code: HT, name: Hạ tầng, description: Hạ tầng kỹ thuật.}
  - {code: PM, name: Phần mềm dịch vụ, description: Phần mềm thuê theo dịch vụ.}
services:
  - code: HT-001
    category: HT
    name: Điện toán đám mây chính phủ
    description: Máy chủ ảo và lưu trữ.
    availability: market
    unit: máy chủ ảo/tháng
    security_level: 3
    service_levels: [{name: Tính sẵn sàng, target: "≥ 99,9%/tháng"}]
    legal_bases: [nd73-2019]
  - code: HT-002
    category: HT
    name: Hội nghị truyền hình trực tuyến
    description: Phòng họp trực tuyến.
    availability: market
    unit: điểm cầu/tháng
    security_level: 2
    service_levels: [{name: Độ trễ, target: "≤ 300 ms"}]
    legal_bases: [nd73-2019]
  - code: PM-001
    category: PM
    name: Dịch vụ công trực tuyến
    description: Cổng dịch vụ công và một cửa điện tử.
    availability: custom
    unit: tháng
    security_level: 3
    service_levels: [{name: Thời gian phản hồi, target: "< 5 giây"}]
    legal_bases: [nd73-2019]
  - code: PM-002
    category: PM
    name: Quản lý văn bản và điều hành
    description: Văn bản đến, văn bản đi.
    availability: custom
    unit: người dùng/tháng
    security_level: 2
    service_levels: [{name: Tính sẵn sàng, target: "≥ 99,5%/tháng"}]
    legal_bases: [nd73-2019]
"""

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
               b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def valid_tax_code(n: int) -> str:
    """A made-up tax code that passes the check digit, different for each n."""
    base = 310000000 + n * 7
    while check_digit(f"{base:09d}") is None:
        base += 1
    first_nine = f"{base:09d}"
    return first_nine + str(check_digit(first_nine))


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def registry(app):
    """Provinces and a small committed catalog: 2 categories, 4 services."""
    load_provinces()
    import_catalog(CATALOG)
    db.session.commit()


@pytest.fixture
def make_vendor(registry):
    """Register a vendor with its first user, then verify or reject it; committed."""
    numbers = count(1)

    def factory(status="verified", legal_name=None, province="ha-noi", **fields):
        n = next(numbers)
        profile = {
            "tax_code": valid_tax_code(n), "legal_name": legal_name or f"Công ty thử nghiệm {n}",
            "short_name": None, "address": f"Số {n} phố Thử, phường Một",
            "province": services.get_province(province), "phone": "024 3555 0000",
            "email": f"lienhe{n}@vendor.example.vn", "website": None,
            "representative": "Nguyễn Văn A", "representative_position": "Giám đốc",
            "bank_account": None, "bank_name": None,
        }
        profile.update(fields)
        vendor, _user = services.register_vendor(profile, {
            "name": f"Nhân viên {n}", "email": f"vendor{n}@vendor.example.vn",
            "password": PASSWORD})
        if status == "verified":
            services.verify_vendor(vendor)
        elif status == "rejected":
            services.reject_vendor(vendor, "Thiếu giấy phép kinh doanh.")
        db.session.commit()
        return vendor

    return factory


def first_user(vendor):
    return services.vendor_users(vendor)[0]


@pytest.fixture
def make_offering(registry):
    """Create an offering for a vendor, published unless told otherwise; committed."""

    def factory(vendor, code="HT-001", *, publish=True, **fields):
        data = {
            "service": get_service(code),
            "description": "Gói dịch vụ thử nghiệm.",
            "service_levels": [{"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng"}],
            "hosting_location": "Trung tâm dữ liệu Hà Nội", "security_level": 3,
            "unit": "tháng", "min_term_months": 12, "unit_price": None, "vat_rate": "10",
            "price_public": False, "common_software": False,
        }
        data.update(fields)
        offering = services.create_offering(vendor, data)
        if publish:
            services.set_offering_published(offering, True)
        db.session.commit()
        return offering

    return factory


@pytest.fixture
def make_certification(registry):
    """Add a certification with a tiny valid PDF; expiry in days from today."""

    def factory(vendor, kind="iso27001", expires_in=365, number=None):
        expires = clock.today() + timedelta(days=expires_in)
        cert = services.add_certification(vendor, {
            "kind": kind, "number": number or f"CERT-{vendor.id}-{kind}",
            "issuer": "Tổ chức chứng nhận thử", "issued_on": expires - timedelta(days=1000),
            "expires_on": expires}, MINIMAL_PDF, "chung-chi.pdf")
        db.session.commit()
        return cert

    return factory
