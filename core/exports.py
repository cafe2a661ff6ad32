"""Lists and tables as downloads: an .xlsx workbook (openpyxl, write-only) or a streamed CSV.

A download is described once, as columns, and written in either format:

    COLUMNS = [Column(_l("Số hợp đồng"), lambda c: c.number),
               Column(_l("Giá trị (đồng)"), lambda c: c.total, "vnd"),
               Column(_l("Ngày ký"), lambda c: c.signed_on, "date")]
    return export_response(fmt, "hop-dong", _("Hợp đồng"), COLUMNS, rows)

Kinds of column and how each format writes them:

| kind     | value given          | .xlsx cell (number format)      | CSV (open data)  |
|----------|----------------------|---------------------------------|------------------|
| text     | str (or anything)    | text, never a formula           | text             |
| vnd      | int, whole đồng      | number `#,##0`                  | 1250000          |
| int      | int                  | number `0`                      | 12               |
| decimal  | Decimal/float        | number `#,##0.######`           | 1.5              |
| percent  | fraction (0.1 = 10%) | number `0.##%`                  | 0.1              |
| date     | date                 | date `dd/mm/yyyy`               | 2026-02-05 (ISO) |
| datetime | stored naive UTC     | Vietnam time `dd/mm/yyyy hh:mm` | 2026-02-05 09:30 |

Đồng use the format `#,##0`: Excel and LibreOffice show it with the reader's own thousands
separator (1.250.000 on a Vietnamese system), and the cell stays a number that sums. CSV is
for machines (open data): plain integers, ISO dates, a UTF-8 byte-order mark so that Excel
opens the Vietnamese headers right.

Large lists: a CSV of more than EXPORT_STREAM_FROM_ROWS rows (1,000 by default) streams
(`list_rows` gives `stream_rows`, which runs the query inside the stream, in batches); a
shorter one is written at once. An .xlsx is built in memory in write-only mode, and a view
refuses one over `xlsx_row_limit()` rows (config EXPORT_XLSX_MAX_ROWS, 5,000 by default)
with `limit_message`, pointing to the CSV or to narrower filters:

    count = count_rows(query)
    if message := limit_message(fmt, count):
        flash(message, "warning")
        return redirect(url_for("...index", **request.args))
    return export_response(fmt, name, title, COLUMNS, list_rows(query, fmt, count),
                           stream=streams(fmt, count))
"""
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Sequence
from urllib.parse import quote

from flask import Response, current_app, stream_with_context
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from core.clock import in_vietnam
from extensions import db

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
DEFAULT_XLSX_MAX_ROWS = 5000
DEFAULT_STREAM_FROM = 1000
NUMBER_FORMATS = {"vnd": "#,##0", "int": "0", "decimal": "#,##0.######", "percent": "0.##%",
                  "date": "dd/mm/yyyy", "datetime": "dd/mm/yyyy hh:mm"}
KINDS = frozenset(NUMBER_FORMATS) | {"text"}
WIDTHS = {"vnd": 18, "int": 10, "decimal": 14, "percent": 10, "date": 12, "datetime": 17}
# A CSV cell starting with one of these is a formula to a spreadsheet: it gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767  # the most characters Excel keeps in a cell
SUM = object()  # in `totals`: the column's SUM formula over the data rows
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """One column: its (already translated or lazy) Vietnamese header, how a row gives its
    value, the kind of that value (see the module's table) and optionally its width in
    characters (by default from the kind, or the header's length for text)."""
    header: Any
    value: Callable[[Any], Any]
    kind: str = "text"
    width: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}")

    def cell_width(self) -> int:
        if self.width:
            return self.width
        return max(WIDTHS.get(self.kind, 14), min(len(str(self.header)) + 2, 50))


