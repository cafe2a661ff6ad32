"""Fixtures shared by the contract tests: a signed contract, and an active one on a day when
two of its acceptance periods are past due."""
from datetime import date

import pytest

from contracts.models.contract import Contract
from contracts.services.document import number_on_approval
from extensions import db
from tests.contracts.lifecycle_helpers import advance
from tests.contracts.wizard_helpers import run_wizard
from tests.helpers import first_user

TODAY = date(2027, 3, 10)  # periods 1 (due 30/11/2026) and 2 (due 28/02/2027) are past due


@pytest.fixture
def signed(client, login, people, contract):
    advance(contract, people, "signed")
    login(people.staff)
    return contract


@pytest.fixture
def today(on_day):
    on_day(TODAY)
    return TODAY


@pytest.fixture
def active(client, login, make_user, make_vendor, make_offering, today):
    """A generated contract of agency A with vendor V, set to active; the owner stays logged in."""
    owner = make_user("agency_staff", name="Sở Khoa học và Công nghệ A", short_name="SKHCN")
    vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số")
    offering = make_offering(vendor, "HT-001", unit_price=2_500_000, price_public=True)
    login(owner)
    contract = run_wizard(client, offering)
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    contract = db.session.get(Contract, contract.id)
    number_on_approval(contract, actor=owner)  # what approval does; the state set directly:
    contract.status = "active"  # the states belong to the lifecycle
    db.session.commit()
    return {"contract": contract, "owner": owner, "vendor": first_user(vendor)}
