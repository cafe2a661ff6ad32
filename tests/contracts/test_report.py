"""The national lease report, /contracts/report: public, signed contracts only; its totals equal
independent SQL sums and the figures worked out by hand (tests/contracts/report_world.py);
charts whose tooltips hold the figures of their tables; filters, groups and pages; the
downloads reopened; the API's figures are the page's; the figures are kept a few minutes."""
import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import openpyxl
import pytest
from sqlalchemy import text

from core.money import format_vnd
from extensions import db
from tests.contracts import report_world
from tests.contracts.report_world import TODAY

SVG = "{http://www.w3.org/2000/svg}"
SIGNED = "('signed', 'active', 'expired', 'terminated')"


@pytest.fixture
def world(app, on_day, make_user, make_vendor, make_offering):
    on_day(TODAY)
    return report_world.build(make_user, make_vendor, make_offering)


class Tables(HTMLParser):
    """The cells' text of every table with an id, row by row."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id"):
            self.current = self.tables.setdefault(dict(attrs)["id"], [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def get(client, url="/contracts/report") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return response.get_data(as_text=True)


def chart_tips(html: str, figure: str) -> list[str]:
    """The tooltips of the bars of the chart in figure `figure`."""
    start = html.index(f'id="{figure}"')
    svg = html[html.index("<svg", start):html.index("</svg>", start) + 6]
    return [rect.find(f"{SVG}title").text for rect in ET.fromstring(svg).iter(f"{SVG}rect")
            if rect.find(f"{SVG}title") is not None]


def sql_sum(query: str) -> int:
    return int(db.session.execute(text(query)).scalar() or 0)


def independent_totals() -> list[str]:
    """The totals summed straight from the tables, in SQL written here (VAT rounded half up
    per line), as the page writes them."""
    count = sql_sum(f"SELECT COUNT(*) FROM contracts WHERE status IN {SIGNED}")
    amount = "l.unit_price * l.quantity * l.months"
    value = sql_sum(
        f"SELECT SUM({amount} + ({amount} * CASE l.vat_rate WHEN '10' THEN 10 WHEN '8' THEN 8 "
        "WHEN '5' THEN 5 ELSE 0 END + 50) / 100) FROM contract_lines l JOIN contracts c ON "
        "c.id = l.contract_id WHERE c.status IN ('signed', 'active', 'expired')")
    value += sql_sum("SELECT SUM(r.period_amount) FROM acceptance_records r JOIN contracts c "
                     "ON c.id = r.contract_id WHERE c.status = 'terminated'")
    accepted = sql_sum("SELECT SUM(r.accepted_amount) FROM acceptance_records r JOIN contracts "
                       f"c ON c.id = r.contract_id WHERE c.status IN {SIGNED}")
    paid = sql_sum("SELECT SUM(p.amount) FROM payment_records p JOIN contracts c ON c.id = "
                   f"p.contract_id WHERE c.status IN {SIGNED}")
    return [format_vnd(count), *(f"{format_vnd(v)} đồng" for v in (value, accepted, paid))]


def totals_shown(html: str) -> list[str]:
    return re.findall(r"<dt>[^<]+</dt><dd>([^<]+)</dd>", html)[:4]


def test_the_totals_are_the_sums_of_the_signed_contracts(client, world):
    html = get(client)  # no login: the report is public
    # 4 signed; 132 + 60 + 18 (accepted before the termination) + 18 million committed;
    # 32 + 60 + 18 million accepted, 20 + 60 + 18 million paid. Drafts and reviews count not.
    assert totals_shown(html) == ["4", "228.000.000 đồng", "110.000.000 đồng",
                                  "98.000.000 đồng"]
    assert totals_shown(html) == independent_totals()
    assert "99.000.000" not in html


def test_each_year_holds_what_is_due_in_it_and_its_chart_the_same_figures(client, world):
    html = get(client)
    rows = Tables(html).tables["years-table"]
    assert rows[0] == ["Năm", "Số hợp đồng ký", "Giá trị hợp đồng (đồng)",
                       "Đã nghiệm thu (đồng)", "Đã thanh toán (đồng)"]
    assert rows[1:] == [
        ["2024", "1", "0", "0", "0"],  # the expired lease was signed on 22/12/2024
        ["2025", "1", "72.000.000", "72.000.000", "72.000.000"],
        ["2026", "2", "39.000.000", "38.000.000", "26.000.000"],
        ["2027", "0", "117.000.000", "0", "0"],
        ["Cộng", "4", "228.000.000", "110.000.000", "98.000.000"]]
    tips = chart_tips(html, "years-figure")
    series = ("Giá trị hợp đồng", "Đã nghiệm thu", "Đã thanh toán")
    assert tips == [f"{row[0]} – {name}: {amount} đồng" for row in rows[1:-1]
                    for name, amount in zip(series, row[2:])]


def test_states_and_service_groups_have_their_charts_and_tables(client, world):
    html = get(client)
    tables = Tables(html).tables
    assert tables["states-table"][1:] == [["Đã ký", "1"], ["Đang thực hiện", "1"],
                                          ["Đã hết hạn", "1"], ["Đã chấm dứt", "1"]]
    assert chart_tips(html, "states-figure") == [f"{s}: {n}" for s, n in
                                                 tables["states-table"][1:]]
    # Hạ tầng: 132 + 18 (terminated) million; phần mềm: 60 + 18 million.
    assert [row[1:] for row in tables["categories-table"][1:]] == [
        ["Hạ tầng", "2", "150.000.000", "50.000.000", "38.000.000"],
        ["Phần mềm dịch vụ", "2", "78.000.000", "60.000.000", "60.000.000"]]
    assert chart_tips(html, "categories-figure") == [
        "Hạ tầng: 150.000.000 đồng", "Phần mềm dịch vụ: 78.000.000 đồng"]


def test_the_page_has_no_inline_style_or_script(client, world):
    html = get(client)
    assert not re.search(r"<[^>]+\sstyle=", html) and "<style" not in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="report-years-title '
                     r'report-years-desc"', html)


def test_groups_link_to_the_report_narrowed_to_them(client, world):
    tables = Tables(get(client, "/contracts/report?by=province")).tables
    assert [row[1:] for row in tables["groups-table"][1:]] == [
        ["Hà Nội", "2", "192.000.000", "92.000.000", "80.000.000"],
        ["Thái Nguyên", "2", "36.000.000", "18.000.000", "18.000.000"]]
    html = get(client, "/contracts/report?by=province&province=ha-noi")
    assert totals_shown(html) == ["2", "192.000.000 đồng", "92.000.000 đồng",
                                  "80.000.000 đồng"]
    assert 'href="/contracts/report?by=agency&amp;province=ha-noi#groups"' in get(client)
    vendors = Tables(get(client, "/contracts/report?by=vendor&category=PM")).tables
    assert [row[1] for row in vendors["groups-table"][1:]] == ["Công ty TNHH Phần mềm Sông Hồng"]
    html = get(client, f"/contracts/report?vendor={world.cloud_vendor.tax_code}&by=agency")
    assert totals_shown(html)[1] == "150.000.000 đồng"
    assert [row[1] for row in Tables(html).tables["groups-table"][1:]] == [
        "Sở Khoa học và Công nghệ Hà Nội", "Sở Khoa học và Công nghệ Thái Nguyên"]
    html = get(client, f"/contracts/report?agency={world.b.organisation_id}")
    assert totals_shown(html) == ["2", "36.000.000 đồng", "18.000.000 đồng", "18.000.000 đồng"]
    assert "Cơ quan: Sở Khoa học và Công nghệ Thái Nguyên" in html


def test_years_narrow_the_count_by_signing_and_the_money_by_due_date(client, world):
    html = get(client, "/contracts/report?from=2026&to=2027")
    assert [r[0] for r in Tables(html).tables["years-table"][1:]] == ["2026", "2027", "Cộng"]
    assert totals_shown(html) == ["2", "156.000.000 đồng", "38.000.000 đồng",
                                  "26.000.000 đồng"]
    assert "Không có hợp đồng đã ký nào khớp bộ lọc." in get(
        client, "/contracts/report?province=khong-co-tinh-nay")


def test_agencies_come_a_page_at_a_time(app, client, world):
    app.config["PER_PAGE"] = 1
    first = get(client, "/contracts/report?by=agency")
    assert [r[1] for r in Tables(first).tables["groups-table"][1:]] == [
        "Sở Khoa học và Công nghệ Hà Nội"]
    assert "Trang 1 / 2" in first
    second = get(client, "/contracts/report?by=agency&page=2")
    assert Tables(second).tables["groups-table"][1][:2] == [
        "2", "Sở Khoa học và Công nghệ Thái Nguyên"]


def test_the_downloads_hold_the_tables(client, world):
    response = client.get("/contracts/report/export.xlsx?by=province&from=2025")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Báo cáo thuê dịch vụ công nghệ thông tin"
    assert values[1][0] == "Năm 2025 – …"
    header = values.index(["Tỉnh, thành phố", "Mã tỉnh, thành phố", "Số hợp đồng ký",
                           "Giá trị hợp đồng (đồng)", "Đã nghiệm thu (đồng)",
                           "Đã thanh toán (đồng)"])
    assert values[header + 1:] == [
        ["Hà Nội", "ha-noi", 1, 192_000_000, 92_000_000, 80_000_000],
        ["Thái Nguyên", "thai-nguyen", 2, 36_000_000, 18_000_000, 18_000_000],
        ["Cộng", None, 3, 228_000_000, 110_000_000, 98_000_000]]
    body = client.get("/contracts/report/export.csv?by=year").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[1:] == [["2024", "1", "0", "0", "0"], ["2025", "1", "72000000", "72000000",
                                                       "72000000"],
                        ["2026", "2", "39000000", "38000000", "26000000"],
                        ["2027", "0", "117000000", "0", "0"]]


def test_the_api_gives_the_figures_of_the_page(client, world):
    body = client.get("/api/v1/report?by=province").get_json()
    assert body["totals"] == {"contracts": 4, "committed": 228_000_000,
                              "accepted": 110_000_000, "paid": 98_000_000}
    assert [(i["key"], i["name"], i["committed"]) for i in body["items"]] == [
        ("ha-noi", "Hà Nội", 192_000_000), ("thai-nguyen", "Thái Nguyên", 36_000_000)]
    years = client.get("/api/v1/report?from=2026&per_page=1&page=2").get_json()
    assert (years["by"], years["total"], years["items"]) == ("year", 2, [
        {"key": "2027", "name": "2027", "contracts": 0, "committed": 117_000_000,
         "accepted": 0, "paid": 0}])
    vendor = client.get(f"/api/v1/report?by=agency&vendor={world.soft_vendor.tax_code}")
    assert vendor.get_json()["totals"]["committed"] == 78_000_000
    nowhere = client.get("/api/v1/report?province=khong-co-tinh-nay").get_json()
    assert nowhere["items"] == [] and nowhere["totals"]["contracts"] == 0


@pytest.mark.parametrize("query, parameter", [
    ("by=tinh", "by"), ("from=1999", "from"), ("to=abc", "to"), ("from=2025&from=2026", "from"),
    ("province=Ha Noi", "province"), ("category=1", "category"), ("vendor=123", "vendor"),
    ("agency=0", "agency"), ("page=0", "page"), ("per_page=101", "per_page")])
def test_the_api_refuses_malformed_parameters(client, query, parameter):
    response = client.get(f"/api/v1/report?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_the_public_figures_are_kept_for_a_few_minutes(app, client, world, make_offering):
    before = totals_shown(get(client))
    report_world.lease(world.a, world.cloud, "active", start=TODAY, months=1, price=1_000_000)
    assert totals_shown(get(client)) == before  # computed at most every 5 minutes
    app.config["REPORT_CACHE_SECONDS"] = 0
    assert totals_shown(get(client))[:2] == ["5", "229.000.000 đồng"]
