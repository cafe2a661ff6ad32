"""The public API of requests for quotations (issue 16, point 6): sealed by the deadline like the
pages (an open or cancelled request is never listed and its URL answers 404), a closed one's
summary with its counts and chosen methods, and a vendor's price only where that vendor
published it."""
from datetime import timedelta

import pytest

from catalog.services import get_service
from core.clock import today, utcnow
from extensions import db
from plans import services as plan_services
from plans.quotations.models import QuotationChoice
from tests.plans.plan_helpers import plan_values
from tests.plans.quotations.factories import make_answer, make_request

LIST = "/api/v1/quotation-requests"
UNIT = "máy chủ ảo/tháng"  # HT-001's unit in tests/helpers.CATALOG


@pytest.fixture
def staff(make_user):
    return make_user("agency_staff", name="Sở Thông tin và Truyền thông tỉnh Thử")


@pytest.fixture
def vendors(make_vendor):
    return [make_vendor() for _ in range(4)]


def answered(staff, vendors, prices, **fields):
    request = make_request(staff.organisation, staff, vendors=vendors, **fields)
    for vendor, price in zip(vendors, prices):
        if price == "declined":
            make_answer(request, vendor, [], status="declined", decline_reason="Bận.")
        else:
            make_answer(request, vendor, [price])
    db.session.commit()
    return request


def later(monkeypatch, days=3):
    monkeypatch.setenv("THUE_TODAY", (today() + timedelta(days=days)).isoformat())


def test_an_open_request_is_sealed_from_the_api_until_its_deadline(
        client, monkeypatch, staff, vendors):
    request = answered(staff, vendors, [1_250_000, 1_300_000, "declined"], hours=48)
    listed = client.get(LIST).get_json()
    assert listed == {"items": [], "total": 0, "page": 1, "per_page": 20}
    response = client.get(f"{LIST}/{request.id}")
    assert response.status_code == 404 and response.mimetype == "application/json"

    later(monkeypatch)
    listed = client.get(LIST).get_json()
    assert listed["total"] == 1
    [item] = listed["items"]
    assert client.get(f"{LIST}/{request.id}").get_json() == item
    assert (item["code"], item["agency"]) == (request.code, staff.organisation.name)
    assert (item["invited"], item["answers"], item["valid_answers"]) == (4, 3, 2)
    assert item["services"] == [{"code": "HT-001", "name": "Điện toán đám mây chính phủ"}]
    [line] = item["lines"]
    assert (line["quantity"], line["unit"], line["months"]) == (2, UNIT, 12)
    assert (line["valid_quotes"], line["choice"], line["published_prices"]) == (2, None, [])
    body = client.get(LIST).get_data(as_text=True)
    assert "1250000" not in body and "1300000" not in body  # no vendor published a price


def test_a_cancelled_request_never_appears(client, monkeypatch, staff, vendors):
    request = answered(staff, vendors, [1_250_000], hours=48)
    request.status, request.cancelled_at = "cancelled", utcnow()
    request.cancel_reason = "Thay đổi nhu cầu."
    db.session.commit()
    later(monkeypatch)
    assert client.get(LIST).get_json()["total"] == 0
    assert client.get(f"{LIST}/{request.id}").status_code == 404
    assert client.get(f"{LIST}/{request.id + 1000}").status_code == 404


def test_a_price_appears_only_where_its_vendor_published_it(
        client, staff, vendors, make_offering):
    published, changed, private, _none = vendors
    make_offering(published, unit=UNIT, unit_price=1_250_000, price_public=True)
    make_offering(changed, unit=UNIT, unit_price=1_500_000, price_public=True)
    make_offering(private, unit=UNIT, unit_price=1_300_000, price_public=False)
    request = answered(staff, vendors, [1_250_000, 1_400_000, 1_300_000, 1_350_000], hours=-1)
    [line] = client.get(f"{LIST}/{request.id}").get_json()["lines"]
    assert line["published_prices"] == [{
        "vendor": {"tax_code": published.tax_code, "name": published.legal_name},
        "unit_price": 1_250_000, "vat_rate": "10", "valid": True}]
    body = client.get(LIST).get_data(as_text=True)
    for secret in ("1400000", "1300000", "1350000", private.tax_code, changed.tax_code):
        assert secret not in body


def test_an_unpublished_offering_or_another_unit_publishes_nothing(
        client, staff, vendors, make_offering):
    make_offering(vendors[0], unit=UNIT, unit_price=1_250_000, price_public=True,
                  publish=False)
    make_offering(vendors[1], unit="tháng", unit_price=1_300_000, price_public=True)
    request = answered(staff, vendors[:2], [1_250_000, 1_300_000], hours=-1)
    [line] = client.get(f"{LIST}/{request.id}").get_json()["lines"]
    assert line["published_prices"] == []


@pytest.mark.parametrize(("method", "price", "public"), [
    ("lowest", 1_250_000, True),  # the published quote's own price
    ("average", 1_325_000, False),
    ("vendor", 1_400_000, False),  # a price its vendor never published
    ("listed_price", 1_250_000, True),
])
def test_the_chosen_method_is_public_and_its_price_only_from_a_public_source(
        client, staff, vendors, make_offering, method, price, public):
    make_offering(vendors[0], unit=UNIT, unit_price=1_250_000, price_public=True)
    request = answered(staff, vendors[:2], [1_250_000, 1_400_000], hours=-1)
    plan = plan_services.create_plan(staff.organisation, plan_values(
        "nd224-2026", [get_service("HT-001")]), actor=staff)
    db.session.add(QuotationChoice(
        request_line_id=request.lines[0].id, plan_id=plan.id, method=method,
        vendor_id=vendors[1].id if method == "vendor" else None, unit_price=price,
        vat_rate="10", reason="Theo báo giá." if method == "vendor" else ""))
    db.session.commit()
    [line] = client.get(f"{LIST}/{request.id}").get_json()["lines"]
    assert line["choice"]["method"] == method and line["choice"]["method_label"]
    assert line["choice"]["unit_price"] == (price if public else None)


def test_the_list_pages_and_its_parameters_are_strict(client, staff, vendors):
    first = answered(staff, vendors[:1], [1_000_000], deadline=utcnow() - timedelta(days=2))
    second = answered(staff, vendors[:1], [1_000_000], deadline=utcnow() - timedelta(days=1))
    page = client.get(f"{LIST}?per_page=1&page=2").get_json()
    assert (page["total"], [i["id"] for i in page["items"]]) == (2, [first.id])
    assert client.get(f"{LIST}?per_page=1").get_json()["items"][0]["id"] == second.id
    for query in ("page=0", "per_page=101", "page=a", "page=1&page=2"):
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 400 and response.get_json()["error"]["parameter"]
