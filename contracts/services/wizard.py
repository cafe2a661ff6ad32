"""Contract drafts, step by step through the wizard: the offering and its frozen snapshot, the
parties, the priced lines, the term and schedule, the clauses. Flush, never commit."""
import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, select

from accounts.audit import diff_fields, jsonable, record_event
from accounts.models import Organisation, User
from catalog.legal_bases import in_force_on
from catalog.services import service_snapshot
from contracts.models.contract import (AGENCY_PARTY_FIELDS, PARTY_FIELDS, WIZARD_STEPS,
                                       Contract, ContractLine, line_values)
from contracts.services import terms
from contracts.services.legal_basis import pack_problem
from contracts.services.parties import missing_party_fields
from core.errors import Refused
from core.formats import dmy
from core.service_levels import measure_problem
from extensions import db
from plans.models import LeasePlan
from vendors.models import Offering, Vendor
from vendors.services import offering_snapshot, vendor_snapshot

DEFAULT_HANDOVER = (
    "Khi hợp đồng kết thúc, Bên B xuất toàn bộ dữ liệu hình thành trong quá trình thuê theo "
    "định dạng mở kèm tài liệu mô tả cấu trúc, bàn giao cho Bên A; hai bên đối soát số lượng "
    "bản ghi và mã băm, lập biên bản bàn giao dữ liệu; sau đó Bên B xóa dữ liệu khỏi hệ thống "
    "của mình và xác nhận bằng văn bản.")


class ContractError(Refused):
    """A refused contract operation; the message is shown to the user."""


def start_contract(organisation: Organisation, *, actor: User) -> Contract:
    """Open a new draft for an agency."""
    contract = Contract(organisation_id=organisation.id, created_by_id=actor.id,
                        party_a=agency_party(organisation))
    db.session.add(contract)
    db.session.flush()
    record_event("contract.create", "contract", contract.id, user=actor,
                 summary="Tạo hợp đồng nháp")
    return contract


def agency_party(org: Organisation) -> dict:
    """Party A from the agency's profile (accounts): its account is at the State Treasury."""
    return {"name": org.name, "address": org.address or "", "phone": org.phone or "",
            "email": org.email or "", "tax_code": org.tax_code or "",
            "account": org.treasury_account or "", "bank": org.treasury_branch or "",
            "representative": org.representative or "",
            "position": org.representative_position or "", "budget_code": org.budget_code or ""}


def vendor_party(vendor: Vendor) -> dict:
    """Party B from the vendor registry."""
    return {"name": vendor.legal_name, "address": vendor.address, "phone": vendor.phone,
            "email": vendor.email, "tax_code": vendor.tax_code,
            "account": vendor.bank_account or "", "bank": vendor.bank_name or "",
            "representative": vendor.representative,
            "position": vendor.representative_position}


def parties_shown(contract: Contract) -> dict[str, dict]:
    """Both parties as step 2 shows them: as the contract holds them, a field left empty filled
    from the agency's profile or the vendor record as they are now (a draft begun before the
    profile was complete gets what was added since)."""
    def filled(held: dict, source: dict) -> dict:
        return {**source, **{k: v for k, v in (held or {}).items() if v}}

    vendor = vendor_party(contract.vendor) if contract.vendor else {}
    return {"party_a": filled(contract.party_a, agency_party(contract.organisation)),
            "party_b": filled(contract.party_b, vendor)}


def _complete_step(contract: Contract, step: int) -> None:
    contract.step = max(contract.step, step)


def _save(contract: Contract, values: dict, step: int, actor: User, what: str) -> None:
    if contract.status != "draft":
        raise ContractError(_("Hợp đồng không còn là bản nháp nên không thể sửa."))
    before = {k: getattr(contract, k) for k in values}
    for key, value in values.items():
        setattr(contract, key, value)
    _complete_step(contract, step)
    changes = diff_fields(before, values)
    if changes:
        contract.version += 1
        record_event("contract.update", "contract", contract.id, user=actor,
                     summary=f"Cập nhật hợp đồng: {what}", changes=changes)
    db.session.flush()


def default_title(service_name: str) -> str:
    """"Thuê" and the service's name, without saying it twice when the name already begins
    with it ("Thuê máy chủ ảo (IaaS)" stays so, not "Thuê thuê máy chủ ảo")."""
    name = service_name.strip()
    if name[:5].casefold() == "thuê ":
        name = name[5:].lstrip()
    return f"Thuê {name[:1].lower()}{name[1:]}"


def repeated_word(text: str) -> str | None:
    """The first word written twice in a row ("thuê thuê"), if any."""
    found = re.search(r"\b(\w+)\s+\1\b", text or "", re.IGNORECASE)
    return found.group(0) if found else None


def _plan(plan_id: int | None) -> LeasePlan | None:
    return db.session.get(LeasePlan, plan_id) if plan_id else None


def proposed_levels(offering: Offering, plan: LeasePlan | None) -> list[dict]:
    """The draft's service levels: the plan's required ones first (issue 12, point 8), then
    the offering's (else the catalog's) that the plan does not name."""
    required = [dict(level) for level in (plan.service_levels if plan else None) or []]
    named = {level["name"].casefold() for level in required}
    offered = [dict(level) for level in offering.service_levels or offering.service.service_levels
               if level["name"].casefold() not in named]
    return required + offered


