"""A plan's saved working of the Circular 12/2020 calculator, and the estimate lines it adds.
Flush, never commit."""
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from accounts.models import User
from accounts.audit import diff_fields, jsonable
from core.formats import num, percent
from core.i18n import in_vietnamese
from core.money import format_vnd
from core.months import add_months, last_day
from core.vat import vat_fraction, vat_label
from plans.calculator import explain_lease_payment
from plans.estimate import line_snapshot
from plans.models import LeasePlan, PlanCostLine
from plans.rules import PlanError, ensure_draft
from plans.services import changed

CALCULATOR_INPUTS = ("build_cost", "residual", "annual_rate", "periods_per_year", "periods",
                     "vat_rate", "in_advance")
PERIOD_NAMES = {1: _l("năm"), 2: _l("6 tháng"), 4: _l("quý"), 12: _l("tháng")}


def compute_working(inputs: dict) -> dict[str, Any]:
    """Run the lease-payment formula; the inputs and every step as JSON-safe values."""
    working = explain_lease_payment(
        inputs["build_cost"], inputs["residual"], Decimal(str(inputs["annual_rate"])),
        inputs["periods_per_year"], inputs["periods"], vat_fraction(inputs["vat_rate"]),
        bool(inputs["in_advance"]))
    return {
        "build_cost": inputs["build_cost"], "residual": inputs["residual"],
        "annual_rate": str(inputs["annual_rate"]), "periods_per_year": inputs["periods_per_year"],
        "periods": inputs["periods"], "vat_rate": inputs["vat_rate"],
        "in_advance": working.in_advance, "periodic_rate": str(working.periodic_rate),
        "growth": str(working.growth), "payment_before_vat": str(working.payment_before_vat),
        "payment": working.payment, "total": working.total,
    }


def rounded(value: str | Decimal) -> int:
    """A decimal amount of đồng rounded half up to a whole đồng."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def working_display(working: dict) -> dict[str, str]:
    """The working as people read it: decimal commas, percentages, dotted đồng."""
    return {
        "annual_rate": percent(working["annual_rate"]),
        "periodic_rate": percent(working["periodic_rate"]),
        "growth": num(working["growth"]),
        "vat_rate": vat_label(working["vat_rate"]),
        "period_name": str(PERIOD_NAMES[working["periods_per_year"]]),
        "before_vat": format_vnd(rounded(working["payment_before_vat"])),
        "payment": format_vnd(working["payment"]),
        "total": format_vnd(working["total"]),
        "build_cost": format_vnd(working["build_cost"]),
        "residual": format_vnd(working["residual"]),
    }


def working_context(plan: LeasePlan) -> dict | None:
    """The calculator as the plan template's `working` key expects it (rates as decimals)."""
    if not plan.calculator:
        return None
    saved = plan.calculator
    keys = ("build_cost", "residual", "annual_rate", "periods_per_year", "periods",
            "in_advance", "periodic_rate", "growth", "payment", "total")
    return {**{k: saved[k] for k in keys}, "vat_rate": str(vat_fraction(saved["vat_rate"]))}


def save_calculator(plan: LeasePlan, inputs: dict, *, actor: User | None = None) -> dict:
    """Work out the periodic payment and keep inputs and working on the plan."""
    ensure_draft(plan)
    working = compute_working(inputs)
    if working != plan.calculator:
        before = {k: (plan.calculator or {}).get(k) for k in (*CALCULATOR_INPUTS, "payment")}
        after = {k: working[k] for k in (*CALCULATOR_INPUTS, "payment")}
        plan.calculator = working
        changed(plan, "lease_plan.calculator", summary="Tính chi phí thuê dịch vụ theo kỳ",
                changes=diff_fields(before, after), actor=actor)
    return working


def payment_years(plan: LeasePlan) -> dict[int, int]:
    """How many periodic payments fall in each budget year, from the lease start."""
    saved = plan.calculator
    start = plan.period_start or plan.plan_date
    step = 12 // saved["periods_per_year"]
    counts: dict[int, int] = {}
    for index in range(saved["periods"]):
        if saved["in_advance"]:
            paid = add_months(start, index * step)
        else:
            paid = last_day(start, (index + 1) * step)
        counts[paid.year] = counts.get(paid.year, 0) + 1
    return counts


@in_vietnamese
def calculator_lines(plan: LeasePlan) -> list[dict]:
    """The lease lines of the saved working, one per budget year. Their text is the estimate's,
    which the plan's document prints: Vietnamese, whatever the page speaks."""
    saved = plan.calculator
    period = PERIOD_NAMES[saved["periods_per_year"]]
    return [{"part": "lease", "unit": "kỳ", "quantity": count, "months": 1,
             "content": f"Chi phí thuê dịch vụ trả theo {period}, các kỳ thanh toán năm {year}",
             "unit_price": rounded(saved["payment_before_vat"]), "vat_rate": saved["vat_rate"],
             "budget_year": year, "from_calculator": True}
            for year, count in sorted(payment_years(plan).items())]


def add_calculator_lines(plan: LeasePlan, *, actor: User | None = None) -> list[PlanCostLine]:
    """Put the calculated lease cost in the estimate: one lease line per budget year."""
    ensure_draft(plan)
    if not plan.calculator:
        raise PlanError(_("Chưa có kết quả tính chi phí thuê để đưa vào dự toán."))
    kept = [line_snapshot(line) for line in plan.lines if not line.from_calculator]
    added = calculator_lines(plan)
    before = [line_snapshot(line) for line in plan.lines]
    after = [line for line in kept if line["part"] == "lease"] + added + [
        line for line in kept if line["part"] != "lease"]
    if before != after:
        plan.lines = [PlanCostLine(position=i, **line) for i, line in enumerate(after)]
        changed(plan, "lease_plan.estimate", summary="Đưa chi phí thuê theo kỳ vào dự toán",
                changes={"lines": jsonable([before, after])}, actor=actor)
    return [line for line in plan.lines if line.from_calculator]
