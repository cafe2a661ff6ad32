"""Rules of accounts that forms and services both apply."""
import unicodedata

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn's 0–4: 3 is "safely unguessable" for an online attack
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters decide
SHORT_LOCAL_PART = 3  # a local part this short ("an@…") is not searched for in the password

TOO_SHORT = _l("Mật khẩu cần ít nhất %(n)s ký tự. Hãy dùng một cụm từ dài gồm nhiều từ không "
               "liên quan, nối bằng dấu cách hoặc dấu gạch ngang.", n=MIN_PASSWORD_LENGTH)
TOO_GUESSABLE = _l("Mật khẩu quá dễ đoán: hãy dùng một cụm từ dài gồm nhiều từ không liên quan "
                   "(tránh tên, ngày sinh, từ thông dụng, chuỗi lặp lại hoặc liên tiếp như "
                   "“aaaa”, “1234”).")
HOLDS_EMAIL = _l("Mật khẩu không được chứa địa chỉ thư điện tử của bạn.")


def _unaccented(text: str) -> str:
    """Vietnamese without its marks (Nguyễn → nguyen), as people also type their names."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _personal_words(email: str | None, name: str | None) -> list[str]:
    """The user's e-mail and name, whole and word by word, for zxcvbn's user_inputs."""
    words = []
    if email:
        email = email.strip().casefold()
        words += [email, email.split("@")[0]]
    if name:
        parts = name.casefold().split()
        words += [" ".join(parts), "".join(parts), *parts]
        words += [_unaccented(word) for word in words if _unaccented(word) != word]
    return words


def password_problem(password: str, email: str | None = None,
                     name: str | None = None) -> str | None:
    """Why a new password is refused, or None: at least MIN_PASSWORD_LENGTH characters, not
    holding the user's e-mail (nor its local part), and a zxcvbn score of at least
    MIN_PASSWORD_SCORE, the e-mail and name counting as words an attacker would try."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return str(TOO_SHORT)
    if email:
        folded, address = password.casefold(), email.strip().casefold()
        local = address.split("@")[0]
        if address in folded or (len(local) >= SHORT_LOCAL_PART and local in folded):
            return str(HOLDS_EMAIL)
    score = zxcvbn(password[:ZXCVBN_MAX_LENGTH],
                   user_inputs=_personal_words(email, name))["score"]
    if score < MIN_PASSWORD_SCORE:
        return str(TOO_GUESSABLE)
    return None


def may_view_profile(user, organisation) -> bool:
    """An agency's own people (of any role) and administrators read the agency's profile."""
    if not getattr(user, "is_authenticated", False) or organisation.kind != "agency":
        return False
    return user.role == "admin" or user.organisation_id == organisation.id


def may_edit_profile(user, organisation) -> bool:
    """The agency's approver, or an administrator, edits the agency's profile."""
    return may_view_profile(user, organisation) and user.role in ("admin", "agency_approver")
