"""The agency dashboard's charts and download: value, accepted and paid per budget year, value
per service group and contracts per state, for the agency's own contracts, each chart with a
table of the same figures; the figures are the national report's for that agency."""
import csv
import io
import re

import openpyxl
import pytest

from tests.contracts import report_world
from tests.contracts.report_world import TODAY
from tests.contracts.test_report import Tables, chart_tips, get


@pytest.fixture
def world(app, on_day, make_user, make_vendor, make_offering):
    on_day(TODAY)
    return report_world.build(make_user, make_vendor, make_offering)


def test_each_chart_holds_the_figures_of_its_table(client, login, world):
    login(world.a)
    html = get(client, "/contracts/dashboard")
    tables = Tables(html).tables
    # Agency A: the active lease (132.000.000, 32.000.000 accepted, 20.000.000 paid) and the
    # expired one (60.000.000 in 2025, all accepted and paid); its draft does not count.
    assert tables["years-table"][1:] == [
        ["2025", "60.000.000", "60.000.000", "60.000.000"],
        ["2026", "33.000.000", "32.000.000", "20.000.000"],
        ["2027", "99.000.000", "0", "0"],
        ["Cộng", "192.000.000", "92.000.000", "80.000.000"]]
    series = ("Giá trị hợp đồng", "Đã nghiệm thu", "Đã thanh toán")
    assert chart_tips(html, "years-figure") == [
        f"{row[0]} – {name}: {amount} đồng" for row in tables["years-table"][1:-1]
        for name, amount in zip(series, row[1:])]
    assert tables["categories-table"][1:] == [
        ["Hạ tầng", "1", "132.000.000", "32.000.000", "20.000.000"],
        ["Phần mềm dịch vụ", "1", "60.000.000", "60.000.000", "60.000.000"]]
    assert chart_tips(html, "categories-figure") == [
        "Hạ tầng: 132.000.000 đồng", "Phần mềm dịch vụ: 60.000.000 đồng"]
    states = [row[:2] for row in tables["states-table"][1:]]
    assert states[0] == ["Bản nháp", "1"] and ["Đang thực hiện", "1"] in states
    assert chart_tips(html, "states-figure") == [f"{s}: {n}" for s, n in states]
    assert not re.search(r"<[^>]+\sstyle=", html) and "<style" not in html


def test_the_dashboard_agrees_with_the_report_narrowed_to_the_agency(client, login, world):
    login(world.a)
    dashboard = Tables(get(client, "/contracts/dashboard")).tables["years-table"]
    report = Tables(get(client, f"/contracts/report?agency={world.a.organisation_id}"))
    assert [row[2:] for row in report.tables["years-table"][2:]] == [
        row[1:] for row in dashboard[1:]]  # the report's 2024 holds only a signing


def test_the_download_holds_the_dashboard_figures(client, login, world):
    login(world.b)
    response = client.get("/contracts/dashboard/export.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active
                .iter_rows(values_only=True))
    assert rows[0][0] == "Tổng quan hợp đồng thuê dịch vụ"
    assert rows[1][0] == "Sở Khoa học và Công nghệ Thái Nguyên"
    assert rows[2][0] == "Số liệu ngày 10/03/2027"
    start = rows.index(("Mục", "Nội dung", "Số hợp đồng", "Giá trị hợp đồng (đồng)",
                        "Đã nghiệm thu (đồng)", "Đã thanh toán (đồng)"))
    body = [list(row) for row in rows[start + 1:]]
    # B's terminated lease commits what it had accepted (12.000.000 in 2025, 6.000.000 in
    # 2026); its milestone lease is due whole when it ends, 30/06/2027.
    assert body[:4] == [["Năm ngân sách", "2025", None, 12_000_000, 12_000_000, 12_000_000],
                        ["Năm ngân sách", "2026", None, 6_000_000, 6_000_000, 6_000_000],
                        ["Năm ngân sách", "2027", None, 18_000_000, 0, 0],
                        ["Năm ngân sách", "Cộng", None, 36_000_000, 18_000_000, 18_000_000]]
    assert ["Nhóm dịch vụ", "Hạ tầng", 1, 18_000_000, 18_000_000, 18_000_000] in body
    assert ["Trạng thái", "Đã chấm dứt", 1, None, None, None] in body
    text = client.get("/contracts/dashboard/export.csv").get_data(as_text=True)
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[1] == ["Năm ngân sách", "2025", "", "12000000", "12000000", "12000000"]


def test_vendors_may_not_download_a_dashboard(client, login, world, make_user):
    login(make_user("vendor_staff"))
    assert client.get("/contracts/dashboard/export.xlsx").status_code == 403
