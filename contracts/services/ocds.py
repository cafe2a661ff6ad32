"""A signed contract as an OCDS 1.1 release package: planning, award, contract, implementation.

Only plain data goes in; the API view loads it. Identifiers: the ocid is "ocds-thuedv-" and
the contract id; parties are "thuedv-org-<organisation id>" (the agency) and
"thuedv-vendor-<vendor id>" (the supplier). Dates are ISO 8601 in Vietnam time (+07:00).
"""
from __future__ import annotations

from datetime import date, datetime, time

from catalog.legal_bases import label
from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import SIGNED, Contract
from contracts.services import terms
from contracts.services.amendments import amendments_of, term_changes
from contracts.services.terms import Terms
from core.clock import VIETNAM, in_vietnam
from core.i18n import in_vietnamese
from core.money import format_vnd
from documents.engine import DOCX_MIMETYPE
from documents.models import DOCUMENT_KINDS, GeneratedDocument

OCID_PREFIX = "ocds-thuedv-"
PUBLIC_STATUSES = SIGNED  # a contract is open data once signed
CURRENCY = "VND"
PUBLISHER = "Thuê DV CNTT – hệ thống thuê dịch vụ công nghệ thông tin của cơ quan nhà nước"
CONTRACT_STATUS = {"signed": "active", "active": "active", "expired": "terminated",
                   "terminated": "terminated"}
DOCUMENT_TYPES = {"contract": "contractSigned", "acceptance-1": "physicalProgressReport",
                  "acceptance-2": "physicalProgressReport",
                  "acceptance-3": "physicalProgressReport",
                  "acceptance-4": "contractArrangements",
                  "acceptance-5": "financialProgressReport"}
# Our own label for the Vietnamese tax code (mã số thuế); org-id.guide lists no scheme for it.
TAX_SCHEME = "VN-MST"


def ocid(contract: Contract) -> str:
    """The contracting process identifier."""
    return f"{OCID_PREFIX}{contract.id}"


def day_start(day: date) -> str:
    """A date as the start of that day in Vietnam: 2026-09-01T00:00:00+07:00."""
    return datetime.combine(day, time(0, 0), VIETNAM).isoformat()


def day_end(day: date) -> str:
    """A date as the last second of that day in Vietnam."""
    return datetime.combine(day, time(23, 59, 59), VIETNAM).isoformat()


def moment(value: datetime) -> str:
    """A stored UTC timestamp (naive) in Vietnam time."""
    return in_vietnam(value).isoformat(timespec="seconds")


def money(amount: int) -> dict:
    return {"amount": amount, "currency": CURRENCY}


def _parties(contract: Contract) -> tuple[dict, dict]:
    """The agency (buyer, procuring entity, payer) and the vendor (supplier, payee)."""
    a, b = contract.party_a, contract.party_b
    province = contract.organisation.province
    buyer = {"id": f"thuedv-org-{contract.organisation_id}",
             "name": a.get("name") or contract.organisation.name,
             "address": {"streetAddress": a.get("address") or contract.organisation.address
                         or "", "countryName": "Việt Nam"},
             "roles": ["buyer", "procuringEntity", "payer"]}
    if province is not None:
        buyer["address"]["region"] = province.name
    supplier = {"id": f"thuedv-vendor-{contract.vendor_id}", "name": b.get("name", ""),
                "address": {"streetAddress": b.get("address", ""), "countryName": "Việt Nam"},
                "roles": ["supplier", "payee"]}
    if b.get("tax_code"):
        supplier["identifier"] = {"scheme": TAX_SCHEME, "id": b["tax_code"],
                                  "legalName": b.get("name", "")}
    contact = {k: v for k, v in (("email", b.get("email")), ("telephone", b.get("phone"))) if v}
    if contact:
        supplier["contactPoint"] = {"name": b.get("representative", ""), **contact}
    return buyer, supplier


def _items(contract: Contract) -> list[dict]:
    """One item per price line: quantity × months of the unit, unit price before VAT."""
    return [{"id": str(index), "description": line.name,
             "quantity": line.quantity * line.months,
             "unit": {"name": line.unit, "value": money(line.unit_price)}}
            for index, line in enumerate(contract.lines, start=1)]


def _planning(contract: Contract, plan, total: int) -> dict:
    """The budget: the approved lease plan when there is one, else the contract's own bases."""
    if plan is not None:
        approval = (f"Quyết định phê duyệt số {plan.approval_number} ngày "
                    f"{plan.approved_on:%d/%m/%Y}" if plan.approval_number and plan.approved_on
                    else "Kế hoạch chưa phê duyệt")
        return {"rationale": f"Kế hoạch thuê dịch vụ “{plan.title}” ({approval}).",
                "budget": {"id": f"thuedv-plan-{plan.id}", "description": plan.title,
                           "project": plan.title,
                           "projectID": plan.approval_number or f"thuedv-plan-{plan.id}",
                           "amount": money(total)}}
    bases = "; ".join(contract.extra_bases)
    return {"rationale": bases or "Kế hoạch thuê dịch vụ của cơ quan.",
            "budget": {"description": "Ngân sách nhà nước chi cho thuê dịch vụ công nghệ "
                                      "thông tin", "amount": money(total)}}


def _document(document: GeneratedDocument) -> dict:
    return {"id": f"doc-{document.id}", "documentType": DOCUMENT_TYPES.get(document.kind),
            "title": str(DOCUMENT_KINDS.get(document.kind, document.kind)),
            "description": f"Tệp {document.file_name}, SHA-256 {document.sha256}",
            "datePublished": moment(document.created_at), "format": DOCX_MIMETYPE, "language": "vi"}


