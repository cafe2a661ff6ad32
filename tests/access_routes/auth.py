"""Access-matrix rows (tests/test_access_matrix.py) for a forgotten password and a
registration confirmed by e-mail: public pages, whose links carry their own proof."""
import hashlib
from datetime import timedelta

from accounts import tokens
from accounts.models import User
from core.clock import utcnow
from extensions import db
from tests.access_cases import EVERYONE, Case
from tests.helpers import valid_tax_code
from vendors.registration import PendingRegistration

REGISTRATION_TOKEN = "lien-ket-xac-nhan-cua-the-gioi-thu"

RESET = lambda w: {"token": w.reset_token}  # noqa: E731  a valid link for staff_b
CONFIRM = lambda w: {"token": REGISTRATION_TOKEN}  # noqa: E731  a registration waiting

ROUTES: dict[str, list[Case]] = {
    "GET /accounts/password/forgot": [Case(EVERYONE)],
    "POST /accounts/password/forgot": [Case(EVERYONE)],
    "GET /accounts/password/reset/<token>": [Case(EVERYONE, RESET)],
    "POST /accounts/password/reset/<token>": [
        Case(EVERYONE, RESET, why="the link is the proof; an empty form changes nothing")],
    "GET /vendors/register/confirm/<token>": [Case(EVERYONE, CONFIRM)],
    "POST /vendors/register/confirm/<token>": [
        Case(EVERYONE, CONFIRM, why="the link is the proof: the visitor registers; anyone "
                                    "signed in is sent back to the directory")],
}


def extend(world) -> None:
    """A reset link for staff_b and a registration waiting for its confirmation."""
    world.reset_token = tokens.reset_token(db.session.get(User, world.users["staff_b"].id))
    now = utcnow()
    db.session.add(PendingRegistration(
        email="dang-ky@ncc-moi.example.vn",
        token_hash=hashlib.sha256(REGISTRATION_TOKEN.encode()).hexdigest(),
        password_hash=world.users["staff_b"].password_hash, created_at=now,
        expires_at=now + timedelta(hours=24),
        data={"legal_name": "Nhà cung cấp mới", "short_name": None, "address": "Số 9 phố Thử",
              "province": "ha-noi", "phone": "024 3555 0000", "email": "lh@ncc-moi.example.vn",
              "website": None, "representative": "Nguyễn Văn B",
              "representative_position": "Giám đốc", "bank_account": None, "bank_name": None,
              "tax_code": valid_tax_code(150), "user_name": "Người đăng ký"}))
    db.session.flush()
