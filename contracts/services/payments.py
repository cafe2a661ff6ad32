"""Payments of accepted periods: never more than what is accepted and unpaid. Flush, never
commit."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from accounts.audit import record_event
from accounts.models import User
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.contract import RUNNING
from contracts.services.acceptance import AcceptanceError, payment_recorded
from core import clock
from core.clock import done_by
from core.money import format_vnd
from extensions import db


def record_payment(record: AcceptanceRecord, amount: int, paid_on: date, reference: str,
                   *, actor: User) -> PaymentRecord:
    """Pay (part of) an accepted period, never more than what is accepted and unpaid."""
    contract = record.contract
    if contract.status not in RUNNING:
        raise AcceptanceError(_("Chỉ ghi nhận thanh toán cho hợp đồng đã ký hoặc đang thực "
                                "hiện."))
    # Lock the acceptance row so two payments entered together cannot both pass the check.
    db.session.execute(select(AcceptanceRecord.id).where(AcceptanceRecord.id == record.id)
                       .with_for_update())
    # int(): PostgreSQL sums a bigint column as numeric, which arrives as a Decimal.
    paid = int(db.session.scalar(select(func.coalesce(func.sum(PaymentRecord.amount), 0))
                                 .where(PaymentRecord.acceptance_id == record.id)))
    unpaid = record.accepted_amount - paid
    if not 0 < amount <= unpaid:
        raise AcceptanceError(_("Số tiền thanh toán phải lớn hơn 0 và không vượt quá "
                                "%(unpaid)s đồng đã nghiệm thu chưa thanh toán.",
                                unpaid=format_vnd(unpaid)))
    reference = reference.strip()
    same = db.session.scalar(select(PaymentRecord).where(PaymentRecord.acceptance_id == record.id,
                                                         PaymentRecord.reference == reference))
    if same is not None:  # one payment order pays a period once: a repeat is the same payment
        raise AcceptanceError(_("Chứng từ số %(reference)s của kỳ %(no)s đã được ghi nhận "
                                "%(by)s.", reference=reference, no=record.period_no,
                                by=done_by(same.recorded_by.name, same.created_at)))
    if paid_on < record.accepted_on:
        raise AcceptanceError(_("Ngày thanh toán không được trước ngày nghiệm thu."))
    if paid_on > clock.today():
        raise AcceptanceError(_("Ngày thanh toán không được sau ngày hôm nay."))
    payment = PaymentRecord(contract_id=contract.id, acceptance_id=record.id, amount=amount,
                            paid_on=paid_on, reference=reference,
                            recorded_by_id=actor.id)
    record.payments.append(payment)
    db.session.flush()
    record_event("contract.pay", "contract", contract.id, user=actor,
                 summary=f"Thanh toán kỳ {record.period_no}: {format_vnd(amount)} đồng "
                         f"({payment.reference})",
                 changes={"period_no": record.period_no, "amount": amount,
                          "reference": payment.reference})
    payment_recorded.send(payment, actor=actor)  # the vendor is told
    return payment
