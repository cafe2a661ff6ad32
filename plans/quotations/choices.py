"""The agency's choice of each line's unit price once a request is closed, and the plan's
lease-cost lines it fills (plans.estimate.save_estimate writes them). Flush, never commit.

Per request line the agency takes the lowest valid quote (its vendor's VAT rate; on a tie the
earliest answer), the average of the valid quotes (the service's usual VAT rate, which it
confirms), one vendor's valid quote (with a reason), or a reference figure from
plans.price_sources (a prior award or a listed price, with a reason). Fewer valid quotes than
the basis' minimum are allowed only with a written reason. Each chosen line fills one "lease"
line of the plan, found again by its price source's request_line_id on a re-choice.

The plan's method: "quotations" when it had none; when the plan's lines come from several
sources (typed lines, prior awards, listed prices and quotations), "combination". Under a
basis naming neither prior awards nor listed prices (before Decree 224/2026) a prior award
counts as the comparison method and a listed price as a market quotation.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accounts.audit import jsonable, record_event
from accounts.models import User
from core.clock import today
from core.i18n import DEFAULT_LANGUAGE, text_in
from core.money import BEYOND_WORDS, MAX_AMOUNT, format_vnd
from core.vat import VAT_RATES, line_amounts, vat_label
from extensions import db
from plans.estimate import line_snapshot, save_estimate
from plans.models import LeasePlan
from plans.price_sources import ReferencePrice, as_dict, reference_key, reference_prices
from plans.rules import ensure_draft, methods_for
from plans.quotations.comparison import LineComparison, Quote, compare
from plans.quotations.models import (CHOICE_METHODS, NEEDS_REASON, QUOTE_METHODS,
                                     QuotationChoice, QuotationRequest, QuotationRequestLine)
from plans.quotations.rules import QuotationError, opened_answers

FAMILY = {"lowest": "quotations", "average": "quotations", "vendor": "quotations",
          "prior_award": "prior_awards", "listed_price": "listed_prices"}
FALLBACK = {"prior_awards": "comparison", "listed_prices": "quotations"}


@dataclass
class Priced:
    """What a choice gives one line: its price, VAT rate and why."""

    method: str
    unit_price: int
    vat_rate: str
    label: str  # the price source's text: Vietnamese, the plan's document prints it
    valid_count: int
    reason: str = ""
    vendor_id: int | None = None
    reference: dict = field(default_factory=dict)


def ensure_choosable(request: QuotationRequest) -> LeasePlan:
    """The request's plan, if the request may price it: closed, not cancelled, and its plan
    still in the agency's hands."""
    if request.status == "cancelled":
        raise QuotationError(_("Yêu cầu báo giá đã bị hủy nên không thể dùng để lập dự toán."))
    opened_answers(request)  # refused while sealed
    if request.plan is None:
        raise QuotationError(_("Yêu cầu báo giá này không gắn với kế hoạch thuê nào nên không "
                               "có dự toán để điền."))
    ensure_draft(request.plan)
    return request.plan


def in_document(label) -> str:
    """A label as the plan's price source keeps it: stored with the plan's line and printed
    in the plan's document, so Vietnamese whatever the page speaks."""
    return text_in(DEFAULT_LANGUAGE, label)


def reference_of(line: QuotationRequestLine, method: str, wanted) -> ReferencePrice:
    """The reference figure chosen, by its key (plans.price_sources.reference_key): a figure
    that is no longer the one the page showed is refused, never replaced by another."""
    wanted = str(wanted or "").strip()
    if not wanted.startswith(f"{method}:"):
        raise QuotationError(_("Vui lòng chọn một giá tham khảo (%(method)s) cho dòng "
                               "“%(line)s”.", method=CHOICE_METHODS[method].lower(),
                               line=line.service.name))
    figures = reference_prices(line.service_id, line.unit).get(method, [])
    found = next((f for f in figures if reference_key(f) == wanted), None)
    if found is None:
        raise QuotationError(_("Giá tham khảo đã chọn cho dòng “%(line)s” không còn như trên "
                               "trang (số liệu vừa thay đổi): vui lòng xem lại và chọn lại.",
                               line=line.service.name))
    return found


def lowest_quote(comparison: LineComparison) -> Quote:
    """The valid quote at the lowest price; on a tie the earliest answer."""
    tied = [q for q in comparison.valid_quotes
            if q.price.unit_price == comparison.figures.lowest]
    return min(tied, key=lambda q: (q.answer.submitted_at, q.answer.id))


