"""Fixtures shared by the lease plan tests: the sample catalog, an agency's users, appraisers."""
from types import SimpleNamespace

import pytest

from accounts import services as account_services
from accounts.models import Province
from catalog.importer import import_catalog
from catalog.services import get_service
from extensions import db
from tests.catalog.conftest import SAMPLE
from tests.conftest import PASSWORD
from tests.plans.plan_helpers import operator_appraiser


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


@pytest.fixture
def appraiser(app):
    """The operator's appraiser, who appraises every agency's plans."""
    user = operator_appraiser()
    db.session.commit()
    return user


@pytest.fixture
def provinces(app):
    """Two provinces; the `agency` fixture's organisation is put in the first."""
    first = Province(code="thai-nguyen", name="Tỉnh Thái Nguyên", kind="province", position=1)
    second = Province(code="da-nang", name="Thành phố Đà Nẵng", kind="city", position=2)
    db.session.add_all([first, second])
    db.session.commit()
    return SimpleNamespace(first=first, second=second)


@pytest.fixture
def province_appraisers(agency, provinces):
    """Appraisers of agencies of the plan's province (`same`) and of another (`other`)."""
    agency.org.province_id = provinces.first.id

    def appraiser_in(province, n):
        org = account_services.create_organisation("agency", f"Sở Tài chính {n}",
                                                   province_id=province.id)
        return account_services.create_user(f"thamdinh{n}@so-tai-chinh.vn", f"Thẩm định {n}",
                                            PASSWORD, "appraiser", org)

    same, other = appraiser_in(provinces.first, 1), appraiser_in(provinces.second, 2)
    db.session.commit()
    return SimpleNamespace(same=same, other=other)
