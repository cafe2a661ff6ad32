"""The vendor's report on a period's service delivery and its invoice."""
from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, CheckConstraint, ForeignKey, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import Contract
from core.clock import utcnow
from extensions import db

# Limits the forms and the services share.
MAX_INCIDENTS = 4000
MAX_NOTES = 2000
MAX_INVOICE_NUMBER = 60


class PeriodReport(db.Model):
    """One version of the vendor's report on a period (Báo cáo kết quả cung cấp dịch vụ kỳ N):
    the measured service levels, incidents, notes and, if given, a PDF kept by SHA-256. A
    revision adds a new version and sets the one before aside (`is_current` NULL): one current
    report per contract and period, every version kept."""

    __tablename__ = "period_reports"
    __table_args__ = (
        UniqueConstraint("contract_id", "period_no", "version", name="uq_period_reports_version"),
        # NULLs are distinct in a unique constraint: only one row per period is current.
        UniqueConstraint("contract_id", "period_no", "is_current",
                         name="uq_period_reports_current"),
        CheckConstraint("period_no >= 1", name="period_no"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("is_current IS NULL OR is_current = 1", name="is_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    period_no: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    is_current: Mapped[int | None] = mapped_column(default=1)  # 1, or NULL once revised
    # [{name, target, measure, measured, met}], one per service level of the contract
    service_levels: Mapped[list] = mapped_column(JSON, default=list)
    incidents: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    reported_on: Mapped[date]
    file_name: Mapped[str | None] = mapped_column(String(255))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship()
    submitted_by: Mapped[User] = relationship()

    @property
    def all_met(self) -> bool:
        return all(level.get("met") for level in self.service_levels)


class PeriodInvoice(db.Model):
    """The vendor's invoice (hóa đơn) for an accepted period, its PDF kept by SHA-256: one per
    period, replaced in place (the audit trail keeps the one before) until a payment is
    recorded, then frozen."""

    __tablename__ = "period_invoices"
    __table_args__ = (
        UniqueConstraint("acceptance_id", name="uq_period_invoices_acceptance_id"),
        CheckConstraint("amount > 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    acceptance_id: Mapped[int] = mapped_column(ForeignKey("acceptance_records.id"))
    number: Mapped[str] = mapped_column(String(MAX_INVOICE_NUMBER))
    issued_on: Mapped[date]
    amount: Mapped[int] = mapped_column(BigInteger)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    acceptance: Mapped[AcceptanceRecord] = relationship()
    uploaded_by: Mapped[User] = relationship()
