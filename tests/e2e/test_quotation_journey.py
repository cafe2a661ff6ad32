"""Issue 16's journey, in a real browser: the agency sends a request for quotations from its
draft plan, two vendors answer from their work queue, and once the deadline has passed the
agency compares the answers and fills its plan's estimate with the lowest valid price."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from accounts.models import Organisation, User
from catalog.services import get_service
from core.clock import utcnow
from extensions import db
from plans import services as plan_services
from plans.models import LeasePlan
from plans.quotations.models import QuotationRequest
from tests.e2e.test_journeys import MARKET, flash, published_vendor
from tests.e2e.test_work_journeys import vendor_email

pytestmark = pytest.mark.e2e

TITLE = "Thuê chỗ đặt máy chủ tại trung tâm dữ liệu năm 2027"


def draft_plan(live) -> int:
    """A draft plan of the seeded agency for the market service, without estimate lines."""
    with live.app.app_context():
        staff = db.session.get(User, live.users["staff"].id)
        org = db.session.get(Organisation, staff.organisation_id)
        plan = plan_services.create_plan(org, {
            "title": TITLE, "plan_date": date(2026, 11, 20), "pack_id": "nd224-2026",
            "place": "Thái Nguyên", "signer_title": "Giám đốc", "signer_name": "Nguyễn Văn Minh",
            "number": "", "recipients": ["Lưu: VT"], "sections": {},
            "services": [get_service(MARKET)], "period_start": date(2027, 1, 1),
            "period_end": date(2027, 12, 31), "preparation_months": 0,
            "short_period_allowed": False, "security_level_proposal": 3,
            "service_levels": [{"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng",
                                "measure": "giám sát tự động, tổng hợp theo tháng"}],
        }, actor=staff)
        db.session.commit()
        return plan.id


def answer_from_the_queue(browse, live, vendor_name: str, price: str):
    page = browse.page(vendor_name)
    browse.sign_in(page, vendor_email(live, vendor_name))
    page.goto("/accounts/work")
    expect(page.locator("main")).to_contain_text("Yêu cầu báo giá cần trả lời")
    page.locator("main a[href$='/answer']").first.click()
    expect(page.locator("main")).not_to_contain_text("đã gửi báo giá")  # nothing of the others
    page.get_by_label("Đơn giá (đồng, chưa gồm thuế GTGT)").fill(price)
    page.get_by_label("Báo giá có hiệu lực đến ngày").fill(
        (date.today() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Gửi báo giá").click()
    flash(page, "Đã gửi báo giá")
    return page


def test_an_agency_collects_two_quotations_compares_them_and_prices_its_plan(browse, live):
    first = published_vendor(live, "Công ty Cổ phần Hạ tầng Số Thái Hòa", MARKET)
    second = published_vendor(live, "Công ty TNHH Trung tâm Dữ liệu Núi Cốc", MARKET)
    plan_id = draft_plan(live)

    staff = browse.page("staff")
    staff.goto(f"/plans/{plan_id}")
    staff.get_by_role("link", name="Tạo yêu cầu báo giá").click()
    staff.get_by_label("Tên yêu cầu báo giá").fill("Báo giá chỗ đặt máy chủ năm 2027")
    staff.get_by_label("Địa điểm cung cấp dịch vụ").fill("Trung tâm dữ liệu tỉnh Thái Nguyên")
    staff.get_by_label("Chỉ mời các nhà cung cấp được chọn bên dưới").check()
    staff.get_by_label(first).check()
    staff.get_by_label(second).check()
    staff.get_by_role("button", name="Gửi yêu cầu báo giá").click()
    flash(staff, "Đã gửi yêu cầu báo giá")
    request_url = staff.url

    answer_from_the_queue(browse, live, first, "3.200.000")
    answer_from_the_queue(browse, live, second, "2.950.000")

    staff.goto(request_url)  # sealed: who answered, never what
    expect(staff.locator("main")).to_contain_text(first)
    expect(staff.locator("main")).not_to_contain_text("2.950.000")
    with live.app.app_context():  # the deadline passes
        request = db.session.scalar(select(QuotationRequest).where(
            QuotationRequest.plan_id == plan_id))
        request.deadline = utcnow() - timedelta(minutes=1)
        db.session.commit()

    staff.goto(request_url)
    staff.get_by_role("link", name="So sánh báo giá").click()
    main = staff.locator("main")
    expect(main).to_contain_text("3.200.000")
    expect(main).to_contain_text("2.950.000")
    expect(main).to_contain_text("3.075.000")  # the average and the median of two
    staff.get_by_label("Giá chào thấp nhất trong các báo giá hợp lệ").check()
    staff.get_by_label("Lý do lựa chọn").fill("Chỉ 02 báo giá hợp lệ; đã mời 02 nhà cung cấp.")
    staff.get_by_role("button", name="Đưa đơn giá đã chọn vào dự toán").click()
    flash(staff, "dự toán")
    expect(staff.locator("main")).to_contain_text("2.950.000")
    with live.app.app_context():
        plan = db.session.get(LeasePlan, plan_id)
        [line] = [line for line in plan.lines if line.price_source]
        assert line.unit_price == 2_950_000 and line.price_source["method"] == "lowest"
    assert browse.problems == []
