"""Fixtures shared by the lease plan tests: the sample catalog and an agency's users."""
from types import SimpleNamespace

import pytest

from accounts import services as account_services
from catalog.importer import import_catalog
from catalog.services import get_service
from extensions import db
from tests.catalog.conftest import SAMPLE
from tests.conftest import PASSWORD


@pytest.fixture
def plan_catalog(app):
    """The small sample catalog of tests/catalog, committed."""
    import_catalog(SAMPLE)
    db.session.commit()
    return SimpleNamespace(custom=get_service("PM-001"), market=get_service("HT-001"))


@pytest.fixture
def agency(app):
    """An agency with a staff member, an approver and a legal drafter."""
    org = account_services.create_organisation(
        "agency", "Sở Khoa học và Công nghệ tỉnh Thử", short_name="SKHCN",
        parent_body="Ủy ban nhân dân tỉnh Thử", address="Số 18 đường Nha Trang")
    users = {role: account_services.create_user(f"{role}@so-thu.vn", f"Cán bộ {role}",
                                                PASSWORD, role, org)
             for role in ("agency_staff", "agency_approver", "legal_drafter")}
    db.session.commit()
    return SimpleNamespace(org=org, staff=users["agency_staff"],
                           approver=users["agency_approver"], drafter=users["legal_drafter"])
