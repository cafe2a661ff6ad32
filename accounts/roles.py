"""An administrator gives a user another role (the appraiser's, say): flush, never commit."""
from flask_babel import gettext as _

from accounts.audit import record_event
from accounts.models import ROLE_LABELS, ROLE_ORG_KINDS, User
from core.errors import Refused
from extensions import db


class RoleError(Refused):
    """A refused change of role; the message is shown as is."""


def roles_for(user: User) -> list[tuple[str, str]]:
    """The roles a user of this organisation's kind may hold, as (value, label)."""
    return [(role, label) for role, label in ROLE_LABELS.items()
            if user.organisation.kind in ROLE_ORG_KINDS[role]]


def change_role(user: User, role: str, *, actor: User) -> bool:
    """Give `user` the role; their sessions end, so the new rights apply from the next login.
    False when it is already theirs."""
    if user.id == actor.id:
        raise RoleError(_("Bạn không thể tự đổi vai trò của chính mình; hãy nhờ một quản trị "
                          "viên khác."))
    if role not in dict(roles_for(user)):
        raise RoleError(_("Vai trò này không dùng được cho người thuộc “%(kind)s”.",
                          kind=user.organisation.kind_label))
    if role == user.role:
        return False
    before = user.role
    user.role = role
    user.session_version += 1
    record_event("user.role", "user", user.id, user=actor,
                 summary=f"Đổi vai trò của {user.email}: {ROLE_LABELS[before]} → "
                         f"{ROLE_LABELS[role]}", changes={"role": [before, role]})
    db.session.flush()
    return True
