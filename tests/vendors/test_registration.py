"""Self-registration, the admin's verify / reject, and the vendor's edit and resubmit."""
import re

from sqlalchemy import func, select

from accounts.models import AuditEvent, MailOutbox, Organisation, User
from extensions import db
from tests.conftest import PASSWORD
from tests.helpers import first_user, text, valid_tax_code
from vendors.models import Vendor

TAX_CODE = valid_tax_code(900)
FORM = {
    "legal_name": "Công ty Cổ phần Giải pháp Số Sao Việt", "short_name": "Sao Việt",
    "tax_code": TAX_CODE, "address": "18 Duy Tân, phường Cầu Giấy", "province": "ha-noi",
    "phone": "024 3795 1234", "email": "lienhe@saoviet.example.vn",
    "website": "https://saoviet.example.vn", "representative": "Nguyễn Minh Khôi",
    "representative_position": "Tổng Giám đốc", "bank_account": "1020304050607",
    "bank_name": "Ngân hàng TMCP Ngoại thương Việt Nam",
    "user_name": "Trần Kinh Doanh", "user_email": "kinhdoanh@saoviet.example.vn",
    "password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1",
}


def confirmation_path(address: str) -> str:
    """The path of the confirmation link e-mailed to `address` (the outbox keeps the body)."""
    body = db.session.scalar(select(MailOutbox.body).where(MailOutbox.recipient == address)
                             .order_by(MailOutbox.id.desc()))
    return re.search(r"http://localhost(/vendors/register/confirm/\S+)", body).group(1)


def vendor_count() -> int:
    return db.session.scalar(select(func.count(Vendor.id)))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_registration_form_is_public_and_offers_the_34_provinces(client, registry):
    response = client.get("/vendors/register")
    assert response.status_code == 200
    body = text(response)
    assert "Đăng ký nhà cung cấp dịch vụ CNTT" in body
    assert body.count("</option>") == 34 + 1  # and the "choose" placeholder
    assert "— Chọn tỉnh, thành phố —</option>" in body and ">Cà Mau</option>" in body
    assert "Đăng ký nhà cung cấp</a>" in body  # the nav link for anonymous visitors


def test_registering_creates_a_pending_vendor_once_its_e_mail_is_confirmed(client, registry):
    response = client.post("/vendors/register", data=FORM)
    assert response.status_code == 200
    assert "Chúng tôi đã gửi thư xác nhận đến" in text(response)
    assert vendor_count() == 0 and "vendor.register" not in actions()
    client.post(confirmation_path(FORM["user_email"]))
    vendor = db.session.scalar(select(Vendor))
    assert vendor.tax_code == TAX_CODE and vendor.status == "pending"
    assert vendor.organisation.kind == "vendor"
    assert vendor.organisation.name == FORM["legal_name"]
    assert vendor.bank_account == "1020304050607"
    user = db.session.scalar(select(User).where(User.email == "kinhdoanh@saoviet.example.vn"))
    assert user.role == "vendor_staff" and user.organisation_id == vendor.organisation_id
    assert "vendor.register" in actions()
    page = text(client.get("/vendors/profile/"))
    assert "Chờ xác minh" in page and "Sao Việt" in page
    assert "Hồ sơ doanh nghiệp</a>" in page  # the nav link for vendor users
    assert FORM["legal_name"] not in text(client.get("/vendors/"))


def test_an_invalid_tax_code_is_shown_on_its_field_and_the_form_keeps_what_was_typed(
        client, registry):
    bad = dict(FORM, tax_code=TAX_CODE[:9] + str((int(TAX_CODE[9]) + 1) % 10))
    body = text(client.post("/vendors/register", data=bad))
    assert "có chữ số kiểm tra không đúng" in body
    assert 'id="tax_code-error"' in body and 'aria-invalid="true"' in body
    assert "18 Duy Tân, phường Cầu Giấy" in body and "Nguyễn Minh Khôi" in body
    assert 'selected value="ha-noi"' in body
    assert vendor_count() == 0


