"""The comparison's figures against an independent calculation (Fraction and Decimal, not the
integer arithmetic of plans.quotations.comparison), its flags, and the comparison page."""
import statistics
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.services import get_service
from core.money import MAX_AMOUNT
from extensions import db
from plans.quotations.comparison import compare, figures
from tests.helpers import first_user, text
from tests.plans.quotations.factories import make_answer, make_request

BOUNDED = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
# Prices: anywhere up to the largest amount, near it, tiny (ties and zeros come often).
PRICE = st.one_of(st.integers(0, MAX_AMOUNT), st.integers(0, 5),
                  st.sampled_from([0, 1, MAX_AMOUNT - 1, MAX_AMOUNT]),
                  st.integers(MAX_AMOUNT - 3, MAX_AMOUNT))
PRICES = st.lists(PRICE, max_size=12)


def half_up(value: Fraction, places: str = "1") -> Decimal:
    with localcontext() as context:
        context.prec = 80
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal(places), rounding=ROUND_HALF_UP)


def expected(prices: list[int]) -> dict:
    """The figures worked out independently."""
    if not prices:
        return {"count": 0, "lowest": None, "median": None, "average": None,
                "highest": None, "spread": None, "spread_percent": None}
    exact = [Fraction(p) for p in prices]
    low, high = min(prices), max(prices)
    return {"count": len(prices), "lowest": low, "highest": high, "spread": high - low,
            "median": int(half_up(statistics.median(exact))),
            "average": int(half_up(sum(exact, Fraction(0)) / len(exact))),
            "spread_percent": None if low == 0 else half_up(Fraction(high - low) * 100 / low,
                                                            "0.1")}


def as_dict(found) -> dict:
    return {key: getattr(found, key) for key in ("count", "lowest", "median", "average",
                                                 "highest", "spread", "spread_percent")}


@BOUNDED
@given(PRICES)
def test_the_figures_match_an_independent_calculation(prices):
    assert as_dict(figures(prices)) == expected(prices)


def test_the_figures_of_known_cases():
    assert figures([1, 2]).median == 2 and figures([1, 2]).average == 2  # 1,5 half up
    assert figures([1, 2, 3, 10]).median == 3  # (2 + 3) / 2 = 2,5 → 3
    assert figures([0, 0, 7]).spread_percent is None and figures([0, 0, 7]).median == 0
    assert figures([3, 4]).spread_percent == Decimal("33.3")
    assert figures([MAX_AMOUNT, MAX_AMOUNT - 1]).median == MAX_AMOUNT


# --- compare() over answers in the database -------------------------------------------

# One vendor's answer: (status, late, price or None, validity in days).
ANSWER = st.tuples(st.sampled_from(["answered", "answered", "answered", "declined"]),
                   st.booleans(), st.one_of(st.none(), PRICE, PRICE),
                   st.sampled_from([-30, 0, 90]))
VENDORS = 6
# Each vendor's own published offering of HT-001: public price in the line's unit (0, 1),
# a public price in another unit (2), a price it keeps private (3), none (4, 5).
LISTED = {0: 1_000_000, 1: 0}


@pytest.fixture
def market(make_user, make_vendor, make_offering):
    staff = make_user("agency_staff")
    service = get_service("HT-001")
    vendors = [make_vendor(legal_name=f"Công ty So Sánh {n}") for n in range(VENDORS)]
    for n, price in LISTED.items():
        make_offering(vendors[n], "HT-001", unit=service.unit, unit_price=price,
                      price_public=True)
    make_offering(vendors[2], "HT-001", unit="gói", unit_price=5, price_public=True)
    make_offering(vendors[3], "HT-001", unit=service.unit, unit_price=7, price_public=False)
    return SimpleNamespace(staff=staff, vendors=vendors)


def expected_flags(n: int, status: str, late: bool, price, days: int) -> list[str]:
    flags = ["late"] if late else []
    if status == "declined":
        return flags + ["declined"]
    if price is None:
        return flags + ["missing"]
    if days < 0:
        flags.append("expired")
    listed = LISTED.get(n)
    if listed is not None and price != listed:
        flags.append("above_listed" if price > listed else "below_listed")
    return flags


