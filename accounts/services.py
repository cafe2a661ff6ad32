"""Write operations for accounts (users, passwords, provinces, an agency's profile and its
history): they flush, never commit."""
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.audit import diff_fields, record_event
from accounts.models import (PROFILE_FIELDS, PROFILE_LABELS, ROLE_ORG_KINDS, Organisation,
                             OrganisationRevision, Province, User)
from accounts.rules import may_edit_profile, password_problem
from accounts.tax_code import normalize_tax_code, tax_code_error
from core.clock import utcnow
from core.errors import NotPermitted, Refused
from extensions import db

PROVINCES_FILE = Path(__file__).parent / "data" / "provinces.yml"


class AccountError(Refused):
    """A refused account operation; the message is shown to the user as is."""


def hash_password(password: str) -> str:
    """Hash a password with the configured method (scrypt by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_organisation(kind: str, name: str, **fields: Any) -> Organisation:
    """Create an organisation of the given kind."""
    org = Organisation(kind=kind, name=name.strip(), **fields)
    db.session.add(org)
    db.session.flush()
    return org


def create_user(
    email: str,
    name: str,
    password: str,
    role: str,
    organisation: Organisation,
    *,
    actor: User | None = None,
    check_password: bool = True,
) -> User:
    """Create a user in an organisation, refusing a duplicate e-mail or a role/org mismatch."""
    email = email.strip().lower()
    if role not in ROLE_ORG_KINDS:
        raise AccountError(f"Vai trò không hợp lệ: {role}.")
    if organisation.kind not in ROLE_ORG_KINDS[role]:
        raise AccountError("Vai trò này không phù hợp với loại tổ chức đã chọn.")
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(f"Địa chỉ thư điện tử {email} đã được sử dụng.")
    if check_password and (problem := password_problem(password)):
        raise AccountError(problem)
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password),
        role=role,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.flush()
    record_event("user.create", "user", user.id, user=actor, summary=f"Tạo tài khoản {email}")
    return user


def authenticate(email: str, password: str) -> tuple[User | None, str | None]:
    """The user for valid credentials, or None and why not. Failures are counted (and lock the
    account after too many): a refused login still changes the user, so this returns rather
    than raises, and the request commits the count."""
    config = current_app.config
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    now = utcnow()
    if user and user.locked_until and user.locked_until > now:
        return None, ("Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau "
                      f"{config['LOGIN_LOCK_MINUTES']} phút.")
    if not user or not check_password_hash(user.password_hash, password):
        if user:
            user.failed_logins += 1
            if user.failed_logins >= config["LOGIN_MAX_FAILURES"]:
                user.locked_until = now + timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
                user.failed_logins = 0
                record_event("user.lock", "user", user.id, summary="Khóa tạm do đăng nhập sai")
        return None, "Địa chỉ thư điện tử hoặc mật khẩu không đúng."
    if not user.active:
        return None, "Tài khoản đã bị vô hiệu hóa."
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return user, None


def change_password(user: User, current: str, new: str) -> None:
    """Change a user's own password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("Mật khẩu hiện tại không đúng.")
    set_password(user, new, actor=user)


def set_password(user: User, new: str, *, actor: User | None = None) -> None:
    """Set a new password (operators' reset or the user's own change) and unlock."""
    if problem := password_problem(new):
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    user.failed_logins = 0
    user.locked_until = None
    record_event("user.password", "user", user.id, user=actor, summary="Đổi mật khẩu")


def load_provinces(path: Path = PROVINCES_FILE) -> dict[str, int]:
    """Upsert the provincial-level units from the data file; returns counts."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    existing = {p.code: p for p in db.session.scalars(select(Province))}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for position, row in enumerate(rows):
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "former_names": list(row.get("former_names") or []),
            "position": position,
        }
        province = existing.get(row["code"])
        if province is None:
            db.session.add(Province(code=row["code"], **values))
            counts["created"] += 1
        elif any(getattr(province, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(province, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.flush()
    return counts


def list_provinces() -> list[Province]:
    """Provinces in their official order."""
    return list(db.session.scalars(select(Province).order_by(Province.position)))


# --- an agency's profile: the party "Bên A" of its contracts, each save kept as a revision

# A profile may leave its parent body empty (a body of its own); every other field is needed.
OPTIONAL_FIELDS = ("parent_body",)


def profile_snapshot(org: Organisation) -> dict[str, Any]:
    """The profile's fields as plain values (the province by its name), for history."""
    values = {field: getattr(org, field) for field in PROFILE_FIELDS if field != "province"}
    values["province"] = org.province.name if org.province else None
    return values


def profile_gaps(org: Organisation) -> list[str]:
    """Labels of the profile fields still empty, in the page's order."""
    values = profile_snapshot(org)
    return [PROFILE_LABELS[field] for field in PROFILE_FIELDS
            if field not in OPTIONAL_FIELDS and not values[field]]


def update_profile(org: Organisation, data: dict[str, Any], *,
                   actor: User) -> OrganisationRevision | None:
    """Save an agency's profile as its approver or an administrator; the revision, or None when
    nothing changed. `data` holds PROFILE_FIELDS (the province as a Province or None)."""
    if org.kind != "agency":
        raise AccountError("Chỉ cơ quan nhà nước có hồ sơ cơ quan tại đây.")
    if not may_edit_profile(actor, org):
        raise NotPermitted("Chỉ lãnh đạo phê duyệt của cơ quan hoặc quản trị hệ thống được sửa "
                           "hồ sơ cơ quan.")
    clean = {f: (v.strip() or None) if isinstance(v, str) else v
             for f, v in data.items() if f in PROFILE_FIELDS}
    if not clean.get("name", org.name):
        raise AccountError("Vui lòng nhập tên cơ quan, đơn vị.", "name")
    if clean.get("tax_code"):
        clean["tax_code"] = normalize_tax_code(clean["tax_code"])
        if problem := tax_code_error(clean["tax_code"]):
            raise AccountError(problem, "tax_code")
    before = profile_snapshot(org)
    for field, value in clean.items():
        setattr(org, field, value)
    changes = diff_fields(before, profile_snapshot(org))
    if not changes:
        return None
    revision = OrganisationRevision(organisation_id=org.id, changed_by_id=actor.id,
                                    changes=changes)
    db.session.add(revision)
    db.session.flush()
    record_event("organisation.update", "organisation", org.id, user=actor, changes=changes,
                 summary=f"Sửa hồ sơ cơ quan {org.name}")
    return revision


def revisions_of(org: Organisation) -> Select:
    """A select of the profile's revisions with who made them, newest first."""
    return (select(OrganisationRevision).options(joinedload(OrganisationRevision.changed_by))
            .where(OrganisationRevision.organisation_id == org.id)
            .order_by(OrganisationRevision.id.desc()))


def agencies() -> Select:
    """A select of every agency with its province, by name, for the administrators' list."""
    return (select(Organisation).options(joinedload(Organisation.province))
            .where(Organisation.kind == "agency").order_by(Organisation.name, Organisation.id))
