"""A vendor's self-registration, completed through a link sent by e-mail: flush, never commit.

The registration page answers the same for every address, so it tells nobody which addresses
have an account. A new address gets a confirmation link (valid REGISTRATION_HOURS, once): the
validated form waits in `pending_registrations` (the password only as its hash), and opening
the link creates the vendor's organisation, its pending record and its first user exactly as
`vendors.services.register_vendor` does. An address that already has an account gets an
e-mail saying so, with a link to set a new password (accounts.tokens). The tax code is still
checked on the form: the vendors' directory makes it public anyway.
"""
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from accounts.audit import record_event
from accounts.models import User
from accounts.notices import absolute, send_mail
from accounts.rules import password_problem
from accounts.services import PasswordHash, find_user, hash_password, reset_link
from accounts.tax_code import normalize_tax_code, tax_code_error
from core.clock import utcnow
from core.i18n import current_language
from extensions import db
from vendors import queue
from vendors.models import PROFILE_FIELDS, PendingRegistration, Vendor
from vendors.services import VendorError, get_province, get_vendor, register_vendor

REGISTRATION_HOURS = 24
MAIL_KIND = "vendor.registration"  # sent whatever anyone's e-mail choices: nobody has any yet
CONFIRM_SUBJECT = _l("Xác nhận đăng ký nhà cung cấp trên Thuê DV CNTT")
EXISTS_SUBJECT = _l("Địa chỉ thư điện tử của bạn đã có tài khoản Thuê DV CNTT")

INVALID = _l("Liên kết xác nhận đăng ký không hợp lệ: có thể địa chỉ bị chép thiếu. Vui lòng "
             "mở lại liên kết trong thư, hoặc đăng ký lại.")
USED = _l("Liên kết xác nhận này đã được dùng: việc đăng ký đã hoàn tất. Vui lòng đăng nhập "
          "bằng địa chỉ thư điện tử và mật khẩu đã đăng ký.")
EXPIRED = _l("Liên kết xác nhận đã hết hạn (liên kết chỉ có hiệu lực %(hours)s giờ). Vui lòng "
             "đăng ký lại.", hours=REGISTRATION_HOURS)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_tax_code(raw: str) -> str:
    tax_code = normalize_tax_code(raw)
    if problem := tax_code_error(tax_code):
        raise VendorError(problem, "tax_code")
    if get_vendor(tax_code) is not None:
        raise VendorError(_("Mã số thuế %(tax_code)s đã được đăng ký.", tax_code=tax_code),
                          "tax_code")
    return tax_code


def start_registration(profile: dict[str, Any], user_fields: dict[str, str]) -> None:
    """Check the form as registration does, then e-mail the address a confirmation link (a
    new address) or the news that it has an account already: the same work and the same
    answer either way. `profile` holds PROFILE_FIELDS (the province as a Province) and the
    tax code; `user_fields` the first user's name, e-mail and password."""
    tax_code = _check_tax_code(profile["tax_code"])
    email, name = user_fields["email"].strip().lower(), user_fields["name"].strip()
    if problem := password_problem(user_fields["password"], email, name):
        raise VendorError(problem, "password")
    password_hash = hash_password(user_fields["password"])  # an existing address costs as much
    user = find_user(email)
    if user is not None:
        _tell_account_exists(user, profile["legal_name"])
        return
    token, now = secrets.token_urlsafe(32), utcnow()
    data = {field: profile.get(field) for field in PROFILE_FIELDS if field != "province"}
    data.update(province=profile["province"].code if profile.get("province") else None,
                tax_code=tax_code, user_name=name)
    pending = PendingRegistration(email=email, token_hash=_digest(token), data=data,
                                  password_hash=password_hash, created_at=now,
                                  expires_at=now + timedelta(hours=REGISTRATION_HOURS))
    db.session.add(pending)
    db.session.flush()
    link = absolute(url_for("vendors.confirm_registration", token=token))
    body = _l("Kính gửi %(name)s,\n\nĐịa chỉ thư điện tử này vừa được dùng để đăng ký doanh "
              "nghiệp %(legal_name)s (mã số thuế %(tax_code)s) trên hệ thống Thuê DV CNTT. Để "
              "hoàn tất đăng ký, hãy mở liên kết sau (có hiệu lực %(hours)s giờ, chỉ dùng được "
              "một lần):\n\n%(link)s\n\nNếu bạn không đăng ký, hãy bỏ qua thư này: không có "
              "tài khoản nào được tạo.", name=name, legal_name=profile["legal_name"],
              tax_code=tax_code, hours=REGISTRATION_HOURS, link=link)
    # Nobody has an account yet: the mail speaks the language the form was filled in.
    send_mail(email, CONFIRM_SUBJECT, body, key=f"registration:{pending.id}", kind=MAIL_KIND,
              language=current_language())
    record_event("vendor.registration_pending", "pending_registration", pending.id,
                 summary=f"Đăng ký nhà cung cấp {profile['legal_name']} chờ xác nhận qua thư")


