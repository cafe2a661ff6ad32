"""A contract's life after the wizard: transitions, legal review, signing, amendments."""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from accounts.models import User
from core.clock import utcnow
from core.sql import in_list
from contracts.models.contract import Contract
from extensions import db

AMENDMENT_STATUSES = {
    "draft": "Bản nháp",
    "review": "Đang rà soát pháp lý",
    "approved": "Đã phê duyệt",
    "signed": "Đã ký",
}
SIGNED_COPY_OWNERS = ("contract", "amendment")


class SigningMixin:
    """Legal clearance and signing details, shared by a contract and its amendments."""

    legal_cleared_at: Mapped[datetime | None]
    legal_cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_on: Mapped[date | None]
    # {"a": {"name", "position"}, "b": {"name", "position"}}: who signed for each party.
    signatories: Mapped[dict] = mapped_column(JSON, default=dict)

    @declared_attr
    def legal_cleared_by(cls) -> Mapped[User | None]:
        return relationship(foreign_keys=[cls.legal_cleared_by_id])

    @property
    def legal_cleared(self) -> bool:
        return self.legal_cleared_at is not None


class ContractLifecycle(SigningMixin, db.Model):
    """One row per contract that has left the draft: clearance, signing, start and end."""

    __tablename__ = "contract_lifecycles"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    activated_on: Mapped[date | None]
    ended_on: Mapped[date | None]


class ContractTransition(db.Model):
    """One move of a contract (or of one of its amendments) from a state to another."""

    __tablename__ = "contract_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("contract_amendments.id"),
                                                     index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: scheduled job
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()


class ContractAmendment(SigningMixin, db.Model):
    """A numbered amendment (phụ lục) to a signed contract, with the terms it changes."""

    __tablename__ = "contract_amendments"
    __table_args__ = (
        UniqueConstraint("contract_id", "number", name="uq_contract_amendments_number"),
        CheckConstraint(in_list("status", AMENDMENT_STATUSES), name="status"),
        CheckConstraint("number >= 1", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    reason: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    amendment_date: Mapped[date | None]
    # Terms as {"months", "lines", "service_levels", "special_clauses"}: `terms` is what the
    # amendment makes them; `previous_terms` is the frozen version it replaces.
    terms: Mapped[dict] = mapped_column(JSON, default=dict)
    previous_terms: Mapped[dict] = mapped_column(JSON, default=dict)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("document_templates.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contract: Mapped[Contract] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    @property
    def status_label(self) -> str:
        return AMENDMENT_STATUSES[self.status]

    @hybrid_property
    def is_open(self) -> bool:
        """Still being prepared (not yet signed); in a query, the same condition in SQL."""
        return self.status != "signed"

    @property
    def number_label(self) -> str:
        """Decree 30/2020 pads numbers below 10: "01"."""
        return f"{self.number:02d}"


class SignedCopy(db.Model):
    """The scanned or digitally signed PDF of a contract or amendment, kept by SHA-256."""

    __tablename__ = "signed_copies"
    __table_args__ = (
        Index("ix_signed_copies_owner", "owner_type", "owner_id"),
        CheckConstraint(in_list("owner_type", SIGNED_COPY_OWNERS), name="owner_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    # What pyHanko read: [{"signer", "valid", "intact", "trusted", "signed_at"}]; empty
    # when the PDF carries no digital signature.
    signatures: Mapped[list] = mapped_column(JSON, default=list)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()
