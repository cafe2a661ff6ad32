"""The signed PDF of a contract or an amendment, kept by SHA-256."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.clock import utcnow
from core.sql import in_list
from extensions import db

SIGNED_COPY_OWNERS = ("contract", "amendment")


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
