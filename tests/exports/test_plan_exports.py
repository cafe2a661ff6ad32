"""The plan list's export and a plan's estimate: the rows and totals the pages show, for the
plan's own agency only."""
from plans import estimate
from core.money import format_vnd
from tests.contracts.acceptance_helpers import page
from tests.exports.helpers import column, csv_rows, values, workbook_sheet
from tests.plans.plan_helpers import LINES, make_plan

ESTIMATE_HEADERS = ["Phần", "Phần chi phí", "STT", "Nội dung chi phí", "Đơn vị tính",
                    "Số lượng", "Số tháng", "Đơn giá (đồng)", "Thuế suất GTGT", "Cách tính",
                    "Nguồn đơn giá", "Năm ngân sách", "Trước thuế (đồng)", "Thuế GTGT (đồng)",
                    "Thành tiền (đồng)"]


def test_the_estimate_has_every_line_and_the_total_of_the_page(client, login, agency,
                                                               plan_catalog):
    plan = make_plan(agency, plan_catalog)
    figures = estimate.estimate(plan)
    login(agency.staff)
    sheet = workbook_sheet(client.get(f"/plans/{plan.id}/estimate.xlsx"))
    rows = values(sheet)
    assert rows[0][0] == f"Dự toán chi phí – {plan.title}"
    assert rows[2][0] == f"Tổng dự toán: {format_vnd(figures['totals']['total'])} đồng"
    assert rows[4] == ESTIMATE_HEADERS and sheet.freeze_panes == "A6"
    lines, total = rows[5:-1], rows[-1]
    assert [row[3] for row in lines] == [line[1] for line in LINES]
    assert [(row[0], row[1], row[2]) for row in lines[:3]] == [
        ("I", "Chi phí thuê dịch vụ", 1), ("I", "Chi phí thuê dịch vụ", 2),
        ("II", "Chi phí quản lý", 1)]
    assert lines[1][4:9] == ["máy chủ ảo/tháng", 2, 12, 2_500_000, "10%"]
    assert lines[1][12:] == [60_000_000, 6_000_000, 66_000_000]
    assert total[0] == "Tổng cộng" and total[12:] == [
        figures["totals"]["before_vat"], figures["totals"]["vat"], figures["totals"]["total"]]
    assert sum(row[14] for row in lines) == total[14]
    assert f"Tổng dự toán: <strong>{format_vnd(total[14])} đồng</strong>" in page(
        client, f"/plans/{plan.id}")
    assert sheet.cell(row=6, column=8).number_format == "#,##0"


def test_the_estimate_as_csv_has_a_line_a_row_and_no_totals(client, login, agency,
                                                            plan_catalog):
    plan = make_plan(agency, plan_catalog)
    login(agency.approver)
    rows = csv_rows(client.get(f"/plans/{plan.id}/estimate.csv"))
    assert rows[0] == ESTIMATE_HEADERS and len(rows) == 1 + len(LINES)
    assert rows[2][12:] == ["60000000", "6000000", "66000000"]


def test_the_plan_list_holds_the_agency_s_plans_with_their_totals(client, login, make_user,
                                                                  agency, plan_catalog):
    first = make_plan(agency, plan_catalog)
    second = make_plan(agency, plan_catalog, lines=False, title="Thuê hệ thống họp trực tuyến")
    outsider = make_user("agency_staff")
    login(agency.drafter)
    sheet = workbook_sheet(client.get("/plans/export.xlsx"))
    assert sheet.freeze_panes == "A2"
    assert column(sheet, "Tên kế hoạch") == [second.title, first.title]
    assert column(sheet, "Tổng dự toán (đồng)") == [
        0, estimate.estimate(first)["totals"]["total"]]
    assert column(sheet, "Ngày lập")[0].date() == first.plan_date
    assert column(sheet, "Trạng thái") == [first.status_label] * 2
    assert len(csv_rows(client.get("/plans/export.csv"))) == 3
    client.post("/accounts/logout")
    login(outsider)
    assert values(workbook_sheet(client.get("/plans/export.xlsx")))[1:] == []
    assert client.get(f"/plans/{first.id}/estimate.xlsx").status_code == 404
    client.post("/accounts/logout")
    response = client.get(f"/plans/{first.id}/estimate.xlsx")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
