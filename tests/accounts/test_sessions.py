"""Sessions end: a cookie copied before a logout, password change, lock or reset opens nothing
after it; sessions end after 30 idle minutes and 12 hours in all; a form posted after its
session ended comes back filled in once the user has logged in again."""
import re
import time
from datetime import date, timedelta

import pytest
from flask import session
from sqlalchemy import select

from accounts import sessions
from accounts.models import AuditEvent, Organisation, User
from core.forms import KEPT_FORM
from extensions import db
from tests.accounts.session_helpers import (ORIGIN, csrf_token, log_in, replay, sent_to_login,
                                            session_cookie)
from tests.conftest import PASSWORD

NEW_PASSWORD = "bon-con-meo-tren-mai-nha"
PROTECTED = "/accounts/password"


@pytest.fixture
def site(server):
    return server()


@pytest.fixture
def signed_in(site, make_user):
    """A user's browser, logged in through the form, and the cookie it held then."""
    user = make_user("agency_staff")
    browser = site.test_client()
    log_in(browser, user)
    assert browser.get(PROTECTED).status_code == 200
    return user, browser, session_cookie(browser)


def test_a_cookie_copied_before_logout_opens_nothing_after_it(signed_in):
    user, browser, copied = signed_in
    browser.post("/accounts/logout")
    replay(browser, copied)
    assert sent_to_login(browser.get(PROTECTED))


def test_logging_out_ends_the_users_sessions_on_every_other_device(site, signed_in):
    user, browser, _copied = signed_in
    other = site.test_client()
    log_in(other, user)
    other.post("/accounts/logout")
    assert sent_to_login(browser.get(PROTECTED))


