"""Build a contract's document context from its frozen snapshot and render the .docx."""

from accounts.models import User
from catalog.legal_bases import label
from documents.engine import render_docx
from contracts.models.contract import Contract
from documents.models import GeneratedDocument
from documents import storage
from contracts.services.contracts import (PARTY_FIELDS, ContractError, allocate_number,
                                          contract_totals, end_date, format_number,
                                          line_amounts, missing_steps, payment_periods)
from accounts.audit import record_event
from core import clock
from core.formats import lines_of
from core.vat import vat_label
from extensions import db


def contract_context(contract: Contract, template_version: int) -> dict:
    """The plain-dict context of documents/preview, from the contract and its snapshot."""
    service = contract.snapshot.get("service", {})
    offering = contract.snapshot.get("offering", {})
    totals = contract_totals(contract)
    party = lambda data: {k: data.get(k, "") for k in PARTY_FIELDS}  # noqa: E731
    return {
        "pack": {"id": contract.pack_id, "short_name": label(contract.pack_id),
                 "template_version": template_version},
        "document": {"number": contract.number, "place": contract.place,
                     "date": contract.contract_date},
        "extra_bases": list(contract.extra_bases),
        "party_a": party(contract.party_a),
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
        "lines": [{"name": line.name, "unit": line.unit, "quantity": line.quantity,
                   "months": line.months, "unit_price": line.unit_price,
                   "vat_rate": line.vat_rate, **line_amounts(line)} for line in contract.lines],
        "vat_groups": [{"rate": g["rate"], "label": vat_label(g["rate"]), "base": g["base"],
                        "vat": g["vat"]} for g in totals["vat_groups"]],
        "totals": {k: totals[k] for k in ("before_vat", "vat", "total")},
        "service_levels": [{"name": i["name"], "target": i["target"],
                            "measure": i.get("measure", "")} for i in contract.service_levels],
        "term": {"preparation_months": contract.preparation_months,
                 "start": contract.start_date, "end": end_date(contract),
                 "months": contract.months, "handover_days": contract.handover_days},
        "payment": {"schedule": contract.schedule, "schedule_label": contract.schedule_label,
                    "method": contract.payment_method, "days": contract.payment_days,
                    "periods": [{"no": p["no"], "label": p["label"],
                                 "due": p["due"] or end_date(contract), "amount": p["amount"]}
                                for p in payment_periods(contract)]},
        "data_handover": contract.data_handover,
        "special_clauses": lines_of(contract.special_clauses),
        "copies": contract.copies,
        "copies_each": contract.copies_each,
    }


def assign_number(contract: Contract) -> None:
    """Give the contract its number the first time it is generated."""
    if contract.number:
        return
    year = (contract.contract_date or clock.today()).year
    seq = allocate_number(contract.organisation_id, year)
    contract.number_year, contract.number_seq = year, seq
    contract.number = format_number(seq, year, contract.organisation)


def generate_contract_document(contract: Contract, *, actor: User | None = None
                               ) -> GeneratedDocument:
    """Number the contract if needed, render it from its pack's template and keep the copy."""
    if missing := missing_steps(contract):
        raise ContractError("Chưa hoàn thành các bước: " + ", ".join(missing) + ".")
    assign_number(contract)
    template = storage.template_for(contract.pack_id, "contract", contract.contract_date)
    contract.template_id = template.id
    data = render_docx(storage.template_path(template),
                       contract_context(contract, template.version))
    safe_number = contract.number.replace("/", "-")
    document = storage.store_document("contract", contract.id, "contract", template, data,
                                      f"hop-dong-{safe_number}.docx", actor=actor)
    record_event("contract.generate", "contract", contract.id, user=actor,
                 summary=f"Tạo văn bản hợp đồng {contract.number} "
                         f"(mẫu {contract.pack_id} phiên bản {template.version})")
    db.session.flush()
    return document
