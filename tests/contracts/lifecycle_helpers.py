"""Make a contract through the wizard and move it through its lifecycle."""
from contracts.models.contract import Contract
from contracts.services import lifecycle
from extensions import db
from tests.contracts.wizard_helpers import run_wizard
from tests.helpers import first_user


def make_contract(client, login, people, offering, *, generate=True, term=None) -> Contract:
    """A contract of people.staff's agency through the wizard, generated unless told not."""
    login(people.staff)
    contract = run_wizard(client, offering, term=term)
    if generate:
        assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    client.post("/accounts/logout")
    db.session.expire_all()
    return db.session.get(Contract, contract.id)


def switch(client, login, user) -> None:
    client.post("/accounts/logout")
    login(user)


def vendor_of(contract: Contract, people):
    """The vendor's staff member who confirms the contract's drafts."""
    if getattr(people, "vendor", None) is None:
        people.vendor = first_user(contract.vendor)
    return people.vendor


def share_and_confirm(contract: Contract, people, amendment=None) -> None:
    """The agency shares the cleared draft; the vendor confirms it (not committed)."""
    lifecycle.share(contract, actor=people.staff, amendment=amendment)
    lifecycle.confirm(contract, actor=vendor_of(contract, people), amendment=amendment)


def advance(contract: Contract, people, to: str) -> Contract:
    """Move a contract through the services up to a state, committing after each step:
    review, cleared (by the legal drafter), shared (with the vendor), confirmed (by the
    vendor), approved, signed, active."""
    steps = [
        ("review", lambda: lifecycle.submit(contract, actor=people.staff)),
        ("cleared", lambda: lifecycle.clear_legally(contract, actor=people.legal)),
        ("shared", lambda: lifecycle.share(contract, actor=people.staff)),
        ("confirmed", lambda: lifecycle.confirm(contract, actor=vendor_of(contract, people))),
        ("approved", lambda: lifecycle.approve(contract, actor=people.approver)),
        ("signed", lambda: lifecycle.sign(
            contract, contract.contract_date,
            {"a": {"name": "Nguyễn Văn Minh", "position": "Giám đốc"},
             "b": {"name": "Trần Thị Lan", "position": "Tổng Giám đốc"}}, actor=people.staff)),
        ("active", lambda: lifecycle.activate(contract, contract.start_date, actor=people.staff)),
    ]
    for name, step in steps:
        step()
        db.session.commit()
        if name == to:
            return contract
    raise ValueError(to)
