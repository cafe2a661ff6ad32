"""Contract drafts, step by step through the wizard; numbering; the payment schedule."""
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from accounts.models import Organisation, User
from accounts.audit import diff_fields, jsonable, record_event
from catalog.legal_bases import in_force_on
from catalog.services import service_snapshot
from contracts.models.contract import Contract, ContractCounter, ContractLine
from core.months import add_months, last_day
from core.vat import line_amounts, totals_by_rate
from extensions import db
from vendors.models import Offering, Vendor
from vendors.services import offering_snapshot, vendor_snapshot

PARTY_FIELDS = ("name", "address", "phone", "email", "tax_code", "account", "bank",
                "representative", "position")
LINE_FIELDS = ("name", "unit", "quantity", "months", "unit_price", "vat_rate")


class ContractError(ValueError):
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
    """Party A as far as the organisation's profile knows it."""
    return {"name": org.name, "address": org.address or ""}


def vendor_party(vendor: Vendor) -> dict:
    """Party B from the vendor registry."""
    return {"name": vendor.legal_name, "address": vendor.address, "phone": vendor.phone,
            "email": vendor.email, "tax_code": vendor.tax_code,
            "account": vendor.bank_account or "", "bank": vendor.bank_name or "",
            "representative": vendor.representative,
            "position": vendor.representative_position}


def _complete_step(contract: Contract, step: int) -> None:
    contract.step = max(contract.step, step)


def _save(contract: Contract, values: dict, step: int, actor: User, what: str) -> None:
    if contract.status != "draft":
        raise ContractError("Hợp đồng không còn là bản nháp nên không thể sửa.")
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


def choose_offering(contract: Contract, offering: Offering, plan_id: int | None,
                    *, actor: User) -> None:
    """Step 1: the vendor offering (and optional plan); pre-fill what later steps need."""
    if offering.status != "published" or not offering.vendor.is_verified:
        raise ContractError("Chỉ chọn được dịch vụ đã công bố của nhà cung cấp đã xác minh.")
    service = offering.service
    values = {"offering_id": offering.id, "vendor_id": offering.vendor_id, "plan_id": plan_id,
              "title": f"Thuê {service.name[0].lower()}{service.name[1:]}"}
    if contract.offering_id != offering.id:
        values["snapshot"] = freeze(offering)
        values["party_b"] = vendor_party(offering.vendor)
        values["service_levels"] = [dict(i) for i in offering.service_levels
                                    or service.service_levels]
        contract.lines = [ContractLine(
            position=0, name=service.name, unit=offering.unit, quantity=1,
            months=offering.min_term_months, unit_price=offering.public_price or 0,
            vat_rate=offering.vat_rate)]
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
    clean = lambda party: {k: (party.get(k) or "").strip() for k in PARTY_FIELDS}  # noqa: E731
    _save(contract, {"party_a": clean(party_a), "party_b": clean(party_b)}, 2, actor, "các bên")


def save_lines(contract: Contract, lines: list[dict], service_levels: list[dict],
               technical: str, *, actor: User) -> None:
    """Step 3: price lines, service levels and the agreed technical requirements."""
    if not lines:
        raise ContractError("Hợp đồng cần ít nhất một dòng dịch vụ.")
    before = [{k: getattr(line, k) for k in LINE_FIELDS} for line in contract.lines]
    if before != [{k: line[k] for k in LINE_FIELDS} for line in lines]:
        contract.lines = [ContractLine(position=i, **{k: line[k] for k in LINE_FIELDS})
                          for i, line in enumerate(lines)]
        record_event("contract.update", "contract", contract.id, user=actor,
                     summary="Cập nhật hợp đồng: dòng giá",
                     changes={"lines": [before, lines]})
    _save(contract, {"service_levels": service_levels, "technical": technical}, 3, actor,
          "chất lượng dịch vụ")


def save_term(contract: Contract, values: dict, *, actor: User) -> None:
    """Step 4: term, schedule and payment method."""
    if values["schedule"] == "milestone":
        total = sum(m["percent"] for m in values["milestones"])
        if total != 100:
            raise ContractError(f"Tổng tỷ lệ các mốc thanh toán phải bằng 100% (đang là {total}%).")
    else:
        values["milestones"] = []
    _save(contract, values, 4, actor, "thời hạn và thanh toán")


def save_clauses(contract: Contract, values: dict, *, actor: User) -> None:
    """Step 5: pack, place and date, extra legal bases, special clauses."""
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


def contract_totals(contract: Contract) -> dict:
    """Totals before VAT, VAT and overall, and a subtotal per VAT rate."""
    return totals_by_rate((line.vat_rate, line_amounts(line)) for line in contract.lines)


