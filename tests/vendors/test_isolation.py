"""Every vendor-owned route, walked by another vendor's user, an agency user and anonymous."""
import pytest
from sqlalchemy import select

from accounts.models import User
from accounts.services import create_organisation, create_user
from extensions import db
from tests.conftest import PASSWORD
from tests.helpers import first_user, text
from vendors.models import Certification, Offering, Vendor

# Routes that act on the signed-in vendor's own data. `{cert}` and `{offering}` are filled
# with vendor A's ids; routes without them act on "my vendor", whoever is signed in.
OWNER_ROUTES = [
    ("GET", "vendors.profile", "/vendors/profile/"),
    ("GET", "vendors.profile_edit", "/vendors/profile/edit"),
    ("POST", "vendors.profile_edit", "/vendors/profile/edit"),
    ("GET", "vendors.users", "/vendors/profile/users"),
    ("POST", "vendors.users", "/vendors/profile/users"),
    ("GET", "vendors.certification_new", "/vendors/profile/certifications/new"),
    ("POST", "vendors.certification_new", "/vendors/profile/certifications/new"),
    ("GET", "vendors.certification_delete", "/vendors/profile/certifications/{cert}/delete"),
    ("POST", "vendors.certification_delete", "/vendors/profile/certifications/{cert}/delete"),
    ("GET", "vendors.certification_file", "/vendors/certifications/{cert}/file"),
    ("GET", "vendors.offering_new", "/vendors/profile/offerings/new"),
    ("POST", "vendors.offering_new", "/vendors/profile/offerings/new"),
    ("GET", "vendors.offering_edit", "/vendors/profile/offerings/{offering}/edit"),
    ("POST", "vendors.offering_edit", "/vendors/profile/offerings/{offering}/edit"),
    ("POST", "vendors.offering_publish", "/vendors/profile/offerings/{offering}/publish"),
    ("POST", "vendors.offering_publish", "/vendors/profile/offerings/{offering}/unpublish"),
    ("GET", "vendors.export_own_offerings", "/vendors/profile/offerings.xlsx"),
]
ADMIN_ROUTES = [
    ("GET", "vendors.admin_index", "/vendors/admin/"),
    ("GET", "vendors.admin_verify", "/vendors/admin/{tax_code}/verify"),
    ("POST", "vendors.admin_verify", "/vendors/admin/{tax_code}/verify"),
    ("GET", "vendors.admin_reject", "/vendors/admin/{tax_code}/reject"),
    ("POST", "vendors.admin_reject", "/vendors/admin/{tax_code}/reject"),
]
PUBLIC_ENDPOINTS = {"vendors.index", "vendors.vendor", "vendors.compare", "vendors.register",
                    "vendors.confirm_registration", "vendors.export_directory",
                    "vendors.export_service_offerings"}


@pytest.fixture
def owned(make_vendor, make_offering, make_certification):
    """Vendor A (pending, so admin actions apply) with a certification and a draft offering."""
    vendor = make_vendor("pending", legal_name="Công ty Riêng Tư A")
    cert = make_certification(vendor, number="CHUNG-CHI-CUA-A")
    offering = make_offering(vendor, publish=False, description="Bản nháp riêng của A")
    return {"vendor": vendor, "cert": cert.id, "offering": offering.id,
            "tax_code": vendor.tax_code}


def fill(url: str, owned: dict) -> str:
    return url.format(cert=owned["cert"], offering=owned["offering"], tax_code=owned["tax_code"])


