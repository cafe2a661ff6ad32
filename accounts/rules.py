"""Rules of accounts that forms and services both apply."""

MIN_PASSWORD_LENGTH = 10


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if password.isdigit() or password.isalpha():
        return "Mật khẩu phải gồm cả chữ và số hoặc ký tự khác."
    return None


def may_view_profile(user, organisation) -> bool:
    """An agency's own people (of any role) and administrators read the agency's profile."""
    if not getattr(user, "is_authenticated", False) or organisation.kind != "agency":
        return False
    return user.role == "admin" or user.organisation_id == organisation.id


def may_edit_profile(user, organisation) -> bool:
    """The agency's approver, or an administrator, edits the agency's profile."""
    return may_view_profile(user, organisation) and user.role in ("admin", "agency_approver")
