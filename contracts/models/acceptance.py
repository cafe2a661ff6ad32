"""Acceptance (nghiệm thu) of each payment period of a contract, and the payments that follow."""
from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, CheckConstraint, ForeignKey, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.clock import utcnow
from contracts.models.contract import Contract
from extensions import db


class AcceptanceRecord(db.Model):
    """One period accepted: service levels measured against the promise, deductions, amount."""

    __tablename__ = "acceptance_records"
    __table_args__ = (
        UniqueConstraint("contract_id", "period_no", name="uq_acceptance_records_period"),
        CheckConstraint("period_no >= 1", name="period_no"),
        CheckConstraint("deductions >= 0 AND deductions <= period_amount", name="deductions"),
        CheckConstraint("accepted_amount = period_amount - deductions", name="accepted_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    period_no: Mapped[int]
    # The period as it stood when accepted, so a later amendment never rewrites history.
    period_label: Mapped[str] = mapped_column(String(120))
    period_start: Mapped[date | None]
    period_due: Mapped[date | None]
    period_amount: Mapped[int] = mapped_column(BigInteger)
    # [{rate, base, vat}]: the period's amount before VAT and its VAT per rate when accepted
    # (contracts.services.terms keeps them through amendments); NULL for older records.
    period_parts: Mapped[list | None] = mapped_column(JSON)
    deductions: Mapped[int] = mapped_column(BigInteger, default=0)
    deduction_reason: Mapped[str] = mapped_column(Text, default="")
    accepted_amount: Mapped[int] = mapped_column(BigInteger)
    # [{name, target, measure, measured, met}], one per service level of the contract
    service_levels: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    accepted_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship()
    recorded_by: Mapped[User] = relationship()
    payments: Mapped[list["PaymentRecord"]] = relationship(
        back_populates="acceptance", order_by="[PaymentRecord.paid_on, PaymentRecord.id]")

    @property
    def paid(self) -> int:
        return sum(payment.amount for payment in self.payments)

    @property
    def unpaid(self) -> int:
        return self.accepted_amount - self.paid

    @property
    def all_met(self) -> bool:
        return all(level.get("met") for level in self.service_levels)


class PaymentRecord(db.Model):
    """A payment of an accepted period (e.g. a treasury payment order), never above it."""

    __tablename__ = "payment_records"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        # A payment order (số chứng từ) pays a period once: a repeated request is refused.
        UniqueConstraint("acceptance_id", "reference", name="uq_payment_records_reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    acceptance_id: Mapped[int] = mapped_column(ForeignKey("acceptance_records.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(60))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    acceptance: Mapped[AcceptanceRecord] = relationship(back_populates="payments")
    recorded_by: Mapped[User] = relationship()
