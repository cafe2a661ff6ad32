"""Tests for contracts.costs: the Circular 12/2020 lease payment and total cost."""

from __future__ import annotations

from decimal import Decimal, getcontext, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from plans.calculator import (
    LeaseWorking,
    explain_lease_payment,
    lease_payment,
    total_lease_cost,
)

# domain.md §4: Td = 2 tỷ, 5 years quarterly, N = 6%, S = 0, no VAT.
WORKED = dict(
    build_cost=2_000_000_000,
    residual=0,
    annual_rate=Decimal("0.06"),
    periods_per_year=4,
    periods=20,
    vat_rate=0,
)


def test_worked_value_end_of_period_is_116_491_472() -> None:
    # Exact value 116 491 471.7489... rounds half-up to 116 491 472.
    assert lease_payment(**WORKED) == 116_491_472


def test_worked_value_start_of_period_is_114_769_923() -> None:
    # Exact value 114 769 922.9053... rounds half-up to 114 769 923.
    assert lease_payment(**WORKED, in_advance=True) == 114_769_923


def test_working_shows_each_step_of_the_worked_value() -> None:
    working = explain_lease_payment(**WORKED)
    assert isinstance(working, LeaseWorking)
    assert working.periodic_rate == Decimal("0.015")
    assert working.periods == 20
    with localcontext() as ctx:
        ctx.prec = 80
        # 1.015^20 has 60 decimals; the working keeps at least 40 significant digits.
        assert abs(working.growth - Decimal("1.015") ** 20) < Decimal("1e-40")
    assert str(working.growth).startswith("1.3468550065")
    assert str(working.payment_before_vat).startswith("116491471.7489")
    assert working.payment == 116_491_472
    assert working.total == 116_491_472 * 20 == 2_329_829_440
    assert working.in_advance is False


def test_working_in_advance_divides_the_unrounded_payment_by_one_plus_r() -> None:
    end = explain_lease_payment(**WORKED)
    start = explain_lease_payment(**WORKED, in_advance=True)
    assert start.in_advance is True
    with localcontext() as ctx:
        ctx.prec = 80
        gap = abs(start.payment_before_vat * Decimal("1.015") - end.payment_before_vat)
    assert gap < Decimal("1e-30")
    assert start.total == 114_769_923 * 20


def test_working_is_frozen() -> None:
    working = explain_lease_payment(**WORKED)
    with pytest.raises(AttributeError):
        working.payment = 0  # type: ignore[misc]


def test_the_caller_decimal_context_does_not_matter() -> None:
    context = getcontext()
    saved = context.prec
    context.prec = 6
    try:
        assert lease_payment(**WORKED) == 116_491_472
    finally:
        context.prec = saved
    assert getcontext().prec == saved


def test_zero_rate_repays_straight_line() -> None:
    working = explain_lease_payment(1_200_000_000, 200_000_000, 0, 12, 24, 0)
    assert working.growth == 1
    assert str(working.payment_before_vat).startswith("41666666.66666666666666666666666666")
    assert working.payment == 41_666_667


def test_zero_rate_is_the_same_in_advance() -> None:
    assert lease_payment(1_000, 0, 0, 4, 4, 0, in_advance=True) == 250
    assert lease_payment(1_000, 0, 0, 4, 4, 0) == 250


def test_single_period_pays_build_cost_plus_one_period_interest() -> None:
    # n = 1: Gdv = Td(1 + r) − S.
    assert lease_payment(1_000_000, 100_000, Decimal("0.12"), 12, 1, 0) == 910_000


def test_single_period_in_advance_without_residual_is_just_the_build_cost() -> None:
    # Paid up front, a one-period lease carries no interest at all.
    assert lease_payment(1_000_000, 0, Decimal("0.12"), 12, 1, 0, in_advance=True) == 1_000_000


def test_payment_rounds_half_up() -> None:
    # 5 / 2 = 2.5 exactly: half-up gives 3 where banker's rounding would give 2.
    assert lease_payment(5, 0, 0, 1, 2, 0) == 3


def test_vat_ten_percent_multiplies_the_payment() -> None:
    working = explain_lease_payment(**{**WORKED, "vat_rate": Decimal("0.1")})
    no_vat = explain_lease_payment(**WORKED)
    assert working.payment_before_vat == no_vat.payment_before_vat
    assert working.payment == 128_140_619  # 116 491 471.7489… × 1.1 = 128 140 618.92…


def test_residual_value_lowers_the_payment() -> None:
    with_residual = lease_payment(**{**WORKED, "residual": 200_000_000})
    assert with_residual < lease_payment(**WORKED)


def test_rate_may_be_given_as_int_zero_or_decimal() -> None:
    assert lease_payment(1_000, 0, Decimal("0"), 1, 1, Decimal("0")) == 1_000
    assert lease_payment(Decimal("1000"), Decimal("0"), 0, 1, 1, 0) == 1_000


