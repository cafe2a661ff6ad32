"""Lease plan pages: the forms, the estimate table, approval, download, and who may see what."""
from datetime import date

import pytest
from sqlalchemy import func, select

from documents.models import GeneratedDocument
from extensions import db
from plans import document as plan_document
from plans.models import LeasePlan, PlanCostLine
from tests.plans.plan_helpers import TEXTS, docx_text, make_plan, send_through_appraisal

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_form(service_ids, **overrides) -> dict:
    """A complete plan form as a browser posts it."""
    data = {"title": "Thuê dịch vụ công trực tuyến", "plan_date": "2024-03-01", "pack_id": "",
            "services": [str(i) for i in service_ids], "number": "", "place": "",
            "signer_title": "Giám đốc", "signer_name": "Nguyễn Văn Minh",
            "recipients": "Sở Tài chính\nLưu: VT", "extra_bases": "",
            "period_start": "2024-09-01", "period_end": "2029-08-31",
            "preparation_months": "3", "security_level_proposal": "3", **TEXTS}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def cost_rows(*rows, method="combination") -> dict:
    """The estimate form: one dict per row, fields named as the FieldList names them."""
    data = {"estimate_method": method, "method_note": ""}
    for index, row in enumerate(rows):
        data.update({f"lines-{index}-{key}": value for key, value in row.items()})
    return data


BLANK = {"part": "", "content": "", "unit": "", "quantity": "", "months": "", "unit_price": "",
         "vat_rate": "", "budget_year": ""}
LEASE = {"part": "lease", "content": "Thuê phần mềm", "unit": "gói/tháng", "quantity": "1",
         "months": "12", "unit_price": "15.000.000", "vat_rate": "kct", "budget_year": "2025"}
SERVER = {"part": "lease", "content": "Thuê máy chủ ảo", "unit": "máy chủ ảo/tháng",
          "quantity": "2", "months": "12", "unit_price": "2500000", "vat_rate": "10",
          "budget_year": "2026"}


# --- 1. creating and editing a plan -------------------------------------------------------


def test_agency_staff_create_a_plan_with_the_pack_in_force_on_its_date(
        client, login, agency, plan_catalog):
    login(agency.staff)
    page = client.get("/plans/new").get_data(as_text=True)
    assert "Lập kế hoạch thuê dịch vụ CNTT" in page and "PM-001 – Dịch vụ công trực tuyến" in page
    response = client.post("/plans/new", data=plan_form([plan_catalog.custom.id]))
    plan = db.session.scalar(select(LeasePlan))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{plan.id}/costs")
    assert (plan.pack_id, plan.status, plan.organisation_id) == ("nd73-2019", "draft",
                                                                 agency.org.id)
    assert plan.sections["scope"] == TEXTS["scope"]
    assert [s.code for s in plan.services] == ["PM-001"]
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Nghị định 73/2019/NĐ-CP" in page and "Bản nháp" in page
    assert "7a. Đề xuất cấp độ an toàn hệ thống thông tin" in page
    assert "Sự phù hợp với Khung kiến trúc số" not in page


def test_a_refused_plan_form_keeps_what_was_typed_and_says_why_in_vietnamese(
        client, login, agency, plan_catalog):
    login(agency.staff)
    data = plan_form([plan_catalog.custom.id], pack_id="nd224-2026", plan_date="2026-08-01",
                     conformity="", security_level_proposal="", scope="Phạm vi đặc biệt <b>")
    page = client.post("/plans/new", data=data).get_data(as_text=True)
    assert "Vui lòng sửa các lỗi bên dưới" in page
    assert "Vui lòng nhập mục “Đánh giá sự phù hợp với Khung kiến trúc số" in page
    assert "Vui lòng chọn cấp độ an toàn hệ thống thông tin đề xuất (từ 1 đến 5)." in page
    assert "Phạm vi đặc biệt &lt;b&gt;" in page and TEXTS["necessity"] in page
    assert db.session.scalar(select(LeasePlan.id)) is None


def test_conformity_is_not_asked_under_nd73_and_no_service_is_refused(
        client, login, agency, plan_catalog):
    login(agency.staff)
    ok = client.post("/plans/new", data=plan_form([plan_catalog.custom.id], conformity=""))
    assert ok.status_code == 302
    page = client.post("/plans/new", data=plan_form([])).get_data(as_text=True)
    assert "Vui lòng chọn ít nhất một dịch vụ trong danh mục." in page


