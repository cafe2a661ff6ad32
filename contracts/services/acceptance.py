"""Acceptance (nghiệm thu) of each period of the payment schedule, and the schedule as it stands:
what each period accepted, deducted and paid. Flush, never commit."""
from collections.abc import Iterable
from datetime import date, timedelta

from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from accounts.audit import record_event
from accounts.models import User
from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import RUNNING, Contract
from contracts.services import terms
from contracts.services.terms import Period, Terms
from core import clock
from core.clock import done_by
from core.errors import Refused
from core.formats import dmy
from core.i18n import DEFAULT_LANGUAGE, text_in
from core.money import format_vnd
from extensions import db


class AcceptanceError(Refused):
    """A refused acceptance or payment; the message is shown to the user."""


# Sent once a period's acceptance or a payment is recorded (flushed): the vendor's side
# (contracts.services.period_reports) tells the vendor. Receivers flush, never commit.
signals = Namespace()
period_accepted = signals.signal("period-accepted")  # sender: the AcceptanceRecord; actor=
payment_recorded = signals.signal("payment-recorded")  # sender: the PaymentRecord; actor=


def period_of(contract: Contract, period_no: int) -> Period | None:
    """One period of the contract's payment schedule, or None."""
    return terms.of_contract(contract).schedule.period(period_no)


def records_by_contract(contract_ids: Iterable[int]) -> dict[int, dict[int, AcceptanceRecord]]:
    """Acceptance records (payments loaded) of many contracts in one query, by period."""
    ids = list(contract_ids)
    found: dict[int, dict[int, AcceptanceRecord]] = {i: {} for i in ids}
    if not ids:
        return found
    rows = db.session.scalars(select(AcceptanceRecord)
                              .where(AcceptanceRecord.contract_id.in_(ids))
                              .options(selectinload(AcceptanceRecord.payments),
                                       joinedload(AcceptanceRecord.recorded_by)))
    for record in rows:
        found[record.contract_id][record.period_no] = record
    return found


def acceptance_for(contract: Contract, period_no: int) -> AcceptanceRecord | None:
    """The acceptance record of one period, if any."""
    return records_by_contract([contract.id])[contract.id].get(period_no)


def already_accepted(record: AcceptanceRecord) -> str:
    """Why a period cannot be accepted again: who accepted it, when."""
    return _("Kỳ %(no)s đã được nghiệm thu %(by)s.", no=record.period_no,
             by=done_by(record.recorded_by.name, record.created_at))


def record_acceptance(contract: Contract, period_no: int, results: list[dict], deductions: int,
                      reason: str, accepted_on: date, notes: str, *, actor: User
                      ) -> AcceptanceRecord:
    """Accept one period: each promised level with its measured value, deductions, amount."""
    if contract.status not in RUNNING:
        raise AcceptanceError(_("Chỉ nghiệm thu hợp đồng đã ký hoặc đang thực hiện."))
    period = period_of(contract, period_no)
    if period is None:
        raise AcceptanceError(_("Hợp đồng không có kỳ thanh toán này."))
    if (done := acceptance_for(contract, period_no)) is not None:
        raise AcceptanceError(already_accepted(done))
    if len(results) != len(contract.service_levels):
        raise AcceptanceError(_("Cần nhập kết quả đo cho đủ các chỉ tiêu chất lượng của hợp "
                                "đồng."))
    if not 0 <= deductions <= period.amount:
        raise AcceptanceError(_("Số tiền giảm trừ phải từ 0 đến %(amount)s đồng (số tiền của "
                                "kỳ).", amount=format_vnd(period.amount)))
    if deductions and not reason.strip():
        raise AcceptanceError(_("Vui lòng ghi lý do giảm trừ."))
    if accepted_on > clock.today():
        raise AcceptanceError(_("Ngày nghiệm thu không được sau ngày hôm nay."))
    if period.start and accepted_on < period.start:
        raise AcceptanceError(_("Ngày nghiệm thu không được trước ngày bắt đầu của kỳ."))
    signed_on = contract.lifecycle.signed_on if contract.lifecycle else None
    if signed_on and accepted_on < signed_on:
        raise AcceptanceError(_("Ngày nghiệm thu (%(day)s) không được trước ngày ký hợp đồng "
                                "(%(signed)s).", day=dmy(accepted_on),
                                signed=dmy(signed_on)))
    levels = [{"name": level["name"], "target": level["target"],
               "measure": level.get("measure", ""), "measured": result["measured"].strip(),
               "met": bool(result["met"])}
              for level, result in zip(contract.service_levels, results)]
    record = AcceptanceRecord(
        contract_id=contract.id, period_no=period_no,
        period_label=text_in(DEFAULT_LANGUAGE, period.label),  # kept as the forms print it
        period_start=period.start, period_due=period.due, period_amount=period.amount,
        period_parts=terms.parts_json(period),
        deductions=deductions, deduction_reason=reason.strip() if deductions else "",
        accepted_amount=period.amount - deductions, service_levels=levels,
        notes=notes.strip(), accepted_on=accepted_on, recorded_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:  # someone accepted the same period a moment earlier
        raise AcceptanceError(_("Kỳ %(no)s vừa được nghiệm thu ở một yêu cầu khác; hãy tải lại "
                                "trang.", no=period_no)) from None
    record_event("contract.accept", "contract", contract.id, user=actor,
                 summary=f"Nghiệm thu kỳ {period_no}: chấp nhận "
                         f"{format_vnd(record.accepted_amount)} đồng, giảm trừ "
                         f"{format_vnd(deductions)} đồng",
                 changes={"period_no": period_no, "accepted_amount": record.accepted_amount,
                          "deductions": deductions})
    period_accepted.send(record, actor=actor)  # the vendor is told (and invited to invoice)
    return record


def pay_by(contract: Contract, period: Period, record: AcceptanceRecord | None
           ) -> tuple[date | None, bool]:
    """When the period is to be paid, and whether that date is still only planned: the
    acceptance date + the contract's payment days, or before acceptance the period's
    deadline (its end; a milestone's, the lease's end) + those days."""
    if record is not None:
        return record.accepted_on + timedelta(days=contract.payment_days), False
    return period.planned_pay_by(contract.payment_days), True


def schedule_summary(contract: Contract, records: dict[int, AcceptanceRecord] | None = None,
                     day: date | None = None, computed: Terms | None = None) -> dict:
    """Per period: its terms, what was accepted, deducted and paid, when it is to be paid,
    whether it is overdue; then the contract's totals."""
    if records is None:
        records = records_by_contract([contract.id])[contract.id]
    computed = computed or terms.of_contract(contract, terms.accepted_from(records))
    day = day or clock.today()
    rows = []
    for period in computed.periods:
        record = records.get(period.no)
        overdue = (record is None and contract.status in RUNNING
                   and period.deadline is not None and period.deadline < day)
        due, planned = pay_by(contract, period, record)
        rows.append({"period": period, "record": record, "overdue": overdue,
                     "overdue_days": (day - period.deadline).days if overdue else 0,
                     "accepted": record.accepted_amount if record else 0,
                     "deductions": record.deductions if record else 0,
                     "paid": record.paid if record else 0,
                     "pay_by": due, "pay_by_planned": planned})
    total = computed.total
    sums = {key: sum(row[key] for row in rows) for key in ("accepted", "deductions", "paid")}
    # What the agency may still have to pay: the value less deductions and payments made.
    return {"rows": rows, "total": total, **sums,
            "remaining": total - sums["deductions"] - sums["paid"],
            "accepted_unpaid": sums["accepted"] - sums["paid"],
            "overdue": [row for row in rows if row["overdue"]]}