def choose_offering(contract: Contract, offering: Offering, plan_id: int | None,
                    *, actor: User) -> None:
    """Step 1: the vendor offering (and optional plan); pre-fill what later steps need."""
    if offering.status != "published" or not offering.vendor.is_verified:
        raise ContractError(_("Chỉ chọn được dịch vụ đã công bố của nhà cung cấp đã xác minh."))
    service = offering.service
    values = {"offering_id": offering.id, "vendor_id": offering.vendor_id, "plan_id": plan_id}
    if contract.offering_id != offering.id or not contract.title:
        values["title"] = default_title(service.name)  # the user edits it at step 5
    if contract.offering_id != offering.id:
        values["snapshot"] = freeze(offering)
        values["party_b"] = vendor_party(offering.vendor)
        values["service_levels"] = proposed_levels(offering, _plan(plan_id))
        contract.lines = [ContractLine(
            position=0, name=service.name, unit=offering.unit, quantity=1,
            months=offering.min_term_months, unit_price=offering.public_price or 0,
            vat_rate=offering.vat_rate)]
    elif plan_id != contract.plan_id and (plan := _plan(plan_id)) and plan.service_levels:
        values["service_levels"] = proposed_levels(offering, plan)  # another plan's levels
    _save(contract, values, 1, actor, "chọn dịch vụ")


def freeze(offering: Offering) -> dict:
    """Copies of the service, offering and vendor as chosen, so later edits change nothing."""
    kept = offering_snapshot(offering)
    if not offering.price_public:  # an unpublished price never leaves the vendor
        kept["unit_price"] = None
    return jsonable({"service": service_snapshot(offering.service), "offering": kept,
                     "vendor": vendor_snapshot(offering.vendor)})


def save_parties(contract: Contract, party_a: dict, party_b: dict, *, actor: User) -> None:
    """Step 2: both parties, as they will read in this contract."""
    def clean(party: dict, fields: tuple[str, ...]) -> dict:
        return {k: (party.get(k) or "").strip() for k in fields}

    _save(contract, {"party_a": clean(party_a, AGENCY_PARTY_FIELDS),
                     "party_b": clean(party_b, PARTY_FIELDS)}, 2, actor, "các bên")


def save_lines(contract: Contract, lines: list[dict], service_levels: list[dict],
               technical: str, *, actor: User) -> None:
    """Step 3: price lines, service levels and the agreed technical requirements."""
    if not lines:
        raise ContractError(_("Hợp đồng cần ít nhất một dòng dịch vụ."))
    before = [line_values(line) for line in contract.lines]
    if before != [line_values(line) for line in lines]:
        contract.lines = [ContractLine(position=i, **line_values(line))
                          for i, line in enumerate(lines)]
        record_event("contract.update", "contract", contract.id, user=actor,
                     summary="Cập nhật hợp đồng: dòng giá",
                     changes={"lines": [before, lines]})
    if problem := measure_problem(service_levels):
        raise ContractError(problem)
    _save(contract, {"service_levels": service_levels, "technical": technical}, 3, actor,
          "chất lượng dịch vụ")


def save_term(contract: Contract, values: dict, *, actor: User) -> None:
    """Step 4: term, schedule and payment method."""
    if values["schedule"] == "milestone":
        total = sum(m["percent"] for m in values["milestones"])
        if total != 100:
            raise ContractError(_("Tổng tỷ lệ các mốc thanh toán phải bằng 100%% (đang là "
                                  "%(total)s%%).", total=total))
    else:
        values["milestones"] = []
    _save(contract, values, 4, actor, "thời hạn và thanh toán")


def date_problem(contract: Contract, contract_date: date | None) -> str | None:
    """Why the contract cannot have this date: before the approval of its plan."""
    plan = contract.plan
    if contract_date and plan is not None and plan.approved_on \
            and contract_date < plan.approved_on:
        return _("Ngày hợp đồng (%(day)s) không được trước ngày phê duyệt kế hoạch thuê "
                 "(%(approved)s, quyết định số %(decision)s).", day=dmy(contract_date),
                 approved=dmy(plan.approved_on), decision=plan.approval_number)
    return None


def save_clauses(contract: Contract, values: dict, *, actor: User) -> None:
    """Step 5: pack, place and date, extra legal bases, special clauses."""
    if problem := date_problem(contract, values.get("contract_date")):
        raise ContractError(problem)
    if values.get("contract_date") and values.get("pack_id") and (
            problem := pack_problem(contract, values["pack_id"], values["contract_date"])):
        raise ContractError(problem)
    if "title" in values and (twice := repeated_word(values["title"])):
        raise ContractError(_("Tên hợp đồng có từ viết lặp liền nhau: “%(twice)s”.",
                              twice=twice))
    _save(contract, values, 5, actor, "căn cứ và điều khoản")


def default_pack(contract: Contract, day: date) -> str:
    """The plan's pack when there is a plan (locked at approval), else the one in force."""
    return contract.plan.pack_id if contract.plan else in_force_on(day)


def plan_bases(contract: Contract) -> list[str]:
    """The approval decision of the contract's plan, as a "Căn cứ" line."""
    plan = contract.plan
    if plan is None or plan.status != "approved":
        return []
    return [f"Quyết định số {plan.approval_number} ngày {plan.approved_on:%d/%m/%Y} "
            f"phê duyệt {plan.title[0].lower()}{plan.title[1:]}"]


def missing_steps(contract: Contract) -> list[str]:
    """Labels of the wizard steps still to complete before the contract can be generated."""
    return [str(label) for index, (_name, label) in enumerate(WIZARD_STEPS[:-1], start=1)
            if contract.step < index]


def contracts_of(organisation_id: int) -> Select:
    """A select of an agency's contracts, newest first."""
    return (select(Contract).where(Contract.organisation_id == organisation_id)
            .order_by(Contract.id.desc()))


def review_data(contract: Contract) -> dict:
    """What the review step and the contract page show besides the contract: its terms."""
    return {"terms": terms.of_contract(contract), "missing": missing_steps(contract),
            "party_gaps": missing_party_fields(contract)}
