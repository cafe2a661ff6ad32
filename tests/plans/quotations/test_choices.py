"""Into the estimate: each method of choice fills the plan's lease line with its price, VAT
rate and source; a re-choice replaces it, a hand edit drops the source; refusals."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent
from catalog.services import get_service
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from plans.document import plan_context
from plans.models import PlanCostLine
from plans.price_sources import reference_key, reference_prices
from plans.quotations.choices import choose
from plans.quotations.models import QuotationChoice
from plans.quotations.rules import QuotationError
from plans.rules import PlanError
from tests.contracts.lifecycle_helpers import advance
from tests.helpers import text
from tests.plans.plan_helpers import plan_values
from tests.plans.quotations.factories import make_answer, make_request

TYPED = {"part": "management", "content": "Quản lý việc thuê dịch vụ", "unit": "gói",
         "quantity": 1, "months": 1, "unit_price": 18_500_000, "vat_rate": "kct",
         "budget_year": 2026}


def build(agency, make_vendor, *, method=None, prices=(1_000_000, 1_200_000, 1_100_001),
          hours=-1, pack="nd224-2026"):
    """A plan of the agency (one typed management line) and a request for HT-001 feeding it,
    answered by one vendor per price (VAT 10%, the second 8%) and a late one at 500 000."""
    service = get_service("HT-001")
    plan = plan_services.create_plan(agency.org, plan_values(pack, [service]),
                                     actor=agency.staff)
    plan_estimate.save_estimate(plan, [TYPED], method, "", actor=agency.staff)
    vendors = [make_vendor(legal_name=f"Công ty Báo Giá {n}") for n in range(len(prices) + 1)]
    request = make_request(agency.org, agency.staff, ("HT-001",), vendors=vendors,
                           hours=hours, plan=plan)
    for n, price in enumerate(prices):
        answer = make_answer(request, vendors[n], [price], vat_rate="8" if n == 1 else "10")
        answer.submitted_at = answer.submitted_at - timedelta(hours=10 - n)
    make_answer(request, vendors[-1], [500_000], late=True)
    db.session.commit()
    return SimpleNamespace(plan=plan, request=request, vendors=vendors,
                           line=request.lines[0], service=service)


def lease_lines(plan):
    db.session.refresh(plan)
    return [line for line in plan.lines if line.part == "lease"]


def pick(world, **choice):
    return choose(world.request, [{"request_line_id": world.line.id, **choice}],
                  actor=world.plan.created_by)


def test_the_lowest_valid_quote_fills_a_lease_line_with_its_source(agency, make_vendor):
    world = build(agency, make_vendor, method="expert")
    [record] = pick(world, method="lowest")
    [line] = lease_lines(world.plan)
    assert (line.unit_price, line.vat_rate, line.quantity, line.months) == (1_000_000, "10", 2, 12)
    assert line.unit == world.service.unit and line.budget_year == world.plan.period_start.year
    source = line.price_source
    assert source["method"] == "lowest" and source["vendor_id"] == world.vendors[0].id
    assert source["label"] == (f"Giá chào thấp nhất trong 3 báo giá hợp lệ (Công ty Báo Giá 0), "
                               f"yêu cầu báo giá {world.request.code}")
    assert (source["request_id"], source["request_line_id"], source["valid_count"]) == (
        world.request.id, world.line.id, 3)
    assert (record.method, record.unit_price, record.vendor_id) == ("lowest", 1_000_000,
                                                                    world.vendors[0].id)
    # the typed line stays; a plan with another method and typed lines becomes a combination
    assert [x.content for x in world.plan.lines if x.part != "lease"] == [TYPED["content"]]
    assert world.plan.estimate_method == "combination"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"quotation_request.choose", "lease_plan.estimate"} <= actions


def test_a_tie_at_the_lowest_price_takes_the_earliest_answer(agency, make_vendor):
    world = build(agency, make_vendor, prices=(1_300_000, 1_000_000, 1_000_000))
    pick(world, method="lowest")
    [line] = lease_lines(world.plan)
    assert line.price_source["vendor_id"] == world.vendors[1].id and line.vat_rate == "8"
    assert world.plan.estimate_method == "quotations"  # the plan had no method


def test_the_average_takes_the_usual_vat_rate_once_confirmed(agency, make_vendor):
    world = build(agency, make_vendor)
    world.service.usual_vat_rate = "kct"
    db.session.commit()
    with pytest.raises(QuotationError, match="xác nhận thuế suất GTGT"):
        pick(world, method="average")
    db.session.rollback()
    pick(world, method="average", vat_confirmed=True)
    [line] = lease_lines(world.plan)
    assert (line.unit_price, line.vat_rate) == (1_100_000, "kct")  # 3 300 001 / 3, half up
    assert line.price_source["label"].startswith("Giá trung bình của 3 báo giá hợp lệ")


def test_a_chosen_vendor_needs_a_reason_and_a_valid_quote(agency, make_vendor):
    world = build(agency, make_vendor)
    with pytest.raises(QuotationError, match="Vui lòng ghi lý do"):
        pick(world, method="vendor", vendor_id=world.vendors[1].id)
    with pytest.raises(QuotationError, match="không hợp lệ .gửi sau hạn"):
        pick(world, method="vendor", vendor_id=world.vendors[-1].id, reason="Rẻ nhất")
    db.session.rollback()
    pick(world, method="vendor", vendor_id=world.vendors[1].id,
         reason="Hỗ trợ tại chỗ trong tỉnh")
    [line] = lease_lines(world.plan)
    assert (line.unit_price, line.vat_rate) == (1_200_000, "8")
    assert line.price_source["reason"] == "Hỗ trợ tại chỗ trong tỉnh"
    choice = db.session.scalar(select(QuotationChoice))
    assert (choice.method, choice.reason) == ("vendor", "Hỗ trợ tại chỗ trong tỉnh")


def test_fewer_valid_quotes_than_the_minimum_need_a_written_reason(agency, make_vendor):
    world = build(agency, make_vendor, prices=(1_000_000, 1_200_000))
    with pytest.raises(QuotationError, match="chỉ có 2 báo giá hợp lệ, ít hơn mức tối thiểu 3"):
        pick(world, method="lowest")
    db.session.rollback()
    pick(world, method="lowest", reason="Chỉ hai nhà cung cấp có dịch vụ này trong tỉnh")
    [line] = lease_lines(world.plan)
    assert line.price_source["reason"].startswith("Chỉ hai") and line.unit_price == 1_000_000


def test_a_prior_award_fills_the_line_from_a_signed_contract(agency, make_vendor, people,
                                                             contract):
    advance(contract, people, "signed")
    world = build(agency, make_vendor)
    [award] = reference_prices(world.service.id, world.service.unit)["prior_award"]
    pick(world, method="prior_award", reference=reference_key(award),
         reason="Cùng cấu hình máy chủ ảo")
    [line] = lease_lines(world.plan)
    assert (line.unit_price, line.vat_rate) == (2_500_000, "10")
    source = line.price_source
    assert source["method"] == "prior_award" and contract.number in source["label"]
    assert source["reference"]["on"] == contract.signed_date.isoformat()
    assert world.plan.estimate_method == "prior_awards"


def test_a_listed_price_fills_the_line(agency, make_vendor, make_offering):
    world = build(agency, make_vendor, pack="nd73-2019")
    make_offering(world.vendors[2], "HT-001", unit=world.service.unit, unit_price=950_000,
                  price_public=True, vat_rate="8")
    with pytest.raises(QuotationError, match="Vui lòng chọn một giá tham khảo"):
        pick(world, method="listed_price", reference="", reason="Giá công khai")
    db.session.rollback()
    [listed] = reference_prices(world.service.id, world.service.unit)["listed_price"]
    pick(world, method="listed_price", reference=reference_key(listed), reason="Giá công khai")
    [line] = lease_lines(world.plan)
    assert (line.unit_price, line.vat_rate) == (950_000, "8")
    assert line.price_source["label"].startswith(
        "Giá niêm yết của nhà cung cấp: Công ty Báo Giá 2, công bố ngày")
    assert world.plan.estimate_method == "quotations"  # nd73-2019 names no listed prices


def test_a_reference_figure_that_changed_after_the_page_is_refused_not_swapped(
        agency, make_vendor, make_offering):
    """The page names a figure by what it says: a new offering published in between (which
    would shift a position in the list) leaves the choice pointing at the figure seen, and a
    figure edited since is refused."""
    world = build(agency, make_vendor, pack="nd73-2019")
    offering = make_offering(world.vendors[2], "HT-001", unit=world.service.unit,
                             unit_price=950_000, price_public=True)
    [seen] = reference_prices(world.service.id, world.service.unit)["listed_price"]
    make_offering(world.vendors[1], "HT-001", unit=world.service.unit, unit_price=900_000,
                  price_public=True)  # now first in the list, cheapest first
    pick(world, method="listed_price", reference=reference_key(seen), reason="Giá công khai")
    assert lease_lines(world.plan)[0].unit_price == 950_000
    offering.unit_price = 990_000
    db.session.commit()
    with pytest.raises(QuotationError, match="không còn như trên trang"):
        pick(world, method="listed_price", reference=reference_key(seen), reason="Giá công khai")


def test_a_re_choice_replaces_the_line_it_filled_and_nothing_else(agency, make_vendor):
    world = build(agency, make_vendor)
    pick(world, method="lowest")
    pick(world, method="average", vat_confirmed=True)
    [line] = lease_lines(world.plan)
    assert line.unit_price == 1_100_000 and line.price_source["method"] == "average"
    assert len(world.plan.lines) == 2
    assert db.session.scalar(select(func.count()).select_from(QuotationChoice)) == 1


def test_a_hand_edit_of_the_price_drops_the_source(agency, make_vendor):
    world = build(agency, make_vendor)
    pick(world, method="lowest")
    typed = [plan_estimate.line_snapshot(line) for line in world.plan.lines]
    for row in typed:
        row.pop("price_source", None)  # what the costs form sends: no source
    plan_estimate.save_estimate(world.plan, typed, "combination", "", actor=agency.staff)
    [line] = lease_lines(world.plan)
    assert line.price_source["method"] == "lowest"  # unchanged: the source holds
    typed[[r["part"] for r in typed].index("lease")]["unit_price"] = 990_000
    plan_estimate.save_estimate(world.plan, typed, "combination", "", actor=agency.staff)
    [line] = lease_lines(world.plan)
    assert line.unit_price == 990_000 and line.price_source is None


def test_a_sealed_request_is_refused(agency, make_vendor):
    world = build(agency, make_vendor, hours=5)
    with pytest.raises(QuotationError, match="niêm phong"):
        pick(world, method="lowest")


def test_a_plan_out_of_the_agencys_hands_is_refused(agency, make_vendor):
    world = build(agency, make_vendor)
    world.plan.status = "appraisal"
    db.session.commit()
    with pytest.raises(PlanError, match="chờ thẩm định"):
        pick(world, method="lowest")
    assert db.session.scalar(select(func.count()).select_from(PlanCostLine).where(
        PlanCostLine.part == "lease")) == 0


def test_the_plan_document_states_the_method_and_each_lines_source(agency, make_vendor):
    world = build(agency, make_vendor)
    pick(world, method="lowest")
    context = plan_context(world.plan, 1)
    assert context["method"] == (
        f"Thu thập báo giá thị trường: đơn giá “{world.service.name}” xác định theo giá chào "
        f"thấp nhất trong 3 báo giá hợp lệ (Công ty Báo Giá 0), yêu cầu báo giá "
        f"{world.request.code}; chi tiết tại Phụ lục Bảng tổng hợp báo giá kèm theo")
    [lease] = [p for p in context["cost_parts"] if p["part"] == "lease"]
    assert "Nguồn đơn giá: Giá chào thấp nhất trong 3 báo giá hợp lệ" in lease["lines"][0][
        "basis"]


def test_the_page_fills_the_plan_and_the_costs_page_shows_the_source(
        client, login, agency, make_vendor):
    world = build(agency, make_vendor)
    login(agency.staff)
    url = f"/plans/quotations/{world.request.id}/choices"
    refused = client.post(url, data={"lines-0-request_line_id": world.line.id,
                                     "lines-0-method": "vendor", "lines-0-vat_rate": "10"})
    page = text(refused)
    assert refused.status_code == 200 and "Vui lòng chọn một nhà cung cấp" in page
    assert "Vui lòng ghi lý do lựa chọn." in page
    response = client.post(url, data={"lines-0-request_line_id": world.line.id,
                                      "lines-0-method": "lowest", "lines-0-vat_rate": "10"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{world.plan.id}/costs")
    costs = text(client.get(f"/plans/{world.plan.id}/costs"))
    assert "Nguồn đơn giá: Giá chào thấp nhất trong 3 báo giá hợp lệ" in costs
    assert "Đã đưa đơn giá đã chọn vào dự toán của kế hoạch." in costs


def test_a_legal_drafter_reads_the_comparison_but_may_not_choose(
        client, login, agency, make_vendor):
    world = build(agency, make_vendor)
    login(agency.drafter)
    page = text(client.get(f"/plans/quotations/{world.request.id}/comparison"))
    assert "3/4 báo giá hợp lệ (tối thiểu 3)" in page and "Đưa đơn giá đã chọn" not in page
    assert client.post(f"/plans/quotations/{world.request.id}/choices", data={
        "lines-0-request_line_id": world.line.id, "lines-0-method": "lowest"}).status_code == 403


def test_the_page_says_why_a_locked_plan_cannot_be_filled(client, login, agency, make_vendor):
    world = build(agency, make_vendor)
    world.plan.status = "appraisal"
    db.session.commit()
    login(agency.staff)
    url = f"/plans/quotations/{world.request.id}"
    page = text(client.get(f"{url}/comparison"))
    assert "không còn ở trạng thái được sửa (Chờ thẩm định)" in page
    response = client.post(f"{url}/choices", data={"lines-0-request_line_id": world.line.id,
                                                   "lines-0-method": "lowest"},
                           follow_redirects=True)
    assert "Kế hoạch đang chờ thẩm định nên không thể sửa." in text(response)
    assert lease_lines(world.plan) == []
