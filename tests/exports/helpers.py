"""Reopening a download as its reader would: an .xlsx with openpyxl, a CSV with csv."""
import csv
import io

from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_sheet(response):
    """The one sheet of an .xlsx download (checked to be one)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    book = load_workbook(io.BytesIO(response.data))
    [sheet] = book.worksheets
    return sheet


def values(sheet) -> list[list]:
    """Every row's values, top to bottom."""
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def column(sheet, header: str, header_row: int = 1) -> list:
    """The values under one header, the totals row included when there is one."""
    rows = values(sheet)
    index = rows[header_row - 1].index(header)
    return [row[index] for row in rows[header_row:]]


def csv_rows(response) -> list[list[str]]:
    """A CSV download parsed, its byte-order mark checked and removed."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Vietnamese right
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:])))
