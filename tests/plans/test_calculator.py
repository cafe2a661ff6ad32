"""The Circular 12/2020 lease-cost calculator: the public page and the one inside a plan."""
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from plans.forms import CalculatorForm
from plans.models import PlanCostLine
from plans import document as plan_document
from plans import estimate as plan_estimate
from plans import working as plan_working
from documents import storage
from extensions import db
from tests.plans.plan_helpers import docx_text, make_plan

WORKED = {"build_cost": "2.000.000.000", "residual": "0", "annual_rate": "6",
          "periods_per_year": "4", "periods": "20", "vat_rate": "kct", "timing": "end"}


def calculate(client, **changes):
    return client.get("/plans/calculator?" + urlencode({**WORKED, **changes}))


def test_the_public_calculator_shows_the_worked_value_paid_at_the_end_of_each_quarter(client):
    response = calculate(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chi phí thuê mỗi kỳ: 116.491.472 đồng" in page
    assert "Thanh toán cuối mỗi kỳ (4 kỳ/năm, mỗi kỳ một quý), 20 kỳ." in page
    assert "Gdv = [Td × r × (1 + r)ⁿ − S × r] / [(1 + r)ⁿ − 1] × (1 + T)" in page
    assert "1,5%" in page and "1,346855" in page  # r = N / k and (1 + r)^n
    assert "2.329.829.440 đồng" in page  # Gtdv = Gdv × n
    assert "Hai tỷ ba trăm hai mươi chín triệu tám trăm hai mươi chín nghìn bốn trăm bốn mươi " \
           "đồng" in page


def test_paying_at_the_start_of_each_quarter_divides_by_one_plus_r(client):
    page = calculate(client, timing="start").get_data(as_text=True)
    assert "Chi phí thuê mỗi kỳ: 114.769.923 đồng" in page
    assert "Thanh toán đầu mỗi kỳ" in page and "÷ (1 + r)" in page


def test_the_public_calculator_needs_no_login_and_shows_an_empty_form_first(client):
    page = client.get("/plans/calculator").get_data(as_text=True)
    assert "Tính chi phí thuê dịch vụ CNTT theo kỳ" in page
    assert "Chi phí thuê mỗi kỳ" not in page and "Vui lòng sửa các lỗi" not in page


def test_vat_is_added_to_the_payment_and_shown_before_and_after(client):
    page = calculate(client, vat_rate="10").get_data(as_text=True)
    assert "Chi phí thuê mỗi kỳ: 128.140.619 đồng" in page  # 116.491.471,75 × 1,1
    assert "116.491.472 đồng" in page  # Gdv before VAT, rounded for display


@pytest.mark.parametrize("typed, fraction", [("6", "0.06"), ("6,5", "0.065"), ("6.5", "0.065"),
                                             ("6,5%", "0.065"), (" 0 ", "0")])
def test_the_deposit_rate_is_typed_in_percent_with_a_decimal_comma(app, typed, fraction):
    form = CalculatorForm(formdata=_formdata(annual_rate=typed), meta={"csrf": False})
    assert form.validate(), form.errors
    assert form.annual_rate.data == Decimal(fraction)


def _formdata(**changes):
    return MultiDict({**WORKED, **changes})


@pytest.mark.parametrize("changes, message", [
    ({"annual_rate": "sáu"}, "Vui lòng nhập lãi suất theo phần trăm, ví dụ 6 hoặc 6,5."),
    ({"annual_rate": "120"}, "Lãi suất phải từ 0 đến dưới 100%."),
    ({"build_cost": "2,5 tỷ"}, "Vui lòng nhập số tiền nguyên đồng"),
    ({"build_cost": "0"}, "Chi phí xây dựng dịch vụ (Td) phải lớn hơn 0."),
    ({"residual": "2.000.000.000"}, "Giá trị còn lại (S) phải nhỏ hơn chi phí xây dựng"),
    ({"periods": "0"}, "Số kỳ thanh toán từ 1 đến 600."),
    ({"periods_per_year": "3"}, "Lựa chọn không hợp lệ."),
])
def test_wrong_inputs_are_refused_in_vietnamese_and_kept_on_the_page(client, changes, message):
    page = calculate(client, **changes).get_data(as_text=True)
    assert message in page and "Chi phí thuê mỗi kỳ" not in page
    for value in changes.values():
        if value != "3":
            assert f'value="{value}"' in page


# --- inside a plan ------------------------------------------------------------------------

QUARTERLY = {"build_cost": "2000000000", "residual": "0", "annual_rate": "6",
             "periods_per_year": "4", "periods": "20", "vat_rate": "kct", "timing": "end"}


def test_the_plan_calculator_saves_the_working_and_the_plan_page_shows_it(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.staff)
    response = client.post(f"/plans/{plan.id}/calculator", data=QUARTERLY)
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.calculator["payment"] == 116_491_472
    assert plan.calculator["annual_rate"] == "0.06"
    assert plan.calculator["periodic_rate"] == "0.015"
    assert db.session.query(PlanCostLine).count() == 0  # only saved, not yet in the estimate
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Cách tính chi phí thuê dịch vụ theo kỳ" in page
    assert "Chi phí thuê mỗi kỳ: 116.491.472 đồng" in page and "1,346855" in page
    form = client.get(f"/plans/{plan.id}/calculator").get_data(as_text=True)
    assert 'value="2.000.000.000"' in form and 'value="6"' in form


def test_adding_the_result_puts_one_lease_line_per_budget_year_into_the_estimate(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd224-2026", lines=False,
                     period_start=date(2027, 1, 1), period_end=date(2031, 12, 31))
    login(agency.staff)
    response = client.post(f"/plans/{plan.id}/calculator",
                           data={**QUARTERLY, "add_lines": "1"})
    assert response.headers["Location"].endswith(f"/plans/{plan.id}/costs")
    lines = db.session.scalars(select(PlanCostLine).order_by(PlanCostLine.position)).all()
    assert [(x.part, x.budget_year, x.quantity, x.unit_price, x.vat_rate) for x in lines] == [
        ("lease", year, 4, 116_491_472, "kct") for year in range(2027, 2032)]
    assert all(x.from_calculator for x in lines)
    assert plan_estimate.estimate(plan)["totals"]["total"] == 116_491_472 * 20
    page = client.get(f"/plans/{plan.id}/costs").get_data(as_text=True)
    assert "Gdv × n = 4 kỳ × 116.491.472 đồng (trước thuế)" in page
    assert 'name="lines-0-origin" type="hidden" value="calculator"' in page


def test_payments_at_the_start_of_a_period_fall_in_the_budget_year_the_period_starts(
        agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd224-2026", lines=False,
                     period_start=date(2026, 10, 1), period_end=date(2028, 9, 30))
    plan_working.save_calculator(plan, {"build_cost": 500_000_000, "residual": 50_000_000,
                                        "annual_rate": Decimal("0.05"), "periods_per_year": 12,
                                        "periods": 24, "vat_rate": "10", "in_advance": True},
                                 actor=agency.staff)
    plan_working.add_calculator_lines(plan, actor=agency.staff)
    assert [(x.budget_year, x.quantity) for x in plan.lines] == [(2026, 3), (2027, 12),
                                                                 (2028, 9)]


def test_adding_again_replaces_the_calculator_lines_and_keeps_the_others(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, period_start=date(2024, 9, 1),
                     period_end=date(2029, 8, 31))
    login(agency.staff)
    client.post(f"/plans/{plan.id}/calculator", data={**QUARTERLY, "add_lines": "1"})
    client.post(f"/plans/{plan.id}/calculator",
                data={**QUARTERLY, "periods_per_year": "2", "periods": "10", "add_lines": "1"})
    db.session.refresh(plan)
    from_calculator = [x for x in plan.lines if x.from_calculator]
    assert [(x.budget_year, x.quantity) for x in from_calculator] == [
        (2025, 2), (2026, 2), (2027, 2), (2028, 2), (2029, 2)]
    assert len([x for x in plan.lines if not x.from_calculator]) == 6


def test_the_saved_working_goes_into_the_plan_document(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    plan_working.save_calculator(plan, {"build_cost": 2_000_000_000, "residual": 0,
                                        "annual_rate": Decimal("0.06"), "periods_per_year": 4,
                                        "periods": 20, "vat_rate": "kct", "in_advance": False},
                                 actor=agency.staff)
    document = plan_document.generate_plan_document(plan, actor=agency.staff)
    text = docx_text(storage.read_document(document))
    assert "Cách tính chi phí thuê dịch vụ" in text
    for value in ("2.000.000.000 đồng", "6%", "1,5%", "1,346855", "116.491.472 đồng",
                  "2.329.829.440 đồng"):
        assert value in text


def test_a_plan_without_the_calculator_has_no_working_in_its_document(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    text = docx_text(storage.read_document(plan_document.generate_plan_document(plan)))
    assert "Cách tính chi phí thuê dịch vụ" not in text and "{%" not in text


def test_a_refused_plan_calculation_changes_nothing(client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    login(agency.staff)
    page = client.post(f"/plans/{plan.id}/calculator",
                       data={**QUARTERLY, "annual_rate": "abc", "add_lines": "1"}
                       ).get_data(as_text=True)
    assert "Vui lòng nhập lãi suất theo phần trăm" in page and 'value="abc"' in page
    db.session.refresh(plan)
    assert plan.calculator is None and len(plan.lines) == 6


def test_the_plan_preview_shows_the_working_the_calculator_computes():
    """documents/preview writes the sample working out (documents does not import plans)."""
    from decimal import Decimal

    from documents.preview import PREVIEW_PLAN
    from plans.calculator import explain_lease_payment

    shown = PREVIEW_PLAN["working"]
    computed = explain_lease_payment(shown["build_cost"], shown["residual"],
                                     Decimal(shown["annual_rate"]), shown["periods_per_year"],
                                     shown["periods"], Decimal(shown["vat_rate"]))
    assert (shown["periodic_rate"], shown["growth"]) == (str(computed.periodic_rate),
                                                         str(computed.growth))
    assert (shown["payment"], shown["total"]) == (computed.payment, computed.total)
