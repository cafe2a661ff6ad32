"""Web security: CSRF on every form, cookies, headers, rate limits, the secret key, error pages."""
import re
from pathlib import Path

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from accounts.sessions import session_values
from app import DEV_SECRET_KEY, SECURITY_HEADERS, create_app
from core import clock
from extensions import db
from tests.conftest import PASSWORD, make_app


@pytest.fixture(autouse=True)
def real_clock(monkeypatch):
    """These tests build production applications, which refuse a moved clock; none of them
    depends on the date."""
    monkeypatch.delenv(clock.TODAY_VARIABLE, raising=False)


TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


def sample_path(rule) -> str:
    """A path matching the rule: 1 for ids, the first choice of an `any`, "x" otherwise."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, IntegerConverter):
            values[name] = 1
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]


def post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods]


def log_in_as(client, user) -> None:
    """Sign a user in through the session, without the login form (which needs a token)."""
    with client.session_transaction() as session:
        session.update(session_values(user))


def text(response) -> str:
    return response.get_data(as_text=True)


# --- CSRF -----------------------------------------------------------------------------------


def test_there_are_post_routes_to_check(app):
    assert len(post_rules(app)) >= 20


@pytest.mark.parametrize("who", ["anonymous", "admin", "agency_staff", "vendor_staff"])
def test_every_post_route_refuses_a_form_without_its_csrf_token(app, client, make_user, who):
    app.config["WTF_CSRF_ENABLED"] = True
    if who != "anonymous":
        log_in_as(client, make_user(who))
    refused = {}
    for rule in post_rules(app):
        response = client.post(sample_path(rule), data={"name": "x"})
        refused[rule.rule] = response.status_code
    assert {rule: code for rule, code in refused.items() if code != 400} == {}


def test_the_csrf_refusal_is_the_vietnamese_error_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/accounts/login", data={"email": "a@b.vn", "password": "x"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ." in text(response)


def test_a_form_with_its_token_gets_through(app, client, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user("agency_staff")
    page = text(client.get("/accounts/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    response = client.post("/accounts/login", data={"csrf_token": token.group(1),
                                                    "email": user.email, "password": PASSWORD})
    assert response.status_code == 302


# --- cookies ---------------------------------------------------------------------------------


def production_app(database_uri, tmp_path, **overrides):
    """The app as a server runs it: neither debug nor testing, with a real secret key."""
    config = {"TESTING": False, "DEBUG": False, "SECRET_KEY": "k" * 64,
              "RATELIMIT_ENABLED": False, **overrides}
    return make_app(database_uri, tmp_path, **config)


def test_session_cookies_are_secure_httponly_and_lax_outside_development(
        migrated, tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SESSION_COOKIE_SECURE", raising=False)
    config = production_app(migrated, tmp_path).config
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["REMEMBER_COOKIE_SECURE"] is True and config["REMEMBER_COOKIE_HTTPONLY"]


def test_the_session_cookie_header_carries_every_flag(migrated, tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SESSION_COOKIE_SECURE", raising=False)
    app = production_app(migrated, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.get("/accounts/login")  # the form's CSRF token starts a session
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_secure_cookies_can_be_turned_off_with_an_environment_variable(
        migrated, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "false")
    assert production_app(migrated, tmp_path).config["SESSION_COOKIE_SECURE"] is False


def test_development_and_tests_use_plain_http_cookies(app, migrated, tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SESSION_COOKIE_SECURE", raising=False)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    debug = production_app(migrated, tmp_path, DEBUG=True, SECRET_KEY=DEV_SECRET_KEY)
    assert debug.config["SESSION_COOKIE_SECURE"] is False


# --- headers ---------------------------------------------------------------------------------


def test_the_policy_is_the_one_asked_for():
    assert SECURITY_HEADERS["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("path", ["/catalog/", "/", "/static/css/app.css", "/api/v1/categories",
                                  "/api/v1/services/KHONG-CO", "/khong-co-trang-nay",
                                  "/accounts/password", "/plans/calculator"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_failing_page_carries_the_security_headers_too(migrated, tmp_path):
    app = failing_app(migrated, tmp_path)
    response = app.test_client().get("/thu-loi")
    assert response.status_code == 500
    assert response.headers["Content-Security-Policy"] == CSP


INLINE = {
    "an inline <script>": re.compile(r"<script(?![^>]*\bsrc=)", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "a style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "an on…= event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_has_inline_script_or_style_that_the_policy_would_block():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(source):
                line = source.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []


# --- rate limits -----------------------------------------------------------------------------


@pytest.fixture
def limited(migrated, tmp_path):
    """An app with the rate limiter on, as outside tests."""
    app = make_app(migrated, tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_login_allows_ten_attempts_a_minute_per_address_then_429(limited):
    client = limited.test_client()
    for _ in range(10):
        response = client.post("/accounts/login", data={"email": "ai@do.vn", "password": "x"})
        assert response.status_code == 200
    refused = client.post("/accounts/login", data={"email": "ai@do.vn", "password": "x"})
    assert refused.status_code == 429
    body = text(refused)
    assert "Bạn đã gửi quá nhiều yêu cầu" in body and "Lỗi 429" in body
    assert client.get("/accounts/login").status_code == 200  # reading the form is not limited
    other = limited.test_client()
    response = other.post("/accounts/login", data={"email": "ai@do.vn", "password": "x"},
                          environ_base={"REMOTE_ADDR": "127.0.0.2"})
    assert response.status_code == 200


def test_vendor_registration_allows_five_posts_a_minute_then_429(limited):
    client = limited.test_client()
    for _ in range(5):
        assert client.post("/vendors/register", data={"legal_name": "X"}).status_code == 200
    response = client.post("/vendors/register", data={"legal_name": "X"})
    assert response.status_code == 429 and "quá nhiều yêu cầu" in text(response)


def test_the_limits_are_off_in_tests_unless_turned_on(client):
    for _ in range(12):
        response = client.post("/accounts/login", data={"email": "ai@do.vn", "password": "x"})
        assert response.status_code == 200


def test_the_limits_come_from_configuration(migrated, tmp_path):
    app = make_app(migrated, tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2/minute")
    with app.app_context():
        client = app.test_client()
        codes = [client.post("/accounts/login", data={"email": "a@b.vn", "password": "x"})
                 .status_code for _ in range(3)]
    assert codes == [200, 200, 429]


# --- secret key ------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("FLASK_SECRET_KEY", "FLASK_DEBUG", "FLASK_TESTING"):
        monkeypatch.delenv(name, raising=False)


def test_the_app_refuses_to_start_outside_development_with_the_default_key(clean_env, migrated):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": migrated})
    with pytest.raises(RuntimeError, match="FLASK_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": ""})


def test_the_app_starts_with_a_real_key_or_in_debug_or_testing(clean_env, migrated, monkeypatch):
    uri = {"SQLALCHEMY_DATABASE_URI": migrated}
    assert create_app({**uri, "SECRET_KEY": "k" * 64}).secret_key == "k" * 64
    assert create_app({**uri, "DEBUG": True}).debug
    assert create_app({**uri, "TESTING": True}).testing
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment-" + "x" * 40)
    assert create_app(uri).secret_key.startswith("from-the-environment-")


# --- errors ----------------------------------------------------------------------------------


def failing_app(database_uri, tmp_path):
    """An app with a page and an API endpoint that raise, and exceptions not propagated."""
    app = make_app(database_uri, tmp_path, PROPAGATE_EXCEPTIONS=False)

    def fail():
        raise RuntimeError("chi tiết nội bộ: mật khẩu cơ sở dữ liệu")

    app.add_url_rule("/thu-loi", "thu_loi", fail)
    app.add_url_rule("/api/v1/thu-loi", "api_thu_loi", fail)
    return app


def test_an_exception_shows_the_vietnamese_error_page_without_a_traceback(migrated, tmp_path):
    client = failing_app(migrated, tmp_path).test_client()
    response = client.get("/thu-loi")
    body = text(response)
    assert response.status_code == 500
    assert "Lỗi 500" in body and "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau." in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert "chi tiết nội bộ" not in body and "File &#34;" not in body


def test_an_exception_in_the_api_is_a_json_500_without_details(migrated, tmp_path):
    client = failing_app(migrated, tmp_path).test_client()
    response = client.get("/api/v1/thu-loi")
    assert response.status_code == 500
    assert response.get_json() == {"error": {"code": 500,
                                             "message": "Đã xảy ra lỗi hệ thống. Vui lòng thử "
                                                        "lại sau."}}
