"""Make a contract through the wizard and move it through its lifecycle."""
from contracts.models.contract import Contract
from contracts.services import lifecycle
from extensions import db
from tests.contracts.wizard_helpers import run_wizard


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


def advance(contract: Contract, people, to: str) -> Contract:
    """Move a contract through the services up to a state, committing after each step."""
    steps = [
        ("review", lambda: lifecycle.submit(contract, actor=people.staff)),
        ("cleared", lambda: lifecycle.clear_legally(contract, actor=people.legal)),
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