class stream_rows:  # noqa: N801  (used like a function: stream_rows(select))
    """The rows of a Select, queried only when iterated (inside a streamed response, after the
    view has returned) and fetched in batches. Load what the columns read with
    selectinload/joinedload on the select, or each row queries again."""

    def __init__(self, statement, batch: int = 500):
        self.statement, self.batch = statement, batch

    def __iter__(self):
        result = db.session.execute(self.statement.execution_options(yield_per=self.batch))
        return iter(result.scalars())


def in_batches(rows: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    """The rows `size` at a time, for what a list adds to each batch in one query."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- filenames ---------------------------------------------------------------------------

def ascii_filename(filename: str) -> str:
    """The filename without diacritics, for clients that ignore filename*: "hợp đồng.xlsx" ->
    "hop_dong.xlsx"."""
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "export"


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266/5987)."""
    return (f'attachment; filename="{ascii_filename(filename)}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")


# --- cell values -------------------------------------------------------------------------

def _clean_text(value: Any) -> str:
    """A text an .xlsx cell may hold: no control characters, at most Excel's 32,767."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]


def _vietnam_naive(value: datetime) -> datetime:
    return in_vietnam(value).replace(tzinfo=None)


def xlsx_value(kind: str, value: Any) -> Any:
    """The value an .xlsx cell of `kind` holds (None stays empty)."""
    if value is None or value == "":
        return None
    if kind == "text":
        return _clean_text(value)
    if kind == "datetime":
        return _vietnam_naive(value)
    if kind == "date" and isinstance(value, datetime):
        return _vietnam_naive(value).date()
    return value


def csv_value(kind: str, value: Any) -> str:
    """The text a CSV cell of `kind` holds."""
    if value is None:
        return ""
    if kind == "datetime":
        return _vietnam_naive(value).strftime("%Y-%m-%d %H:%M")
    if kind == "date":
        return (_vietnam_naive(value).date() if isinstance(value, datetime) else value).isoformat()
    if kind == "text":
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return str(value)


# --- .xlsx -------------------------------------------------------------------------------

def _cell(sheet, value: Any, *, kind: str = "text", bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xlsx_value(kind, value))
    if kind == "text" and cell.data_type == "f":
        cell.data_type = "s"  # a text beginning with "=" is shown, never computed
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    if bold:
        cell.font = BOLD
    return cell


def xlsx_bytes(sheet_title: str, columns: Sequence[Column], rows: Iterable[Any], *,
               totals: Sequence[Any] | None = None, heading_lines: Sequence[str] = ()) -> bytes:
    """The workbook as bytes: optional heading lines (the first bold), a blank row, the bold
    header row frozen (the pane just under it: 'A2' without heading lines), one row per row
    and an optional bold totals row. `totals` has one entry per column: None (empty), a value
    written with the column's kind (a label, a total the service computed) or `SUM` (the
    column's SUM formula)."""
    if totals is not None and len(totals) != len(columns):
        raise ValueError("totals needs one entry per column")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(sheet_title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.cell_width()
    header_row = len(heading_lines) + 2 if heading_lines else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for number, line in enumerate(heading_lines):
        sheet.append([_cell(sheet, line, bold=number == 0)])
    if heading_lines:
        sheet.append([])
    header_cells = [_cell(sheet, str(column.header), bold=True) for column in columns]
    for cell in header_cells:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, column.value(row), kind=column.kind) for column in columns])
        count += 1
    if totals is not None:
        sheet.append(_totals_cells(sheet, columns, totals, header_row + 1, header_row + count))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _totals_cells(sheet, columns, totals, first: int, last: int) -> list[WriteOnlyCell]:
    cells = []
    for index, (column, total) in enumerate(zip(columns, totals), start=1):
        if total is SUM:
            letter = get_column_letter(index)
            cell = WriteOnlyCell(sheet, value=f"=SUM({letter}{first}:{letter}{last})")
            cell.number_format = NUMBER_FORMATS.get(column.kind, "General")
            cell.font = BOLD
        else:
            kind = column.kind if isinstance(total, (int, float, date)) else "text"
            cell = _cell(sheet, total, kind=kind, bold=True)
        cells.append(cell)
    return cells