def _tell_account_exists(user: User, legal_name: str) -> None:
    if user.active:
        help_text = _l("Nếu đó là bạn và bạn quên mật khẩu, hãy đặt mật khẩu mới tại liên kết "
                       "sau (có hiệu lực một giờ, chỉ dùng được một lần):\n\n%(link)s",
                       link=reset_link(user))
    else:
        help_text = _l("Tài khoản này đang bị khóa: vui lòng liên hệ quản trị hệ thống.")
    body = _l("Kính gửi %(name)s,\n\nCó người vừa dùng địa chỉ %(email)s để đăng ký doanh "
              "nghiệp %(legal_name)s trên hệ thống Thuê DV CNTT. Địa chỉ này đã có tài khoản "
              "nên không có tài khoản mới nào được tạo.\n\n%(help)s\n\nĐăng nhập tại: "
              "%(login)s\n\nNếu không phải bạn, hãy bỏ qua thư này: tài khoản của bạn không "
              "thay đổi.", name=user.name, email=user.email, legal_name=legal_name,
              help=help_text, login=absolute(url_for("accounts.login")))
    send_mail(user.email, EXISTS_SUBJECT, body, kind=MAIL_KIND, user=user,
              key=f"registration-exists:{user.id}:{secrets.token_hex(8)}")


def pending_registration(token: str) -> PendingRegistration:
    """The registration a confirmation link is for, while it may still be confirmed."""
    pending = db.session.scalar(select(PendingRegistration).where(
        PendingRegistration.token_hash == _digest(token)))
    if pending is None:
        raise VendorError(INVALID)
    if pending.consumed_at is not None:
        raise VendorError(USED)
    if pending.expires_at < utcnow():
        raise VendorError(EXPIRED)
    return pending


def confirm_registration(token: str) -> tuple[Vendor, User]:
    """Complete a registration from its link, once (two requests racing with one link make
    one vendor): the vendor, pending verification, and its first user."""
    pending = pending_registration(token)
    claimed = db.session.execute(
        update(PendingRegistration)
        .where(PendingRegistration.id == pending.id, PendingRegistration.consumed_at.is_(None))
        .values(consumed_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise VendorError(USED)
    data = dict(pending.data)
    if find_user(pending.email) is not None:
        raise VendorError(_("Địa chỉ thư điện tử %(email)s đã có tài khoản. Vui lòng đăng "
                            "nhập, hoặc đặt lại mật khẩu nếu bạn quên.", email=pending.email))
    if get_vendor(data["tax_code"]) is not None:
        raise VendorError(_("Mã số thuế %(tax_code)s đã được đăng ký trong lúc chờ xác nhận, "
                            "nên không thể hoàn tất đăng ký này. Nếu đó là doanh nghiệp của "
                            "bạn, hãy liên hệ quản trị hệ thống.", tax_code=data["tax_code"]))
    profile = {field: data.get(field) for field in PROFILE_FIELDS if field != "province"}
    profile.update(province=get_province(data["province"]) if data.get("province") else None,
                   tax_code=data["tax_code"])
    vendor, user = register_vendor(profile, {"name": data["user_name"], "email": pending.email,
                                             "password": PasswordHash(pending.password_hash)})
    queue.tell_admins_of(vendor)  # it now waits for their verification
    return vendor, user
