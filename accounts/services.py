"""Write operations for accounts (users, passwords, provinces, an agency's profile and its
history): they flush, never commit."""
import secrets
from pathlib import Path
from typing import Any

import yaml
from flask import current_app, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from accounts import bp, lockout
from accounts.audit import diff_fields, record_event
from accounts.models import (PROFILE_FIELDS, PROFILE_LABELS, ROLE_ORG_KINDS, Organisation,
                             OrganisationRevision, Province, User)
from accounts.notices import absolute, send_mail
from accounts.rules import may_edit_profile, password_problem
from accounts.tokens import USED, TokenProblem, fingerprint, read_reset_token, reset_token
from accounts.tax_code import normalize_tax_code, tax_code_error
from core.clock import utcnow
from core.errors import NotPermitted, Refused
from extensions import db

PROVINCES_FILE = Path(__file__).parent / "data" / "provinces.yml"


class AccountError(Refused):
    """A refused account operation; the message is shown to the user as is."""


class PasswordHash(str):
    """A password already hashed (a registration waiting for its confirmation keeps only the
    hash): create_user takes it as it is."""


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
    """Create a user in an organisation, refusing a duplicate e-mail or a role/org mismatch.
    `password` may be a PasswordHash, already checked and hashed."""
    email = email.strip().lower()
    if role not in ROLE_ORG_KINDS:
        raise AccountError(_("Vai trò không hợp lệ: %(role)s.", role=role))
    if organisation.kind not in ROLE_ORG_KINDS[role]:
        raise AccountError(_("Vai trò này không phù hợp với loại tổ chức đã chọn."))
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(_("Địa chỉ thư điện tử %(email)s đã được sử dụng.", email=email))
    hashed = isinstance(password, PasswordHash)
    if check_password and not hashed and (problem := password_problem(password, email, name)):
        raise AccountError(problem)
    user = User(
        email=email,
        name=name.strip(),
        password_hash=str(password) if hashed else hash_password(password),
        role=role,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.flush()
    record_event("user.create", "user", user.id, user=actor, summary=f"Tạo tài khoản {email}")
    return user


WRONG_CREDENTIALS = _l("Địa chỉ thư điện tử hoặc mật khẩu không đúng.")
DUMMY_HASH = "thue_dummy_password_hash"  # app.extensions key


def lockout_message(minutes: int) -> str:
    return _("Bạn đã đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.",
             minutes=minutes)


@bp.record_once
def _make_dummy_hash(state) -> None:
    # Made when the application is built, so that not even the first unknown address costs
    # one hash more than a wrong password does.
    state.app.extensions[DUMMY_HASH] = generate_password_hash(
        secrets.token_urlsafe(24), method=state.app.config["PASSWORD_HASH_METHOD"])


def dummy_hash() -> str:
    """A hash of a random password with the configured method, one per application: an
    unknown address costs the same hashing work as a wrong password."""
    return current_app.extensions[DUMMY_HASH]


def authenticate(email: str, password: str, client: str) -> tuple[User | None, str | None]:
    """The user for valid credentials, or None and why not. Failures are counted per (e-mail,
    client address) in accounts.lockout, and an unknown address is answered exactly as a
    wrong password is, after the same work."""
    email = email.strip().lower()
    if minutes := lockout.minutes_to_wait(email, client):
        return None, lockout_message(minutes)
    user = find_user(email)
    matches = check_password_hash(user.password_hash if user else dummy_hash(), password)
    if user is None or not matches:
        minutes = lockout.record_failure(email, client)
        return None, lockout_message(minutes) if minutes else str(WRONG_CREDENTIALS)
    lockout.clear(email, client)
    if not user.active:
        return None, _("Tài khoản đã bị khóa. Vui lòng liên hệ quản trị hệ thống.")
    user.last_login_at = utcnow()
    return user, None


def end_sessions(user: User) -> None:
    """End every session of the user, on every device (accounts.access.load_user)."""
    user.session_version += 1
    db.session.flush()


def log_out(user: User) -> None:
    """A user's logout: every one of their sessions ends, not only this one."""
    end_sessions(user)
    record_event("user.logout", "user", user.id, user=user,
                 summary="Đăng xuất, kết thúc mọi phiên đăng nhập")


def change_password(user: User, current: str, new: str) -> None:
    """Change a user's own password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("Mật khẩu hiện tại không đúng."))
    set_password(user, new, actor=user)


def set_password(user: User, new: str, *, actor: User | None = None) -> None:
    """Set a new password (operators' reset or the user's own change); every session of the
    user ends (the view keeps the one that changed it)."""
    if problem := password_problem(new, user.email, user.name):
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    end_sessions(user)
    record_event("user.password", "user", user.id, user=actor,
                 summary="Đổi mật khẩu, kết thúc mọi phiên đăng nhập")


# --- a forgotten password: a link by e-mail, valid an hour and once (accounts.tokens) -------

RESET_MAIL_KIND = "account.password_reset"  # sent whatever the user's e-mail choices
RESET_SUBJECT = _l("Đặt lại mật khẩu tài khoản Thuê DV CNTT")


def reset_link(user: User) -> str:
    """The address of a new reset link for `user`, as people open it from an e-mail."""
    return absolute(url_for("accounts.reset_password", token=reset_token(user)))


def request_password_reset(email: str) -> None:
    """E-mail a reset link to the active user with this address; for any other address do
    nothing, so that the page answers the same whether an account exists or not."""
    user = find_user(email)
    if user is None or not user.active:
        return
    link = reset_link(user)
    # Lazy: written in the user's language (accounts.notices.send_mail).
    body = _l("Kính gửi %(name)s,\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản %(email)s trên "
              "hệ thống Thuê DV CNTT. Để đặt mật khẩu mới, hãy mở liên kết sau (có hiệu lực một "
              "giờ và chỉ dùng được một lần):\n\n%(link)s\n\nĐặt mật khẩu mới sẽ kết thúc mọi "
              "phiên đăng nhập của bạn. Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện "
              "tại vẫn giữ nguyên.", name=user.name, email=user.email, link=link)
    send_mail(user.email, RESET_SUBJECT, body, key=f"password-reset:{user.id}:{link[-24:]}",
              kind=RESET_MAIL_KIND, user=user)
    record_event("user.password_reset_request", "user", user.id,
                 summary="Gửi liên kết đặt lại mật khẩu qua thư điện tử")


def user_for_reset(token: str) -> User:
    """The user a reset link is for, while it is valid; refused (with why) otherwise."""
    try:
        user_id, print_ = read_reset_token(token)
    except TokenProblem as problem:
        raise AccountError(str(problem)) from None
    user = db.session.get(User, user_id)
    if user is None or not user.active or fingerprint(user.password_hash) != print_:
        raise AccountError(str(USED))
    return user


def reset_password(token: str, new: str, *, client: str | None = None) -> User:
    """Set the password of a reset link's user, once: the link dies with the old password
    (even when two requests race to use it), every session of the user ends, and the
    failed-login count of this client for the address is cleared."""
    user = user_for_reset(token)
    if problem := password_problem(new, user.email, user.name):
        raise AccountError(problem, "new")
    old = user.password_hash
    changed = db.session.execute(
        update(User).where(User.id == user.id, User.password_hash == old)
        .values(password_hash=hash_password(new), session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise AccountError(str(USED))
    db.session.refresh(user)
    if client:
        lockout.clear(user.email, client)
    record_event("user.password_reset", "user", user.id, user=user,
                 summary="Đặt lại mật khẩu qua liên kết thư điện tử, kết thúc mọi phiên đăng nhập")
    return user


def lock_user(user: User, *, actor: User | None = None) -> None:
    """An administrator's lock: the user can no longer log in and every session ends."""
    if actor is not None and actor.id == user.id:
        raise AccountError(_("Bạn không thể tự khóa tài khoản của mình."))
    if not user.active:
        raise AccountError(_("Tài khoản %(email)s đã bị khóa từ trước.", email=user.email))
    user.active = False
    end_sessions(user)
    record_event("user.lock", "user", user.id, user=actor, changes={"active": [True, False]},
                 summary=f"Khóa tài khoản {user.email}")


def unlock_user(user: User, *, actor: User | None = None) -> None:
    """Lift an administrator's lock."""
    if user.active:
        raise AccountError(_("Tài khoản %(email)s đang hoạt động, không cần mở khóa.",
                             email=user.email))
    user.active = True
    db.session.flush()
    record_event("user.unlock", "user", user.id, user=actor, changes={"active": [False, True]},
                 summary=f"Mở khóa tài khoản {user.email}")


def find_user(email: str) -> User | None:
    """The user with this e-mail (any case), or None."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def search_users(text: str = "", role: str = "") -> Select:
    """A select of users with their organisation, by e-mail, narrowed to those whose e-mail
    or name holds `text` (any case) and who have `role`, for the administrators' list."""
    query = select(User).options(joinedload(User.organisation)).order_by(User.email, User.id)
    if text := text.strip():
        query = query.where(User.email.icontains(text, autoescape=True)
                            | User.name.icontains(text, autoescape=True))
    if role:
        query = query.where(User.role == role)
    return query


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
        raise AccountError(_("Chỉ cơ quan nhà nước có hồ sơ cơ quan tại đây."))
    if not may_edit_profile(actor, org):
        raise NotPermitted(_("Chỉ lãnh đạo phê duyệt của cơ quan hoặc quản trị hệ thống được "
                             "sửa hồ sơ cơ quan."))
    clean = {f: (v.strip() or None) if isinstance(v, str) else v
             for f, v in data.items() if f in PROFILE_FIELDS}
    if not clean.get("name", org.name):
        raise AccountError(_("Vui lòng nhập tên cơ quan, đơn vị."), "name")
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
