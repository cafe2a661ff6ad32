"""The agency's pages of requests for quotations: what a user reads and can do on each, the
sealing of the request page, other agencies' 404, and the links from the catalog and the plan."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from catalog.services import get_service
from core.clock import today, utcnow
from extensions import db
from plans import services as plan_services
from plans.quotations.models import QuotationRequest
from tests.helpers import first_user
from tests.plans.plan_helpers import plan_values
from tests.plans.quotations.factories import make_answer, make_request


@pytest.fixture
def vendors(make_vendor, make_offering):
    anh, chi = make_vendor(legal_name="Công ty An Bình"), make_vendor(legal_name="Công ty Chí")
    make_offering(anh, "HT-001")
    make_offering(chi, "HT-001")
    return anh, chi


def form(**overrides) -> dict:
    data = {"title": "Báo giá máy chủ ảo 2027", "place": "Trụ sở Sở",
            "deadline_day": (today() + timedelta(days=5)).isoformat(), "deadline_time": "17:00",
            "security_level": "3", "service_levels": "Tính sẵn sàng: 99,9% | giám sát tự động",
            "notes": "", "invite_mode": "all",
            "lines-0-service": str(get_service("HT-001").id), "lines-0-unit": "",
            "lines-0-quantity": "4", "lines-0-months": "12",
            "lines-0-specification": "4 vCPU"}
    data.update(overrides)
    return data


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_staff_send_a_request_from_the_catalog(client, login, agency, vendors):
    login(agency.staff)
    service = get_service("HT-001")
    text = page(client, f"/catalog/services/{service.code}")
    assert "Yêu cầu báo giá dịch vụ này" in text
    text = page(client, f"/plans/quotations/new?service={service.id}")
    assert f'<option selected value="{service.id}">' in text
    assert "Công ty An Bình" in text and "Công ty Chí" in text
    response = client.post(f"/plans/quotations/new?service={service.id}", data=form())
    assert response.status_code == 302
    request = db.session.scalar(select(QuotationRequest))
    assert response.headers["Location"].endswith(f"/plans/quotations/{request.id}")
    text = page(client, f"/plans/quotations/{request.id}")
    assert "Báo giá máy chủ ảo 2027" in text and "Nhà cung cấp được mời (2)" in text
    assert "Chưa trả lời" in text and "Sửa đổi yêu cầu" in text and "Hủy yêu cầu" in text


def test_a_refused_request_keeps_what_was_typed(client, login, agency, vendors):
    login(agency.staff)
    past = form(deadline_day=(today() - timedelta(days=1)).isoformat(),
                title="Tiêu đề đã gõ", notes="Ghi chú đã gõ")
    response = client.post("/plans/quotations/new", data=past)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "ít nhất 1 ngày" in text
    assert "Tiêu đề đã gõ" in text and "Ghi chú đã gõ" in text
    chosen = client.post("/plans/quotations/new", data=form(invite_mode="chosen"))
    assert "Vui lòng chọn ít nhất một nhà cung cấp" in chosen.get_data(as_text=True)
    refresh = client.post("/plans/quotations/new", data=form(refresh="1"))
    assert "Đã cập nhật danh sách nhà cung cấp" in refresh.get_data(as_text=True)
    empty = client.post("/plans/quotations/new", data=form(**{"lines-0-service": "",
                                                              "lines-0-quantity": "",
                                                              "lines-0-months": "",
                                                              "lines-0-specification": ""}))
    assert "ít nhất một dịch vụ cần báo giá" in empty.get_data(as_text=True)
    half = client.post("/plans/quotations/new", data=form(**{"lines-0-service": ""}))
    assert "Dòng 1 – Dịch vụ: Vui lòng chọn dịch vụ" in half.get_data(as_text=True)
    assert db.session.scalar(select(QuotationRequest)) is None


def test_a_plan_page_lists_its_requests_and_prefills_a_new_one(client, login, agency,
                                                               vendors):
    plan = plan_services.create_plan(agency.org, plan_values(
        "nd73-2019", [get_service("HT-001")], security_level_proposal=4), actor=agency.staff)
    db.session.commit()
    login(agency.staff)
    text = page(client, f"/plans/{plan.id}")
    assert "Chưa có yêu cầu báo giá nào cho kế hoạch này" in text
    assert f"/plans/quotations/new?plan={plan.id}" in text
    text = page(client, f"/plans/quotations/new?plan={plan.id}")
    assert '<option selected value="4">Cấp độ 4</option>' in text
    assert f'<option selected value="{get_service("HT-001").id}">' in text
    response = client.post(f"/plans/quotations/new?plan={plan.id}", data=form())
    assert response.status_code == 302
    assert "Báo giá máy chủ ảo 2027" in page(client, f"/plans/{plan.id}")
    assert client.get("/plans/quotations/new?plan=99999").status_code == 404
    assert client.get("/plans/quotations/new?service=99999").status_code == 404


def test_the_list_filters_and_paginates(app, client, login, agency, vendors):
    app.config["PER_PAGE"] = 2
    staff = agency.staff
    make_request(agency.org, staff, title="Mở một", vendors=vendors)
    make_request(agency.org, staff, title="Mở hai", vendors=vendors, codes=("HT-002",))
    make_request(agency.org, staff, title="Đã hết hạn", vendors=vendors, hours=-1)
    make_request(agency.org, staff, title="Đã hủy", vendors=vendors, status="cancelled",
                 cancelled_at=utcnow())
    db.session.commit()
    login(staff)
    first = page(client, "/plans/quotations/")
    assert "Trang 1 / 2" in first and "Trang sau" in first
    assert page(client, "/plans/quotations/?page=2").count("/plans/quotations/") >= 2
    closed = page(client, "/plans/quotations/?state=closed")
    assert "Đã hết hạn" in closed and "Mở một" not in closed and "Đã hủy</a>" not in closed
    cancelled = page(client, "/plans/quotations/?state=cancelled")
    assert "Đã hủy</a>" in cancelled and "Mở một" not in cancelled
    ht2 = page(client, f"/plans/quotations/?service={get_service('HT-002').id}")
    assert "Mở hai" in ht2 and "Mở một" not in ht2
    search = page(client, "/plans/quotations/?q=hai")
    assert "Mở hai" in search and "Mở một" not in search
    assert "Không có yêu cầu báo giá nào khớp bộ lọc" in page(client, "/plans/quotations/?q=zz")


def test_other_agencies_get_404_and_the_invited_vendor_its_answer_page(
        client, login, agency, vendors, make_user):
    request = make_request(agency.org, agency.staff, vendors=[vendors[0]])
    other = make_user("agency_staff")
    db.session.commit()
    login(other)
    assert "Mở" not in page(client, "/plans/quotations/")
    for tail in ("", "/edit", "/extend", "/cancel"):
        assert client.get(f"/plans/quotations/{request.id}{tail}").status_code == 404
    assert client.post(f"/plans/quotations/{request.id}/cancel", data={
        "reason": "x", "confirm": "y"}).status_code == 404
    client.post("/accounts/logout")
    login(first_user(vendors[0]))
    response = client.get(f"/plans/quotations/{request.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/quotations/{request.id}/answer")
    assert client.get("/plans/quotations/").status_code == 403
    client.post("/accounts/logout")
    login(first_user(vendors[1]))
    assert client.get(f"/plans/quotations/{request.id}").status_code == 404


def test_a_sealed_request_shows_who_answered_never_a_price(client, login, agency, vendors):
    request = make_request(agency.org, agency.staff, vendors=vendors)
    make_answer(request, vendors[0], [1_234_567])
    make_answer(request, vendors[1], [], status="declined", decline_reason="Hết năng lực")
    db.session.commit()
    login(agency.staff)
    text = page(client, f"/plans/quotations/{request.id}")
    assert "Đã gửi báo giá" in text and "Từ chối báo giá" in text and "niêm phong" in text
    assert "1.234.567" not in text and "1234567" not in text
    assert "Hết năng lực" not in text and "So sánh báo giá" not in text
    assert ".pdf" not in text and "/pdf" not in text


def test_after_the_deadline_the_answers_appear(app, client, login, agency, vendors):
    request = make_request(agency.org, agency.staff, vendors=vendors, hours=-1)
    make_answer(request, vendors[0], [1_234_567])
    make_answer(request, vendors[1], [1_000_000], late=True)
    db.session.commit()
    login(agency.approver)
    text = page(client, f"/plans/quotations/{request.id}")
    assert "Đã hết hạn nhận báo giá" in text and "Báo giá đã nhận" in text
    assert "gửi sau hạn, không tính" in text and "2 trả lời, trong đó 1 báo giá" in text
    if "plans.quotation_comparison" in app.view_functions:
        assert f"/plans/quotations/{request.id}/comparison" in text
    assert "Sửa đổi yêu cầu" not in text and "Hủy yêu cầu" in text


def test_amend_extend_and_cancel_through_the_pages(client, login, agency, vendors):
    request = make_request(agency.org, agency.staff, vendors=[vendors[0]], invite_all=True)
    db.session.commit()
    login(agency.staff)
    text = page(client, f"/plans/quotations/{request.id}/edit")
    assert "Thu thập báo giá thử nghiệm" in text
    response = client.post(f"/plans/quotations/{request.id}/edit", data=form(
        title="Tên đã sửa"))
    assert response.status_code == 302
    db.session.expire_all()
    assert request.title == "Tên đã sửa" and request.version == 2
    assert len(request.invitations) == 2  # invite_all: vendor Chí now invited too
    later = (today() + timedelta(days=10)).isoformat()
    assert client.post(f"/plans/quotations/{request.id}/extend", data={
        "deadline_day": later, "deadline_time": "09:30"}).status_code == 302
    db.session.expire_all()
    assert request.version == 3
    text = page(client, f"/plans/quotations/{request.id}/cancel")
    assert "không hoàn tác được" in text
    refused = client.post(f"/plans/quotations/{request.id}/cancel", data={"reason": "Lý do"})
    assert "Vui lòng đánh dấu ô xác nhận" in refused.get_data(as_text=True)
    done = client.post(f"/plans/quotations/{request.id}/cancel", data={
        "reason": "Đổi kế hoạch", "confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert request.status == "cancelled"
    again = client.get(f"/plans/quotations/{request.id}/edit")
    assert again.status_code == 302
    text = page(client, f"/plans/quotations/{request.id}")
    assert "Đổi kế hoạch" in text and "Đã hủy" in text


def test_the_legal_drafter_reads_but_may_not_change(client, login, agency, vendors):
    request = make_request(agency.org, agency.staff, vendors=[vendors[0]])
    db.session.commit()
    login(agency.drafter)
    text = page(client, f"/plans/quotations/{request.id}")
    assert "Sửa đổi yêu cầu" not in text
    assert client.get(f"/plans/quotations/{request.id}/edit").status_code == 403
    assert client.get("/plans/quotations/new").status_code == 403
    assert "Yêu cầu báo giá dịch vụ này" not in page(client, "/catalog/services/HT-001")