def chosen_quote(comparison: LineComparison, vendor_id) -> Quote:
    line = comparison.line
    quote = next((q for q in comparison.quotes if str(q.vendor.id) == str(vendor_id or "")),
                 None)
    if quote is None:
        raise QuotationError(_("Vui lòng chọn một nhà cung cấp đã gửi báo giá cho dòng "
                               "“%(line)s”.", line=line.service.name))
    if not quote.valid:
        why = ", ".join(label.lower() for label in quote.flag_labels)
        raise QuotationError(_("Báo giá của %(vendor)s cho dòng “%(line)s” không hợp lệ "
                               "(%(why)s) nên không thể chọn.", vendor=quote.vendor.legal_name,
                               line=line.service.name, why=why))
    return quote


def price_line(request: QuotationRequest, comparison: LineComparison, choice: dict) -> Priced:
    """The price a choice gives its line, refused with why when it cannot."""
    line, numbers = comparison.line, comparison.figures
    method = choice.get("method") or ""
    reason = (choice.get("reason") or "").strip()
    name = line.service.name
    if method not in CHOICE_METHODS:
        raise QuotationError(_("Vui lòng chọn cách xác định đơn giá cho dòng “%(line)s”.",
                               line=name))
    if method in NEEDS_REASON and not reason:
        raise QuotationError(_("Vui lòng ghi lý do chọn “%(method)s” cho dòng “%(line)s”.",
                               method=CHOICE_METHODS[method].lower(), line=name))
    count, code = numbers.count, f"yêu cầu báo giá {request.code}"
    if method in QUOTE_METHODS:
        if count == 0:
            raise QuotationError(_("Dòng “%(line)s” không có báo giá hợp lệ nào nên không thể "
                                   "dùng báo giá để xác định đơn giá.", line=name))
        if count < comparison.minimum and not reason:
            raise QuotationError(_(
                "Dòng “%(line)s” chỉ có %(count)s báo giá hợp lệ, ít hơn mức tối thiểu "
                "%(minimum)s: vui lòng ghi lý do vẫn dùng các báo giá này.", line=name,
                count=count, minimum=comparison.minimum))
    if method == "lowest":
        quote = lowest_quote(comparison)
        return Priced(method, numbers.lowest, quote.price.vat_rate,
                      f"Giá chào thấp nhất trong {count} báo giá hợp lệ "
                      f"({quote.vendor.legal_name}), {code}", count, reason, quote.vendor.id)
    if method == "average":
        rate = choice.get("vat_rate") or line.service.usual_vat_rate
        if rate not in VAT_RATES:
            raise QuotationError(_("Thuế suất GTGT của dòng “%(line)s” không hợp lệ.",
                                   line=name))
        if not choice.get("vat_confirmed"):
            raise QuotationError(_("Vui lòng xác nhận thuế suất GTGT (%(rate)s) áp dụng cho giá "
                                   "trung bình của dòng “%(line)s”.", rate=vat_label(rate),
                                   line=name))
        return Priced(method, numbers.average, rate,
                      f"Giá trung bình của {count} báo giá hợp lệ, {code}", count, reason)
    if method == "vendor":
        quote = chosen_quote(comparison, choice.get("vendor_id"))
        return Priced(method, quote.price.unit_price, quote.price.vat_rate,
                      f"Báo giá của {quote.vendor.legal_name} (một trong {count} báo giá hợp "
                      f"lệ), {code}", count, reason, quote.vendor.id)
    figure = reference_of(line, method, choice.get("reference"))
    what = "ký ngày" if method == "prior_award" else "công bố ngày"
    return Priced(method, figure.unit_price, figure.vat_rate,
                  f"{in_document(CHOICE_METHODS[method])}: {figure.label}, {what} "
                  f"{figure.on:%d/%m/%Y}",
                  count, reason, reference=as_dict(figure))


# --- the plan's lines -----------------------------------------------------------------


def plan_line(request: QuotationRequest, plan: LeasePlan, line: QuotationRequestLine,
              priced: Priced) -> dict:
    """The lease-cost line a choice fills, with its price source."""
    content = line.service.name
    if spec := (line.specification or "").strip():
        content = f"{content} – {' '.join(spec.split())}"
    source = {"method": priced.method, "label": priced.label, "request_id": request.id,
              "request_code": request.code, "request_line_id": line.id,
              "vendor_id": priced.vendor_id, "valid_count": priced.valid_count,
              "reason": priced.reason}
    if priced.reference:
        source["reference"] = priced.reference
    return {"part": "lease", "content": content[:255], "unit": line.unit,
            "quantity": line.quantity, "months": line.months, "unit_price": priced.unit_price,
            "vat_rate": priced.vat_rate,
            "budget_year": plan.period_start.year if plan.period_start else today().year,
            "from_calculator": False, "price_source": source}


def method_after(plan: LeasePlan, lines: list[dict]) -> str:
    """The estimate's method once the chosen lines are in (see the module's docstring)."""
    allowed = methods_for(plan.pack_id)
    families = {FAMILY[line["price_source"]["method"]] for line in lines
                if line.get("price_source", {}).get("method") in FAMILY}
    families = {family if family in allowed else FALLBACK[family] for family in families}
    wanted = families.pop() if len(families) == 1 else "combination"
    current = plan.estimate_method
    typed = any(not line.get("price_source") for line in lines)
    if not current or current == wanted or not typed:
        return wanted
    return "combination"