@pytest.mark.parametrize(
    ("changes", "message_part"),
    [
        ({"build_cost": 0}, "Td"),
        ({"build_cost": -5}, "Td"),
        ({"residual": -1}, "Giá trị còn lại"),
        ({"residual": 2_000_000_000}, "Giá trị còn lại"),
        ({"annual_rate": Decimal("-0.01")}, "Lãi suất"),
        ({"annual_rate": 1}, "Lãi suất"),
        ({"annual_rate": 0.06}, "Lãi suất"),
        ({"periods_per_year": 3}, "(k)"),
        ({"periods_per_year": 0}, "(k)"),
        ({"periods": 0}, "(n)"),
        ({"periods": Decimal("20")}, "(n)"),
        ({"vat_rate": Decimal("0.11")}, "GTGT"),
        ({"vat_rate": Decimal("-0.05")}, "GTGT"),
        ({"build_cost": "2000000000"}, "Td"),
        ({"build_cost": True}, "Td"),
        ({"annual_rate": Decimal("NaN")}, "Lãi suất"),
    ],
)
def test_invalid_inputs_raise_value_error_in_vietnamese(
    changes: dict[str, object], message_part: str
) -> None:
    with pytest.raises(ValueError, match=message_part.replace("(", r"\(").replace(")", r"\)")):
        lease_payment(**{**WORKED, **changes})


def test_total_lease_cost_adds_the_four_parts() -> None:
    assert total_lease_cost(2_329_829_440, 150_000_000, 80_000_000, 20_000_000) == 2_579_829_440


@pytest.mark.parametrize("position", range(4))
def test_total_lease_cost_rejects_a_negative_part(position: int) -> None:
    parts = [10, 20, 30, 40]
    parts[position] = -1
    with pytest.raises(ValueError, match="không được âm"):
        total_lease_cost(*parts)


def test_total_lease_cost_rejects_non_int() -> None:
    with pytest.raises(ValueError):
        total_lease_cost(1.5, 0, 0, 0)  # type: ignore[arg-type]


# --- Properties over realistic leases --------------------------------------------------
# Td ≥ 10^8 đồng and N ≥ 1% keep the interest in each payment far above the ≤ 0.5 đồng
# lost to rounding, so the properties hold for the rounded payment, not just the exact one.

leases = st.fixed_dictionaries(
    {
        "build_cost": st.integers(min_value=10**8, max_value=10**12),
        "residual_share": st.integers(min_value=0, max_value=99),
        "annual_rate": st.integers(min_value=100, max_value=2_000).map(
            lambda bp: Decimal(bp) / 10_000
        ),
        "periods_per_year": st.sampled_from([1, 2, 4, 12]),
        "periods": st.integers(min_value=1, max_value=120),
        "vat_rate": st.sampled_from([Decimal(0), Decimal("0.05"), Decimal("0.08"),
                                     Decimal("0.1")]),
    }
)


def _args(lease: dict) -> dict:
    args = dict(lease)
    args["residual"] = args["build_cost"] * args.pop("residual_share") // 100
    return args


@given(leases)
def test_end_of_period_payments_cover_the_principal(lease: dict) -> None:
    args = _args(lease)
    working = explain_lease_payment(**args)
    principal = args["build_cost"] - args["residual"]
    assert working.payment_before_vat * working.periods >= principal
    assert working.total >= principal


@given(leases)
def test_paying_in_advance_is_cheaper_when_rate_is_positive(lease: dict) -> None:
    args = _args(lease)
    start = explain_lease_payment(**args, in_advance=True)
    end = explain_lease_payment(**args)
    assert start.payment_before_vat < end.payment_before_vat
    assert start.payment < end.payment


@given(leases, st.integers(min_value=1, max_value=500))
def test_payment_grows_with_the_rate(lease: dict, extra_bp: int) -> None:
    args = _args(lease)
    higher = {**args, "annual_rate": args["annual_rate"] + Decimal(extra_bp) / 10_000}
    assume(higher["annual_rate"] < 1)
    assert lease_payment(**args) < lease_payment(**higher)
    # In advance the first payment carries no interest, so with n = 1 and S = 0 the
    # payment is Td whatever the rate: only non-decreasing.
    assert lease_payment(**args, in_advance=True) <= lease_payment(**higher, in_advance=True)


@given(leases)
def test_vat_multiplies_the_unrounded_payment(lease: dict) -> None:
    args = _args(lease)
    working = explain_lease_payment(**args)
    expected = working.payment_before_vat * (1 + args["vat_rate"])
    assert abs(working.payment - expected) <= Decimal("0.5")
    assert working.total == working.payment * args["periods"]


@given(leases)
def test_lease_payment_agrees_with_its_working(lease: dict) -> None:
    args = _args(lease)
    assert lease_payment(**args) == explain_lease_payment(**args).payment


def test_a_payment_of_exactly_half_a_dong_rounds_up_whatever_the_rate():
    """Found by test_payment_grows_with_the_rate: one period paid in advance is Td × (1 + VAT)
    at any rate, here 172 310 696 233,5 đồng; the 50-digit working's last-digit error made a
    rate of 1.01% round it down and 1% up."""
    args = {"build_cost": 156_646_087_485, "residual": 0, "periods_per_year": 12, "periods": 1,
            "vat_rate": Decimal("0.1")}
    for rate in ("0.01", "0.0101", "0.0707", "0.15"):
        assert lease_payment(**args, annual_rate=Decimal(rate), in_advance=True) == 172_310_696_234