def test_a_short_nd73_lease_needs_the_approvers_permission_ticked(
        client, login, agency, plan_catalog):
    login(agency.staff)
    data = plan_form([plan_catalog.custom.id], period_end="2025-02-28")
    page = client.post("/plans/new", data=data).get_data(as_text=True)
    assert "thời gian thuê dưới 01 năm chỉ được chấp nhận khi người có thẩm quyền" in page
    assert 'value="2025-02-28"' in page
    data["short_period_allowed"] = "y"
    assert client.post("/plans/new", data=data).status_code == 302
    assert db.session.scalar(select(LeasePlan.short_period_allowed)) is True


def test_a_lease_over_five_years_is_refused_under_nd73_but_not_under_nd224(
        client, login, agency, plan_catalog):
    login(agency.staff)
    data = plan_form([plan_catalog.custom.id], period_end="2034-08-31")
    page = client.post("/plans/new", data=data).get_data(as_text=True)
    assert "Theo Nghị định 73/2019/NĐ-CP, thời gian thuê dịch vụ không được quá 05 năm." in page
    data.update(pack_id="nd224-2026")
    assert client.post("/plans/new", data=data).status_code == 302


def test_editing_a_draft_saves_changes_and_the_pack_can_be_changed(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.staff)
    page = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    assert TEXTS["current_state"] in page and 'value="2024-09-01"' in page
    data = plan_form([plan_catalog.custom.id], pack_id="nd224-2026", title="Tên mới")
    response = client.post(f"/plans/{plan.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(plan)
    assert (plan.title, plan.pack_id, plan.version) == ("Tên mới", "nd224-2026", 2)


# --- 2. the estimate form -----------------------------------------------------------------


def test_the_estimate_form_shows_existing_lines_plus_three_blank_rows(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    login(agency.staff)
    page = client.get(f"/plans/{plan.id}/costs").get_data(as_text=True)
    assert 'name="lines-5-content" type="text" value="Dự phòng"' in page
    assert 'name="lines-8-content"' in page and 'name="lines-9-content"' not in page
    assert "Tổng dự toán: <strong>302.010.999 đồng</strong>" in page
    assert "Ba trăm lẻ hai triệu không trăm mười nghìn chín trăm chín mươi chín đồng" in page


def test_blank_rows_are_ignored_and_filled_rows_are_saved(client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.staff)
    response = client.post(f"/plans/{plan.id}/costs",
                           data=cost_rows(LEASE, BLANK, SERVER, BLANK))
    assert response.status_code == 302
    lines = db.session.scalars(select(PlanCostLine).order_by(PlanCostLine.position)).all()
    assert [(x.content, x.unit_price, x.vat_rate, x.budget_year) for x in lines] == [
        ("Thuê phần mềm", 15_000_000, "kct", 2025), ("Thuê máy chủ ảo", 2_500_000, "10", 2026)]
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "246.000.000 đồng" in page and "Phương pháp xác định chi phí: Kết hợp" in page


def test_a_partly_filled_row_is_refused_row_by_row_and_nothing_typed_is_lost(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.staff)
    bad = dict(BLANK, content="Thuê đường truyền", quantity="0", unit_price="1,5",
               budget_year="năm sau")
    page = client.post(f"/plans/{plan.id}/costs",
                       data=cost_rows(LEASE, bad)).get_data(as_text=True)
    assert "Dòng 2 – Phần chi phí: Vui lòng chọn phần chi phí." in page
    assert "Dòng 2 – Đơn vị tính: Vui lòng nhập đơn vị tính." in page
    assert "Dòng 2 – Số lượng: Số lượng phải là số nguyên từ 1 đến 1.000.000.000." in page
    assert "Dòng 2 – Số tháng: Số tháng phải là số nguyên từ 1 đến 240." in page
    assert "Dòng 2 – Đơn giá (đồng): Vui lòng nhập số tiền nguyên đồng" in page
    assert "Dòng 2 – Năm ngân sách: Vui lòng nhập một số nguyên." in page
    assert "Dòng 2 – Thuế GTGT: Vui lòng chọn thuế suất GTGT." in page
    assert "Dòng 1" not in page
    for typed in ('value="Thuê đường truyền"', 'value="1,5"', 'value="năm sau"', 'value="0"',
                  'value="15.000.000"'):
        assert typed in page
    assert db.session.query(PlanCostLine).count() == 0


def test_estimates_too_large_to_read_in_words_are_refused(client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.staff)
    url = f"/plans/{plan.id}/costs"
    huge = dict(LEASE, quantity="3000000000", months="241")
    page = client.post(url, data=cost_rows(huge)).get_data(as_text=True)
    assert "Số lượng phải là số nguyên từ 1 đến 1.000.000.000." in page
    assert "Số tháng phải là số nguyên từ 1 đến 240." in page
    line = dict(LEASE, quantity="100", months="240", unit_price="100.000.000.000")
    page = client.post(url, data=cost_rows(line)).get_data(as_text=True)
    assert "Thành tiền của dòng (số lượng × số tháng × đơn giá) vượt quá" in page
    half = dict(LEASE, months="100", unit_price="6.000.000.000.000")  # 600 nghìn tỷ each
    page = client.post(url, data=cost_rows(half, half)).get_data(as_text=True)
    assert ("Tổng giá trị (kể cả thuế GTGT) 1.200.000.000.000.000 đồng vượt quá "
            "999.999.999.999.999 đồng") in page
    assert db.session.query(PlanCostLine).count() == 0
    assert client.post(url, data=cost_rows(half)).status_code == 302  # one alone is fine


def test_a_line_is_removed_by_ticking_its_box(client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.staff)
    client.post(f"/plans/{plan.id}/costs", data=cost_rows(LEASE, SERVER))
    client.post(f"/plans/{plan.id}/costs",
                data=cost_rows(dict(LEASE, remove="y"), SERVER))
    assert db.session.scalars(select(PlanCostLine.content)).all() == ["Thuê máy chủ ảo"]


def test_nd224_plans_offer_the_extra_estimate_methods(client, login, agency, plan_catalog):
    old = make_plan(agency, plan_catalog, lines=False)
    new = make_plan(agency, plan_catalog, pack="nd224-2026", lines=False)
    login(agency.staff)
    assert "Sử dụng giá niêm yết" not in client.get(
        f"/plans/{old.id}/costs").get_data(as_text=True)
    page = client.get(f"/plans/{new.id}/costs").get_data(as_text=True)
    for label in ("Sử dụng kết quả trúng thầu trước đó", "Sử dụng giá niêm yết",
                  "Sử dụng định mức của ngành"):
        assert label in page
    refused = client.post(f"/plans/{old.id}/costs",
                          data=cost_rows(LEASE, method="sector_norms")).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in refused


# --- 1. approval --------------------------------------------------------------------------


def test_an_approver_confirms_then_approves_and_the_plan_is_locked(
        client, login, agency, plan_catalog):
    plan = send_through_appraisal(make_plan(agency, plan_catalog), agency.staff)
    login(agency.approver)
    page = client.get(f"/plans/{plan.id}/approve").get_data(as_text=True)
    assert "Phê duyệt kế hoạch thuê" in page and "302.010.999 đồng" in page
    assert "không sửa được nữa" in page
    response = client.post(f"/plans/{plan.id}/approve",
                           data={"approval_number": "215/QĐ-SKHCN", "approved_on": "2024-03-20"})
    assert response.status_code == 302
    db.session.refresh(plan)
    assert (plan.status, plan.approval_number) == ("approved", "215/QĐ-SKHCN")
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Đã phê duyệt" in page and "Số 215/QĐ-SKHCN ngày 20 tháng 3 năm 2024" in page
    assert "(đã khóa khi phê duyệt)" in page and "Sửa kế hoạch" not in page
    for path in ("edit", "costs", "calculator", "approve"):
        response = client.get(f"/plans/{plan.id}/{path}", follow_redirects=True)
        assert "Kế hoạch đã được phê duyệt nên không thể sửa." in response.get_data(as_text=True)
    client.post(f"/plans/{plan.id}/edit", data=plan_form(
        [plan_catalog.custom.id], title="Đổi tên sau phê duyệt"))
    db.session.refresh(plan)
    assert plan.title == "Thuê dịch vụ công trực tuyến"


def test_an_incomplete_plan_shows_what_is_missing_and_is_not_approved(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    login(agency.approver)
    page = client.get(f"/plans/{plan.id}/approve").get_data(as_text=True)
    assert "Dự toán chưa có dòng chi phí nào." in page
    page = client.post(f"/plans/{plan.id}/approve", data={
        "approval_number": "", "approved_on": ""}).get_data(as_text=True)
    assert "Vui lòng nhập số quyết định phê duyệt." in page
    client.post(f"/plans/{plan.id}/approve",
                data={"approval_number": "1/QĐ", "approved_on": "2024-03-20"})
    db.session.refresh(plan)
    assert plan.status == "draft"


def test_staff_and_legal_drafters_of_the_agency_cannot_approve(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    login(agency.staff)
    assert client.get(f"/plans/{plan.id}/approve").status_code == 403
    assert client.post(f"/plans/{plan.id}/approve", data={
        "approval_number": "1/QĐ", "approved_on": "2024-03-20"}).status_code == 403
    assert "Phê duyệt kế hoạch" not in client.get(
        f"/plans/{plan.id}").get_data(as_text=True)


# --- 4. download --------------------------------------------------------------------------


def test_the_plan_downloads_as_a_word_document_and_is_listed_on_the_page(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    login(agency.staff)
    made = client.post(f"/plans/{plan.id}/generate")
    assert made.status_code == 302
    assert made.headers["Location"].endswith(f"/plans/{plan.id}/documents/1")
    response = client.get(f"/plans/{plan.id}/download")
    assert response.status_code == 200 and response.mimetype == DOCX
    assert "attachment" in response.headers["Content-Disposition"]
    text = docx_text(response.data)
    assert "Tổng dự toán: 302.010.999 đồng" in text and "{{" not in text
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert f"ke-hoach-thue-dv-cntt-{plan.id}-v{plan.version}.docx" in page
    document_link = f"/plans/{plan.id}/documents/1"
    assert client.get(document_link).data == response.data
    again = client.post(f"/plans/{plan.id}/generate")  # nothing changed: the same copy
    assert again.headers["Location"] == made.headers["Location"]


def test_downloading_before_any_document_was_made_writes_nothing_and_says_how(
        client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    login(agency.staff)
    response = client.get(f"/plans/{plan.id}/download", follow_redirects=True)
    assert response.request.path == f"/plans/{plan.id}"
    assert "Kế hoạch chưa có văn bản nào" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(GeneratedDocument)) == 0


# --- 5. isolation -------------------------------------------------------------------------

OBJECT_ROUTES = [("get", "{id}"), ("get", "{id}/edit"), ("post", "{id}/edit"),
                 ("get", "{id}/costs"), ("post", "{id}/costs"), ("get", "{id}/calculator"),
                 ("post", "{id}/calculator"), ("get", "{id}/approve"), ("post", "{id}/approve"),
                 ("get", "{id}/download"), ("post", "{id}/generate"),
                 ("get", "{id}/documents/1")]


@pytest.fixture
def walled_plan(agency, plan_catalog):
    """A plan with one generated document, as its owners left it."""
    plan = make_plan(agency, plan_catalog)
    plan_document.generate_plan_document(plan, actor=agency.staff)
    db.session.commit()
    return plan


@pytest.mark.parametrize("method, path", OBJECT_ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, walled_plan, method, path):
    response = getattr(client, method)(f"/plans/{path.format(id=walled_plan.id)}")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["agency_staff", "agency_approver", "legal_drafter",
                                  "vendor_staff"])
@pytest.mark.parametrize("method, path", OBJECT_ROUTES)
def test_users_of_another_organisation_get_not_found_on_every_plan_route(
        client, login, make_user, walled_plan, role, method, path):
    login(make_user(role))
    response = getattr(client, method)(f"/plans/{path.format(id=walled_plan.id)}")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)
    db.session.refresh(walled_plan)
    assert walled_plan.version == 2


def test_a_legal_drafter_of_the_agency_may_view_and_download_but_not_change(
        client, login, agency, walled_plan):
    login(agency.drafter)
    assert client.get(f"/plans/{walled_plan.id}").status_code == 200
    assert client.get(f"/plans/{walled_plan.id}/download").status_code == 200
    for path in ("edit", "costs", "calculator", "approve"):
        assert client.get(f"/plans/{walled_plan.id}/{path}").status_code == 403


def test_the_plan_list_shows_only_the_organisations_own_plans(
        client, login, make_user, agency, walled_plan):
    other = make_user("agency_staff")
    login(other)
    page = client.get("/plans/").get_data(as_text=True)
    assert "Chưa có kế hoạch thuê nào." in page and walled_plan.title not in page
    client.post("/accounts/logout")
    login(agency.drafter)
    page = client.get("/plans/").get_data(as_text=True)
    assert walled_plan.title in page and "Lập kế hoạch mới" not in page


def test_vendors_and_anonymous_visitors_cannot_open_the_list_or_the_new_plan_form(
        client, login, make_user):
    for path in ("/plans/", "/plans/new"):
        assert client.get(path).status_code == 302
    login(make_user("vendor_staff"))
    for path in ("/plans/", "/plans/new"):
        assert client.get(path).status_code == 403
    assert client.post("/plans/new", data={}).status_code == 403
    assert db.session.scalar(select(LeasePlan.id)) is None


def test_the_navigation_links_to_plans_for_agency_users_only(client, login, make_user, agency):
    login(agency.staff)
    assert "Kế hoạch thuê</a>" in client.get("/plans/calculator").get_data(as_text=True)
    client.post("/accounts/logout")
    login(make_user("vendor_staff"))
    assert "Kế hoạch thuê</a>" not in client.get("/plans/calculator").get_data(as_text=True)


def test_plan_dates_are_shown_the_vietnamese_way(client, login, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, plan_date=date(2024, 3, 1))
    login(agency.staff)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "01/03/2024" in page and "60 tháng, từ 01/09/2024 đến 31/08/2029" in page
