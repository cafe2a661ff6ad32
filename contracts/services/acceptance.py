"""Acceptance (nghiệm thu) and payment of each period, and the five acceptance documents."""
import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from accounts.models import User
from accounts.audit import record_event
from catalog.legal_bases import label
from documents.engine import render_docx
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.contract import Contract
from documents.models import DOCUMENT_KINDS, GeneratedDocument
from documents import storage
from contracts.services.contracts import (PARTY_FIELDS, contract_totals, end_date,
                                          payment_periods)
from core import clock
from core.errors import Refused
from core.money import format_vnd
from extensions import db

RECORDING_STATUSES = ("signed", "active")
DOCUMENT_STATUSES = ("signed", "active", "expired", "terminated")
FORMS = (1, 2, 3, 4, 5)
PERIOD_FORMS = (2, 3, 5)  # built from a period's acceptance record; 1 and 4 from the contract


class AcceptanceError(Refused):
    """A refused acceptance or payment; the message is shown to the user."""


def _agency_user(user, contract: Contract) -> bool:
    return getattr(user, "is_authenticated", False) and user.works_for_agency(
        contract.organisation_id)


def can_record(user, contract: Contract) -> bool:
    """Agency staff and approvers of the contract's agency, while it is signed or active."""
    return _agency_user(user, contract) and contract.status in RECORDING_STATUSES


def can_generate(user, contract: Contract) -> bool:
    """The same users make the documents, also once the contract has ended (data handover)."""
    return _agency_user(user, contract) and contract.status in DOCUMENT_STATUSES


def period_of(contract: Contract, period_no: int) -> dict | None:
    """One period of the payment schedule, or None."""
    return next((p for p in payment_periods(contract) if p["no"] == period_no), None)


def effective_due(contract: Contract, period: dict) -> date | None:
    """When the period should be accepted: its due date, or the lease's end for milestones."""
    return period.get("due") or end_date(contract)


def records_by_contract(contract_ids: Iterable[int]) -> dict[int, dict[int, AcceptanceRecord]]:
    """Acceptance records (payments loaded) of many contracts in one query, by period."""
    ids = list(contract_ids)
    found: dict[int, dict[int, AcceptanceRecord]] = {i: {} for i in ids}
    if not ids:
        return found
    rows = db.session.scalars(select(AcceptanceRecord)
                              .where(AcceptanceRecord.contract_id.in_(ids))
                              .options(selectinload(AcceptanceRecord.payments)))
    for record in rows:
        found[record.contract_id][record.period_no] = record
    return found


def acceptance_for(contract: Contract, period_no: int) -> AcceptanceRecord | None:
    """The acceptance record of one period, if any."""
    return records_by_contract([contract.id])[contract.id].get(period_no)


