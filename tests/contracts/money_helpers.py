"""A running contract with two VAT rates and a one-off line, accepted and amended through the
services: what tests/contracts/test_money_*.py start from."""
from contracts.models.contract import Contract
from contracts.services import acceptance, amendments, lifecycle, payments, terms
from core import clock
from core.errors import Refused
from extensions import db
from tests.contracts.lifecycle_helpers import advance, share_and_confirm
from tests.contracts.test_frozen import SIGNATORIES
from tests.contracts.wizard_helpers import LINES, run_wizard

# Quarterly over 24 months from 01/09/2026: 8 periods. 2 servers at 2.500.000 đ (VAT 10%),
# support at 1.000.000 đ a month (VAT 8%) and a 12.000.000 đ setup fee once, in month 1.
MIXED_LINES = {
    **LINES,
    "lines-0-months": "24",
    "lines-1-name": "Hỗ trợ kỹ thuật", "lines-1-unit": "tháng", "lines-1-quantity": "1",
    "lines-1-months": "24", "lines-1-unit_price": "1000000", "lines-1-vat_rate": "8",
    "lines-2-name": "Khởi tạo và chuyển đổi dữ liệu", "lines-2-unit": "gói",
    "lines-2-quantity": "1", "lines-2-months": "1", "lines-2-unit_price": "12000000",
    "lines-2-vat_rate": "10", "lines-2-billing": "once", "lines-2-billed_month": "1",
}
TERM_24 = {"start_date": "2026-09-01", "months": "24", "preparation_months": "1",
           "schedule": "quarterly", "milestones": "", "payment_method": "Chuyển khoản",
           "payment_days": "15"}
LEVELS = [{"measured": "99,95%", "met": True}, {"measured": "4 giờ", "met": True}]


def running_contract(client, login, people, offering) -> Contract:
    """The MIXED_LINES contract made through the wizard pages, generated and active."""
    login(people.staff)
    contract = run_wizard(client, offering, lines=MIXED_LINES, term=TERM_24)
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    client.post("/accounts/logout")
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    return advance(contract, people, "active")


def accept(contract, people, period_no, deductions=0, day=None):
    return acceptance.record_acceptance(
        contract, period_no, LEVELS[:len(contract.service_levels)], deductions,
        "Gián đoạn dịch vụ." if deductions else "", day or clock.today(), "",
        actor=people.staff)


def pay(record, people, amount=None, day=None):
    reference = f"UNC-{record.period_no:02d}-{len(record.payments) + 1}"  # one order, once
    return payments.record_payment(record, amount or record.unpaid, day or clock.today(),
                                   reference, actor=people.staff)


def changed_terms(contract, *, quantity=None, months=None, price=None) -> dict:
    """The contract's terms with the servers' line (the first) changed."""
    new_terms = amendments.current_terms(contract)
    line = new_terms["lines"][0]
    if quantity is not None:
        line["quantity"] = quantity
    if months is not None:
        new_terms["months"] = line["months"] = months
        new_terms["lines"][1]["months"] = months
    if price is not None:
        line["unit_price"] = price
    return new_terms


def sign_amendment(contract, people, new_terms, day=None):
    """Open, save, generate, review, approve and sign an amendment with these terms."""
    day = day or clock.today()
    amendment = amendments.start_amendment(contract, actor=people.staff, today=day)
    amendments.save_amendment(amendment, {"reason": "Điều chỉnh dịch vụ.", "place": "Hà Nội",
                                          "amendment_date": day, **new_terms},
                              actor=people.staff)
    amendments.generate_amendment_document(amendment, actor=people.staff)
    lifecycle.submit(contract, actor=people.staff, amendment=amendment)
    lifecycle.clear_legally(contract, actor=people.legal, amendment=amendment)
    share_and_confirm(contract, people, amendment)
    lifecycle.approve(contract, actor=people.approver, amendment=amendment)
    amendments.sign_amendment(contract, amendment, day, SIGNATORIES, actor=people.staff)
    db.session.commit()
    return amendment


def attempt(step) -> bool:
    """Run a step as a request does: commit on success, roll back a refusal."""
    try:
        step()
    except Refused:
        db.session.rollback()
        return False
    db.session.commit()
    return True


def assert_money_conserved(contract, kept: dict) -> None:
    """The invariants of issue 12, point 3, as they stand now: the schedule adds up to the
    value as amended with no negative part; each accepted period has the amount and parts it
    was accepted at (`kept`: period -> (amount, parts), filled on first sight); paid <=
    accepted in every period; the accepted sum is within the value."""
    records = acceptance.records_by_contract([contract.id])[contract.id]
    computed = terms.of_contract(contract)
    assert computed.schedule.problem is None
    assert sum(p.amount for p in computed.periods) == computed.total
    assert all(base >= 0 and vat >= 0 for p in computed.periods for _, base, vat in p.parts)
    for no, record in records.items():
        assert 0 <= record.paid <= record.accepted_amount
        period = computed.schedule.period(no)
        first = kept.setdefault(no, (record.period_amount, record.period_parts))
        assert (period.amount, terms.parts_json(period)) == first
    assert sum(r.accepted_amount for r in records.values()) <= computed.total