def test_a_duplicate_tax_code_is_refused_with_a_clear_message(client, make_vendor):
    existing = make_vendor()
    duplicate = dict(FORM, tax_code=existing.tax_code)
    body = text(client.post("/vendors/register", data=duplicate))
    assert f"Mã số thuế {existing.tax_code} đã được đăng ký." in body
    assert vendor_count() == 1
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_an_address_with_an_account_gets_the_same_answer_and_nothing_is_created(
        client, make_vendor):
    existing = first_user(make_vendor())
    body = text(client.post("/vendors/register", data=dict(FORM, user_email=existing.email)))
    assert f"Chúng tôi đã gửi thư xác nhận đến <strong>{existing.email}</strong>" in body
    assert "đã được sử dụng" not in body
    assert vendor_count() == 1
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_missing_and_wrong_fields_get_vietnamese_messages(client, registry):
    bad = dict(FORM, legal_name="", province="", email="không-phải-email", confirm="khac-1234567",
               website="saoviet", bank_name="", password="1234567890")
    body = text(client.post("/vendors/register", data=bad))
    for message in ("Vui lòng nhập trường này.", "Vui lòng chọn tỉnh, thành phố.",
                    "Địa chỉ thư điện tử không hợp lệ.", "Hai mật khẩu không khớp nhau.",
                    "Địa chỉ trang web không hợp lệ", "Vui lòng nhập ngân hàng nơi mở tài khoản.",
                    "Mật khẩu cần ít nhất 12 ký tự.", "Vui lòng sửa các lỗi bên dưới"):
        assert message in body, message
    assert vendor_count() == 0


def test_a_signed_in_user_is_sent_away_from_registration(client, make_user, login, registry):
    login(make_user("agency_staff"))
    response = client.get("/vendors/register")
    assert response.status_code == 302 and response.headers["Location"].endswith("/vendors/")


def test_the_admin_sees_pending_vendors_and_verifies_after_a_confirmation_page(
        client, make_vendor, make_user, login):
    pending = make_vendor("pending", legal_name="Công ty TNHH Chờ Duyệt")
    make_vendor("verified", legal_name="Công ty TNHH Đã Duyệt")
    admin = make_user("admin")
    login(admin)
    queue = text(client.get("/vendors/admin/"))
    assert "Công ty TNHH Chờ Duyệt" in queue and "Công ty TNHH Đã Duyệt" not in queue
    assert "Xác minh nhà cung cấp</a>" in queue  # the admin's nav link
    confirm = client.get(f"/vendors/admin/{pending.tax_code}/verify")
    assert "Xác minh hồ sơ Công ty TNHH Chờ Duyệt?" in text(confirm)
    assert db.session.get(Vendor, pending.id).status == "pending"  # GET changes nothing
    assert client.post(f"/vendors/admin/{pending.tax_code}/verify").status_code == 302
    assert db.session.get(Vendor, pending.id).status == "verified"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "vendor.verify", AuditEvent.object_id == pending.tax_code))
    assert event.user_id == admin.id
    assert "Công ty TNHH Chờ Duyệt" in text(client.get("/vendors/"))


def test_a_rejection_needs_a_reason_which_the_vendor_then_reads(
        client, make_vendor, make_user, login):
    vendor = make_vendor("pending")
    login(make_user("admin"))
    assert "Lý do từ chối" in text(client.get(f"/vendors/admin/{vendor.tax_code}/reject"))
    empty = text(client.post(f"/vendors/admin/{vendor.tax_code}/reject", data={"reason": "  "}))
    assert "Vui lòng nêu lý do từ chối" in empty
    assert db.session.get(Vendor, vendor.id).status == "pending"
    client.post(f"/vendors/admin/{vendor.tax_code}/reject",
                data={"reason": "Tên không khớp với mã số thuế."})
    assert db.session.get(Vendor, vendor.id).status == "rejected"
    assert "vendor.reject" in actions()
    client.post("/accounts/logout")
    login(first_user(vendor))
    page = text(client.get("/vendors/profile/"))
    assert "Bị từ chối" in page and "Tên không khớp với mã số thuế." in page


