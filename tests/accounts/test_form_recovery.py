"""Nothing typed is lost when a form's token expires: the page comes back with what was typed
and a message to send it again, and nothing is saved; other CSRF refusals stay a 400."""
import html
import io
import re

import pytest
from sqlalchemy import func, select

from core.form_recovery import DO_AGAIN, FILES_LOST, PASSWORDS_AGAIN
from extensions import db
from plans.models import LeasePlan
from tests.accounts.session_helpers import ORIGIN, TOKEN, csrf_token, log_in
from tests.helpers import MINIMAL_PDF, first_user
from tests.plans.conftest import agency, plan_catalog  # noqa: F401  (fixtures)
from tests.plans.plan_helpers import TEXTS
from tests.plans.test_views import plan_form
from tests.vendors.test_registration import FORM
from vendors.models import Certification
from vendors.registration import PendingRegistration

EXPIRED = "Biểu mẫu đã hết hạn nên chưa được gửi"


@pytest.fixture
def site(server):
    """CSRF on, and sessions that outlive the hour of a form's token."""
    return server(WTF_CSRF_ENABLED=True, SESSION_IDLE_MINUTES=240)


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def value_of(page: str, name: str) -> str | None:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page)
    return found and found.group(1)


def plan_count() -> int:
    return db.session.scalar(select(func.count(LeasePlan.id)))


def test_an_expired_token_shows_the_typed_plan_again_and_saves_nothing(
        site, agency, plan_catalog, later):  # noqa: F811
    browser = site.test_client()
    log_in(browser, agency.staff, csrf=True)
    token = csrf_token(browser, "/plans/new")
    typed = plan_form([plan_catalog.custom.id], title="Thuê hệ thống họp không giấy tờ")
    later(61)  # an hour of typing: the token has expired, the session has not
    response = browser.post("/plans/new", data={**typed, "csrf_token": token}, headers=ORIGIN)
    assert response.status_code == 200
    page = page_of(response)
    assert EXPIRED in page and "vui lòng kiểm tra và gửi lại" in page
    assert value_of(page, "title") == "Thuê hệ thống họp không giấy tờ"
    assert value_of(page, "signer_name") == "Nguyễn Văn Minh"
    assert TEXTS["current_state"] in page and TEXTS["security"] in page
    assert re.search(rf'checked[^>]*value="{plan_catalog.custom.id}"|value="'
                     rf'{plan_catalog.custom.id}"[^>]*checked', page)
    assert plan_count() == 0
    fresh = TOKEN.search(page).group(1)
    assert fresh != token
    sent = browser.post("/plans/new", data={**typed, "csrf_token": fresh}, headers=ORIGIN)
    assert sent.status_code == 302 and plan_count() == 1


def test_an_expired_registration_form_comes_back_without_its_passwords(site, registry, later):
    browser = site.test_client()
    token = csrf_token(browser, "/vendors/register")
    later(61)
    response = browser.post("/vendors/register", data={**FORM, "csrf_token": token},
                            headers=ORIGIN)
    assert response.status_code == 200
    page = page_of(response)
    assert EXPIRED in page and PASSWORDS_AGAIN.strip() in page
    for name in ("legal_name", "tax_code", "address", "user_name", "user_email"):
        assert value_of(page, name) == FORM[name], name
    assert FORM["password"] not in page
    assert 'selected value="ha-noi"' in page
    assert db.session.scalar(select(func.count(PendingRegistration.id))) == 0


def test_a_file_cannot_be_kept_and_the_message_says_so(site, make_vendor, later):
    vendor = make_vendor()
    browser = site.test_client()
    log_in(browser, first_user(vendor), csrf=True)
    path = "/vendors/profile/certifications/new"
    token = csrf_token(browser, path)
    later(61)
    response = browser.post(path, headers=ORIGIN, content_type="multipart/form-data", data={
        "csrf_token": token, "kind": "iso27001", "number": "ISO-2026-77",
        "issuer": "Tổ chức chứng nhận", "issued_on": "2026-01-05", "expires_on": "2029-01-04",
        "file": (io.BytesIO(MINIMAL_PDF), "chung-chi.pdf")})
    assert response.status_code == 200
    page = page_of(response)
    assert EXPIRED in page and FILES_LOST.strip() in page
    assert value_of(page, "number") == "ISO-2026-77"
    assert db.session.scalar(select(func.count(Certification.id))) == 0


def test_a_plain_button_goes_back_to_its_page_and_does_nothing(site, make_user, later):
    user = make_user("agency_staff")
    browser = site.test_client()
    log_in(browser, user, csrf=True)
    token = csrf_token(browser, "/accounts/password")
    later(61)
    response = browser.post("/accounts/logout", data={"csrf_token": token},
                            headers={"Referer": "http://localhost/accounts/password"})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/password"
    back = browser.get("/accounts/password")
    assert back.status_code == 200 and str(DO_AGAIN) in page_of(back)  # still signed in


@pytest.mark.parametrize("case", ["no token", "made-up token", "another site", "JSON"])
def test_other_refusals_stay_a_plain_400(site, agency, plan_catalog, later, case):  # noqa: F811
    browser = site.test_client()
    log_in(browser, agency.staff, csrf=True)
    token = csrf_token(browser, "/plans/new")
    later(61)
    typed = plan_form([plan_catalog.custom.id])
    headers = {"Origin": "https://evil.example"} if case == "another site" else ORIGIN
    token = {"no token": "", "made-up token": "abc.def.ghi"}.get(case, token)
    if case == "JSON":
        response = browser.post("/plans/new", json={**typed, "csrf_token": token},
                                headers=ORIGIN)
    else:
        response = browser.post("/plans/new", data={**typed, "csrf_token": token},
                                headers=headers)
    assert response.status_code == 400 and "Yêu cầu không hợp lệ." in page_of(response)
    assert plan_count() == 0
