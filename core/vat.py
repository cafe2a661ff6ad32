"""Value added tax: the rate codes, their one set of labels, rounding, a priced line's amounts.

A priced line (of an offering, a plan estimate, a contract or an amendment) is quantity ×
months × unit price before VAT; its VAT is computed per line and rounded half up to a whole
đồng; totals add the lines' rounded figures. Every module that shows or sums VAT calls here.
"""
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import case, func

# In this order everywhere (select lists, subtotals per rate): exempt first, then by rate.
VAT_RATES = ("kct", "0", "5", "8", "10")
# Lazy: read in the page's language, and in Vietnamese inside a document (core.i18n.in_vietnamese).
VAT_LABELS = {"kct": _l("Không chịu thuế"), "0": "0%", "5": "5%", "8": "8%", "10": "10%"}
VAT_PERCENT = {"kct": 0, "0": 0, "5": 5, "8": 8, "10": 10}


def check_rate(rate: str) -> str:
    """The rate code itself, or ValueError naming it."""
    if str(rate) not in VAT_PERCENT:
        raise ValueError(_("Thuế suất GTGT không hợp lệ: %(rate)s.", rate=repr(rate)))
    return str(rate)


def vat_label(rate: str) -> str:
    """Name a VAT rate code: "kct" -> "Không chịu thuế", "10" -> "10%"."""
    return VAT_LABELS[check_rate(rate)]


def vat_fraction(rate: str) -> Decimal:
    """A rate code as a fraction: "10" -> Decimal("0.1"), "kct" -> 0."""
    return Decimal(VAT_PERCENT[check_rate(rate)]) / 100


def vat_amount(amount: int, rate: str) -> int:
    """VAT on a whole-đồng amount for a rate code, rounded half up (away from zero).

    In whole numbers, exactly: x / 100 rounded half up is (x + 50) // 100 for x >= 0, so no
    Decimal is needed (the dashboard sums thousands of lines per request).
    """
    value = (abs(amount) * VAT_PERCENT[check_rate(rate)] + 50) // 100
    return value if amount >= 0 else -value


def line_amounts(line: Any) -> dict[str, int]:
    """Amount (quantity × months × unit price), VAT on it rounded half up, and the total.

    `line` is an object with those attributes or a dict with those keys; months of None is a
    one-off item (one month).
    """
    get = line.get if isinstance(line, dict) else lambda key: getattr(line, key)
    amount = get("quantity") * (get("months") or 1) * get("unit_price")
    vat = vat_amount(amount, get("vat_rate"))
    return {"amount": amount, "vat": vat, "total": amount + vat}


def line_parts_sql(quantity, months, unit_price, vat_rate):
    """line_amounts()'s amount and VAT (rounded half up) as SQL expressions over columns, for
    lists that read hundreds of contracts without loading their lines (the dashboard sums
    them per contract and rate: contracts.services.terms.schedules_of). The same rates and the
    same whole-number rounding as vat_amount; tests/core/test_vat.py checks the two agree on the
    database. unit_price (BIGINT) comes first so PostgreSQL multiplies in 64 bits, and only
    non-negative numbers are divided, so `//` floors on SQLite and PostgreSQL alike."""
    amount = unit_price * quantity * func.coalesce(months, 1)
    percent = case(*((vat_rate == code, rate) for code, rate in VAT_PERCENT.items() if rate),
                   else_=0)
    vat = case((amount >= 0, (amount * percent + 50) // 100),
               else_=-((-amount * percent + 50) // 100))
    return amount, vat


def totals_by_rate(lines: Iterable[tuple[str, dict[str, int]]]) -> dict[str, Any]:
    """Totals of (rate, line_amounts) pairs: before VAT, VAT, total, and one group per rate
    used, in VAT_RATES order: {"rate", "label", "base", "vat"}."""
    bases: dict[str, int] = {}
    vats: dict[str, int] = {}
    for rate, sums in lines:
        bases[rate] = bases.get(rate, 0) + sums["amount"]
        vats[rate] = vats.get(rate, 0) + sums["vat"]
    for rate in bases:
        check_rate(rate)
    before, vat = sum(bases.values()), sum(vats.values())
    return {"before_vat": before, "vat": vat, "total": before + vat,
            "vat_groups": [{"rate": r, "label": VAT_LABELS[r], "base": bases[r], "vat": vats[r]}
                           for r in VAT_RATES if r in bases]}
