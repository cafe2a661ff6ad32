"""A contract's life after the wizard: its clearance and signing record, and its transitions."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from accounts.models import User
from core.clock import utcnow
from extensions import db


class SigningMixin:
    """Legal clearance, the vendor's confirmation and signing details, shared by a contract and
    its amendments. Clearance, sharing and confirmation hold for the current round: a return
    to draft (by the legal drafter, the vendor or the approver) clears them."""

    legal_cleared_at: Mapped[datetime | None]
    legal_cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The agency sent the cleared draft to the vendor for confirmation ("Gửi nhà cung cấp").
    shared_at: Mapped[datetime | None]
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The vendor's staff confirmed the shared draft ("Xác nhận dự thảo").
    vendor_confirmed_at: Mapped[datetime | None]
    vendor_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_on: Mapped[date | None]
    # {"a": {"name", "position"}, "b": {"name", "position"}}: who signed for each party.
    signatories: Mapped[dict] = mapped_column(JSON, default=dict)
    # The generated document that was signed: frozen from then on (documents.storage).
    signed_document_id: Mapped[int | None] = mapped_column(ForeignKey("generated_documents.id"))

    @declared_attr
    def legal_cleared_by(cls) -> Mapped[User | None]:
        # Shown wherever the record is: loaded with it.
        return relationship(foreign_keys=[cls.legal_cleared_by_id], lazy="joined")

    @declared_attr
    def vendor_confirmed_by(cls) -> Mapped[User | None]:
        return relationship(foreign_keys=[cls.vendor_confirmed_by_id], lazy="joined")

    @property
    def legal_cleared(self) -> bool:
        return self.legal_cleared_at is not None

    @property
    def shared(self) -> bool:
        return self.shared_at is not None

    @property
    def vendor_confirmed(self) -> bool:
        return self.vendor_confirmed_at is not None

    def reopen(self) -> None:
        """Back to draft: the next round needs a new clearance, sharing and confirmation."""
        self.legal_cleared_at = self.legal_cleared_by_id = None
        self.shared_at = self.shared_by_id = None
        self.vendor_confirmed_at = self.vendor_confirmed_by_id = None


class ContractLifecycle(SigningMixin, db.Model):
    """One row per contract that has left the draft: clearance, signing, start and end."""

    __tablename__ = "contract_lifecycles"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    activated_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    # When the agency first shared a draft with the vendor: its staff see the contract from
    # then on, whatever happens to it (contracts.access.can_view).
    vendor_since: Mapped[datetime | None]


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
