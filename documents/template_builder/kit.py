"""python-docx helpers for the templates: page, fonts, paragraphs, tables, signatures."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(12)
TABLE_STYLE = "Bảng - nội dung"
TEXT_WIDTH_MM = 210 - 30 - 15
# Fixed timestamps: rebuilding unchanged templates gives byte-identical files, so git shows
# a template as changed only when its content changed.
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}

Container = DocumentObject | _Cell


def _set_fonts(r_pr) -> None:
    """Name Times New Roman for every script, East Asian included, and drop theme fonts."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    # A theme font attribute would win over the explicit name in Word.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def new_document(title: str, marker: str) -> DocumentObject:
    """An A4 document with Decree 30/2020 margins, Times New Roman 13 pt, justified text."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    _set_fonts(defaults.find(qn("w:rPr")))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr())
    r_pr = normal.element.get_or_add_rPr()
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)  # w:lang is the last child python-docx writes in w:rPr
    language.set(qn("w:val"), "vi-VN")
    language.set(qn("w:eastAsia"), "vi-VN")
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.1

    cell_style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    cell_style.font.size = TABLE_SIZE
    cell_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell_style.paragraph_format.space_after = Pt(2)
    cell_style.paragraph_format.first_line_indent = Mm(0)

    # Justified lines ending in a manual line break (the `lines` filter) stay unstretched.
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        doc.settings.element.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))

    props = doc.core_properties
    props.title, props.comments, props.author = title, marker, "Thuê DV CNTT"
    props.subject, props.language, props.keywords = "", "vi-VN", ""
    props.last_modified_by, props.revision = "Thuê DV CNTT", 1
    props.created = props.modified = FIXED_TIME
    # python-docx ships a thumbnail of its own blank page; it would misrepresent ours.
    rels = doc.part.package.rels
    for rel_id in [k for k, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        del rels[rel_id]
    return doc


def add_runs(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
             underline: bool = False, size: Pt | None = None) -> Paragraph:
    """Add text where **...** marks bold spans; each Jinja tag stays inside one run."""
    for index, piece in enumerate(re.split(r"\*\*", text)):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = bold or index % 2 == 1 or None
        run.italic = italic or None
        run.underline = underline or None
        if size is not None:
            run.font.size = size
    return paragraph


def para(container: Container, text: str = "", *, align: str = "justify", bold: bool = False,
         italic: bool = False, underline: bool = False, size: Pt | None = None,
         indent: bool = True, keep_next: bool = False, after: Pt | None = None,
         style: str | None = None) -> Paragraph:
    """A paragraph; body text gets a 10 mm first-line indent as in administrative documents."""
    paragraph = container.add_paragraph(style=style)
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGN[align]
    if indent and align == "justify":
        fmt.first_line_indent = Mm(10)
    if keep_next:
        fmt.keep_with_next = True
    if after is not None:
        fmt.space_after = after
    return add_runs(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)


def tag(container: Container, text: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph tag such as {%p for x in xs %}."""
    paragraph = container.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Mm(0)
    return paragraph


def first_paragraph(cell: _Cell, text: str, **options) -> Paragraph:
    """Write into a cell's existing empty paragraph instead of leaving a blank line."""
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[options.pop("style", TABLE_STYLE)]
    paragraph.paragraph_format.alignment = ALIGN[options.pop("align", "left")]
    return add_runs(paragraph, text, **options)


def national_header(container: Container, *, size: Pt | None = None) -> None:
    """The national motto, centred: bold caps line, then the bold underlined motto."""
    para(container, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True,
         size=size, after=Pt(0))
    para(container, "Độc lập - Tự do - Hạnh phúc", align="center", bold=True, underline=True,
         size=size, after=Pt(6))


def place_date(container: Container, align: str = "right") -> Paragraph:
    """The italic place and date line, dated by the date_vn filter."""
    return para(container, "{{ document.place }}, {{ document.date|date_vn }}", align=align,
                italic=True)


def table(container: Container, widths_mm: list[float], *, grid: bool = True) -> Table:
    """A fixed-width table, bordered (Table Grid) or borderless, with no rows yet."""
    tbl = container.add_table(rows=0, cols=len(widths_mm))
    if grid:
        tbl.style = "Table Grid"
    # Narrow cell padding (1 mm) so amounts like 1.250.000.000 and the national motto fit
    # on one line.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl._tbl.tblPr.append(margins)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    for column, width in zip(tbl.columns, widths_mm):
        column.width = Mm(width)
    tbl._widths = widths_mm  # reused by add_row for each new row's cells
    return tbl


def add_row(tbl: Table, cells: list[str], *, bold: bool = False, aligns: str | None = None,
            merge_to: int | None = None, header: bool = False,
            size: Pt | None = None) -> list[_Cell]:
    """Add a row; `aligns` is one letter per cell (l, c, r, j); `merge_to` merges 0..n."""
    row = tbl.add_row()
    for cell, width in zip(row.cells, tbl._widths):
        cell.width = Mm(width)
    if header:
        # Repeat the header row on every page the table spans.
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    targets = list(row.cells)
    if merge_to is not None:
        merged = targets[0].merge(targets[merge_to])
        targets = [merged] + targets[merge_to + 1:]
    letters = aligns or "l" * len(targets)
    names = {"l": "left", "c": "center", "r": "right", "j": "justify"}
    for cell, text, letter in zip(targets, cells, letters):
        first_paragraph(cell, text, bold=bold, align=names[letter], size=size)
    return targets


def tag_row(tbl: Table, text: str) -> None:
    """A row whose first cell holds a {%tr ... %} tag; docxtpl replaces the whole row."""
    row = tbl.add_row()
    first_paragraph(row.cells[0], text)


def signature_cell(cell: _Cell, heading: str, position: str, name: str) -> None:
    """One side of a signature block: heading, position, the signing note, space, name."""
    first_paragraph(cell, heading, bold=True, align="center")
    if position:
        para(cell, position, align="center", bold=True, style=TABLE_STYLE, after=Pt(0))
    para(cell, "(Ký, ghi rõ họ tên, đóng dấu)", align="center", italic=True, style=TABLE_STYLE)
    for _ in range(4):
        para(cell, "", style=TABLE_STYLE)
    para(cell, name, align="center", bold=True, style=TABLE_STYLE)


def footer(doc: DocumentObject, text: str) -> None:
    """A small centred footer: some text, then "Trang" and the page number field."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    add_runs(paragraph, f"{text} – Trang ", size=Pt(10))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = "1"
    run.append(text_element)
    field.append(run)
    paragraph._p.append(field)


def to_bytes(doc: DocumentObject) -> bytes:
    """Save the document with fixed zip timestamps so identical content gives identical bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            copy.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(copy, source.read(info))
    return out.getvalue()


def levels_table(doc: DocumentObject, source: str, header: list[str]) -> None:
    """A table of service levels from the context list `source`: number, name, target and how
    it is measured (contracts, amendments and plans print the same table)."""
    table_ = table(doc, [12, 50, 43, 60])
    add_row(table_, header, bold=True, aligns="cccc", header=True)
    tag_row(table_, "{%tr for level in " + source + " %}")
    add_row(table_, ["{{ loop.index }}", "{{ level.name }}", "{{ level.target|lines }}",
                     "{{ level.measure|lines }}"], aligns="clll")
    tag_row(table_, "{%tr endfor %}")
    para(doc, "", after=Pt(0))
