"""A contract's Word document: its context (PREVIEW_CONTRACT in documents/preview) built from
the contract, its frozen snapshot and its terms, then the number, the rendering and the copy."""
from flask_babel import gettext as _

from accounts.audit import record_event
from accounts.models import User
from catalog.legal_bases import label
from contracts.models.contract import (AGENCY_PARTY_FIELDS, CONTRACT_STATUSES, PARTY_FIELDS,
                                       SIGNED, Contract)
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import terms
from contracts.services.legal_basis import citations
from contracts.services.numbering import assign_number, shown_number
from contracts.services.terms import Terms
from contracts.services.wizard import ContractError, missing_steps
from contracts.services.within_plan import plan_problems
from core.formats import dmy, lines_of
from core.i18n import in_vietnamese
from documents import storage
from documents.engine import render_docx
from documents.instruments import body_name_on
from documents.models import GeneratedDocument
from extensions import db


def party(data: dict, fields: tuple[str, ...] = PARTY_FIELDS) -> dict:
    """A party block with every key the templates use (Bên A: AGENCY_PARTY_FIELDS)."""
    return {key: data.get(key, "") for key in fields}


def party_a_on(contract: Contract, day) -> dict:
    """Bên A's block for a document dated `day`: the department's name as it was then."""
    block = party(contract.party_a, AGENCY_PARTY_FIELDS)
    return {**block, "name": body_name_on(block["name"], day)}


@in_vietnamese
def contract_context(contract: Contract, template_version: int,
                     computed: Terms | None = None) -> dict:
    """The plain-dict context of the contract's document."""
    computed = computed or terms.of_contract(contract)
    service = contract.snapshot.get("service", {})
    offering = contract.snapshot.get("offering", {})
    return {
        "pack": {"id": contract.pack_id, "short_name": label(contract.pack_id),
                 "template_version": template_version},
        "document": {"number": shown_number(contract), "place": contract.place,
                     "date": contract.contract_date},
        "citations": citations(contract, "contract", contract.contract_date),
        # Article 6.4 says the price is within the approved estimate only when it was checked.
        # (plan_problems names an unapproved plan as a problem.)
        "within_plan": contract.plan is not None and not plan_problems(contract, computed),
        "extra_bases": list(contract.extra_bases),
        "party_a": party_a_on(contract, contract.contract_date),
        "party_b": party(contract.party_b),
        "service": {k: service.get(k, "") for k in ("code", "name", "description", "unit",
                                                    "security_level")},
        "offering": {
            "name": service.get("name", ""),
            "hosting_location": offering.get("hosting_location", ""),
            "support": "; ".join(f"{i['name']}: {i['target']}"
                                 for i in offering.get("service_levels", [])),
            "technical": contract.technical,
        },
        "lines": [dict(line) for line in computed.lines],
        "vat_groups": [{**group, "label": str(group["label"])} for group in computed.vat_groups],
        "totals": {"before_vat": computed.before_vat, "vat": computed.vat,
                   "total": computed.total},
        "service_levels": [{"name": i["name"], "target": i["target"],
                            "measure": i.get("measure", "")} for i in contract.service_levels],
        "term": {"preparation_months": contract.preparation_months,
                 "start": computed.start, "end": computed.end,
                 "months": computed.months, "handover_days": contract.handover_days},
        "payment": {"schedule": contract.schedule, "schedule_label": str(contract.schedule_label),
                    "method": contract.payment_method, "days": contract.payment_days,
                    "periods": [{"no": p.no, "label": str(p.label), "due": p.deadline,
                                 "amount": p.amount} for p in computed.periods]},
        "data_handover": contract.data_handover,
        "special_clauses": lines_of(contract.special_clauses),
        "copies": contract.copies,
        "copies_each": contract.copies_each,
    }


def frozen_reason(contract_id: int) -> str | None:
    """Why a contract's text may no longer change: it has been signed (SIGNED states)."""
    contract = db.session.get(Contract, contract_id)
    if contract is None or contract.status not in SIGNED:
        return None
    record = db.session.get(ContractLifecycle, contract_id)
    if record and record.signed_on:
        return _("Hợp đồng số %(number)s đã ký ngày %(day)s: văn bản đã ký không bao giờ được "
                 "tạo lại hay thay thế; mọi thay đổi phải lập thành phụ lục hợp đồng.",
                 number=contract.number, day=dmy(record.signed_on))
    return _("Hợp đồng số %(number)s đã ký: văn bản đã ký không bao giờ được tạo lại hay thay "
             "thế; mọi thay đổi phải lập thành phụ lục hợp đồng.", number=contract.number)


storage.register_freeze("contract", "contract", frozen_reason)


@in_vietnamese
def _docx(contract: Contract, template) -> bytes:
    """The document rendered: Vietnamese, whatever language the page asking for it speaks."""
    return render_docx(storage.template_path(template),
                       contract_context(contract, template.version))


def _render(contract: Contract, template, actor: User | None, summary: str
            ) -> GeneratedDocument:
    data = _docx(contract, template)
    name = (contract.number or f"nhap-{contract.id}").replace("/", "-")
    document = storage.store_document("contract", contract.id, "contract", template, data,
                                      f"hop-dong-{name}.docx", actor=actor)
    record_event("contract.generate", "contract", contract.id, user=actor,
                 summary=f"{summary} (mẫu {contract.pack_id} phiên bản {template.version})")
    db.session.flush()
    return document


def generate_contract_document(contract: Contract, *, actor: User | None = None
                               ) -> GeneratedDocument:
    """Render a draft from its pack's template and keep the copy; it prints "Số: …/<year>/HĐ-…"
    until the approval gives the number (number_on_approval).

    Only a draft is (re)generated: the text sent for review is the text approved and signed;
    once signed it is frozen (storage.refuse_if_frozen, which store_document also asks)."""
    storage.refuse_if_frozen("contract", contract.id, "contract")
    if contract.status != "draft":
        raise ContractError(_(
            "Hợp đồng đang ở trạng thái “%(state)s”: chỉ tạo lại văn bản khi hợp đồng là bản "
            "nháp (được trả lại để chỉnh sửa).", state=CONTRACT_STATUSES[contract.status]))
    if missing := missing_steps(contract):
        raise ContractError(_("Chưa hoàn thành các bước: %(steps)s.", steps=", ".join(missing)))
    if problems := plan_problems(contract):
        raise ContractError(_("Hợp đồng chưa phù hợp kế hoạch thuê và căn cứ pháp lý: "
                              "%(problems)s", problems=" ".join(problems)))
    template = storage.template_for(contract.pack_id, "contract", contract.contract_date)
    contract.template_id = template.id
    return _render(contract, template, actor, "Tạo văn bản dự thảo hợp đồng")


def number_on_approval(contract: Contract, *, actor: User | None) -> GeneratedDocument:
    """At approval: give the contract its number and print it in the text reviewed, from the
    same template version (a version uploaded since never changes what was reviewed)."""
    assign_number(contract)
    template = contract.template or storage.template_for(contract.pack_id, "contract",
                                                         contract.contract_date)
    return _render(contract, template, actor, f"Cấp số {contract.number} khi phê duyệt và ghi "
                                              "số vào văn bản hợp đồng")
