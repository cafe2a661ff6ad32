"""Move demo contracts through their life with the same services the pages use."""
from datetime import timedelta

from sqlalchemy import select

from accounts.models import User
from contracts.models.contract import Contract
from contracts.services import acceptance, amendments, lifecycle, payments
from extensions import db

# The road a contract travels, and the state each step reaches.
ROAD = ("review", "cleared", "confirmed", "approved", "signed", "active")


def _user(contract: Contract, role: str) -> User | None:
    if role == "vendor_staff":
        return db.session.scalar(select(User).where(
            User.organisation_id == contract.vendor.organisation_id, User.role == role))
    if role == "legal_drafter":
        return db.session.scalar(select(User).where(User.role == "legal_drafter"))
    return db.session.scalar(select(User).where(User.organisation_id == contract.organisation_id,
                                                User.role == role))


def advance(contract: Contract, state: str, *, accepted: int = 0, paid: int = 0,
            reason: str = "", amend: dict | None = None) -> None:
    """Take a generated draft to `state`, accepting and paying its first periods on the way,
    then signing an amendment (`amend`: the first line's new quantity and the reason)."""
    if state == "draft":
        return
    staff, approver = _user(contract, "agency_staff"), _user(contract, "agency_approver")
    legal, vendor = _user(contract, "legal_drafter"), _user(contract, "vendor_staff")
    if staff is None or approver is None or legal is None or vendor is None:
        return
    ends = {"expired": "active", "terminated": "active", "refused": "confirmed"}
    target = ends.get(state, state)
    for step in ROAD[:ROAD.index(target) + 1]:
        if step == "review":
            lifecycle.submit(contract, actor=staff)
        elif step == "cleared":
            lifecycle.clear_legally(contract, actor=legal, comment="Đã rà soát, phù hợp quy định.")
        elif step == "confirmed":
            lifecycle.share(contract, actor=staff)
            lifecycle.confirm(contract, actor=vendor)
        elif step == "approved":
            lifecycle.approve(contract, actor=approver)
        elif step == "signed":
            lifecycle.sign(contract, contract.contract_date, {
                "a": {"name": contract.party_a["representative"],
                      "position": contract.party_a["position"]},
                "b": {"name": contract.party_b["representative"],
                      "position": contract.party_b["position"]}}, actor=staff)
        elif step == "active":
            lifecycle.activate(contract, contract.start_date, actor=staff)
    day = _accept_and_pay(contract, staff, accepted, paid)
    if amend:
        _amend(contract, amend, day + timedelta(days=15), staff, legal, approver, vendor)
    if state == "expired":
        lifecycle.mark_expired(contract, contract.start_date + timedelta(days=31 * contract.months),
                               actor=staff)
    elif state == "terminated":
        lifecycle.terminate(contract, reason, actor=approver,
                            today=contract.start_date + timedelta(days=400))
    elif state == "refused":
        lifecycle.refuse(contract, reason, actor=approver)


def _amend(contract: Contract, amend: dict, day, staff: User, legal: User,
           approver: User, vendor: User) -> None:
    """An amendment taken through its own review and signed on `day`: accepted periods keep
    their amounts, the periods left carry the new value."""
    amendment = amendments.start_amendment(contract, actor=staff, today=day)
    new_terms = amendments.current_terms(contract)
    new_terms["lines"][0]["quantity"] = amend["quantity"]
    amendments.save_amendment(amendment, {"reason": amend["reason"], "place": contract.place,
                                          "amendment_date": day, **new_terms}, actor=staff)
    amendments.generate_amendment_document(amendment, actor=staff)
    lifecycle.submit(contract, actor=staff, amendment=amendment)
    lifecycle.clear_legally(contract, actor=legal, amendment=amendment)
    lifecycle.share(contract, actor=staff, amendment=amendment)
    lifecycle.confirm(contract, actor=vendor, amendment=amendment)
    lifecycle.approve(contract, actor=approver, amendment=amendment)
    amendments.sign_amendment(contract, amendment, day, {
        "a": {"name": contract.party_a["representative"],
              "position": contract.party_a["position"]},
        "b": {"name": contract.party_b["representative"],
              "position": contract.party_b["position"]}}, actor=staff)


def _accept_and_pay(contract: Contract, staff: User, accepted: int, paid: int):
    """Accept the first periods (each 5 days after its deadline) and pay some; the last day
    something was recorded."""
    day = contract.start_date
    for number in range(1, accepted + 1):
        period = acceptance.period_of(contract, number)
        results = [{"measured": level["target"], "met": True} for level in contract.service_levels]
        day = period.deadline + timedelta(days=5)
        record = acceptance.record_acceptance(contract, number, results, 0, "", day,
                                              "Đạt các chỉ tiêu cam kết.", actor=staff)
        if number <= paid:
            payments.record_payment(record, record.accepted_amount, day + timedelta(days=10),
                                    f"UNC {contract.id:03d}-{number:02d}", actor=staff)
            day = day + timedelta(days=10)
    db.session.flush()
    return day
