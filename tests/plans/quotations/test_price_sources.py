"""The reference figures of plans.price_sources: prior awards only from public (signed)
contracts, of every agency, for the same service and unit; listed prices only public ones."""
from types import SimpleNamespace

from catalog.services import get_service
from contracts.prior_awards import prior_awards
from extensions import db
from plans.price_sources import (SOURCES, ReferencePrice, as_dict, from_dict,
                                 reference_prices)
from tests.contracts.lifecycle_helpers import advance, make_contract


def test_both_sources_are_registered_plans_first():
    assert list(SOURCES)[:2] == ["listed_price", "prior_award"]


def test_prior_awards_come_from_signed_contracts_of_every_agency_only(
        client, login, make_user, people, offering, contract):
    service = get_service("HT-001")
    advance(contract, people, "signed")
    draft = make_contract(client, login, people, offering)  # never signed: not public
    other_staff = make_user("agency_staff", name="Sở Thông tin và Truyền thông tỉnh Khác")
    others = SimpleNamespace(
        staff=other_staff, approver=make_user("agency_approver",
                                              organisation=other_staff.organisation),
        legal=make_user("legal_drafter", organisation=other_staff.organisation),
        vendor=people.vendor)
    elsewhere = make_contract(client, login, others, offering)
    advance(elsewhere, others, "active")
    elsewhere.lines[0].unit_price = 2_300_000  # the other agency's price
    draft.lines[0].unit_price = 1  # a draft's price never shows
    db.session.commit()

    found = reference_prices(service.id, service.unit)["prior_award"]
    assert sorted(f.unit_price for f in found) == [2_300_000, 2_500_000]
    mine = next(f for f in found if f.unit_price == 2_500_000)
    assert mine.source == "prior_award" and mine.unit == service.unit
    assert mine.on == contract.signed_date and contract.number in mine.label
    assert mine.label.startswith(contract.party_a["name"]) and mine.vat_rate == "10"
    assert mine.link == f"/api/v1/contracts/{contract.id}/ocds"
    theirs = next(f for f in found if f.unit_price == 2_300_000)
    assert elsewhere.organisation_id != contract.organisation_id
    assert elsewhere.number in theirs.label and theirs.on == elsewhere.signed_date
    assert prior_awards(service.id, "gói") == []  # another unit
    assert prior_awards(get_service("HT-002").id, service.unit) == []  # another service


def test_listed_prices_are_the_public_prices_of_published_offerings(
        make_vendor, make_offering):
    service = get_service("HT-001")
    unit = service.unit
    shown = make_offering(make_vendor(legal_name="Công ty Giá Công Khai"), "HT-001",
                          unit=unit, unit_price=1_800_000, price_public=True, vat_rate="8")
    cheaper = make_offering(make_vendor(legal_name="Công ty Giá Rẻ"), "HT-001", unit=unit,
                            unit_price=1_500_000, price_public=True)
    make_offering(make_vendor(), "HT-001", unit=unit, unit_price=900_000, price_public=False)
    make_offering(make_vendor(), "HT-001", unit=unit, unit_price=800_000, price_public=True,
                  publish=False)
    make_offering(make_vendor(), "HT-001", unit="gói", unit_price=700_000, price_public=True)
    make_offering(make_vendor(), "HT-002", unit=unit, unit_price=600_000, price_public=True)
    make_offering(make_vendor(), "HT-001", unit=unit)  # no price at all

    found = reference_prices(service.id, unit)["listed_price"]
    assert [(f.label, f.unit_price, f.vat_rate) for f in found] == [
        ("Công ty Giá Rẻ", 1_500_000, "10"), ("Công ty Giá Công Khai", 1_800_000, "8")]
    assert found[1].on is not None and found[1].link == f"/vendors/{shown.vendor.tax_code}"
    assert cheaper.published_at is not None


def test_a_reference_price_round_trips_through_json(make_vendor, make_offering):
    service = get_service("HT-001")
    make_offering(make_vendor(legal_name="Công ty Lưu Trữ"), "HT-001", unit=service.unit,
                  unit_price=1_000_000, price_public=True)
    [figure] = reference_prices(service.id, service.unit)["listed_price"]
    stored = as_dict(figure)
    assert stored["on"] == figure.on.isoformat()
    assert from_dict(stored) == figure and isinstance(from_dict(stored), ReferencePrice)