def record_acceptance(contract: Contract, period_no: int, results: list[dict], deductions: int,
                      reason: str, accepted_on: date, notes: str, *, actor: User
                      ) -> AcceptanceRecord:
    """Accept one period: each promised level with its measured value, deductions, amount."""
    if contract.status not in RECORDING_STATUSES:
        raise AcceptanceError("Chỉ nghiệm thu hợp đồng đã ký hoặc đang thực hiện.")
    period = period_of(contract, period_no)
    if period is None:
        raise AcceptanceError("Hợp đồng không có kỳ thanh toán này.")
    if acceptance_for(contract, period_no) is not None:
        raise AcceptanceError("Kỳ này đã được nghiệm thu.")
    if len(results) != len(contract.service_levels):
        raise AcceptanceError("Cần nhập kết quả đo cho đủ các chỉ tiêu chất lượng của hợp đồng.")
    if not 0 <= deductions <= period["amount"]:
        raise AcceptanceError(f"Số tiền giảm trừ phải từ 0 đến {format_vnd(period['amount'])} "
                              "đồng (số tiền của kỳ).")
    if deductions and not reason.strip():
        raise AcceptanceError("Vui lòng ghi lý do giảm trừ.")
    if accepted_on > clock.today():
        raise AcceptanceError("Ngày nghiệm thu không được sau ngày hôm nay.")
    if period.get("start") and accepted_on < period["start"]:
        raise AcceptanceError("Ngày nghiệm thu không được trước ngày bắt đầu của kỳ.")
    levels = [{"name": level["name"], "target": level["target"],
               "measure": level.get("measure", ""), "measured": result["measured"].strip(),
               "met": bool(result["met"])}
              for level, result in zip(contract.service_levels, results)]
    record = AcceptanceRecord(
        contract_id=contract.id, period_no=period_no, period_label=period["label"],
        period_start=period.get("start"), period_due=period.get("due"),
        period_amount=period["amount"], deductions=deductions,
        deduction_reason=reason.strip() if deductions else "",
        accepted_amount=period["amount"] - deductions, service_levels=levels,
        notes=notes.strip(), accepted_on=accepted_on, recorded_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:  # someone accepted the same period a moment earlier
        raise AcceptanceError("Kỳ này đã được nghiệm thu.") from None
    record_event("contract.accept", "contract", contract.id, user=actor,
                 summary=f"Nghiệm thu kỳ {period_no}: chấp nhận "
                         f"{format_vnd(record.accepted_amount)} đồng, giảm trừ "
                         f"{format_vnd(deductions)} đồng",
                 changes={"period_no": period_no, "accepted_amount": record.accepted_amount,
                          "deductions": deductions})
    return record


def record_payment(record: AcceptanceRecord, amount: int, paid_on: date, reference: str,
                   *, actor: User) -> PaymentRecord:
    """Pay (part of) an accepted period, never more than what is accepted and unpaid."""
    contract = record.contract
    if contract.status not in RECORDING_STATUSES:
        raise AcceptanceError("Chỉ ghi nhận thanh toán cho hợp đồng đã ký hoặc đang thực hiện.")
    # Lock the acceptance row so two payments entered together cannot both pass the check.
    db.session.execute(select(AcceptanceRecord.id).where(AcceptanceRecord.id == record.id)
                       .with_for_update())
    # int(): PostgreSQL sums a bigint column as numeric, which arrives as a Decimal.
    paid = int(db.session.scalar(select(func.coalesce(func.sum(PaymentRecord.amount), 0))
                                 .where(PaymentRecord.acceptance_id == record.id)))
    unpaid = record.accepted_amount - paid
    if not 0 < amount <= unpaid:
        raise AcceptanceError(f"Số tiền thanh toán phải lớn hơn 0 và không vượt quá "
                              f"{format_vnd(unpaid)} đồng đã nghiệm thu chưa thanh toán.")
    if paid_on < record.accepted_on:
        raise AcceptanceError("Ngày thanh toán không được trước ngày nghiệm thu.")
    if paid_on > clock.today():
        raise AcceptanceError("Ngày thanh toán không được sau ngày hôm nay.")
    payment = PaymentRecord(contract_id=contract.id, acceptance_id=record.id, amount=amount,
                            paid_on=paid_on, reference=reference.strip(),
                            recorded_by_id=actor.id)
    record.payments.append(payment)
    db.session.flush()
    record_event("contract.pay", "contract", contract.id, user=actor,
                 summary=f"Thanh toán kỳ {record.period_no}: {format_vnd(amount)} đồng "
                         f"({payment.reference})",
                 changes={"period_no": record.period_no, "amount": amount,
                          "reference": payment.reference})
    return payment


def schedule_summary(contract: Contract, records: dict[int, AcceptanceRecord] | None = None,
                     day: date | None = None) -> dict:
    """Per period: amount, accepted, deductions, paid, overdue; then the contract's totals."""
    if records is None:
        records = records_by_contract([contract.id])[contract.id]
    day = day or clock.today()
    rows = []
    for period in payment_periods(contract):
        record = records.get(period["no"])
        due = effective_due(contract, period)
        overdue = (record is None and contract.status in RECORDING_STATUSES
                   and due is not None and due < day)
        rows.append({**period, "due": due, "record": record, "overdue": overdue,
                     "overdue_days": (day - due).days if overdue else 0,
                     "accepted": record.accepted_amount if record else 0,
                     "deductions": record.deductions if record else 0,
                     "paid": record.paid if record else 0})
    total = contract_totals(contract)["total"]
    sums = {key: sum(row[key] for row in rows) for key in ("accepted", "deductions", "paid")}
    # What the agency may still have to pay: the value less deductions and payments made.
    return {"rows": rows, "total": total, **sums,
            "remaining": total - sums["deductions"] - sums["paid"],
            "accepted_unpaid": sums["accepted"] - sums["paid"],
            "overdue": [row for row in rows if row["overdue"]]}


# --- the five acceptance documents ---------------------------------------------------------


def form_kind(form: int) -> str:
    """The document kind of acceptance form 1-5: "acceptance-5"."""
    return f"acceptance-{form}"


def acceptance_context(contract: Contract, form: int, record: AcceptanceRecord | None,
                       template_version: int) -> dict:
    """The plain-dict context of PREVIEW_ACCEPTANCE in documents/preview."""
    totals = contract_totals(contract)
    start, end = contract.start_date, end_date(contract)
    if record is not None:
        period = {"no": record.period_no, "label": record.period_label,
                  "start": record.period_start or start, "end": record.period_due or end,
                  "amount": record.period_amount}
        levels = [{k: level.get(k, "") for k in ("name", "target", "measure", "measured")}
                  | {"met": bool(level.get("met"))} for level in record.service_levels]
        day = record.accepted_on
    else:
        period = {"no": 0, "label": "Toàn bộ thời gian thuê", "start": start, "end": end,
                  "amount": totals["total"]}
        levels = [{"name": level["name"], "target": level["target"],
                   "measure": level.get("measure", ""), "measured": "", "met": None}
                  for level in contract.service_levels]
        day = start if form == 1 else end
    party = lambda data: {k: data.get(k, "") for k in PARTY_FIELDS}  # noqa: E731
    service = contract.snapshot.get("service", {})
    return {
        "pack": {"id": contract.pack_id, "short_name": label(contract.pack_id),
                 "template_version": template_version},
        "document": {"number": contract.number, "place": contract.place, "date": day},
        "contract": {"number": contract.number, "date": contract.contract_date or start,
                     "title": contract.title, "total": totals["total"], "start": start,
                     "end": end, "months": contract.months},
        "party_a": party(contract.party_a),
        "party_b": party(contract.party_b),
        "service": {"code": service.get("code", ""), "name": service.get("name", "")},
        "period": period,
        "service_levels": levels,
        "deductions": {"amount": record.deductions if record else 0,
                       "reason": record.deduction_reason if record else ""},
        "accepted_amount": record.accepted_amount if record else 0,
        "handover": {"method": contract.data_handover, "days": contract.handover_days,
                     "date": end + timedelta(days=contract.handover_days)},
        "notes": record.notes if record else "",
    }


def generate_acceptance_document(contract: Contract, form: int,
                                 record: AcceptanceRecord | None, *, actor: User | None = None
                                 ) -> GeneratedDocument:
    """Render form 1-5 from the contract's pack and keep the copy (reused when unchanged)."""
    if form not in FORMS:
        raise AcceptanceError("Không có mẫu văn bản nghiệm thu này.")
    if form in PERIOD_FORMS and record is None:
        raise AcceptanceError("Kỳ này chưa được nghiệm thu nên chưa lập được văn bản.")
    if not (contract.number and contract.pack_id and contract.start_date and contract.months):
        raise AcceptanceError("Hợp đồng chưa có số, căn cứ pháp lý hoặc thời hạn thuê.")
    kind = form_kind(form)
    record = record if form in PERIOD_FORMS else None
    context_day = record.accepted_on if record else contract.start_date
    template = storage.template_for(contract.pack_id, kind, context_day)
    data = render_docx(storage.template_path(template),
                       acceptance_context(contract, form, record, template.version))
    stored = db.session.scalar(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract", GeneratedDocument.owner_id == contract.id,
        GeneratedDocument.kind == kind, GeneratedDocument.template_id == template.id,
        GeneratedDocument.sha256 == hashlib.sha256(data).hexdigest()))
    if stored is not None:
        return stored
    period = f"-ky-{record.period_no}" if record else ""
    name = f"mau-{form:02d}{period}-{contract.number.replace('/', '-')}.docx"
    document = storage.store_document("contract", contract.id, kind, template, data, name,
                                      actor=actor)
    record_event("contract.acceptance_document", "contract", contract.id, user=actor,
                 summary=f"Tạo {DOCUMENT_KINDS[kind].lower()}"
                         + (f" kỳ {record.period_no}" if record else ""))
    return document
