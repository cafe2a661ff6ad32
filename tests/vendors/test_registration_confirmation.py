"""Registration completes through an e-mailed link, and tells nobody which addresses already
have an account: they get an e-mail saying so, with a link to set a new password."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from accounts.models import Organisation, User
from core import clock
from extensions import db
from tests.helpers import first_user, text
from tests.vendors.test_registration import FORM, TAX_CODE, vendor_count
from vendors.models import PendingRegistration

ADDRESS = FORM["user_email"]
CONFIRM = re.compile(r"http://localhost(/vendors/register/confirm/\S+)")
RESET = re.compile(r"http://localhost(/accounts/password/reset/\S+)")
NEW_PASSWORD = "bon-con-meo-tren-mai-nha"


def register(client, **changes):
    return client.post("/vendors/register", data=dict(FORM, **changes))


def only_message(smtp_server, address):
    [message] = smtp_server.to(address)
    return message, smtp_server.text(message)


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_the_confirmation_e_mail_carries_the_link_that_creates_the_account(
        client, registry, smtp_server):
    response = register(client)
    assert response.status_code == 200
    message, body = only_message(smtp_server, ADDRESS)
    assert message["Subject"].strip() == "Xác nhận đăng ký nhà cung cấp trên Thuê DV CNTT"
    assert message.envelope_to == [ADDRESS]
    assert FORM["legal_name"] in body and "có hiệu lực 24 giờ" in body
    path = CONFIRM.search(body).group(1)
    assert vendor_count() == 0 and user_count() == 0
    page = client.get(path)  # opening the link (a mail scanner may) creates nothing yet
    assert page.status_code == 200 and "Hoàn tất đăng ký" in text(page)
    assert FORM["legal_name"] in text(page) and ADDRESS in text(page)
    assert vendor_count() == 0 and user_count() == 0
    done = client.post(path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/vendors/profile/")
    user = db.session.scalar(select(User).where(User.email == ADDRESS))
    assert user.role == "vendor_staff" and user.name == FORM["user_name"]
    assert "Chờ xác minh" in text(client.get("/vendors/profile/"))  # signed in
    client.post("/accounts/logout")
    assert client.post("/accounts/login", data={"email": ADDRESS, "password": FORM[
        "password"]}).status_code == 302


def test_the_pending_registration_keeps_only_the_password_hash(client, registry):
    register(client)
    pending = db.session.scalar(select(PendingRegistration))
    assert pending.email == ADDRESS and pending.data["tax_code"] == TAX_CODE
    assert FORM["password"] not in str(pending.data) + pending.password_hash
    assert pending.expires_at - pending.created_at == timedelta(hours=24)
    assert len(pending.token_hash) == 64


def test_a_confirmation_link_works_once(client, registry, smtp_server):
    register(client)
    path = CONFIRM.search(only_message(smtp_server, ADDRESS)[1]).group(1)
    client.post(path)
    client.post("/accounts/logout")
    again = client.post(path)
    assert again.status_code == 400 and "đã được dùng" in text(again)
    assert vendor_count() == 1 and user_count() == 1


def test_a_confirmation_link_expires_after_a_day(client, registry, smtp_server, on_day):
    register(client)
    path = CONFIRM.search(only_message(smtp_server, ADDRESS)[1]).group(1)
    on_day(clock.today() + timedelta(days=2))
    response = client.get(path)
    assert response.status_code == 400 and "đã hết hạn" in text(response)
    assert client.post(path).status_code == 400
    assert vendor_count() == 0


def test_a_made_up_link_is_refused_clearly(client, registry):
    response = client.get("/vendors/register/confirm/khong-co-that")
    assert response.status_code == 400
    assert "Liên kết xác nhận đăng ký không hợp lệ" in text(response)


def test_a_tax_code_registered_meanwhile_is_named_at_confirmation(
        client, registry, smtp_server, make_vendor):
    register(client)
    path = CONFIRM.search(only_message(smtp_server, ADDRESS)[1]).group(1)
    make_vendor(tax_code=TAX_CODE)
    response = client.post(path)
    assert response.status_code == 200
    assert f"Mã số thuế {TAX_CODE} đã được đăng ký trong lúc chờ xác nhận" in text(response)
    assert db.session.scalar(select(User.id).where(User.email == ADDRESS)) is None
    assert db.session.scalar(select(PendingRegistration.consumed_at)) is None


def test_an_existing_address_gets_the_same_page_and_an_e_mail_with_a_reset_link(
        client, make_vendor, smtp_server):
    existing = first_user(make_vendor())
    new = text(register(client)).replace(ADDRESS, "ADDRESS")
    taken = text(register(client, user_email=existing.email, tax_code=FORM["tax_code"])).replace(
        existing.email, "ADDRESS")
    assert new == taken
    assert "Chúng tôi đã gửi thư xác nhận đến <strong>ADDRESS</strong>" in new
    message, body = only_message(smtp_server, existing.email)
    assert message["Subject"].strip() == "Địa chỉ thư điện tử của bạn đã có tài khoản Thuê DV CNTT"
    assert "Địa chỉ này đã có tài khoản nên không có tài khoản mới nào được tạo" in body
    assert CONFIRM.search(body) is None
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    assert db.session.scalar(select(func.count(PendingRegistration.id))) == 1  # the new one
    reset = RESET.search(body).group(1)
    assert client.post(reset, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
                       ).status_code == 302
    assert client.post("/accounts/login", data={"email": existing.email,
                                                "password": NEW_PASSWORD}).status_code == 302


def test_other_mistakes_still_show_on_the_form(client, registry, smtp_server):
    body = text(register(client, tax_code="123"))
    assert 'id="tax_code-error"' in body and FORM["legal_name"] in body
    assert smtp_server.messages == [] and db.session.scalar(
        select(func.count(PendingRegistration.id))) == 0


def test_a_confirmed_registration_reaches_the_administrators_queue_and_mailbox(
        client, registry, smtp_server, make_user, login):
    admin = make_user("admin")
    register(client)
    _message, body = only_message(smtp_server, ADDRESS)
    client.post(CONFIRM.search(body).group(1))
    [told] = smtp_server.to(admin.email)
    assert told["Subject"] == f"Doanh nghiệp {FORM['legal_name']} chờ xác minh"
    assert f"http://localhost/vendors/admin/{TAX_CODE}/verify" in smtp_server.text(told)
    client.post("/accounts/logout")
    login(admin)
    assert f"{FORM['legal_name']} (MST {TAX_CODE})" in text(client.get("/accounts/work"))
