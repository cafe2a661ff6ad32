"""Fixtures: one migrated database per run, emptied after every test (SQLite or PostgreSQL).

Set FLASK_SQLALCHEMY_DATABASE_URI to a throwaway PostgreSQL database to run the suite there;
otherwise a temporary SQLite file is used.
"""
import os
from datetime import timedelta
from itertools import count
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from accounts import services as account_services
from app import create_app
from catalog.importer import import_catalog
from catalog.services import get_service
from core import clock
from extensions import db
from tests.contracts.lifecycle_helpers import make_contract
from tests.helpers import CATALOG, MINIMAL_PDF, first_user, valid_tax_code
from tests.mail_helpers import smtp_server  # noqa: F401  (a fixture for every test)
from vendors import services as vendor_services

PASSWORD = "mat-khau-thu-1"


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    uri = os.environ.get("FLASK_SQLALCHEMY_DATABASE_URI")
    if uri:
        return uri
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def make_app(database_uri, tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "localhost",
        # A conversion costs LibreOffice a second: only the tests of PDFs turn it on
        # (tests/contracts/test_document_pdfs.py), the others make the .docx alone.
        "PDF_ON_GENERATE": False,
    }
    config.update(overrides)
    os.environ.setdefault("THUE_INSTANCE_PATH", str(tmp_path))
    return create_app(config)


@pytest.fixture(scope="session")
def migrated(database_uri, tmp_path_factory):
    """Apply the migrations once to an empty database."""
    app = make_app(database_uri, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return database_uri


def empty_database() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            # A transaction a test left open elsewhere would make TRUNCATE wait forever:
            # fail the test after two minutes instead of stalling the whole run.
            conn.execute(text("SET LOCAL lock_timeout = '120s'"))
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


def serving(app):
    """Yield `app` inside its context for one test, then empty its database and let its
    connections go (a generator for fixtures: `yield from serving(make_app(...))`)."""
    with app.app_context():
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


@pytest.fixture
def app(migrated, tmp_path):
    yield from serving(make_app(migrated, tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with a role in a new (or given) organisation, committed."""
    counter = iter(range(1, 10_000))

    def factory(role="agency_staff", organisation=None, **org_fields):
        n = next(counter)
        if organisation is None:
            kind = {"vendor_staff": "vendor", "admin": "operator"}.get(role, "agency")
            organisation = account_services.create_organisation(
                kind, org_fields.pop("name", f"Tổ chức thử {n}"), **org_fields)
        user = account_services.create_user(
            f"user{n}-{role}@example.vn", f"Người dùng {n}", PASSWORD, role, organisation)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login(client):
    """Log a user in through the real login form."""

    def do(user, password=PASSWORD):
        response = client.post("/accounts/login",
                               data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do


@pytest.fixture
def on_day(monkeypatch):
    """Move the one clock (core.clock) to a date for this test: `on_day(date(2026, 9, 1))`."""

    def move(day) -> None:
        monkeypatch.setenv(clock.TODAY_VARIABLE, day.isoformat())

    return move


# --- the vendor registry: used by tests/vendors and by every folder that needs an offering ---


@pytest.fixture
def registry(app):
    """Provinces and a small committed catalog: 2 categories, 4 services."""
    account_services.load_provinces()
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
            "province": vendor_services.get_province(province), "phone": "024 3555 0000",
            "email": f"lienhe{n}@vendor.example.vn", "website": None,
            "representative": "Nguyễn Văn A", "representative_position": "Giám đốc",
            "bank_account": None, "bank_name": None,
        }
        profile.update(fields)
        vendor, _user = vendor_services.register_vendor(profile, {
            "name": f"Nhân viên {n}", "email": f"vendor{n}@vendor.example.vn",
            "password": PASSWORD})
        if status == "verified":
            vendor_services.verify_vendor(vendor)
        elif status == "rejected":
            vendor_services.reject_vendor(vendor, "Thiếu giấy phép kinh doanh.")
        db.session.commit()
        return vendor

    return factory


@pytest.fixture
def make_offering(registry):
    """Create an offering for a vendor, published unless told otherwise; committed."""

    def factory(vendor, code="HT-001", *, publish=True, **fields):
        data = {
            "service": get_service(code),
            "description": "Gói dịch vụ thử nghiệm.",
            "service_levels": [{"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng",
                                "measure": "giám sát tự động"}],
            "hosting_location": "Trung tâm dữ liệu Hà Nội", "security_level": 3,
            "unit": "tháng", "min_term_months": 12, "unit_price": None, "vat_rate": "10",
            "price_public": False, "common_software": False,
        }
        data.update(fields)
        offering = vendor_services.create_offering(vendor, data)
        if publish:
            vendor_services.set_offering_published(offering, True)
        db.session.commit()
        return offering

    return factory


@pytest.fixture
def make_certification(registry):
    """Add a certification with a tiny valid PDF; expiry in days from today."""

    def factory(vendor, kind="iso27001", expires_in=365, number=None):
        expires = clock.today() + timedelta(days=expires_in)
        cert = vendor_services.add_certification(vendor, {
            "kind": kind, "number": number or f"CERT-{vendor.id}-{kind}",
            "issuer": "Tổ chức chứng nhận thử", "issued_on": expires - timedelta(days=1000),
            "expires_on": expires}, MINIMAL_PDF, "chung-chi.pdf")
        db.session.commit()
        return cert

    return factory


# --- a contract and the people around it: used by tests/contracts and tests/accounts ---------


@pytest.fixture
def people(make_user):
    """Users of the contract's agency, an operator's legal drafter and an outsider."""
    staff = make_user("agency_staff", name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
                      short_name="SKHCN")
    operator = account_services.create_organisation("operator", "Trung tâm vận hành hệ thống")
    db.session.commit()
    return SimpleNamespace(
        staff=staff, approver=make_user("agency_approver", organisation=staff.organisation),
        legal=make_user("legal_drafter", organisation=staff.organisation),
        operator_legal=make_user("legal_drafter", organisation=operator),
        outsider_legal=make_user("legal_drafter"), vendor=None)


@pytest.fixture
def offering(make_vendor, make_offering):
    vendor = make_vendor(legal_name="Công ty Cổ phần Công nghệ số Sông Cầu")
    return make_offering(vendor, "HT-001", unit_price=2_500_000, price_public=True)


@pytest.fixture
def contract(client, login, people, offering):
    people.vendor = first_user(offering.vendor)
    return make_contract(client, login, people, offering)
