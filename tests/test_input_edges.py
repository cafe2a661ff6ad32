"""No 500 from input (issue 13, point 6): ids past the database's integer range, CR/LF in the
login `next` and in file names, and external URLs built from the configured server name, never
from the Host header."""
import pytest

from accounts import services as accounts
from accounts.views.auth import safe_next
from catalog.importer import import_catalog
from core.files import clean_file_name
from core.routing import MAX_ID
from extensions import db
from tests.conftest import PASSWORD, empty_database, make_app
from tests.helpers import CATALOG

HUGE = [MAX_ID + 1, 2**63, 10**30]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize("address", ["/api/v1/contracts/{}/ocds", "/contracts/{}",
                                     "/plans/{}", "/contracts/plans/{}"])
def test_an_id_past_the_integer_range_is_a_404(client, login, make_user, address, number):
    login(make_user("agency_staff"))
    assert client.get(address.format(number)).status_code == 404


def test_the_largest_id_still_reaches_the_view(client, login, make_user):
    login(make_user("agency_staff"))
    assert client.get(f"/contracts/{MAX_ID}").status_code == 404  # the view's own "no row"
    assert client.get("/contracts/1").status_code in (403, 404)


@pytest.mark.parametrize("target", ["/contracts/\r\nSet-Cookie: a=b", "//evil.example/x",
                                    "/\\evil.example", "https://evil.example/", "contracts",
                                    "/a\tb", None, ""])
def test_a_next_link_elsewhere_or_with_control_characters_is_not_followed(app, target):
    with app.test_request_context():
        assert safe_next(target) == "/catalog/"


def test_a_plain_next_link_is_followed(app):
    with app.test_request_context():
        assert safe_next("/contracts/12?tab=lich-su") == "/contracts/12?tab=lich-su"


@pytest.mark.parametrize(("name", "clean"), [
    ("ban-ky\r\nX-Evil: 1.pdf", "ban-kyX-Evil: 1.pdf"),
    ("C:\\Users\\a\\hợp đồng.pdf", "hợp đồng.pdf"),
    ("../../etc/passwd", "passwd"), ("\x00\x07", "mac-dinh.pdf"), (None, "mac-dinh.pdf"),
    ("..", "mac-dinh.pdf"), ("a" * 300 + ".pdf", "a" * 255)])
def test_a_file_name_keeps_only_its_printable_last_part(name, clean):
    assert clean_file_name(name, "mac-dinh.pdf") == clean


# --- external URLs never come from the request's Host header (issue 13, point 6) -------------


def test_the_api_builds_its_urls_from_the_configured_server_name(app, client):
    import_catalog(CATALOG)
    db.session.commit()
    app.config["SERVER_NAME"] = "thuedv.example.gov.vn"
    response = client.get("/api/v1/services", headers={"Host": "evil.example"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "evil.example" not in body and "http://thuedv.example.gov.vn/catalog/services/" in body


def test_without_a_server_name_only_trusted_hosts_are_answered(migrated, tmp_path):
    app = make_app(migrated, tmp_path, SERVER_NAME=None)
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    client = app.test_client()
    with app.app_context():
        assert client.get("/api/v1/services", headers={"Host": "evil.example"}).status_code == 400
        ok = client.get("/api/v1/services", headers={"Host": "127.0.0.1:5000"})
        assert ok.status_code == 200 and "evil" not in ok.get_data(as_text=True)
        db.session.remove()


@pytest.mark.parametrize("hops, scheme", [(0, "http"), (1, "https")])
def test_the_proxys_scheme_is_trusted_only_when_configured(migrated, tmp_path, hops, scheme):
    app = make_app(migrated, tmp_path, PROXY_FIX_HOPS=hops)
    with app.app_context():
        import_catalog(CATALOG)
        db.session.commit()
        body = app.test_client().get("/api/v1/services", headers={
            "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}).get_data(True)
        assert f"{scheme}://localhost/catalog/services/" in body and "evil" not in body
        db.session.remove()
        empty_database()


@pytest.mark.parametrize("hops, blocked", [(0, True), (1, False)])
def test_a_locked_out_client_is_the_one_the_proxy_names_only_behind_a_trusted_proxy(
        migrated, tmp_path, hops, blocked):
    """Behind nginx every request comes from 127.0.0.1: trusted, X-Forwarded-For tells the
    clients apart; untrusted (the default), a client cannot pick an address to dodge a lock."""
    app = make_app(migrated, tmp_path, PROXY_FIX_HOPS=hops)
    client = app.test_client()
    with app.app_context():
        user = make_user_in(app)
        for _ in range(app.config["LOGIN_MAX_FAILURES"]):
            client.post("/accounts/login", data={"email": user, "password": "sai-mat-khau-roi"},
                        headers={"X-Forwarded-For": "198.51.100.1"})
        response = client.post("/accounts/login", data={"email": user, "password": PASSWORD},
                               headers={"X-Forwarded-For": "198.51.100.2"})
        assert (response.status_code == 200) is blocked
        db.session.remove()
        empty_database()


def make_user_in(app) -> str:
    organisation = accounts.create_organisation("agency", "Cơ quan A")
    email = "nhanvien@example.vn"
    accounts.create_user(email, "Nhân viên", PASSWORD, "agency_staff", organisation)
    db.session.commit()
    return email
