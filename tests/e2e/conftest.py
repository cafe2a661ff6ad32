"""End-to-end fixtures: the real app served on loopback, driven by Debian's Chromium.

The server is werkzeug's, in a background thread, on 127.0.0.1 and a free port, with a fresh
migrated SQLite database (whatever database the rest of the suite uses), the shipped catalog,
the provinces and a few users. It runs as production does: not in debug or testing mode, CSRF
on, a random secret key; only the session cookie is not Secure-only, the server being plain
http. Chromium is the system's /usr/bin/chromium launched by Playwright for Python; nothing is
downloaded (never run `playwright install`). Without Chromium every test here is skipped.

When a test fails, each of its pages is saved as a PNG in tests/e2e/artifacts/ (git-ignored).
"""
import os
import re
import secrets
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from accounts import services as account_services
from accounts.models import Province
from app import create_app
from catalog import demo as catalog_demo
from core import clock
from extensions import db

CHROMIUM = os.environ.get("THUE_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# sandbox refuses. Playwright gives each launch a new, empty --user-data-dir of its own.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "mat-khau-e2e-1"
TIMEOUT_MS = 15_000


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (f"Chromium not found at {CHROMIUM}: install Debian's package "
                "(`apt-get install chromium`, which `make test` does as root) to run tests/e2e")
    return None


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The app on http://127.0.0.1:<free port>, with its database and users; torn down after."""
    if reason := chromium_missing():
        pytest.skip(reason)
    if clock.fixed_today() is not None:
        pytest.skip("tests/e2e serve the app as production does, which refuses THUE_TODAY")
    instance = tmp_path_factory.mktemp("e2e-instance")
    previous = os.environ.get("THUE_INSTANCE_PATH")
    os.environ["THUE_INSTANCE_PATH"] = str(instance)
    try:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'e2e.sqlite'}",
            "SECRET_KEY": secrets.token_hex(32),
            "SESSION_COOKIE_SECURE": False,  # plain http on loopback
            "RATELIMIT_ENABLED": False,  # every browser comes from 127.0.0.1
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        })
    finally:
        if previous is None:
            os.environ.pop("THUE_INSTANCE_PATH", None)
        else:
            os.environ["THUE_INSTANCE_PATH"] = previous
    with app.app_context():
        upgrade()
        users = seed()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield SimpleNamespace(app=app, url=f"http://127.0.0.1:{server.server_port}", users=users)
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def seed() -> dict:
    """Provinces, the shipped catalog, an operator, an agency with its three roles."""
    account_services.load_provinces()
    catalog_demo.seed()
    operator = account_services.create_organisation("operator", "Trung tâm vận hành")
    province = db.session.query(Province).filter_by(code="thai-nguyen").one()
    agency = account_services.create_organisation(  # a complete profile: its Bên A
        "agency", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", short_name="SKHCN",
        province=province, address="Số 18 đường Nha Trang, tỉnh Thái Nguyên",
        phone="0208 3855 123", email="skhcn@thainguyen.e2e.example.vn", tax_code="4600987667",
        budget_code="1023456", treasury_account="9527.1.1012345",
        treasury_branch="Kho bạc Nhà nước khu vực VI", representative="Nguyễn Văn Minh",
        representative_position="Giám đốc")
    users = {}
    for key, role, org in [("admin", "admin", operator),
                           ("legal", "legal_drafter", operator),
                           ("staff", "agency_staff", agency),
                           ("approver", "agency_approver", agency)]:
        user = account_services.create_user(f"{key}@e2e.example.vn", f"Người dùng {key}",
                                            PASSWORD, role, org)
        users[key] = SimpleNamespace(email=user.email, id=user.id)
    return users


@pytest.fixture(scope="session")
def browser(live):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# The sign-in form's e-mail and password labels, its button and its message, per language.
SIGN_IN = {"vi": ("Thư điện tử", "Mật khẩu", "Đăng nhập", "Đăng nhập thành công."),
           "en": ("E-mail", "Password", "Sign in", "You are logged in.")}


class Browsing:
    """Opens one browser context (its own cookies) per person in a test, and watches them."""

    def __init__(self, browser, live):
        self.browser, self.live = browser, live
        self.pages: list[tuple[str, object]] = []
        self.problems: list[str] = []

    def page(self, who: str = "visitor", locale: str = "vi-VN"):
        """A new page for someone, signed in when `who` is one of the seeded users; `locale`
        is the browser's language (its Accept-Language), which the pages follow."""
        context = self.browser.new_context(base_url=self.live.url, locale=locale,
                                           accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("console", lambda message: self._console(who, message))
        page.on("pageerror", lambda error: self.problems.append(f"{who}: {error}"))
        self.pages.append((who, page))
        if who in self.live.users:
            self.sign_in(page, self.live.users[who].email, english=locale.startswith("en"))
        return page

    def _console(self, who: str, message) -> None:
        # The security policy reports what it blocks on the console: inline script or style,
        # a resource from elsewhere. None of it may happen on any page.
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.problems.append(f"{who}: {message.text}")

    def sign_in(self, page, email: str, password: str = PASSWORD, english: bool = False) -> None:
        words = SIGN_IN["en" if english else "vi"]
        page.goto("/accounts/login")
        page.get_by_label(words[0]).fill(email)
        page.get_by_label(words[1]).fill(password)
        page.get_by_role("button", name=words[2], exact=True).click()
        page.get_by_text(words[3]).wait_for()

    def screenshots(self, test_name: str) -> list[Path]:
        ARTIFACTS.mkdir(exist_ok=True)
        saved = []
        for number, (who, page) in enumerate(self.pages):
            path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', test_name)}-{number}-{who}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception:  # a page already closed or crashed: keep the others
                continue
            saved.append(path)
        return saved

    def close(self) -> None:
        for _who, page in self.pages:
            page.context.close()


@pytest.fixture
def browse(browser, live):
    browsing = Browsing(browser, live)
    yield browsing
    browsing.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    browsing = getattr(item, "funcargs", {}).get("browse")
    if report.when == "call" and report.failed and isinstance(browsing, Browsing):
        saved = browsing.screenshots(item.name)
        report.sections.append(("screenshots", "\n".join(str(p) for p in saved)))
