"""The contract list's export (the page's filters, the agency's rows only) and a contract's
payment schedule (the figures the contract page shows), as .xlsx and CSV."""
from datetime import date

from contracts.models.contract import Contract
from contracts.services import acceptance, terms
from core.money import format_vnd
from extensions import db
from tests.contracts.acceptance_helpers import accept_data, page
from tests.contracts.wizard_helpers import run_wizard
from tests.exports.helpers import column, csv_rows, values, workbook_sheet

VALUE = 330_000_000  # 2 virtual servers × 2.500.000 đồng × 60 months, VAT 10%
LIST_HEADERS = ["Số hợp đồng", "Tên hợp đồng", "Cơ quan (Bên A)", "Nhà cung cấp (Bên B)",
                "Mã số thuế nhà cung cấp", "Trạng thái", "Ngày hợp đồng", "Ngày ký",
                "Ngày bắt đầu", "Số tháng", "Ngày kết thúc",
                "Giá trị hợp đồng gồm thuế GTGT (đồng)"]


def second_draft(client, active) -> Contract:
    """Another contract of the same agency, a draft dated in 2025."""
    contract = run_wizard(client, active["contract"].offering)
    contract.contract_date = date(2025, 12, 1)
    contract.title = "Thuê dịch vụ thư điện tử"
    db.session.commit()
    return contract


def test_the_list_exports_every_contract_of_the_agency_with_typed_cells(client, active):
    draft = second_draft(client, active)
    signed = active["contract"]
    sheet = workbook_sheet(client.get("/contracts/export.xlsx"))
    assert sheet.freeze_panes == "A2"
    rows = values(sheet)
    assert rows[0] == LIST_HEADERS
    assert [row[1] for row in rows[1:]] == [draft.display_title, signed.display_title]
    number, title, agency, vendor, tax, state, on, signed_on, start, months, end, value = \
        rows[2]
    assert (number, state, months, value) == (signed.number, "Đang thực hiện", 60, VALUE)
    assert value == terms.of_contract(signed).total
    assert vendor == "Công ty Cổ phần Mây Số" and tax == signed.vendor.tax_code
    assert (on.date(), start.date(), end.date()) == (
        date(2026, 11, 20), date(2026, 9, 1), date(2031, 8, 31))
    assert sheet["L3"].number_format == "#,##0" and sheet["G3"].number_format == "dd/mm/yyyy"
    # As many rows as the page counts.
    assert "2 hợp đồng." in page(client, "/contracts/")


def test_the_filters_of_the_page_narrow_the_export_and_the_page_alike(client, active):
    draft = second_draft(client, active)
    signed = active["contract"]
    cases = {"group=running": [signed], "group=draft": [draft], "year=2025": [draft],
             "year=2026": [signed],  # the year of its number
             f"q={signed.number}": [signed], "q=thư điện tử": [draft],
             "q=may so": [draft, signed],  # the vendor's name, without diacritics
             "group=running&year=2025": []}
    for query, expected in cases.items():
        sheet = workbook_sheet(client.get(f"/contracts/export.xlsx?{query}"))
        assert column(sheet, "Tên hợp đồng") == [c.display_title for c in expected], query
        text = page(client, f"/contracts/?{query}")
        assert all(c.display_title in text for c in expected), query
        assert (draft.display_title in text) == (draft in expected), query


def test_the_page_links_to_its_export_keeping_its_filters(client, active):
    text = page(client, "/contracts/?group=running&year=2026&page=1")
    assert "/contracts/export.xlsx?group=running&amp;year=2026\"" in text
    assert "/contracts/export.csv?group=running&amp;year=2026\"" in text
    assert "Tải Excel (.xlsx)" in text and "Tải CSV" in text


def test_the_csv_is_open_data_with_a_bom_iso_dates_and_plain_amounts(client, active):
    signed = active["contract"]
    response = client.get("/contracts/export.csv?group=running")
    assert "filename*=UTF-8''hop-dong-2027-03-10.csv" in response.headers["Content-Disposition"]
    header, row = csv_rows(response)
    assert header == LIST_HEADERS
    assert row[0] == signed.number and row[6] == "2026-11-20" and row[11] == str(VALUE)