@BOUNDED
@given(st.lists(ANSWER, min_size=0, max_size=VENDORS))
def test_compare_counts_flags_and_figures_as_worked_out_by_hand(market, answers):
    request = make_request(market.staff.organisation, market.staff, ("HT-001",),
                           vendors=market.vendors, hours=-1)
    try:
        for n, (status, late, price, days) in enumerate(answers):
            make_answer(request, market.vendors[n], [price], status=status, late=late,
                        valid_days=days)
        [line] = compare(request)
        flags = {q.vendor.id: q.flags for q in line.quotes}
        valid = []
        for n, answer in enumerate(answers):
            want = expected_flags(n, *answer)
            assert flags[market.vendors[n].id] == want, (n, answer)
            if not {"late", "declined", "missing", "expired"} & set(want):
                valid.append(answer[2])
        assert as_dict(line.figures) == expected(valid)
        assert line.enough == (len(valid) >= 3) and line.minimum == 3
    finally:
        db.session.rollback()


# --- the page -------------------------------------------------------------------------


def answered(make_user, make_vendor, hours):
    staff = make_user("agency_staff")
    vendors = [make_vendor(legal_name=f"Công ty Trang {n}") for n in range(3)]
    request = make_request(staff.organisation, staff, ("HT-001",), vendors=vendors,
                           hours=hours)
    make_answer(request, vendors[0], [1_000_000])
    make_answer(request, vendors[1], [1_250_000], vat_rate="8")
    make_answer(request, vendors[2], [9_990_000], valid_days=-3)
    db.session.commit()
    return staff, request


def test_a_sealed_request_shows_the_seal_and_no_figure(client, login, make_user, make_vendor):
    staff, request = answered(make_user, make_vendor, hours=6)
    login(staff)
    page = text(client.get(f"/plans/quotations/{request.id}/comparison"))
    assert "Các báo giá được niêm phong đến hạn" in page
    assert "1.000.000" not in page and "Thấp nhất" not in page


def test_the_page_shows_each_quote_the_figures_and_the_references(
        client, login, make_user, make_vendor, make_offering):
    staff, request = answered(make_user, make_vendor, hours=-2)
    other = make_vendor(legal_name="Công ty Niêm Yết")
    make_offering(other, "HT-001", unit=get_service("HT-001").unit, unit_price=1_100_000,
                  price_public=True)
    login(staff)
    response = client.get(f"/plans/quotations/{request.id}/comparison")
    page = text(response)
    assert response.status_code == 200
    assert "2/3 báo giá hợp lệ (tối thiểu 3)" in page and "Hết hiệu lực báo giá" in page
    assert "1.125.000 đồng" in page  # the average and median of 1 000 000 and 1 250 000
    assert "250.000 đồng (25,0% so với giá thấp nhất)" in page
    assert "chưa đủ 3 báo giá hợp lệ" in page
    assert "Công ty Niêm Yết" in page and "1.100.000 đồng" in page
    assert "Kết quả trúng thầu trước đó" in page and "Chưa có số liệu công khai." in page
    assert "Không gắn với kế hoạch nào" in page and "Đưa đơn giá đã chọn" not in page


def test_other_agencies_and_vendors_get_404(client, login, make_user, make_vendor):
    _staff, request = answered(make_user, make_vendor, hours=-2)
    login(make_user("agency_staff"))
    assert client.get(f"/plans/quotations/{request.id}/comparison").status_code == 404
    assert client.get("/plans/quotations/999999/comparison").status_code == 404
    client.post("/accounts/logout")
    login(first_user(request.invitations[0].vendor))  # an invited vendor: its own answer only
    assert client.get(f"/plans/quotations/{request.id}/comparison").status_code == 404


def test_a_vendors_offering_in_another_unit_does_not_hide_its_listed_price(
        make_user, make_vendor, make_offering):
    staff = make_user("agency_staff")
    vendor = make_vendor()
    unit = get_service("HT-001").unit
    make_offering(vendor, "HT-001", unit=unit, unit_price=1_000_000, price_public=True)
    make_offering(vendor, "HT-001", unit="gói", unit_price=5, price_public=True)
    request = make_request(staff.organisation, staff, ("HT-001",), vendors=[vendor], hours=-1)
    make_answer(request, vendor, [2_000_000])
    db.session.commit()
    [line] = compare(request)
    assert line.quotes[0].flags == ["above_listed"]