def call(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


def unchanged(owned: dict) -> None:
    vendor = db.session.get(Vendor, owned["vendor"].id)
    assert vendor.status == "pending" and vendor.legal_name == "Công ty Riêng Tư A"
    assert db.session.get(Certification, owned["cert"]) is not None
    offering = db.session.get(Offering, owned["offering"])
    assert offering.status == "draft" and offering.version == 1


def test_the_route_lists_cover_every_vendors_endpoint(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("vendors.")}
    walked = {e for _, e, _ in OWNER_ROUTES + ADMIN_ROUTES} | PUBLIC_ENDPOINTS
    assert endpoints == walked


@pytest.mark.parametrize("method, endpoint, url", OWNER_ROUTES + ADMIN_ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, owned, method, endpoint, url):
    response = call(client, method, fill(url, owned))
    assert response.status_code == 302
    assert "/accounts/login" in response.headers["Location"]
    unchanged(owned)


@pytest.mark.parametrize("method, endpoint, url", OWNER_ROUTES + ADMIN_ROUTES)
def test_agency_users_are_refused(client, owned, make_user, login, method, endpoint, url):
    login(make_user("agency_staff"))
    assert call(client, method, fill(url, owned)).status_code == 403
    unchanged(owned)


@pytest.mark.parametrize("method, endpoint, url",
                         [r for r in OWNER_ROUTES if "{" in r[2]])
def test_another_vendors_ids_are_a_404(client, owned, make_vendor, login, method, endpoint, url):
    login(first_user(make_vendor(legal_name="Công ty Khác B")))
    assert call(client, method, fill(url, owned)).status_code == 404
    unchanged(owned)


@pytest.mark.parametrize("method, endpoint, url", ADMIN_ROUTES)
def test_vendor_users_cannot_use_the_admin_pages(client, owned, login, method, endpoint, url):
    login(first_user(owned["vendor"]))
    assert call(client, method, fill(url, owned)).status_code == 403
    unchanged(owned)


def test_another_vendors_own_pages_show_only_its_own_data(client, owned, make_vendor, login):
    other = make_vendor(legal_name="Công ty Khác B")
    login(first_user(other))
    for url in ("/vendors/profile/", "/vendors/profile/edit", "/vendors/profile/users",
                "/vendors/profile/offerings/new", "/vendors/profile/certifications/new"):
        body = text(client.get(url))
        for secret in ("Công ty Riêng Tư A", "CHUNG-CHI-CUA-A", "Bản nháp riêng của A",
                       first_user(owned["vendor"]).email, owned["tax_code"]):
            assert secret not in body, (url, secret)
    assert "Công ty Khác B" in text(client.get("/vendors/profile/"))
    # A pending vendor's page is not public, nor visible to another vendor.
    assert client.get(f"/vendors/{owned['tax_code']}").status_code == 404
    # Saving "my" profile changes B, never A.
    client.post("/vendors/profile/edit", data={
        "legal_name": "Công ty Khác B", "address": "Địa chỉ của B", "province": "hue",
        "phone": "0234 3822 111", "email": "b@b.vn", "representative": "B",
        "representative_position": "Giám đốc"})
    assert db.session.get(Vendor, other.id).address == "Địa chỉ của B"
    unchanged(owned)
    # A user added by B belongs to B's organisation.
    client.post("/vendors/profile/users", data={"name": "Người của B", "email": "nb@b.vn",
                                                "password": PASSWORD, "confirm": PASSWORD})
    added = db.session.scalar(select(User).where(User.email == "nb@b.vn"))
    assert added.organisation_id == other.organisation_id


def test_a_vendor_user_without_a_vendor_record_gets_a_404(client, registry, login):
    org = create_organisation("vendor", "Tổ chức không có hồ sơ")
    user = create_user("lac@example.vn", "Lạc", PASSWORD, "vendor_staff", org)
    db.session.commit()
    login(user)
    assert client.get("/vendors/profile/").status_code == 404
    assert client.get("/vendors/profile/offerings/new").status_code == 404


def test_vendor_posts_need_a_csrf_token_when_enabled(app, client, owned, login):
    login(first_user(owned["vendor"]))
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/vendors/profile/offerings/{owned['offering']}/publish").status_code == 400
    assert client.post(f"/vendors/profile/certifications/{owned['cert']}/delete").status_code == 400
    unchanged(owned)
    form = text(client.get("/vendors/profile/"))
    assert 'name="csrf_token"' in form
