"""Value added tax: the rate codes, their one set of labels, rounding, a priced line's amounts.

A priced line (of an offering, a plan estimate, a contract or an amendment) is quantity ×
months × unit price before VAT; its VAT is computed per line and rounded half up to a whole
đồng; totals add the lines' rounded figures. Every module that shows or sums VAT calls here.
"""
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# In this order everywhere (select lists, subtotals per rate): exempt first, then by rate.
VAT_RATES = ("kct", "0", "5", "8", "10")
VAT_LABELS = {"kct": "Không chịu thuế", "0": "0%", "5": "5%", "8": "8%", "10": "10%"}
VAT_PERCENT = {"kct": 0, "0": 0, "5": 5, "8": 8, "10": 10}


def check_rate(rate: str) -> str:
    """The rate code itself, or ValueError naming it."""
    if str(rate) not in VAT_PERCENT:
        raise ValueError(f"Thuế suất GTGT không hợp lệ: {rate!r}.")
    return str(rate)


def vat_label(rate: str) -> str:
    """Name a VAT rate code: "kct" -> "Không chịu thuế", "10" -> "10%"."""
    return VAT_LABELS[check_rate(rate)]


def vat_fraction(rate: str) -> Decimal:
    """A rate code as a fraction: "10" -> Decimal("0.1"), "kct" -> 0."""
    return Decimal(VAT_PERCENT[check_rate(rate)]) / 100


def vat_amount(amount: int, rate: str) -> int:
    """VAT on a whole-đồng amount for a rate code, rounded half up."""
    value = Decimal(amount) * VAT_PERCENT[check_rate(rate)] / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line_amounts(line: Any) -> dict[str, int]:
    """Amount (quantity × months × unit price), VAT on it rounded half up, and the total.

    `line` is an object with those attributes or a dict with those keys; months of None is a
    one-off item (one month).
    """
    get = line.get if isinstance(line, dict) else lambda key: getattr(line, key)
    amount = get("quantity") * (get("months") or 1) * get("unit_price")
    vat = vat_amount(amount, get("vat_rate"))
    return {"amount": amount, "vat": vat, "total": amount + vat}


def totals_by_rate(lines: Iterable[tuple[str, dict[str, int]]]) -> dict[str, Any]:
    """Totals of (rate, line_amounts) pairs: before VAT, VAT, total, and one group per rate
    used, in VAT_RATES order: {"rate", "label", "base", "vat"}."""
    groups: dict[str, dict[str, int]] = {}
    for rate, sums in lines:
        group = groups.setdefault(check_rate(rate), {"base": 0, "vat": 0})
        group["base"] += sums["amount"]
        group["vat"] += sums["vat"]
    before = sum(g["base"] for g in groups.values())
    vat = sum(g["vat"] for g in groups.values())
    return {"before_vat": before, "vat": vat, "total": before + vat,
            "vat_groups": [{"rate": r, "label": VAT_LABELS[r], **groups[r]}
                           for r in VAT_RATES if r in groups]}