def end_date(contract: Contract) -> date | None:
    """The last day of the lease."""
    if not (contract.start_date and contract.months):
        return None
    return last_day(contract.start_date, contract.months)


def payment_periods(contract: Contract) -> list[dict]:
    """The payment schedule: each period is accepted (nghiệm thu) before it is paid."""
    total = contract_totals(contract)["total"]
    if not (contract.start_date and contract.months and contract.schedule):
        return []
    if contract.schedule == "milestone":
        shares = [(m["label"], m["percent"]) for m in contract.milestones]
        amounts = [total * pct // 100 for _, pct in shares]
        amounts[-1] += total - sum(amounts)  # rounding goes to the last payment
        return [{"no": i + 1, "label": label, "due": None, "amount": amount}
                for i, ((label, _), amount) in enumerate(zip(shares, amounts))]
    step = 1 if contract.schedule == "monthly" else 3
    starts = list(range(0, contract.months, step))
    base = total // len(starts)
    periods = []
    for i, offset in enumerate(starts):
        span = min(step, contract.months - offset)
        first = add_months(contract.start_date, offset)
        last = last_day(contract.start_date, offset + span)
        amount = base if i < len(starts) - 1 else total - base * (len(starts) - 1)
        label = (f"Tháng {offset + 1}" if step == 1 else f"Quý {i + 1}")
        periods.append({"no": i + 1, "label": label, "start": first, "due": last,
                        "amount": amount})
    return periods


def allocate_number(organisation_id: int, year: int) -> int:
    """The next contract sequence of an agency in a year, safe under concurrent requests."""
    bump = (update(ContractCounter)
            .where(ContractCounter.organisation_id == organisation_id,
                   ContractCounter.year == year)
            .values(last=ContractCounter.last + 1)
            .returning(ContractCounter.last))
    seq = db.session.execute(bump).scalar()
    if seq is not None:
        return seq
    try:
        with db.session.begin_nested():
            db.session.add(ContractCounter(organisation_id=organisation_id, year=year, last=1))
        return 1
    except IntegrityError:  # another request created the row first: bump it instead
        return db.session.execute(bump).scalar()


def format_number(seq: int, year: int, organisation: Organisation) -> str:
    """"Số: 05/2026/HĐ-SKHCN": Decree 30/2020 pads sequences below 10 with a zero."""
    issuer = (organisation.short_name or "THDV").upper()
    return f"{seq:02d}/{year}/HĐ-{issuer}"


def missing_steps(contract: Contract) -> list[str]:
    """Labels of the wizard steps still to complete before the contract can be generated."""
    from contracts.models.contract import WIZARD_STEPS

    return [label for index, (_, label) in enumerate(WIZARD_STEPS[:-1], start=1)
            if contract.step < index]


def contracts_of(organisation_id: int):
    """A select of an agency's contracts, newest first."""
    return (select(Contract).where(Contract.organisation_id == organisation_id)
            .order_by(Contract.id.desc()))


def can_view(user, contract: Contract) -> bool:
    """Agency users and legal drafters of the agency or operator; the vendor once numbered."""
    if not getattr(user, "is_authenticated", False):
        return False
    org = user.organisation
    if user.organisation_id == contract.organisation_id:
        return True
    if user.role == "legal_drafter" and org.kind == "operator":
        return True
    return (user.role == "vendor_staff" and contract.number is not None
            and contract.vendor is not None
            and contract.vendor.organisation_id == user.organisation_id)


def can_edit(user, contract: Contract) -> bool:
    """Only the agency's own staff and approvers edit, and only a draft."""
    return (getattr(user, "is_authenticated", False)
            and user.organisation_id == contract.organisation_id
            and user.role in ("agency_staff", "agency_approver")
            and contract.status == "draft")


DEFAULT_HANDOVER = (
    "Khi hợp đồng kết thúc, Bên B xuất toàn bộ dữ liệu hình thành trong quá trình thuê theo "
    "định dạng mở kèm tài liệu mô tả cấu trúc, bàn giao cho Bên A; hai bên đối soát số lượng "
    "bản ghi và mã băm, lập biên bản bàn giao dữ liệu; sau đó Bên B xóa dữ liệu khỏi hệ thống "
    "của mình và xác nhận bằng văn bản.")


def review_data(contract: Contract) -> dict:
    """What the review page shows besides the contract itself."""
    return {"totals": contract_totals(contract), "periods": payment_periods(contract),
            "end": end_date(contract), "missing": missing_steps(contract),
            "line_amounts": [line_amounts(line) for line in contract.lines]}