def _sheet_title(title: str) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\ ."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Sheet1"


def xlsx_response(filename: str, sheet_title: str, columns: Sequence[Column],
                  rows: Iterable[Any], *, totals: Sequence[Any] | None = None,
                  heading_lines: Sequence[str] = ()) -> Response:
    """The workbook of `xlsx_bytes` as a download named `filename` (with its .xlsx)."""
    body = xlsx_bytes(sheet_title, columns, rows, totals=totals, heading_lines=heading_lines)
    response = Response(body, mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- CSV ---------------------------------------------------------------------------------

def csv_lines(columns: Sequence[Column], rows: Iterable[Any]) -> Iterable[str]:
    """The CSV's text piece by piece: the byte-order mark and header, then one line a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([str(column.header) for column in columns])
    yield "\ufeff" + flush()
    for row in rows:
        writer.writerow([csv_value(column.kind, column.value(row)) for column in columns])
        yield flush()


def csv_response(filename: str, columns: Sequence[Column], rows: Iterable[Any], *,
                 stream: bool = False) -> Response:
    """A CSV download (UTF-8 with BOM, comma-separated, CRLF). With `stream`, the rows are
    written while the response is sent (stream_with_context): pass `stream_rows(select)`,
    never a live result, as the request's transaction has ended by then. Without, the body
    is written now (a short list: see `streams`)."""
    lines = csv_lines(columns, rows)
    body = stream_with_context(lines) if stream else "".join(lines)
    response = Response(body, mimetype=CSV_MIMETYPE)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- both --------------------------------------------------------------------------------

def export_response(fmt: str, name: str, sheet_title: str, columns: Sequence[Column],
                    rows: Iterable[Any], *, totals: Sequence[Any] | None = None,
                    heading_lines: Sequence[str] = (), stream: bool = False) -> Response:
    """`name`.xlsx or `name`.csv by `fmt` ("xlsx" or "csv"); a CSV has no totals or headings
    (one header line, then data: what open data expects) and streams with `stream`."""
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", sheet_title, columns, rows, totals=totals,
                             heading_lines=heading_lines)
    if fmt == "csv":
        return csv_response(f"{name}.csv", columns, rows, stream=stream)
    raise ValueError(f"Unknown export format {fmt!r}")


def streams(fmt: str, count: int) -> bool:
    """Whether a download of `count` rows streams: a CSV longer than the config's
    EXPORT_STREAM_FROM_ROWS (1,000 by default). A workbook never does (it is a zip)."""
    threshold = int(current_app.config.get("EXPORT_STREAM_FROM_ROWS", DEFAULT_STREAM_FROM))
    return fmt == "csv" and count > threshold


def list_rows(statement, fmt: str, count: int) -> Iterable[Any]:
    """A list's rows for its download: streamed from the database in batches when
    `streams(fmt, count)`, else loaded now."""
    if streams(fmt, count):
        return stream_rows(statement)
    return db.session.scalars(statement).unique().all()


def count_rows(statement) -> int:
    """How many rows a Select gives (its order dropped), to check `limit_message` first."""
    return db.session.scalar(select(func.count()).select_from(
        statement.order_by(None).subquery()))


def xlsx_row_limit() -> int:
    """The most rows an .xlsx download holds (config EXPORT_XLSX_MAX_ROWS)."""
    return int(current_app.config.get("EXPORT_XLSX_MAX_ROWS", DEFAULT_XLSX_MAX_ROWS))


def limit_message(fmt: str, count: int) -> str | None:
    """Why an .xlsx of `count` rows is refused, or None when it may be made (a CSV always)."""
    limit = xlsx_row_limit()
    if fmt != "xlsx" or count <= limit:
        return None
    return _("Danh sách có %(count)s dòng, nhiều hơn %(limit)s dòng một tệp Excel có thể "
             "chứa. Hãy lọc bớt hoặc tải CSV.", count=f"{count:,}".replace(",", "."),
             limit=f"{limit:,}".replace(",", "."))
