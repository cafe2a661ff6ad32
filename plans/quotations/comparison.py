"""The comparison of a closed request's answers, line by line: each vendor's price before VAT,
the lowest, median, average and highest valid price, the spread, and what is wrong with each
quote. Pure arithmetic over the loaded answers; the sealing rule is asked first
(plans.quotations.rules.opened_answers), so no caller can compare a sealed request.

Rounding: whole đồng, half up (an average of 1,5 đồng is 2); the median of an even count is the
mean of the middle two, rounded the same way. Integers only (no float ever touches money).
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from core.clock import today
from extensions import db
from plans.quotations.models import (QuotationAnswer, QuotationAnswerLine, QuotationRequest,
                                     QuotationRequestLine)
from plans.quotations.rules import is_expired, minimum_valid, opened_answers
from vendors.models import Offering, Vendor
from vendors.services import listed_offerings

FLAGS = {
    "late": _l("Gửi sau hạn (không tính)"),
    "declined": _l("Từ chối báo giá"),
    "missing": _l("Không chào giá dòng này"),
    "expired": _l("Hết hiệu lực báo giá"),
    "above_listed": _l("Cao hơn giá niêm yết của chính nhà cung cấp"),
    "below_listed": _l("Thấp hơn giá niêm yết của chính nhà cung cấp"),
}
# Flags that keep a quote out of the valid count; the others only warn.
EXCLUDING = frozenset({"late", "declined", "missing", "expired"})


def half_up_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Figures:
    """The statistics of a line's valid prices (all None when there is none)."""

    count: int = 0
    lowest: int | None = None
    median: int | None = None
    average: int | None = None
    highest: int | None = None
    spread: int | None = None  # highest − lowest
    spread_percent: Decimal | None = None  # (highest − lowest) / lowest, one decimal


def figures(prices: list[int]) -> Figures:
    """Lowest, median, average, highest and spread of whole-đồng prices."""
    if not prices:
        return Figures()
    ordered = sorted(prices)
    n = len(ordered)
    middle = n // 2
    median = ordered[middle] if n % 2 else half_up_div(ordered[middle - 1] + ordered[middle], 2)
    lowest, highest = ordered[0], ordered[-1]
    percent = None
    if lowest:
        percent = (Decimal(highest - lowest) * 100 / lowest).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Figures(count=n, lowest=lowest, median=median, average=half_up_div(sum(ordered), n),
                   highest=highest, spread=highest - lowest, spread_percent=percent)


@dataclass
class Quote:
    """One vendor's answer on one line: its price (None when declined or not priced)."""

    answer: QuotationAnswer
    vendor: Vendor
    price: QuotationAnswerLine | None
    listed_price: int | None
    flags: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not EXCLUDING.intersection(self.flags)

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAGS[f]) for f in self.flags]


@dataclass
class LineComparison:
    line: QuotationRequestLine
    quotes: list[Quote]
    figures: Figures
    minimum: int

    @property
    def valid_quotes(self) -> list[Quote]:
        return [q for q in self.quotes if q.valid]

    @property
    def enough(self) -> bool:
        return self.figures.count >= self.minimum


def listed_prices(request: QuotationRequest) -> dict[tuple[int, int, str], Offering]:
    """(vendor id, service id, unit) → the vendor's published offering with a public price (a
    vendor may publish one service in several units: only the line's unit compares)."""
    service_ids = {line.service_id for line in request.lines}
    vendor_ids = {answer.vendor_id for answer in request.answers}
    if not (service_ids and vendor_ids):
        return {}
    rows = db.session.scalars(listed_offerings().where(
        Offering.service_id.in_(service_ids), Offering.vendor_id.in_(vendor_ids)))
    return {(o.vendor_id, o.service_id, o.unit): o for o in rows}


def quote_flags(answer: QuotationAnswer, price: QuotationAnswerLine | None,
                listed: int | None, request: QuotationRequest, on: date) -> list[str]:
    """What a reader must know about one quote, in FLAGS order."""
    flags = []
    if answer.late:
        flags.append("late")
    if answer.status == "declined":
        return flags + ["declined"]
    if price is None:
        return flags + ["missing"]
    if is_expired(price, request, on):
        flags.append("expired")
    if listed is not None and price.unit_price != listed:
        flags.append("above_listed" if price.unit_price > listed else "below_listed")
    return flags


def compare(request: QuotationRequest, on: date | None = None) -> list[LineComparison]:
    """The comparison of every line; refused (QuotationError) while the request is sealed."""
    on = on or today()
    answers = opened_answers(request)
    offerings = listed_prices(request)
    minimum = minimum_valid(request.pack_id)
    result = []
    for line in request.lines:
        quotes = []
        for answer in answers:
            price = next((p for p in answer.lines if p.request_line_id == line.id), None)
            offering = offerings.get((answer.vendor_id, line.service_id, line.unit))
            listed = offering.unit_price if offering else None
            quote = Quote(answer, answer.vendor, price, listed,
                          quote_flags(answer, price, listed, request, on))
            quotes.append(quote)
        prices = [q.price.unit_price for q in quotes if q.valid]  # late, declined: flagged
        result.append(LineComparison(line, quotes, figures(prices), minimum))
    return result
