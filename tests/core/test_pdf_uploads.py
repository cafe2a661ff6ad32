"""core.pdf.pdf_problem: an upload is a PDF that pypdf parses strictly, with nothing after its
last %%EOF and nothing that runs by itself; real PDFs (pypdf's writer, incremental updates,
LibreOffice) pass. The PDFs are built here with pypdf, or byte by byte to hide what a writer
would not write."""
import io
import shutil
import zipfile

import pytest
from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, NumberObject,
                           TextStringObject)

from core.pdf import pdf_problem
from tests.helpers import MINIMAL_PDF, pdf_by_hand

NOT_A_PDF = "Tệp tải lên không phải là PDF hợp lệ:"
APPENDED = "Tệp PDF có dữ liệu lạ nối thêm sau phần kết thúc (%%EOF)"
ACTIVE = "Tệp PDF chứa nội dung có thể tự thực thi (JavaScript/tệp đính kèm…)"
ENCRYPTED = "Tệp PDF được đặt mật khẩu"


def name(value: str) -> NameObject:
    return NameObject(value)


def written(change=None, pages: int = 1) -> bytes:
    """A PDF of `pages` blank A4 pages written by pypdf, after `change(writer)`."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


by_hand = pdf_by_hand  # the other upload tests import it from here


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.html", "<script>alert(1)</script>")
    return out.getvalue()


def incremental_update(data: bytes, title: str = "Hợp đồng đã ký") -> bytes:
    """`data` with one incremental update appended by pypdf (a new title), as a signing tool
    appends its signature."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- real PDFs pass ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    MINIMAL_PDF, written(), written(pages=3), MINIMAL_PDF + b"\r\n\x00\x00  \n",
    by_hand(CATALOG, PAGES, PAGE),
], ids=["helpers-minimal", "pypdf", "three-pages", "whitespace-after-eof", "by-hand"])
def test_a_plain_pdf_passes(data):
    assert pdf_problem(data) is None
    assert pdf_problem(data, 1024 * 1024, "văn bản đã ký") is None


def test_an_incremental_update_with_several_eof_markers_passes():
    once = incremental_update(written())
    twice = incremental_update(once, "Phụ lục đã ký")
    assert once.count(b"%%EOF") == 2 and twice.count(b"%%EOF") == 3
    assert pdf_problem(once) is None and pdf_problem(twice) is None


@pytest.mark.parametrize("open_at", [
    lambda writer: ArrayObject([writer.pages[0].indirect_reference, name("/Fit")]),
    lambda writer: writer._add_object(ArrayObject([writer.pages[0].indirect_reference,
                                                   name("/FitH"), NumberObject(842)])),
    lambda writer: DictionaryObject({
        name("/S"): name("/GoTo"),
        name("/D"): ArrayObject([writer.pages[0].indirect_reference, name("/Fit")])}),
], ids=["destination", "indirect-destination", "goto-action"])
def test_links_to_a_page_or_a_web_address_and_opening_at_a_page_are_not_active(open_at):
    def links(writer):
        writer._root_object[name("/OpenAction")] = open_at(writer)
        writer.add_annotation(0, DictionaryObject({
            name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"),
            name("/Rect"): ArrayObject([NumberObject(n) for n in (50, 50, 200, 70)]),
            name("/A"): DictionaryObject({name("/S"): name("/URI"),
                                          name("/URI"): TextStringObject("https://thuedv.vn")})}))

    assert pdf_problem(written(links)) is None


def test_a_pdf_encrypted_with_an_empty_user_password_is_read_and_passes():
    assert pdf_problem(written(lambda w: w.encrypt("", "mat-khau-chu", algorithm="AES-128"))) \
        is None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_pdf_converted_by_libreoffice_passes():
    from docx import Document

    from documents.pdf import docx_to_pdf

    document = Document()
    document.add_heading("HỢP ĐỒNG THUÊ DỊCH VỤ CÔNG NGHỆ THÔNG TIN", 1)
    document.add_paragraph("Điều 1. Bên A thuê của Bên B dịch vụ điện toán đám mây.")
    out = io.BytesIO()
    document.save(out)
    data = docx_to_pdf(out.getvalue())
    assert pdf_problem(data) is None
    assert pdf_problem(incremental_update(data)) is None


# --- fakes are refused --------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n",
    b"%PDF-1.7\n%%EOF",
    b"%PDF-1.4\n" + MINIMAL_PDF[9:].replace(b"startxref\n203", b"startxref\n150"),
    MINIMAL_PDF.replace(b"/Type /Catalog /Pages 2 0 R", b"/Type /Catalog /Pages 9 0 R"),
    by_hand(CATALOG, PAGES, PAGE.replace(b"/Resources", b"/Contents 4 0 R /Resources"),
            b"(du lieu khong phai luong)"),
], ids=["html-in-pdf-markers", "markers-only", "wrong-xref-offset", "no-page-tree",
        "contents-not-a-stream"])
def test_bytes_that_only_wear_the_pdf_markers_are_not_a_valid_pdf(data):
    assert pdf_problem(data).startswith(NOT_A_PDF)


