"""core.exports on its own: cell kinds and formats, the frozen header, totals, the CSV's
byte-order mark and quoting, filenames and the row limit of a workbook."""
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import (SUM, Column, content_disposition, csv_lines, limit_message,
                          xlsx_bytes, xlsx_response)

COLUMNS = [Column("Tên đơn vị", lambda r: r["name"]),
           Column("Số tiền (đồng)", lambda r: r["amount"], "vnd"),
           Column("Ngày ký", lambda r: r["day"], "date"),
           Column("Ghi nhận lúc", lambda r: r["at"], "datetime"),
           Column("Tỷ lệ", lambda r: r["share"], "percent"),
           Column("Số kỳ", lambda r: r["count"], "int")]
ROWS = [{"name": "Sở Khoa học và Công nghệ", "amount": 1_250_000, "day": date(2026, 2, 5),
         "at": datetime(2026, 2, 5, 2, 30), "share": Decimal("0.1"), "count": 4},
        {"name": "=HYPERLINK(\"http://x\")", "amount": 750_000, "day": None, "at": None,
         "share": None, "count": None}]


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_a_workbook_has_a_bold_frozen_header_and_typed_formatted_cells():
    sheet = sheet_of(xlsx_bytes("Hợp đồng", COLUMNS, ROWS))
    assert sheet.title == "Hợp đồng" and sheet.freeze_panes == "A2"
    header = [cell for cell in sheet[1]]
    assert [c.value for c in header] == [c.header for c in COLUMNS]
    assert all(c.font.b for c in header)
    name, amount, day, at, share, count = sheet[2]
    assert (amount.value, amount.number_format) == (1_250_000, "#,##0")
    assert (day.value.date(), day.number_format) == (date(2026, 2, 5), "dd/mm/yyyy")
    # A stored UTC timestamp is written as the time in Vietnam (UTC+7).
    assert (at.value, at.number_format) == (datetime(2026, 2, 5, 9, 30), "dd/mm/yyyy hh:mm")
    assert (share.value, share.number_format) == (0.1, "0.##%")
    assert (count.value, count.number_format) == (4, "0")
    assert sheet.column_dimensions["B"].width == 18


def test_a_text_that_looks_like_a_formula_stays_text():
    sheet = sheet_of(xlsx_bytes("x", COLUMNS, ROWS))
    cell = sheet["A3"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    assert sheet["B3"].value == 750_000 and sheet["C3"].value is None


def test_totals_are_written_as_given_or_as_a_sum_formula():
    given = sheet_of(xlsx_bytes("x", COLUMNS, ROWS, totals=["Cộng", 2_000_000, None, None,
                                                            None, 4]))
    assert [c.value for c in given[4]] == ["Cộng", 2_000_000, None, None, None, 4]
    assert given["B4"].number_format == "#,##0" and given["A4"].font.b
    summed = sheet_of(xlsx_bytes("x", COLUMNS, ROWS, totals=["Cộng", SUM, None, None, None,
                                                             None]))
    assert summed["B4"].value == "=SUM(B2:B3)"
    with pytest.raises(ValueError):
        xlsx_bytes("x", COLUMNS, ROWS, totals=["Cộng"])


def test_heading_lines_sit_above_the_header_and_the_pane_freezes_below_it():
    sheet = sheet_of(xlsx_bytes("x", COLUMNS, ROWS, heading_lines=["Lịch thanh toán", "Bên A"]))
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value, sheet["A4"].value] == [
        "Lịch thanh toán", "Bên A", None, "Tên đơn vị"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A5"


def test_a_sheet_title_excel_refuses_is_made_acceptable():
    sheet = sheet_of(xlsx_bytes("Kỳ 1/2026: [dự kiến]*" * 3, COLUMNS, []))
    assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")


def test_control_characters_are_dropped_and_long_texts_cut_to_what_excel_keeps():
    rows = [dict(ROWS[0], name="a\x01b" + "x" * 40_000)]
    cell = sheet_of(xlsx_bytes("x", COLUMNS, rows))["A2"]
    assert cell.value.startswith("abx") and len(cell.value) == 32_767


def test_a_csv_has_a_bom_iso_dates_plain_numbers_and_no_formula():
    text = "".join(csv_lines(COLUMNS, ROWS))
    assert text.startswith("\ufeffTên đơn vị,Số tiền (đồng),Ngày ký,")
    lines = text[1:].split("\r\n")
    assert lines[1] == "Sở Khoa học và Công nghệ,1250000,2026-02-05,2026-02-05 09:30,0.1,4"
    assert lines[2] == "\"'=HYPERLINK(\"\"http://x\"\")\",750000,,,,"


def test_a_download_names_its_file_in_ascii_and_in_utf8(app):
    header = content_disposition("Hợp đồng số 01/2026 – Đà Nẵng.xlsx")
    assert header == ("attachment; filename=\"Hop_dong_so_01_2026_Da_Nang.xlsx\"; "
                      "filename*=UTF-8''H%E1%BB%A3p%20%C4%91%E1%BB%93ng%20s%E1%BB%91%2001%2F2026"
                      "%20%E2%80%93%20%C4%90%C3%A0%20N%E1%BA%B5ng.xlsx")
    with app.test_request_context():
        response = xlsx_response("Lịch.xlsx", "x", COLUMNS, ROWS)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="Lich.xlsx"')
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_workbook_over_the_limit_is_refused_with_a_reason_a_csv_never(app):
    app.config["EXPORT_XLSX_MAX_ROWS"] = 10
    with app.test_request_context():
        assert limit_message("xlsx", 10) is None and limit_message("csv", 10_000) is None
        assert limit_message("xlsx", 12_345) == (
            "Danh sách có 12.345 dòng, nhiều hơn 10 dòng một tệp Excel có thể chứa. "
            "Hãy lọc bớt hoặc tải CSV.")


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        Column("x", lambda r: r, "money")
