"""The signed links sent by e-mail: a password reset, valid one hour and once.

A reset link carries the user's id and a fingerprint of the password hash as it was when the
link was made, signed with SECRET_KEY (itsdangerous, a salt of its own). Setting a password
makes a new hash (salted: even the same password), so the link is dead once used, and so is
every other link sent before it. The fingerprint is a digest of the hash, never the hash.
"""
import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

RESET_SALT = "thue.accounts.password-reset"
RESET_SECONDS = 3600  # one hour

EXPIRED = _l("Liên kết đặt lại mật khẩu đã hết hạn (liên kết chỉ có hiệu lực một giờ). "
             "Vui lòng yêu cầu một liên kết mới.")
INVALID = _l("Liên kết đặt lại mật khẩu không hợp lệ: có thể địa chỉ bị chép thiếu. "
             "Vui lòng mở lại liên kết trong thư hoặc yêu cầu một liên kết mới.")
USED = _l("Liên kết đặt lại mật khẩu đã được dùng hoặc không còn hiệu lực (mật khẩu đã đổi sau "
          "khi thư được gửi). Vui lòng yêu cầu một liên kết mới nếu cần.")


class TokenProblem(ValueError):
    """A link that cannot be used; its message says why."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=RESET_SALT)


def fingerprint(password_hash: str) -> str:
    """A short digest of a password hash, which changes whenever the password is set."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:24]


def reset_token(user) -> str:
    """The token of a reset link for `user`, as the password is now."""
    return _serializer().dumps([user.id, fingerprint(user.password_hash)])


def read_reset_token(token: str) -> tuple[int, str]:
    """(user id, fingerprint) of a reset token less than an hour old, else TokenProblem."""
    try:
        user_id, print_ = _serializer().loads(token, max_age=RESET_SECONDS)
    except SignatureExpired:
        raise TokenProblem(str(EXPIRED)) from None
    except (BadData, TypeError, ValueError):
        raise TokenProblem(str(INVALID)) from None
    if not isinstance(user_id, int) or not isinstance(print_, str):
        raise TokenProblem(str(INVALID))
    return user_id, print_
