"""A contract's life after the wizard: its clearance and signing record, and its transitions."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from accounts.models import User
from core.clock import utcnow
from extensions import db


class SigningMixin:
    """Legal clearance and signing details, shared by a contract and its amendments."""

    legal_cleared_at: Mapped[datetime | None]
    legal_cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_on: Mapped[date | None]
    # {"a": {"name", "position"}, "b": {"name", "position"}}: who signed for each party.
    signatories: Mapped[dict] = mapped_column(JSON, default=dict)
    # The generated document that was signed: frozen from then on (documents.storage).
    signed_document_id: Mapped[int | None] = mapped_column(ForeignKey("generated_documents.id"))

    @declared_attr
    def legal_cleared_by(cls) -> Mapped[User | None]:
        # Shown wherever the record is: loaded with it.
        return relationship(foreign_keys=[cls.legal_cleared_by_id], lazy="joined")

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
