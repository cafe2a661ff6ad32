"""The five acceptance documents (domain.md §5): forms 2, 3 and 5 describe one accepted
period, forms 1 (handover into use) and 4 (data handover) the whole lease."""
import hashlib
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from accounts.audit import record_event
from accounts.models import User
from catalog.legal_bases import label
from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import Contract
from contracts.services import terms
from contracts.services.acceptance import AcceptanceError
from contracts.services.document import party, party_a_on
from core.i18n import in_vietnamese
from documents import storage
from documents.engine import render_docx
from documents.models import DOCUMENT_KINDS, GeneratedDocument
from extensions import db

FORMS = (1, 2, 3, 4, 5)
PERIOD_FORMS = (2, 3, 5)  # built from a period's acceptance record; 1 and 4 from the contract


def form_kind(form: int) -> str:
    """The document kind of acceptance form 1-5: "acceptance-5"."""
    return f"acceptance-{form}"


@in_vietnamese
def acceptance_context(contract: Contract, form: int, record: AcceptanceRecord | None,
                       template_version: int) -> dict:
    """The plain-dict context of PREVIEW_ACCEPTANCE in documents/preview."""
    computed = terms.of_contract(contract)
    start, end = computed.start, computed.end
    kept = contract.lifecycle
    # The lease's actual end: the day it was terminated, or its planned last day.
    ended = kept.ended_on if kept and contract.status == "terminated" and kept.ended_on \
        else end
    if record is not None:
        period = {"no": record.period_no, "label": record.period_label,
                  "start": record.period_start or start, "end": record.period_due or end,
                  "amount": record.period_amount}
        levels = [{k: level.get(k, "") for k in ("name", "target", "measure", "measured")}
                  | {"met": bool(level.get("met"))} for level in record.service_levels]
        day = record.accepted_on
    else:
        period = {"no": 0, "label": "Toàn bộ thời gian thuê", "start": start, "end": end,
                  "amount": computed.total}
        levels = [{"name": level["name"], "target": level["target"],
                   "measure": level.get("measure", ""), "measured": "", "met": None}
                  for level in contract.service_levels]
        day = start if form == 1 else ended
    service = contract.snapshot.get("service", {})
    return {
        "pack": {"id": contract.pack_id, "short_name": label(contract.pack_id),
                 "template_version": template_version},
        "document": {"number": contract.number, "place": contract.place, "date": day},
        "contract": {"number": contract.number,
                     "date": contract.signed_date or start,
                     "title": contract.title, "total": computed.total, "start": start,
                     "end": end, "ended": ended, "months": computed.months},
        "party_a": party_a_on(contract, day),
        "party_b": party(contract.party_b),
        "service": {"code": service.get("code", ""), "name": service.get("name", "")},
        "period": period,
        "service_levels": levels,
        "deductions": {"amount": record.deductions if record else 0,
                       "reason": record.deduction_reason if record else ""},
        "accepted_amount": record.accepted_amount if record else 0,
        "handover": {"method": contract.data_handover, "days": contract.handover_days,
                     "date": ended + timedelta(days=contract.handover_days)},
        "notes": record.notes if record else "",
    }


def generate_acceptance_document(contract: Contract, form: int,
                                 record: AcceptanceRecord | None, *, actor: User | None = None
                                 ) -> GeneratedDocument:
    """Render form 1-5 from the contract's pack and keep the copy (reused when unchanged)."""
    if form not in FORMS:
        raise AcceptanceError(_("Không có mẫu văn bản nghiệm thu này."))
    if form in PERIOD_FORMS and record is None:
        raise AcceptanceError(_("Kỳ này chưa được nghiệm thu nên chưa lập được văn bản."))
    if not (contract.number and contract.pack_id and contract.start_date and contract.months):
        raise AcceptanceError(_("Hợp đồng chưa có số, căn cứ pháp lý hoặc thời hạn thuê."))
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