def test_a_password_change_ends_every_other_session_and_keeps_this_one(site, signed_in):
    user, browser, copied = signed_in
    response = browser.post(PROTECTED, data={"current": PASSWORD, "new": NEW_PASSWORD,
                                             "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert browser.get(PROTECTED).status_code == 200  # the browser that changed it stays in
    thief = site.test_client()
    replay(thief, copied)
    assert sent_to_login(thief.get(PROTECTED))


def test_an_administrators_lock_ends_the_users_sessions(site, signed_in, make_user):
    user, browser, copied = signed_in
    admin = site.test_client()
    log_in(admin, make_user("admin"))
    response = admin.post(f"/accounts/users/{user.id}/lock", data={"confirm": "y"})
    assert response.status_code == 302
    replay(browser, copied)
    assert sent_to_login(browser.get(PROTECTED))
    refused = browser.post("/accounts/login", data={"email": user.email, "password": PASSWORD})
    assert "Tài khoản đã bị khóa." in refused.get_data(as_text=True)


def test_an_operators_reset_on_the_command_line_ends_the_users_sessions(site, signed_in):
    user, browser, copied = signed_in
    result = site.test_cli_runner().invoke(args=[
        "accounts", "reset-password", "--email", user.email, "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    replay(browser, copied)
    assert sent_to_login(browser.get(PROTECTED))
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == 2


def test_thirty_idle_minutes_end_a_session_which_each_request_renews(signed_in, later):
    _user, browser, copied = signed_in
    later(29)
    assert browser.get(PROTECTED).status_code == 200
    later(29 + 29)  # 29 minutes after the last request, 58 after the login
    assert browser.get(PROTECTED).status_code == 200
    later(29 + 29 + 31)
    assert sent_to_login(browser.get(PROTECTED))
    replay(browser, copied)  # the login's cookie, 89 minutes old: refused when it is read
    assert sent_to_login(browser.get(PROTECTED))


def test_the_idle_limit_comes_from_configuration(server):
    assert server().permanent_session_lifetime == timedelta(minutes=30)
    assert server(SESSION_IDLE_MINUTES=5).permanent_session_lifetime == timedelta(minutes=5)


def test_a_session_ends_twelve_hours_after_its_login_however_busy(signed_in, monkeypatch):
    _user, browser, copied = signed_in
    start = time.time()
    monkeypatch.setattr(sessions, "now", lambda: start + 11 * 3600 + 59 * 60)
    assert browser.get(PROTECTED).status_code == 200
    monkeypatch.setattr(sessions, "now", lambda: start + 12 * 3600 + 60)
    assert sent_to_login(browser.get(PROTECTED))
    with browser.session_transaction() as kept:
        assert "_user_id" not in kept
    replay(browser, copied)
    assert sent_to_login(browser.get(PROTECTED))


def test_moving_the_business_clock_does_not_end_a_session(signed_in, on_day):
    _user, browser, _copied = signed_in
    for day in (date(2030, 1, 1), date(2020, 1, 1)):
        on_day(day)
        assert browser.get(PROTECTED).status_code == 200


@pytest.mark.parametrize("user_id", [
    "{id}", "{id}:0", "{id}:2", "{id}:1:1", "abc", "", "x:1", "99999999999:1", "2147483648:1",
    "٣:١", " {id}:1", "{id}:1\n", 7, None, ["{id}", 1]])
def test_a_session_id_other_than_the_current_one_loads_nobody_and_fails_nothing(
        site, make_user, user_id):
    user = make_user()
    browser = site.test_client()
    if isinstance(user_id, str):
        user_id = user_id.format(id=user.id)
    with browser.session_transaction() as forged:
        forged.update(sessions.session_values(user))
        forged["_user_id"] = user_id
    assert sent_to_login(browser.get(PROTECTED))


def test_the_current_session_id_is_the_user_id_and_version(site, make_user):
    user = make_user()
    assert user.get_id() == f"{user.id}:1"
    browser = site.test_client()
    with browser.session_transaction() as forged:
        forged.update(sessions.session_values(user))
    assert browser.get(PROTECTED).status_code == 200


def test_a_session_without_a_login_time_is_not_one_the_application_started(site, make_user):
    user = make_user()
    browser = site.test_client()
    with browser.session_transaction() as forged:
        forged.update(sessions.session_values(user))
        del forged[sessions.LOGIN_AT]
    assert sent_to_login(browser.get(PROTECTED))


def test_login_starts_a_clean_permanent_session_with_a_new_csrf_token(server, make_user):
    site = server(WTF_CSRF_ENABLED=True)
    browser = site.test_client()
    user = make_user()
    before = csrf_token(browser)
    with browser.session_transaction() as planted:
        planted["planted"] = "by someone else"
        raw_before = planted["csrf_token"]
    browser.post("/accounts/login", data={"csrf_token": before, "email": user.email,
                                          "password": PASSWORD})
    with browser.session_transaction() as started:
        assert started["_user_id"] == user.get_id() and started.permanent
        assert "planted" not in started and "csrf_token" not in started
    after = csrf_token(browser, PROTECTED)
    with browser.session_transaction() as started:
        assert started["csrf_token"] != raw_before
    assert after != before
    refused = browser.post("/accounts/logout", data={"csrf_token": before})
    assert refused.status_code == 400  # the token from before the login is no good now
    assert browser.post("/accounts/logout", data={"csrf_token": after}).status_code == 302


# --- a form posted after its session ended ---------------------------------------------------


def profile_form(org_id: int) -> str:
    return f"/accounts/organisations/{org_id}/edit"


TYPED = {"name": "Sở Khoa học và Công nghệ tỉnh Mới", "address": "Số 9 đường Thử",
         "phone": "0208 3855 999", "province": ""}


def field_value(page: str, name: str) -> str | None:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page)
    return found and found.group(1)


def test_a_form_posted_after_thirty_idle_minutes_is_there_again_after_login(
        server, make_user, later):
    site = server(WTF_CSRF_ENABLED=True)
    approver = make_user("agency_approver")
    path = profile_form(approver.organisation_id)
    browser = site.test_client()
    log_in(browser, approver, csrf=True)
    token = csrf_token(browser, path)
    later(31)  # the approver typed for half an hour: the session ended meanwhile
    response = browser.post(path, data={**TYPED, "csrf_token": token}, headers=ORIGIN)
    assert response.status_code == 302 and response.headers["Location"] == path
    asked = browser.get(path)
    assert sent_to_login(asked) and "next=" in asked.headers["Location"]
    login_page = browser.get(asked.headers["Location"]).get_data(as_text=True)
    assert str(sessions.EXPIRED) in login_page
    back = log_in(browser, approver, csrf=True, query="?next=" + path)
    assert back.headers["Location"] == path
    page = browser.get(path).get_data(as_text=True)
    for name in ("name", "address", "phone"):
        assert field_value(page, name) == TYPED[name]
    db.session.expire_all()
    assert db.session.get(Organisation, approver.organisation_id).name != TYPED["name"]
    again = browser.get(path).get_data(as_text=True)  # shown once, then the saved profile
    assert field_value(again, "name") != TYPED["name"]


def test_a_form_posted_after_a_logout_elsewhere_is_there_again_after_login(site, make_user):
    approver = make_user("agency_approver")
    path = profile_form(approver.organisation_id)
    browser, other = site.test_client(), site.test_client()
    log_in(browser, approver)
    log_in(other, approver)
    other.post("/accounts/logout")
    response = browser.post(path, data=TYPED)
    assert sent_to_login(response)
    assert str(sessions.EXPIRED) in browser.get(response.headers["Location"]).get_data(as_text=True)
    log_in(browser, approver, query="?next=" + path)
    page = browser.get(path).get_data(as_text=True)
    assert field_value(page, "name") == TYPED["name"]
    assert not db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "organisation.update"))


def test_passwords_and_the_token_are_never_kept(app):
    data = {"current": "mat-khau-cu", "new": "mat-khau-moi", "confirm": "mat-khau-moi",
            "password": "bi-mat", "csrf_token": "t", "lines-0-password": "x", "note": "giữ"}
    with app.test_request_context("/accounts/password", method="POST", data=data):
        assert sessions.keep_posted_form()
        assert session[KEPT_FORM]["fields"] == [["note", "giữ"]]


def test_a_kept_form_is_capped_to_fit_the_session_cookie(app):
    data = {f"field{n}": f"giá trị {n}" for n in range(30)} | {"long": "x" * 20_000}
    with app.test_request_context("/plans/new", method="POST", data=data):
        sessions.keep_posted_form()
        kept = session[KEPT_FORM]["fields"]
        assert len(kept) == sessions.KEPT_FIELDS and "long" not in dict(kept)
        big = {f"f{n}": "chữ có dấu " * 60 for n in range(20)}
    with app.test_request_context("/plans/new", method="POST", data=big):
        sessions.keep_posted_form()
        serializer = app.session_interface.get_signing_serializer(app)
        assert len(serializer.dumps(dict(session))) <= sessions.COOKIE_BUDGET
        assert 0 < len(session[KEPT_FORM]["fields"]) < 20


@pytest.mark.parametrize("case", ["no token", "made-up token", "another site", "signed in"])
def test_other_csrf_refusals_stay_a_plain_400(server, make_user, later, case):
    site = server(WTF_CSRF_ENABLED=True)
    browser = site.test_client()
    user = make_user("agency_approver")
    path = profile_form(user.organisation_id)
    log_in(browser, user, csrf=True)
    token = csrf_token(browser, path)
    headers = {"Origin": "https://evil.example"} if case == "another site" else ORIGIN
    if case != "signed in":
        later(31)
    data = dict(TYPED, csrf_token={"no token": "", "made-up token": "abc.def.ghi"}.get(
        case, "tampered" + token if case == "signed in" else token))
    response = browser.post(path, data=data, headers=headers)
    assert response.status_code == 400 and "Yêu cầu không hợp lệ." in response.get_data(
        as_text=True)
    with browser.session_transaction() as after:
        assert KEPT_FORM not in after