def fill_plan(request: QuotationRequest, plan: LeasePlan,
              priced: list[tuple[QuotationRequestLine, Priced]], actor: User | None) -> None:
    """Put each chosen line in the plan: in place of the line it filled before, else after the
    plan's last lease line. Other lines are left as they are."""
    lines = [line_snapshot(line) for line in plan.lines]
    for request_line, price in priced:
        new = plan_line(request, plan, request_line, price)
        at = next((i for i, old in enumerate(lines)
                   if (old.get("price_source") or {}).get("request_line_id") == request_line.id),
                  None)
        if at is None:
            lease = [i for i, old in enumerate(lines) if old["part"] == "lease"]
            lines.insert(lease[-1] + 1 if lease else 0, new)
        else:
            lines[at] = new
    total = sum(line_amounts(line)["total"] for line in lines)
    if total > MAX_AMOUNT:
        raise QuotationError(_("Tổng dự toán (kể cả thuế GTGT) %(total)s đồng %(beyond)s",
                               total=format_vnd(total), beyond=BEYOND_WORDS))
    save_estimate(plan, lines, method_after(plan, lines),
                  (plan.sections or {}).get("method_note", ""), actor=actor)


def record_choice(plan: LeasePlan, line: QuotationRequestLine, priced: Priced,
                  actor: User | None) -> tuple[QuotationChoice, dict]:
    """Create or update the line's choice; returns it and its changes for the audit trail."""
    choice = db.session.scalar(select(QuotationChoice).where(
        QuotationChoice.request_line_id == line.id))
    keys = ("method", "unit_price", "vat_rate", "vendor_id", "reason", "valid_count")
    before = {key: getattr(choice, key) for key in keys} if choice else {}
    if choice is None:
        choice = QuotationChoice(request_line_id=line.id, plan_id=plan.id)
        db.session.add(choice)
    for key in keys:
        setattr(choice, key, getattr(priced, key))
    choice.plan_id, choice.reference, choice.chosen_by_id = plan.id, priced.reference, (
        actor.id if actor else None)
    after = {key: getattr(choice, key) for key in keys}
    return choice, {f"dòng {line.position + 1}": jsonable([before or None, after])}


def choose(request: QuotationRequest, choices: list[dict], *,
           actor: User | None) -> list[QuotationChoice]:
    """Price the given lines of a closed request and fill the plan's estimate with them.

    choices: per line {request_line_id, method, vendor_id, reason, vat_rate, vat_confirmed,
    reference}; lines not named keep what they had."""
    plan = ensure_choosable(request)
    comparisons = {c.line.id: c for c in compare(request)}
    priced = []
    for choice in choices:
        comparison = comparisons.get(int(choice.get("request_line_id") or 0))
        if comparison is None:
            raise QuotationError(_("Dòng được chọn không thuộc yêu cầu báo giá này."))
        priced.append((comparison.line, price_line(request, comparison, choice)))
    if not priced:
        raise QuotationError(_("Vui lòng chọn cách xác định đơn giá cho ít nhất một dòng."))
    records, changes = [], {}
    for line, price in priced:
        record, changed = record_choice(plan, line, price, actor)
        records.append(record)
        changes.update(changed)
    fill_plan(request, plan, priced, actor)
    record_event("quotation_request.choose", "quotation_request", request.id, user=actor,
                 summary=f"Chọn đơn giá cho {len(priced)} dòng của yêu cầu báo giá "
                         f"{request.code} và đưa vào dự toán kế hoạch “{plan.title}”",
                 changes=changes)
    db.session.flush()
    return records


def choices_of(request: QuotationRequest) -> dict[int, QuotationChoice]:
    """The choices made so far, by request line id, their vendor loaded."""
    ids = [line.id for line in request.lines]
    if not ids:
        return {}
    rows = db.session.scalars(select(QuotationChoice).options(
        joinedload(QuotationChoice.vendor)).where(QuotationChoice.request_line_id.in_(ids)))
    return {choice.request_line_id: choice for choice in rows}


@dataclass
class PageLine:
    """One line of the comparison page: the comparison, the reference figures by source,
    the choice made so far."""

    comparison: LineComparison
    references: dict[str, list[ReferencePrice]]
    choice: QuotationChoice | None

    @property
    def line(self) -> QuotationRequestLine:
        return self.comparison.line


def comparison_lines(request: QuotationRequest) -> list[PageLine]:
    """Everything the comparison page shows of an opened request (refused while sealed)."""
    chosen = choices_of(request)
    return [PageLine(c, reference_prices(c.line.service_id, c.line.unit),
                     chosen.get(c.line.id)) for c in compare(request)]