def test_a_rejected_vendor_edits_its_profile_and_is_pending_again(client, make_vendor, login):
    vendor = make_vendor("rejected")
    login(first_user(vendor))
    form = text(client.get("/vendors/profile/edit"))
    assert "Thiếu giấy phép kinh doanh." in form and vendor.legal_name in form
    data = {"legal_name": vendor.legal_name, "address": "Địa chỉ mới", "province": "da-nang",
            "phone": "0236 3888 456", "email": "moi@vendor.example.vn",
            "representative": "Nguyễn Văn B", "representative_position": "Giám đốc"}
    response = client.post("/vendors/profile/edit", data=data, follow_redirects=True)
    assert "gửi lại hồ sơ" in text(response)
    vendor = db.session.get(Vendor, vendor.id)
    assert vendor.status == "pending" and vendor.province.code == "da-nang"
    assert vendor.organisation.address == "Địa chỉ mới"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "vendor.resubmit"))
    assert event.changes["status"] == ["rejected", "pending"]
    assert event.changes["address"][1] == "Địa chỉ mới"


def test_a_verified_vendor_keeps_its_status_on_edits_but_not_on_a_new_name(
        client, make_vendor, login):
    vendor = make_vendor("verified", legal_name="Công ty Cũ")
    login(first_user(vendor))
    data = {"legal_name": "Công ty Cũ", "address": "Địa chỉ khác", "province": "ha-noi",
            "phone": "024 3555 0000", "email": "lienhe@vendor.example.vn",
            "representative": "Nguyễn Văn A", "representative_position": "Giám đốc"}
    client.post("/vendors/profile/edit", data=data)
    assert db.session.get(Vendor, vendor.id).status == "verified"
    assert "vendor.update" in actions()
    client.post("/vendors/profile/edit", data=dict(data, legal_name="Công ty Mới Toanh"))
    assert db.session.get(Vendor, vendor.id).status == "pending"
    assert "Công ty Mới Toanh" not in text(client.get("/vendors/"))


def test_a_refused_profile_edit_keeps_what_was_typed(client, make_vendor, login):
    vendor = make_vendor()
    login(first_user(vendor))
    body = text(client.post("/vendors/profile/edit", data={
        "legal_name": "Tên đang gõ dở", "address": "", "province": "ha-noi", "phone": "abc",
        "email": "x@y.vn", "representative": "A", "representative_position": "B"}))
    assert "Tên đang gõ dở" in body and "Số điện thoại gồm 8 đến 19 chữ số" in body
    assert db.session.get(Vendor, vendor.id).legal_name != "Tên đang gõ dở"


def test_the_users_page_lists_own_users_and_adds_another_vendor_staff(
        client, make_vendor, login):
    vendor = make_vendor()
    login(first_user(vendor))
    page = text(client.get("/vendors/profile/users"))
    assert first_user(vendor).email in page and "Nhân viên nhà cung cấp" in page
    weak = text(client.post("/vendors/profile/users", data={
        "name": "Lê Thị Hai", "email": "hai@vendor.example.vn", "password": "ngan",
        "confirm": "ngan"}))
    assert "Mật khẩu cần ít nhất 12 ký tự." in weak and "Lê Thị Hai" in weak
    response = client.post("/vendors/profile/users", data={
        "name": "Lê Thị Hai", "email": "hai@vendor.example.vn", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.status_code == 302
    added = db.session.scalar(select(User).where(User.email == "hai@vendor.example.vn"))
    assert added.role == "vendor_staff" and added.organisation_id == vendor.organisation_id
    duplicate = text(client.post("/vendors/profile/users", data={
        "name": "X", "email": "hai@vendor.example.vn", "password": PASSWORD,
        "confirm": PASSWORD}))
    assert "đã được sử dụng" in duplicate
