"""Every money field of the contract pages takes an amount as people write it (core.forms.
MoneyField): 2.500.000, 2 500 000 or 2500000, and says why in Vietnamese when it cannot."""
import pytest
from sqlalchemy import select

from contracts.models import AcceptanceRecord, Contract, PaymentRecord
from core.money import MONEY_FORMAT
from extensions import db
from tests.contracts.acceptance_helpers import accept_data
from tests.contracts.test_amendments import CHANGES, amendment_of, start
from tests.contracts.wizard_helpers import LINES, run_wizard

GROUPINGS = ["2.500.000", "2 500 000", "2\u00a0500\u00a0000", "2500000"]


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def agency_user(make_user):
    return make_user("agency_staff", name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
                     short_name="SKHCN")


@pytest.fixture
def priced_offering(make_vendor, make_offering):
    vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số Việt")
    return make_offering(vendor, "HT-001", unit_price=1_000_000, price_public=True)


@pytest.mark.parametrize("typed", GROUPINGS)
def test_the_wizard_takes_a_unit_price_grouped_with_dots_or_spaces(
        client, login, agency_user, priced_offering, typed):
    login(agency_user)
    contract = run_wizard(client, priced_offering, lines=dict(LINES, **{
        "lines-0-unit_price": typed}))
    assert db.session.get(Contract, contract.id).lines[0].unit_price == 2_500_000
    page = text(client.get(f"/contracts/{contract.id}/wizard/lines"))
    assert 'value="2.500.000"' in page  # shown back grouped with dots


def test_a_unit_price_written_any_other_way_is_refused_and_kept(
        client, login, agency_user, priced_offering):
    login(agency_user)
    contract = run_wizard(client, priced_offering)
    response = client.post(f"/contracts/{contract.id}/wizard/lines",
                           data=dict(LINES, **{"lines-0-unit_price": "2,5 triệu"}))
    assert MONEY_FORMAT in text(response) and 'value="2,5 triệu"' in text(response)
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).lines[0].unit_price == 2_500_000


def test_deductions_and_payments_take_grouped_amounts(client, active):
    contract = active["contract"]
    response = client.post(f"/contracts/{contract.id}/acceptance/1",
                           data=accept_data(deductions="1.500.000"))
    assert response.status_code == 302
    record = db.session.scalar(select(AcceptanceRecord))
    assert record.deductions == 1_500_000 and record.accepted_amount == 15_000_000
    response = client.post(f"/contracts/{contract.id}/acceptance/1/payments", data={
        "amount": "15 000 000", "paid_on": "2026-12-20", "reference": "UNC 01"})
    assert response.status_code == 302
    assert db.session.scalar(select(PaymentRecord.amount)) == 15_000_000


def test_an_amendment_takes_a_grouped_unit_price(client, login, people, signed):
    assert start(client, signed).status_code == 302
    response = client.post(f"/contracts/{signed.id}/amendments/1/edit",
                           data={**CHANGES, "lines-0-unit_price": "2.750.000"})
    assert response.status_code == 302
    assert amendment_of(signed).terms["lines"][0]["unit_price"] == 2_750_000
