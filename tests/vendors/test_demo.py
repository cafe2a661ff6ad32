"""Demo vendors for `flask seed-demo`: varied, fictitious, idempotent, tolerant of the catalog."""
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

import accounts.demo
from accounts.tax_code import is_valid_tax_code
import catalog.demo
from catalog.importer import DEFAULT_FILE
from core import clock
from extensions import db
from tests.helpers import text
from vendors import demo, services
from vendors.models import Vendor

REAL_EXAMPLES = {"0100109106", "0101248141", "0100684378", "5600000018"}


@pytest.fixture
def shipped_catalog(app):
    if not DEFAULT_FILE.exists():
        pytest.skip(f"{DEFAULT_FILE} is not there yet")
    accounts.demo.seed()
    catalog.demo.seed()
    db.session.commit()


def test_the_demo_has_verified_pending_and_rejected_vendors_with_varied_data(shipped_catalog):
    counts = demo.seed()
    db.session.commit()
    assert counts["nhà cung cấp mới"] == 6 and len(demo.VENDORS) == 6
    assert "gói dịch vụ bỏ qua (mã dịch vụ không có trong danh mục)" not in counts
    vendors = db.session.scalars(select(Vendor)).all()
    assert Counter(v.status for v in vendors) == {"verified": 4, "pending": 1, "rejected": 1}
    offerings = [o for v in vendors for o in v.offerings]
    assert all(2 <= len(v.offerings) <= 4 for v in vendors)
    assert {o.status for o in offerings} == {"draft", "published"}
    assert {o.price_public for o in offerings if o.status == "published"} == {True, False}
    today = clock.today()
    certs = [c for v in vendors for c in v.certifications]
    assert any(c.expired_on(today) for c in certs)
    assert any(today <= c.expires_on <= today + timedelta(days=30) for c in certs)
    for vendor in vendors:
        assert is_valid_tax_code(vendor.tax_code) and vendor.tax_code not in REAL_EXAMPLES
        emails = [u.email for u in services.vendor_users(vendor)]
        assert len(emails) == 1 and emails[0].startswith("kinhdoanh@")
        assert emails[0].endswith(".demo.thuedv.vn")
    rejected = next(v for v in vendors if v.status == "rejected")
    assert rejected.rejection_reason


def test_running_the_demo_twice_creates_nothing_twice(shipped_catalog):
    demo.seed()
    db.session.commit()
    again = demo.seed()
    db.session.commit()
    assert again == {"nhà cung cấp mới": 0, "gói dịch vụ mới": 0, "chứng chỉ mới": 0}
    assert len(db.session.scalars(select(Vendor)).all()) == 6


def test_demo_users_log_in_with_the_demo_password_and_see_their_vendor(shipped_catalog, client):
    demo.seed()
    db.session.commit()
    response = client.post("/accounts/login", data={
        "email": "kinhdoanh@saoviet.demo.thuedv.vn", "password": accounts.demo.DEMO_PASSWORD})
    assert response.status_code == 302
    page = text(client.get("/vendors/profile/"))
    assert "Công ty Cổ phần Giải pháp Số Sao Việt" in page and "Đã xác minh" in page


def test_offerings_for_codes_missing_from_the_catalog_are_skipped_with_a_count(registry):
    counts = demo.seed()  # the small test catalog lacks most of the demo's service codes
    db.session.commit()
    assert counts["nhà cung cấp mới"] == 6
    assert counts["gói dịch vụ bỏ qua (mã dịch vụ không có trong danh mục)"] > 0


def test_the_demo_certificates_are_real_pdfs():
    pdf = demo.demo_pdf("Demo certificate")
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
