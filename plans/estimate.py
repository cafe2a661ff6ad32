"""A lease plan's estimate (dự toán): its lines and totals. Flush, never commit."""
from typing import Any

from flask_babel import gettext as _

from accounts.models import User
from accounts.audit import diff_fields, jsonable
from catalog.legal_bases import label
from core.money import format_vnd
from core.vat import line_amounts, totals_by_rate, vat_label
from plans.models import COST_PARTS, LeasePlan, PlanCostLine
from plans.rules import PlanError, ensure_draft, methods_for
from plans.services import changed

LINE_FIELDS = ("part", "content", "unit", "quantity", "months", "unit_price", "vat_rate",
               "budget_year", "from_calculator")


def line_basis(line: PlanCostLine) -> str:
    """How a line's amount is worked out, as the estimate table states it."""
    vat = (_("không chịu thuế GTGT") if line.vat_rate == "kct"
           else _("thuế GTGT %(rate)s", rate=vat_label(line.vat_rate)))
    price = _("%(amount)s đồng", amount=format_vnd(line.unit_price))
    if line.from_calculator:
        return _("Gdv × n = %(periods)s kỳ × %(price)s (trước thuế); %(vat)s",
                 periods=line.quantity, price=price, vat=vat)
    if line.months > 1:
        return _("%(quantity)s %(unit)s × %(months)s tháng × %(price)s; %(vat)s",
                 quantity=line.quantity, unit=line.unit, months=line.months, price=price,
                 vat=vat)
    return f"{line.quantity} {line.unit} × {price}; {vat}"


def estimate(plan: LeasePlan) -> dict[str, Any]:
    """Totals per part, per VAT rate, per budget year and overall, with each line's amounts."""
    parts = {key: {"part": key, "label": str(name), "lines": [], "before_vat": 0, "vat": 0,
                   "total": 0} for key, name in COST_PARTS.items()}
    years: dict[int, dict[str, int]] = {}
    priced = []
    for line in plan.lines:
        sums = line_amounts(line)
        priced.append((line.vat_rate, sums))
        part = parts[line.part]
        part["lines"].append({"line": line, "basis": line_basis(line),
                              "source": source_label(line), **sums})
        year = years.setdefault(line.budget_year, {"before_vat": 0, "vat": 0, "total": 0})
        for bucket in (part, year):
            bucket["before_vat"] += sums["amount"]
            bucket["vat"] += sums["vat"]
            bucket["total"] += sums["total"]
    totals = totals_by_rate(priced)
    return {
        "parts": list(parts.values()),
        "vat_groups": totals["vat_groups"],
        "years": [{"year": y, **years[y]} for y in sorted(years)],
        "totals": {k: totals[k] for k in ("before_vat", "vat", "total")},
    }


# What a line's price source vouches for: change one and the source no longer holds.
PRICED_FIELDS = ("unit_price", "vat_rate", "quantity", "months", "unit")


def line_snapshot(line: PlanCostLine | dict) -> dict:
    """A line's fields as a plain dict, for comparison and the audit trail; its price source
    only when it has one (a calculator's or typed line compares equal to its dict)."""
    get = line.get if isinstance(line, dict) else lambda key: getattr(line, key)
    snapshot = {key: get(key) if key != "from_calculator" else bool(get(key))
                for key in LINE_FIELDS}
    if source := get("price_source"):
        snapshot["price_source"] = source
    return snapshot


def source_label(line: PlanCostLine | dict) -> str:
    """Where the line's unit price came from ("Giá chào thấp nhất trong …"), or ""."""
    source = line.get("price_source") if isinstance(line, dict) else line.price_source
    return (source or {}).get("label", "")


def carry_sources(before: list[dict], after: list[dict]) -> list[dict]:
    """The new lines, each keeping the price source of the old line it repeats: the line at
    the same position or one with the same content, with the same unit price, VAT rate,
    quantity, months and unit. A line whose price was changed by hand loses its source; a
    line given with a source (plans.quotations.choices) keeps it."""
    carried = []
    for position, line in enumerate(after):
        if "price_source" not in line:
            olds = ([before[position]] if position < len(before) else []) + [
                old for old in before if old["content"] == line["content"]]
            same = next((old for old in olds if "price_source" in old and all(
                old[key] == line[key] for key in PRICED_FIELDS)), None)
            if same is not None:
                line = {**line, "price_source": same["price_source"]}
        carried.append(line)
    return carried


def save_estimate(plan: LeasePlan, lines: list[dict], method: str | None, method_note: str,
                  *, actor: User | None = None) -> bool:
    """Replace the estimate's lines and method; returns False when nothing changed. A line
    keeps its price source while its price is unchanged (carry_sources)."""
    ensure_draft(plan)
    if method and method not in methods_for(plan.pack_id):
        raise PlanError(_("Phương pháp “%(method)s” không áp dụng theo %(basis)s.",
                          method=method, basis=label(plan.pack_id)))
    before = [line_snapshot(line) for line in plan.lines]
    after = carry_sources(before, [line_snapshot({"from_calculator": False, **line})
                                   for line in lines])
    changes = diff_fields({"estimate_method": plan.estimate_method,
                           "method_note": plan.sections.get("method_note", "")},
                          {"estimate_method": method or None, "method_note": method_note})
    if before != after:
        plan.lines = [PlanCostLine(position=i, **line) for i, line in enumerate(after)]
        changes["lines"] = jsonable([before, after])
    if not changes:
        return False
    plan.estimate_method = method or None
    plan.sections = {**plan.sections, "method_note": method_note}
    changed(plan, "lease_plan.estimate", summary="Cập nhật dự toán kế hoạch thuê",
            changes=changes, actor=actor)
    return True
