"""Users, organisations, provinces and the audit trail."""
from datetime import datetime

from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from extensions import db


# Labels are lazy: each page shows them in its own language.
ORG_KINDS = {
    "agency": _l("Cơ quan nhà nước"),
    "vendor": _l("Doanh nghiệp cung cấp dịch vụ"),
    "operator": _l("Đơn vị vận hành hệ thống"),
}

ROLE_LABELS = {
    "agency_staff": _l("Cán bộ cơ quan"),
    "agency_approver": _l("Lãnh đạo phê duyệt"),
    "vendor_staff": _l("Nhân viên nhà cung cấp"),
    "legal_drafter": _l("Cán bộ pháp chế"),
    "appraiser": _l("Cán bộ thẩm định"),
    "admin": _l("Quản trị hệ thống"),
}
# The agency's own people: they write plans and contracts, accept and pay; approvers also approve.
AGENCY_ROLES = ("agency_staff", "agency_approver")

# Which organisation kinds a role may belong to: a legal office sits in an agency or
# with the operator; administrators only with the operator.
ROLE_ORG_KINDS = {
    "agency_staff": {"agency"},
    "agency_approver": {"agency"},
    "vendor_staff": {"vendor"},
    "legal_drafter": {"agency", "operator"},
    # The appraising body: an agency of the province (its plans' appraiser) or the operator.
    "appraiser": {"agency", "operator"},
    "admin": {"operator"},
}


# An agency's profile as its approver or an administrator edits it, in the page's order; the
# party block "Bên A" of its contracts is read from it (contracts.services.wizard.agency_party).
PROFILE_LABELS = {
    "name": _l("Tên cơ quan, đơn vị (đầy đủ)"),
    "short_name": _l("Ký hiệu viết tắt dùng trong số văn bản"),
    "parent_body": _l("Cơ quan chủ quản"),
    "province": _l("Tỉnh, thành phố"),
    "address": _l("Địa chỉ"),
    "phone": _l("Điện thoại"),
    "email": _l("Thư điện tử"),
    "tax_code": _l("Mã số thuế"),
    "budget_code": _l("Mã đơn vị có quan hệ với ngân sách"),
    "treasury_account": _l("Số tài khoản tại Kho bạc Nhà nước"),
    "treasury_branch": _l("Kho bạc Nhà nước nơi mở tài khoản"),
    "representative": _l("Người đại diện"),
    "representative_position": _l("Chức vụ của người đại diện"),
}
PROFILE_FIELDS = tuple(PROFILE_LABELS)


class Province(db.Model):
    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))  # city | province
    former_names: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)

    @property
    def kind_label(self) -> str:
        return _("Thành phố trực thuộc trung ương") if self.kind == "city" else _("Tỉnh")


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint("kind IN ('agency', 'vendor', 'operator')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(255))
    # An agency's short name is its document symbol (ký hiệu viết tắt): "HĐ-SKHCN" in numbers.
    short_name: Mapped[str | None] = mapped_column(String(60))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    parent_body: Mapped[str | None] = mapped_column(String(255))
    address: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(255))
    tax_code: Mapped[str | None] = mapped_column(String(20))
    budget_code: Mapped[str | None] = mapped_column(String(20))  # mã đơn vị quan hệ ngân sách
    treasury_account: Mapped[str | None] = mapped_column(String(40))  # tài khoản tại KBNN
    treasury_branch: Mapped[str | None] = mapped_column(String(255))  # KBNN nơi mở tài khoản
    representative: Mapped[str | None] = mapped_column(String(120))
    representative_position: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    province: Mapped[Province | None] = relationship()
    users: Mapped[list["User"]] = relationship(back_populates="organisation")

    @property
    def kind_label(self) -> str:
        return ORG_KINDS[self.kind]


class OrganisationRevision(db.Model):
    """One save of an agency's profile: who, when, and each field as {field: [before, after]}."""

    __tablename__ = "organisation_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    changed_by: Mapped["User | None"] = relationship()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('agency_staff', 'agency_approver', 'vendor_staff', 'legal_drafter', "
            "'appraiser', 'admin')",
            name="role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)  # False: locked by an administrator
    # Part of the id every session carries (get_id): raising it ends every session at once.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The kinds of notice (accounts.notices.KINDS) this user receives no e-mail for: the
    # notice in the application always comes.
    mail_off: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    language: Mapped[str] = mapped_column(String(8), default="vi", server_default="vi")

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """Flask-Login's "alternative token": the id and the session version, so a session
        (or remember cookie) from before a logout, password change or lock no longer loads
        (accounts.access.load_user)."""
        return f"{self.id}:{self.session_version}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def works_for_agency(self, organisation_id: int) -> bool:
        """Agency staff or an approver of this organisation."""
        return self.organisation_id == organisation_id and self.role in AGENCY_ROLES


class AuditEvent(db.Model):
    """Who changed what, when: one row for every change to a record users care about."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()


class Notice(db.Model):
    """One notice in the application for one user ("Thông báo"), once per event (`key`)."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_notices_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class MailOutbox(db.Model):
    """One e-mail for one recipient and one event: sent by a job after the change commits,
    marked sent once the server accepted it, retried while it is not."""

    __tablename__ = "mail_outbox"
    __table_args__ = (UniqueConstraint("key", "recipient", name="uq_mail_outbox_key_recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