def test_a_pdf_without_pages_is_not_a_valid_pdf():
    problem = pdf_problem(written(pages=0))
    assert problem == f"{NOT_A_PDF} tệp không có trang nào."


@pytest.mark.parametrize("tail", [zip_bytes(), b"<html>x</html>", b"%%EOF junk", b"x"])
def test_anything_appended_after_the_last_eof_is_refused(tail):
    for data in (MINIMAL_PDF, written(), incremental_update(written())):
        assert pdf_problem(data + tail).startswith(APPENDED)


def test_a_zip_slipped_between_revisions_under_a_forged_trailer_is_refused():
    data = written()
    start = int(data.rsplit(b"startxref", 1)[1].split()[0])  # the genuine cross-references
    forged = data + zip_bytes() + b"\nstartxref\n%d\n%%%%EOF\n" % start
    assert pdf_problem(forged).startswith(APPENDED)


def javascript_action() -> DictionaryObject:
    return DictionaryObject({name("/S"): name("/JavaScript"),
                             name("/JS"): TextStringObject("app.alert('xin chào')")})


def open_action_javascript(writer):
    writer._root_object[name("/OpenAction")] = writer._add_object(javascript_action())


def names_tree_javascript(writer):
    tree = DictionaryObject({name("/Names"): ArrayObject(
        [TextStringObject("mo"), writer._add_object(javascript_action())])})
    writer._root_object[name("/Names")] = DictionaryObject({name("/JavaScript"): tree})


def page_additional_action(writer):
    writer.pages[0][name("/AA")] = DictionaryObject({name("/O"): javascript_action()})


def launch_link(writer):
    writer.add_annotation(0, DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"),
        name("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 100)]),
        name("/A"): DictionaryObject({name("/S"): name("/Launch"),
                                      name("/F"): TextStringObject("cmd.exe")})}))


def embedded_file(writer):
    writer.add_attachment("hoa-don.exe", b"MZ\x90\x00 program")


def xfa_form(writer):
    writer._root_object[name("/AcroForm")] = DictionaryObject({
        name("/Fields"): ArrayObject(), name("/XFA"): TextStringObject("<xdp:xdp/>")})


def submit_form(writer):
    writer._root_object[name("/OpenAction")] = DictionaryObject({
        name("/S"): name("/SubmitForm"), name("/F"): TextStringObject("https://x.example")})


def open_web_address(writer):
    writer._root_object[name("/OpenAction")] = DictionaryObject({
        name("/S"): name("/URI"), name("/URI"): TextStringObject("https://theo-doi.example")})


def remote_goto(writer):
    writer._root_object[name("/OpenAction")] = DictionaryObject({
        name("/S"): name("/GoToR"), name("/F"): TextStringObject("\\\\may-chu\\chia-se\\a.pdf"),
        name("/D"): ArrayObject([NumberObject(0), name("/Fit")])})


@pytest.mark.parametrize("change", [
    open_action_javascript, names_tree_javascript, page_additional_action, launch_link,
    embedded_file, xfa_form, submit_form, open_web_address, remote_goto,
])
def test_active_content_is_refused(change):
    assert pdf_problem(written(change)) == pdf_problem(written(change), 10**7, "x")
    assert pdf_problem(written(change)).startswith(ACTIVE)


def test_active_content_added_by_an_incremental_update_is_refused():
    writer = PdfWriter(io.BytesIO(written()), incremental=True)
    open_action_javascript(writer)
    out = io.BytesIO()
    writer.write(out)
    assert pdf_problem(out.getvalue()).startswith(ACTIVE)


@pytest.mark.parametrize("bodies", [
    # /S /JavaScript spelt with #-escapes, which a byte search for "/JavaScript" would miss
    (b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGES, PAGE,
     b"<< /S /J#61vaScript /J#53 (app.alert[1]) >>"),
    # a script no page or catalog refers to, read by the cross-reference table all the same
    (CATALOG, PAGES, PAGE, b"<< /S /JavaScript /JS (app.alert[1]) >>"),
    # an embedded file stream on its own
    (CATALOG, PAGES, PAGE, b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"),
], ids=["escaped-names", "unreferenced-object", "embedded-file-stream"])
def test_active_content_is_found_however_it_is_written(bodies):
    assert pdf_problem(by_hand(*bodies)).startswith(ACTIVE)


def test_a_pdf_that_needs_a_password_to_open_is_refused_and_says_so():
    problem = pdf_problem(written(lambda w: w.encrypt("mat-khau", algorithm="AES-128")))
    assert problem.startswith(ENCRYPTED) and "bỏ mật khẩu" in problem


def test_size_and_type_checks_still_come_first():
    assert pdf_problem(b"") == "Tệp tải lên đang trống."
    assert "vượt quá dung lượng" in pdf_problem(written(), 100, "chứng chỉ")
    assert pdf_problem(b"PK\x03\x04" + MINIMAL_PDF, None, "chứng chỉ") == (
        "Tệp không phải PDF: hãy tải lên bản PDF của chứng chỉ.")
    assert "Tệp PDF không đầy đủ" in pdf_problem(MINIMAL_PDF[:-7])