def _milestones(computed: Terms, records: dict[int, AcceptanceRecord], today: date
                ) -> list[dict]:
    """One payment milestone per period; its status says whether it was accepted."""
    milestones = []
    for period in computed.periods:
        record = records.get(period.no)
        due = period.deadline
        if record is None:
            status = "notMet" if due and due < today else "scheduled"
        else:
            status = "met" if record.deductions == 0 and record.all_met else "partiallyMet"
        item = {"id": f"period-{period.no}", "title": f"Kỳ {period.no}: {period.label}",
                "type": "payment", "status": status,
                "description": f"Nghiệm thu và thanh toán kỳ {period.no}: "
                               f"{format_vnd(period.amount)} đồng theo hợp đồng."}
        if due:
            item["dueDate"] = day_end(due)
        if record is not None:
            item["dateMet"] = day_start(record.accepted_on)
            item["dateModified"] = moment(record.created_at)
            item["description"] += (f" Đã nghiệm thu {format_vnd(record.accepted_amount)} "
                                    f"đồng, giảm trừ {format_vnd(record.deductions)} đồng.")
        milestones.append(item)
    return milestones


def _transactions(records: dict[int, AcceptanceRecord], buyer: dict, supplier: dict
                  ) -> list[dict]:
    payer = {"id": buyer["id"], "name": buyer["name"]}
    payee = {"id": supplier["id"], "name": supplier["name"]}
    return [{"id": f"payment-{payment.id}", "date": day_start(payment.paid_on),
             "value": money(payment.amount), "payer": payer, "payee": payee}
            for record in sorted(records.values(), key=lambda r: r.period_no)
            for payment in record.payments]


def last_change(contract: Contract, records: dict[int, AcceptanceRecord],
                documents: list[GeneratedDocument]) -> datetime:
    """When anything in the package last changed (its publishedDate and release date)."""
    stamps = [contract.updated_at] + [r.created_at for r in records.values()]
    stamps += [p.created_at for r in records.values() for p in r.payments]
    stamps += [d.created_at for d in documents]
    return max(stamps)


def _amendments(contract: Contract) -> dict:
    """The signed amendments as OCDS amendments: when, why and what changed (nothing while
    there are none)."""
    signed = [a for a in amendments_of(contract) if a.status == "signed"]
    if not signed:
        return {}
    return {"amendments": [{
        "id": f"{ocid(contract)}-amendment-{a.number_label}",
        "date": day_start(a.signed_on) if a.signed_on else None,
        "rationale": a.reason,
        "description": "; ".join(f"{row['term']}: {row['before']} → {row['after']}"
                                 for row in term_changes(a))} for a in signed]}


@in_vietnamese
def release_package(contract: Contract, *, records: dict[int, AcceptanceRecord],
                    documents: list[GeneratedDocument], plan, uri: str, today: date) -> dict:
    """The OCDS 1.1 release package of a signed (or later) contract: open data, in Vietnamese
    whatever language the request speaks (labels read inside are lazy)."""
    computed = terms.of_contract(contract, terms.accepted_from(records))
    total = computed.total
    buyer, supplier = _parties(contract)
    changed = moment(last_change(contract, records, documents))
    record = contract.lifecycle
    signed = contract.award_date
    texts = [d.id for d in documents if d.kind == "contract"]
    # The text signed only (before its record was kept, the newest): not the drafts before it.
    signed_text = (record.signed_document_id if record else None) or max(texts, default=None)
    items = _items(contract)
    start, end = computed.start, computed.end
    period = {"startDate": day_start(start), "endDate": day_end(end),
              "durationInDays": (end - start).days + 1} if start and end else {}
    title = contract.title or f"Hợp đồng {contract.number}"
    award_id = f"{ocid(contract)}-award-1"
    tag = ["contract"]
    if records or contract.status in ("active", "expired", "terminated"):
        tag.append("implementation")
    if contract.status in ("expired", "terminated"):
        tag.append("contractTermination")
    reference = {"id": buyer["id"], "name": buyer["name"]}
    release = {
        "ocid": ocid(contract),
        "id": f"{ocid(contract)}-{last_change(contract, records, documents):%Y%m%d%H%M%S}",
        "date": changed, "tag": tag, "initiationType": "tender", "language": "vi",
        "parties": [buyer, supplier], "buyer": reference,
        "planning": _planning(contract, plan, total),
        "tender": {"id": f"{ocid(contract)}-tender", "title": title, "status": "complete",
                   "procuringEntity": reference, "mainProcurementCategory": "services",
                   "items": items, "value": money(total),
                   "procurementMethodDetails": f"Căn cứ pháp lý: {label(contract.pack_id)}"},
        "awards": [{"id": award_id, "title": title, "status": "active",
                    "date": day_start(signed) if signed else None, "value": money(total),
                    "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
                    "items": items, "contractPeriod": period}],
        "contracts": [{
            "id": contract.number or f"{ocid(contract)}-contract", "awardID": award_id,
            "title": title, "status": CONTRACT_STATUS[contract.status], "period": period,
            "value": money(total), "items": items,
            "dateSigned": day_start(signed) if signed else None,
            "documents": [_document(d) for d in documents if d.id == signed_text],
            **_amendments(contract),
            "implementation": {
                "milestones": _milestones(computed, records, today),
                "transactions": _transactions(records, buyer, supplier),
                "documents": [_document(d) for d in documents if d.kind != "contract"]},
        }],
    }
    return {"uri": uri, "version": "1.1", "publishedDate": changed,
            "publisher": {"name": PUBLISHER}, "releases": [release]}
