"""core.vat: one set of rate codes and labels, VAT rounded half up, totals per rate."""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import BigInteger, Integer, String, literal, select

from core.money import MAX_AMOUNT
from core.vat import (VAT_LABELS, VAT_RATES, line_amounts, line_parts_sql, totals_by_rate,
                      vat_amount, vat_fraction, vat_label)
from extensions import db


def test_vat_label_names_each_rate_and_rejects_others() -> None:
    assert [vat_label(r) for r in VAT_RATES] == ["Không chịu thuế", "0%", "5%", "8%", "10%"]
    assert list(VAT_LABELS) == list(VAT_RATES)
    with pytest.raises(ValueError, match="Thuế suất GTGT không hợp lệ"):
        vat_label("7")


@pytest.mark.parametrize(("amount", "rate", "vat"), [
    (10, "5", 1), (9, "5", 0), (30, "5", 2), (1_250_005, "8", 100_000), (15, "10", 2),
    (14, "10", 1), (1_000_000, "kct", 0), (1_000_000, "0", 0),
])
def test_vat_is_rounded_half_up_to_a_whole_dong(amount, rate, vat) -> None:
    assert vat_amount(amount, rate) == vat


def test_a_fraction_is_exact() -> None:
    assert [str(vat_fraction(r)) for r in VAT_RATES] == ["0", "0", "0.05", "0.08", "0.1"]


def test_a_line_is_quantity_times_months_times_price_and_a_one_off_is_one_month() -> None:
    line = {"quantity": 2, "months": 60, "unit_price": 2_500_000, "vat_rate": "10"}
    assert line_amounts(line) == {"amount": 300_000_000, "vat": 30_000_000,
                                  "total": 330_000_000}
    one_off = {"quantity": 1, "months": None, "unit_price": 20_000_000, "vat_rate": "8"}
    assert line_amounts(one_off) == {"amount": 20_000_000, "vat": 1_600_000,
                                     "total": 21_600_000}


LINES = st.lists(st.fixed_dictionaries({
    "quantity": st.integers(1, 1000), "months": st.integers(1, 240),
    "unit_price": st.integers(0, 10**9), "vat_rate": st.sampled_from(VAT_RATES)}),
    min_size=1, max_size=6)


@given(LINES)
def test_totals_per_rate_add_up_to_the_lines(lines) -> None:
    sums = [line_amounts(line) for line in lines]
    totals = totals_by_rate((line["vat_rate"], s) for line, s in zip(lines, sums))
    assert totals["before_vat"] == sum(s["amount"] for s in sums)
    assert totals["vat"] == sum(s["vat"] for s in sums)
    assert totals["total"] == totals["before_vat"] + totals["vat"] <= 2 * MAX_AMOUNT
    rates = [g["rate"] for g in totals["vat_groups"]]
    assert rates == [r for r in VAT_RATES if r in {line["vat_rate"] for line in lines}]
    assert sum(g["base"] for g in totals["vat_groups"]) == totals["before_vat"]
    assert all(g["label"] == VAT_LABELS[g["rate"]] for g in totals["vat_groups"])


@given(st.integers(-10**16, 10**16), st.sampled_from(VAT_RATES))
def test_vat_in_whole_numbers_equals_decimal_rounding_half_up(amount, rate):
    expected = (Decimal(amount) * vat_fraction(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert vat_amount(amount, rate) == int(expected)


SQL_LINES = st.lists(st.fixed_dictionaries({
    "quantity": st.integers(1, 1000), "months": st.one_of(st.none(), st.integers(1, 240)),
    # Prices whose VAT ends in a half as well as ordinary and very large ones.
    "unit_price": st.one_of(st.integers(0, 10**9), st.sampled_from([1, 5, 15, 25, 50])),
    "vat_rate": st.sampled_from(VAT_RATES)}), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(SQL_LINES)
def test_the_databases_line_amounts_are_line_amounts(app, lines) -> None:
    """The dashboard sums each contract's amounts and VAT per rate in SQL: the same figures as
    in Python, on this database (SQLite, or PostgreSQL in CI)."""
    columns = []
    for line in lines:
        columns += list(line_parts_sql(literal(line["quantity"], Integer),
                                       literal(line["months"], Integer),
                                       literal(line["unit_price"], BigInteger),
                                       literal(line["vat_rate"], String)))
    shown = list(db.session.execute(select(*columns)).one())
    computed = [line_amounts(line) for line in lines]
    assert shown == [x for c in computed for x in (c["amount"], c["vat"])]
    assert [a + v for a, v in zip(shown[::2], shown[1::2])] == [c["total"] for c in computed]
