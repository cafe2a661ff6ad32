"""A forgotten password: a link by e-mail, valid one hour and once, which ends the user's
other sessions; the page answers the same whether an address has an account or not."""
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from accounts import tokens
from accounts.models import AuditEvent, MailOutbox
from extensions import db
from tests.accounts.session_helpers import log_in
from tests.conftest import PASSWORD, make_app
from tests.helpers import text

NEW_PASSWORD = "bon-con-meo-tren-mai-nha"
LINK = re.compile(r"http://localhost(/accounts/password/reset/[^\s]+)")


def ask_for_a_link(client, address: str):
    return client.post("/accounts/password/forgot", data={"email": address})


def reset_path(smtp_server, address: str) -> str:
    """The path of the reset link in the last e-mail `address` received."""
    message = smtp_server.to(address)[-1]
    return LINK.search(smtp_server.text(message)).group(1)


def test_the_login_page_offers_a_forgotten_password_link(client):
    page = text(client.get("/accounts/login"))
    assert 'href="/accounts/password/forgot">Quên mật khẩu?</a>' in page
    form = text(client.get("/accounts/password/forgot"))
    assert "Quên mật khẩu" in form and "Gửi liên kết đặt lại mật khẩu" in form


def test_the_reset_e_mail_carries_a_link_that_sets_a_new_password(
        client, make_user, smtp_server):
    user = make_user("agency_staff")
    response = ask_for_a_link(client, user.email.upper())
    assert response.status_code == 200
    [message] = smtp_server.to(user.email)
    assert message["Subject"].strip() == "Đặt lại mật khẩu tài khoản Thuê DV CNTT"
    assert message.envelope_to == [user.email]
    body = smtp_server.text(message)
    assert "có hiệu lực một giờ và chỉ dùng được một lần" in body
    path = reset_path(smtp_server, user.email)
    form = client.get(path)
    assert form.status_code == 200 and user.email in text(form)
    done = client.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and urlsplit(done.headers["Location"]).path == "/accounts/login"
    assert "Đã đặt mật khẩu mới." in text(client.get("/accounts/login"))
    refused = client.post("/accounts/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 200 and "không đúng" in text(refused)
    assert client.post("/accounts/login", data={"email": user.email,
                                                "password": NEW_PASSWORD}).status_code == 302
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_id == str(user.id))))
    assert {"user.password_reset_request", "user.password_reset"} <= actions


def test_a_reset_link_works_once(client, make_user, smtp_server):
    user = make_user()
    ask_for_a_link(client, user.email)
    path = reset_path(smtp_server, user.email)
    client.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = client.get(path)
    assert again.status_code == 400
    assert "đã được dùng hoặc không còn hiệu lực" in text(again)
    assert 'href="/accounts/password/forgot"' in text(again)
    second = client.post(path, data={"new": "mot-cau-khac-hoan-toan-moi", "confirm":
                                     "mot-cau-khac-hoan-toan-moi"})
    assert second.status_code == 400
    assert client.post("/accounts/login", data={"email": user.email,
                                                "password": NEW_PASSWORD}).status_code == 302


def test_a_link_older_than_one_hour_is_refused(client, make_user, smtp_server, later):
    user = make_user()
    ask_for_a_link(client, user.email)
    path = reset_path(smtp_server, user.email)
    later(59)
    assert client.get(path).status_code == 200
    later(61)
    response = client.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "đã hết hạn (liên kết chỉ có hiệu lực một giờ)" in text(response)
    assert client.post("/accounts/login", data={"email": user.email,
                                                "password": PASSWORD}).status_code == 302


def test_a_tampered_link_is_refused_with_a_way_to_ask_again(client, make_user, smtp_server):
    user = make_user()
    ask_for_a_link(client, user.email)
    path = reset_path(smtp_server, user.email)
    for bad in (path[:-3] + "abc", "/accounts/password/reset/khong-phai-lien-ket"):
        response = client.get(bad)
        assert response.status_code == 400
        assert "Liên kết đặt lại mật khẩu không hợp lệ" in text(response)
        assert "Yêu cầu liên kết đặt lại mật khẩu mới" in text(response)


def test_setting_the_password_ends_every_other_session(server, make_user, smtp_server):
    site = server(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    user = make_user()
    elsewhere, here = site.test_client(), site.test_client()
    log_in(elsewhere, user)
    assert elsewhere.get("/accounts/password").status_code == 200
    ask_for_a_link(here, user.email)
    here.post(reset_path(smtp_server, user.email),
              data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    ended = elsewhere.get("/accounts/password")
    assert ended.status_code == 302 and "/accounts/login" in ended.headers["Location"]


def test_the_new_password_follows_the_same_rules_as_a_change(client, make_user, smtp_server):
    user = make_user()
    ask_for_a_link(client, user.email)
    path = reset_path(smtp_server, user.email)
    short = text(client.post(path, data={"new": "ngan", "confirm": "ngan"}))
    assert "Mật khẩu cần ít nhất 12 ký tự." in short
    mismatch = text(client.post(path, data={"new": NEW_PASSWORD, "confirm": "khac"}))
    assert "Hai mật khẩu mới không khớp nhau." in mismatch
    assert client.get(path).status_code == 200  # refused attempts leave the link usable


def test_the_answer_is_the_same_for_an_existing_and_an_unknown_address(
        client, make_user, smtp_server):
    user = make_user()
    known = text(ask_for_a_link(client, user.email)).replace(user.email, "ADDRESS")
    unknown = text(ask_for_a_link(client, "khong-co@example.vn")).replace(
        "khong-co@example.vn", "ADDRESS")
    assert known == unknown
    assert "Nếu địa chỉ <strong>ADDRESS</strong> có tài khoản" in known
    assert smtp_server.to("khong-co@example.vn") == []
    assert db.session.scalar(select(MailOutbox.recipient)) == user.email


def test_a_locked_account_gets_no_link(client, make_user, smtp_server):
    user = make_user()
    user.active = False
    db.session.commit()
    assert ask_for_a_link(client, user.email).status_code == 200
    assert smtp_server.to(user.email) == []


def test_a_reset_link_is_signed_for_its_purpose_alone(app, make_user):
    user = make_user()
    with app.test_request_context():
        token = tokens.reset_token(user)
        assert tokens.read_reset_token(token) == (user.id, tokens.fingerprint(user.password_hash))
        assert user.password_hash not in token
        with pytest.raises(tokens.TokenProblem):
            tokens.read_reset_token(token.replace(".", "x", 1))


def test_the_forgot_form_is_rate_limited_by_address(migrated, tmp_path):
    app = make_app(migrated, tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_RESET="2/minute")
    with app.app_context():
        client = app.test_client()
        codes = [ask_for_a_link(client, "ai@do.vn").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert "quá nhiều yêu cầu" in text(ask_for_a_link(client, "ai@do.vn"))
        db.session.remove()
        db.engine.dispose()


def test_the_reset_limit_defaults_to_five_a_minute(app):
    assert app.config["RATELIMIT_RESET"] == "5/minute"
