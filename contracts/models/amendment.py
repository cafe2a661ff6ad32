"""Amendments (phụ lục hợp đồng) to a signed contract, with the terms each changes."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint,
                        text)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from contracts.models.contract import Contract
from contracts.models.lifecycle import SigningMixin
from core.clock import utcnow
from core.sql import in_list
from extensions import db

AMENDMENT_STATUSES = {
    "draft": _l("Bản nháp"),
    "review": _l("Đang rà soát pháp lý"),
    "approved": _l("Đã phê duyệt"),
    "signed": _l("Đã ký"),
    "refused": _l("Không phê duyệt"),  # final, like signed: the contract may be amended again
}
CLOSED = ("signed", "refused")  # no longer being prepared
_OPEN = text("status NOT IN ('signed', 'refused')")


class ContractAmendment(SigningMixin, db.Model):
    """A numbered amendment (phụ lục) to a signed contract, with the terms it changes."""

    __tablename__ = "contract_amendments"
    __table_args__ = (
        UniqueConstraint("contract_id", "number", name="uq_contract_amendments_number"),
        CheckConstraint(in_list("status", AMENDMENT_STATUSES), name="status"),
        CheckConstraint("number >= 1", name="number"),
        # One amendment at a time: at most one row per contract neither signed nor refused.
        Index("uq_contract_amendments_one_open", "contract_id", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
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
        """Still being prepared (neither signed nor refused); in a query, the same in SQL."""
        return self.status not in CLOSED

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return cls.status.not_in(CLOSED)

    @property
    def number_label(self) -> str:
        """Decree 30/2020 pads numbers below 10: "01"."""
        return f"{self.number:02d}"
