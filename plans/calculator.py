"""The Circular 12/2020 calculator (domain.md §4): the periodic lease payment of a service built
to the agency's requirements, and the total cost of the lease. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from flask_babel import gettext as _

# (1+r)^n for monthly periods over many years has dozens of significant digits; keep
# far more than the 15-16 digits of a đồng amount so rounding happens once, at the end.
_PRECISION = 50
NOISE = Decimal("1e-20")

PERIODS_PER_YEAR = (1, 2, 4, 12)
MAX_VAT_RATE = Decimal("0.1")

Number = int | Decimal


@dataclass(frozen=True)
class LeaseWorking:
    """The intermediate values of the calculator's "working", in the order shown."""

    periodic_rate: Decimal  # r = N / k
    periods: int  # n
    growth: Decimal  # (1 + r)^n
    payment_before_vat: Decimal  # Gdv before VAT, unrounded (already ÷ (1+r) if in advance)
    payment: int  # Gdv with VAT, whole đồng
    total: int  # Gtdv = Gdv × n
    in_advance: bool


def _as_decimal(value: object, label: str) -> Decimal:
    """Accept int or Decimal only: a float has already lost the exact rate or amount."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(_("%(label)s phải là số nguyên hoặc Decimal, không phải %(value)s.",
                           label=label, value=repr(value)))
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(_("%(label)s phải là một số hữu hạn.", label=label))
    return result


def _as_int(value: object, label: str) -> int:
    """Counts (periods) must be plain whole numbers."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("%(label)s phải là số nguyên, không phải %(value)s.",
                           label=label, value=repr(value)))
    return value


def _validated(
    build_cost: Number,
    residual: Number,
    annual_rate: Number,
    periods_per_year: int,
    periods: int,
    vat_rate: Number,
) -> tuple[Decimal, Decimal, Decimal, int, int, Decimal]:
    """Check the inputs of the formula and return them as Decimals and ints."""
    td = _as_decimal(build_cost, _("Chi phí xây dựng dịch vụ (Td)"))
    s = _as_decimal(residual, _("Giá trị còn lại (S)"))
    rate = _as_decimal(annual_rate, _("Lãi suất năm (N)"))
    k = _as_int(periods_per_year, _("Số kỳ thanh toán trong năm (k)"))
    n = _as_int(periods, _("Số kỳ thanh toán (n)"))
    vat = _as_decimal(vat_rate, _("Thuế suất GTGT"))
    if td <= 0:
        raise ValueError(_("Chi phí xây dựng dịch vụ (Td) phải lớn hơn 0."))
    if not 0 <= s < td:
        raise ValueError(
            _("Giá trị còn lại (S) phải từ 0 trở lên và nhỏ hơn chi phí xây dựng dịch vụ (Td).")
        )
    if not 0 <= rate < 1:
        raise ValueError(
            _("Lãi suất năm (N) phải là một tỷ lệ từ 0 đến dưới 1 (ví dụ 0,065 cho 6,5%).")
        )
    if k not in PERIODS_PER_YEAR:
        raise ValueError(_("Số kỳ thanh toán trong năm (k) phải là 1, 2, 4 hoặc 12."))
    if n < 1:
        raise ValueError(_("Số kỳ thanh toán (n) phải từ 1 trở lên."))
    if not 0 <= vat <= MAX_VAT_RATE:
        raise ValueError(_("Thuế suất GTGT phải từ 0 đến 0,1 (10%)."))
    return td, s, rate, k, n, vat


def explain_lease_payment(
    build_cost: Number,
    residual: Number,
    annual_rate: Number,
    periods_per_year: int,
    periods: int,
    vat_rate: Number,
    in_advance: bool = False,
) -> LeaseWorking:
    """Compute the periodic lease payment Gdv and show each step of the working."""
    td, s, rate, k, n, vat = _validated(
        build_cost, residual, annual_rate, periods_per_year, periods, vat_rate
    )
    # A local context so the caller's (or Flask's) decimal settings neither limit nor
    # get changed by this calculation.
    with localcontext(Context(prec=_PRECISION, rounding=ROUND_HALF_UP)):
        r = rate / k
        growth = (1 + r) ** n
        if r == 0:
            # The annuity formula is 0/0 at r = 0; its limit is straight repayment.
            before_vat = (td - s) / n
        else:
            before_vat = (td * r * growth - s * r) / (growth - 1)
        if in_advance:
            # Paying at the start of each period saves one period of interest.
            before_vat = before_vat / (1 + r)
        with_vat = before_vat * (1 + vat)
        # r = N / k has no finite expansion, so the working carries an error in its last of
        # 50 digits; a payment that is exactly half a đồng (n = 1 paid in advance gives
        # Td × (1 + VAT), e.g. 172 310 696 233,5) could then round either way. Cut that noise
        # at 10^-20 đồng first, then round half up to the đồng.
        with_vat = with_vat.quantize(NOISE, rounding=ROUND_HALF_UP)
        payment = int(with_vat.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return LeaseWorking(
        periodic_rate=r,
        periods=n,
        growth=growth,
        payment_before_vat=before_vat,
        payment=payment,
        # The total is what is actually paid: n times the rounded payment.
        total=payment * n,
        in_advance=bool(in_advance),
    )


def lease_payment(
    build_cost: Number,
    residual: Number,
    annual_rate: Number,
    periods_per_year: int,
    periods: int,
    vat_rate: Number,
    in_advance: bool = False,
) -> int:
    """Return the periodic lease payment Gdv in whole đồng, VAT included."""
    return explain_lease_payment(
        build_cost, residual, annual_rate, periods_per_year, periods, vat_rate, in_advance
    ).payment


def total_lease_cost(service_cost: int, operation: int, maintenance: int, other: int) -> int:
    """Return Gt = Gtdv + Gv + Gbt + Gk, the total cost of the lease in đồng."""
    parts = (
        (_("Chi phí thuê dịch vụ (Gtdv)"), service_cost),
        (_("Chi phí vận hành (Gv)"), operation),
        (_("Chi phí bảo trì (Gbt)"), maintenance),
        (_("Chi phí khác (Gk)"), other),
    )
    for label, value in parts:
        if _as_int(value, label) < 0:
            raise ValueError(_("%(label)s không được âm.", label=label))
    return sum(value for _label, value in parts)