def test_another_agency_never_downloads_these_contracts(client, login, make_user, active):
    other = make_user("agency_staff")
    client.post("/accounts/logout")
    login(other)
    assert values(workbook_sheet(client.get("/contracts/export.xlsx"))) == [LIST_HEADERS]
    assert csv_rows(client.get("/contracts/export.csv")) == [LIST_HEADERS]
    contract = active["contract"]
    assert client.get(f"/contracts/{contract.id}/schedule.xlsx").status_code == 404
    assert client.get(f"/contracts/{contract.id}/schedule.csv").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, active):
    client.post("/accounts/logout")
    for url in ("/contracts/export.xlsx", "/contracts/export.csv",
                f"/contracts/{active['contract'].id}/schedule.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def test_a_workbook_over_the_limit_sends_back_to_the_filtered_page(app, client, active):
    second_draft(client, active)
    app.config["EXPORT_XLSX_MAX_ROWS"] = 1
    response = client.get("/contracts/export.xlsx?year=2025")
    assert response.status_code == 200  # one row: within the limit
    response = client.get("/contracts/export.xlsx?q=may+so")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/contracts/?q=may+so")
    assert "nhiều hơn 1 dòng một tệp Excel" in page(client, response.headers["Location"])
    assert len(csv_rows(client.get("/contracts/export.csv?q=may+so"))) == 3  # a CSV streams


def test_the_schedule_holds_each_period_and_the_page_totals(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    client.post(f"/contracts/{contract.id}/acceptance/1/payments",
                data={"amount": "10000000", "paid_on": "2026-12-20", "reference": "UNC 1"})
    sheet = workbook_sheet(client.get(f"/contracts/{contract.id}/schedule.xlsx"))
    rows = values(sheet)
    assert rows[0][0] == f"Lịch thanh toán hợp đồng {contract.display_title}"
    assert rows[1][0] == f"Số hợp đồng: {contract.number}"
    assert sheet.freeze_panes == "A7" and rows[5][:6] == [
        "Kỳ", "Nội dung", "Từ ngày", "Đến ngày", "Hạn nghiệm thu", "Trước thuế (đồng)"]
    header = rows[5]
    assert "Thuế GTGT 10% (đồng)" in header
    periods, total = rows[6:-1], dict(zip(header, rows[-1]))
    assert len(periods) == 20
    first = dict(zip(header, periods[0]))
    assert (first["Kỳ"], first["Nội dung"], first["Đến ngày"].date(), first["Cộng (đồng)"],
            first["Ngày nghiệm thu"].date(), first["Nghiệm thu (đồng)"],
            first["Giảm trừ (đồng)"], first["Đã thanh toán (đồng)"]) == (
        1, "Quý 1", date(2026, 11, 30), 16_500_000, date(2026, 12, 5), 15_000_000,
        1_500_000, 10_000_000)
    assert first["Tình trạng"] == "Đã nghiệm thu 05/12/2026"
    second = dict(zip(header, periods[1]))
    assert second["Tình trạng"] == "Quá hạn nghiệm thu 10 ngày"  # due 28/02/2027
    assert second["Nghiệm thu (đồng)"] is None
    summary = acceptance.schedule_summary(contract)
    assert (total["Kỳ"], total["Trước thuế (đồng)"], total["Thuế GTGT (đồng)"],
            total["Cộng (đồng)"], total["Nghiệm thu (đồng)"], total["Giảm trừ (đồng)"],
            total["Đã thanh toán (đồng)"]) == (
        "Cộng", 300_000_000, 30_000_000, summary["total"], summary["accepted"],
        summary["deductions"], summary["paid"])
    assert (summary["total"], summary["accepted"], summary["paid"]) == (
        VALUE, 15_000_000, 10_000_000)
    text = page(client, f"/contracts/{contract.id}")
    assert all(format_vnd(v) in text for v in (VALUE, 15_000_000, 1_500_000, 10_000_000))
    cell = sheet.cell(row=7, column=header.index("Cộng (đồng)") + 1)
    assert cell.number_format == "#,##0"


def test_the_schedule_as_csv_has_one_line_a_period(client, active):
    contract = active["contract"]
    rows = csv_rows(client.get(f"/contracts/{contract.id}/schedule.csv"))
    assert rows[0][0] == "Kỳ" and len(rows) == 21
    assert rows[1][:5] == ["1", "Quý 1", "2026-09-01", "2026-11-30", "2026-11-30"]


def test_the_vendor_downloads_the_schedule_of_its_contract(client, login, active):
    client.post("/accounts/logout")
    login(active["vendor"])
    contract = active["contract"]
    assert len(csv_rows(client.get(f"/contracts/{contract.id}/schedule.csv"))) == 21
    assert column(workbook_sheet(client.get("/contracts/export.xlsx")),
                  "Số hợp đồng") == [contract.number]


def test_a_long_csv_streams_the_same_rows_from_the_database(app, client, active):
    second_draft(client, active)
    short = client.get("/contracts/export.csv")
    assert "Content-Length" in short.headers  # written at once
    app.config["EXPORT_STREAM_FROM_ROWS"] = 1
    long = client.get("/contracts/export.csv")
    assert "Content-Length" not in long.headers  # streamed
    assert csv_rows(long) == csv_rows(short) and len(csv_rows(short)) == 3
