"""Thirty simultaneous identical requests against gunicorn's 8 workers on PostgreSQL record one
change; the other 29 are told who did it and when, never a 500 (issue 13, point 1).

Each case builds its contract in the test process (committed), logs the user in on the server,
fires the same POST from 30 threads released together, then reads the rows."""
import pytest
from sqlalchemy import func, select

from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import Contract, ContractCounter
from contracts.models.lifecycle import ContractTransition
from contracts.services import acceptance, lifecycle
from core import clock
from documents.models import GeneratedDocument
from extensions import db
from tests.concurrency.conftest import Visitor
from tests.conftest import PASSWORD
from tests.contracts.lifecycle_helpers import advance

pytestmark = pytest.mark.slow
TIMES = 30
SIGNATORIES = {"a_name": "Nguyễn Văn Minh", "a_position": "Giám đốc",
               "b_name": "Trần Thị Lan", "b_position": "Tổng Giám đốc"}


def transitions(contract: Contract, action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(ContractTransition).where(
        ContractTransition.contract_id == contract.id, ContractTransition.action == action))


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def settle(outcomes, done: str, refused: str) -> None:
    """No request failed; exactly one was told it was done, the others why not."""
    assert sorted({o.status for o in outcomes}) == [302], [o.status for o in outcomes]
    successes = [o for o in outcomes if ("success", done) in o.messages]
    assert len(successes) == 1, [o.messages for o in outcomes]
    losers = [o for o in outcomes if o not in successes]
    assert all(any(kind == "error" and refused in text for kind, text in o.messages)
               for o in losers), [o.messages for o in losers]


def fire(gunicorn, user, path: str, data: dict | None = None, page: str | None = None):
    visitor = Visitor(gunicorn, user.email, PASSWORD)
    outcomes = visitor.storm(path, data or {}, times=TIMES, page=page or path.rsplit("/", 2)[0])
    db.session.expire_all()
    return outcomes


@pytest.fixture
def at(contract, people):
    """The contract moved to a state and committed, for the server to read."""
    def move(state: str) -> Contract:
        if state != "draft":
            advance(contract, people, state)
        db.session.commit()
        return contract
    return move


def test_clear_is_recorded_once(gunicorn, at, people):
    contract = at("review")
    outcomes = fire(gunicorn, people.legal, f"/contracts/{contract.id}/lifecycle/clear",
                    page=f"/contracts/{contract.id}")
    settle(outcomes, "Đã xác nhận rà soát pháp lý.", "đã được xác nhận rà soát pháp lý bởi")
    assert transitions(contract, "clear") == 1


def test_approve_is_recorded_once_with_one_number(gunicorn, at, people):
    contract = at("confirmed")  # cleared by the legal drafter, confirmed by the vendor
    outcomes = fire(gunicorn, people.approver, f"/contracts/{contract.id}/lifecycle/approve",
                    page=f"/contracts/{contract.id}")
    assert {o.status for o in outcomes} == {302}
    assert transitions(contract, "approve") == 1
    db.session.refresh(contract)
    assert contract.status == "approved" and contract.number_seq == 1
    assert db.session.scalar(select(ContractCounter.last).where(
        ContractCounter.organisation_id == contract.organisation_id)) == 1
    numbered = [d for d in db.session.scalars(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract", GeneratedDocument.owner_id == contract.id))]
    assert len(numbered) == 2  # the draft reviewed, and the same text with its one number
    refused = [o for o in outcomes if any(k == "error" for k, _t in o.messages)]
    assert len(refused) == TIMES - 1
    assert all("Hợp đồng đã được phê duyệt bởi" in t for o in refused for k, t in o.messages
               if k == "error")


def test_sign_is_recorded_once(gunicorn, at, people):
    contract = at("approved")
    outcomes = fire(gunicorn, people.staff, f"/contracts/{contract.id}/lifecycle/sign",
                    {"signed_on": clock.today().isoformat(), **SIGNATORIES},
                    page=f"/contracts/{contract.id}/lifecycle/sign")
    settle(outcomes, "Đã ghi nhận ký kết.", "đã được ghi nhận ký kết bởi")
    assert transitions(contract, "sign") == 1


def test_activate_is_recorded_once(gunicorn, at, people):
    contract = at("signed")
    outcomes = fire(gunicorn, people.staff, f"/contracts/{contract.id}/lifecycle/activate",
                    page=f"/contracts/{contract.id}")
    settle(outcomes, "Đã đưa hợp đồng vào sử dụng.", "đã được đưa vào sử dụng bởi")
    assert transitions(contract, "activate") == 1


def test_one_amendment_is_opened(gunicorn, at, people):
    contract = at("active")
    outcomes = fire(gunicorn, people.staff, f"/contracts/{contract.id}/amendments/new",
                    page=f"/contracts/{contract.id}")
    assert {o.status for o in outcomes} == {302}, [o.status for o in outcomes]
    assert count(ContractAmendment, contract_id=contract.id) == 1
    refused = [t for o in outcomes for k, t in o.messages if k == "error"]
    assert len(refused) == TIMES - 1 and all(
        "Phụ lục số 01 đã được lập bởi" in t and "chưa ký xong" in t for t in refused)


def test_a_period_is_accepted_once_and_a_payment_recorded_once(gunicorn, at, people):
    contract = at("active")
    period = acceptance.period_of(contract, 1)
    data = {"accepted_on": max(clock.today(), period.start).isoformat(), "deductions": "0",
            "deduction_reason": "", "notes": "Đạt."}
    for index, level in enumerate(contract.service_levels):
        data |= {f"levels-{index}-measured": level["target"], f"levels-{index}-met": "yes"}
    base = f"/contracts/{contract.id}/acceptance/1"
    outcomes = fire(gunicorn, people.staff, base, data, page=base)
    statuses = sorted(o.status for o in outcomes)  # the page again, with why, for the others
    assert statuses == [200] * (TIMES - 1) + [302], statuses
    assert count(AcceptanceRecord, contract_id=contract.id) == 1
    refused = [t for o in outcomes for k, t in o.messages if k == "error"]
    assert len(refused) == TIMES - 1 and all("Kỳ 1 đã được nghiệm thu bởi" in t for t in refused)

    record = acceptance.acceptance_for(contract, 1)
    outcomes = fire(gunicorn, people.staff, f"{base}/payments",
                    {"amount": str(record.accepted_amount // 2),
                     "paid_on": data["accepted_on"], "reference": "UNC 001/KBNN"}, page=base)
    assert {o.status for o in outcomes} <= {200, 302}, [o.status for o in outcomes]
    assert count(PaymentRecord, acceptance_id=record.id) == 1
    refused = [t for o in outcomes for k, t in o.messages if k == "error"]
    assert len(refused) == TIMES - 1
    assert all("Chứng từ số UNC 001/KBNN của kỳ 1 đã được ghi nhận bởi" in t for t in refused)


def test_generating_a_draft_at_once_uses_no_number_and_fails_none(gunicorn, at, people):
    contract = at("draft")
    before = count(GeneratedDocument, owner_type="contract", owner_id=contract.id)
    outcomes = fire(gunicorn, people.staff, f"/contracts/{contract.id}/generate",
                    page=f"/contracts/{contract.id}")
    assert {o.status for o in outcomes} == {302}, [o.status for o in outcomes]
    db.session.refresh(contract)
    assert contract.number is None and contract.status == "draft"
    assert count(ContractCounter, organisation_id=contract.organisation_id) == 0
    assert count(GeneratedDocument, owner_type="contract", owner_id=contract.id) == before + TIMES
    assert lifecycle.transitions_of(contract) == []
