"""Checks of an uploaded PDF, by its content and size (never by its name or browser type): it
must parse as a PDF with pypdf, end at its last %%EOF and carry nothing that runs by itself."""
import logging
import re
from io import BytesIO

from flask_babel import gettext as _, lazy_gettext as _l
from pypdf import PdfReader
from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, IndirectObject,
                           NameObject, StreamObject, TextStringObject)

PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
TAIL_BYTES = 1024
PDF_WHITESPACE = b"\x00\t\n\x0c\r "  # ISO 32000-1 §7.2.2
# Where a revision ends; an incremental update (a digital signature) adds one more.
_REVISION_END = re.compile(rb"startxref\s+\d+\s*%%EOF")
_REVISION_START = re.compile(rb"\d+\s+\d+\s+obj\b|xref\b")
# Keys and names of what a reader runs or opens by itself: scripts, actions on opening or on
# events, other files (launched, fetched, submitted to or embedded), multimedia and XFA forms.
ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFiles", "/EF",
                         "/RichMedia", "/XFA"})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR",
                            "/GoToE", "/GoTo3DView", "/RichMediaExecute", "/Rendition",
                            "/Movie", "/Sound"})
ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Screen",
                          "/Movie", "/Sound", "/3D"})

APPENDED = _l("Tệp PDF có dữ liệu lạ nối thêm sau phần kết thúc (%%EOF); hãy xuất lại tệp PDF "
              "từ máy quét hoặc phần mềm ký.")
ACTIVE = _l("Tệp PDF chứa nội dung có thể tự thực thi (JavaScript/tệp đính kèm…); hãy in lại "
            "thành PDF thường rồi tải lên.")
ENCRYPTED = _l("Tệp PDF được đặt mật khẩu nên không kiểm tra được nội dung; hãy bỏ mật khẩu "
               "(hoặc xuất lại không mã hoá) rồi tải lên.")
log = logging.getLogger(__name__)


def starts_like_pdf(data: bytes) -> bool:
    """A PDF starts with %PDF-."""
    return data.startswith(PDF_MAGIC)


def ends_like_pdf(data: bytes) -> bool:
    """A complete PDF has an %%EOF marker within its last KiB."""
    return PDF_EOF in data[-TAIL_BYTES:]


def within_size(size: int, limit: int) -> bool:
    """Not empty and not over the limit."""
    return 0 < size <= limit


def _skip_comments(data: bytes, at: int) -> bytes:
    rest = data[at:at + 4096].lstrip(PDF_WHITESPACE)
    while rest.startswith(b"%"):
        line_end = min((i for i in (rest.find(b"\n"), rest.find(b"\r")) if i >= 0),
                       default=len(rest))
        rest = rest[line_end:].lstrip(PDF_WHITESPACE)
    return rest


def has_appended_data(data: bytes) -> bool:
    """Bytes other than whitespace after the last %%EOF, or after a revision's %%EOF something
    else than the next revision's objects (a zip slipped in before a forged trailer)."""
    end = data.rfind(PDF_EOF)
    if end < 0 or data[end + len(PDF_EOF):].strip(PDF_WHITESPACE):
        return True
    ends = [m.end() for m in _REVISION_END.finditer(data)]
    return any(not _REVISION_START.match(_skip_comments(data, e)) for e in ends[:-1])


def _active_in(value, depth: int = 0) -> str | None:
    """The first key or name of active content inside one object (its direct parts; each
    indirect object is read on its own by active_content)."""
    if depth > 100:
        raise ValueError("PDF objects nested too deeply")  # no real file nests this deep
    if isinstance(value, DictionaryObject):  # a stream's dictionary too, its data unread
        for key in ("/S", "/Subtype", "/Type"):
            name = value.get(key)
            if name in ACTIVE_ACTIONS or name in ACTIVE_TYPES:
                return f"{key} {name}"
        for key, item in value.items():
            if key in ACTIVE_KEYS and not (key == "/OpenAction" and _opens_at_a_page(item)):
                return key
            if found := _active_in(item, depth + 1):
                return found
    elif isinstance(value, ArrayObject):
        for item in value:
            if found := _active_in(item, depth + 1):
                return found
    return None


def _opens_at_a_page(value) -> bool:
    """/OpenAction that only shows a page ([page /Fit], a named destination or a /GoTo
    action) runs nothing; any other action on opening does (a script, a web address)."""
    value = value.get_object()
    if isinstance(value, DictionaryObject):
        return value.get("/S") == "/GoTo"
    return isinstance(value, (ArrayObject, NameObject, TextStringObject, ByteStringObject))


def active_content(reader: PdfReader) -> str | None:
    """What runs by itself in a parsed PDF (for the log), or None: every object of the cross-
    reference table is read, reachable from the catalog or not, so nothing hides aside."""
    objects = [IndirectObject(number, generation, reader)
               for generation, numbers in reader.xref.items() for number in numbers]
    objects += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    for value in [reader.trailer, *objects]:
        if found := _active_in(value.get_object()):
            return found
    return None


def _check_page(page) -> None:
    """A page has a media box of four numbers and its contents, if any, are streams; the
    streams are not decompressed (a few KiB of them could expand to gigabytes)."""
    if len(page.mediabox) != 4:
        raise ValueError("page without a media box")
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else ArrayObject()
    for part in contents if isinstance(contents, ArrayObject) else [contents]:
        if not isinstance(part.get_object(), StreamObject):
            raise ValueError("page contents are not streams")


def _not_a_pdf(why: str) -> str:
    return _("Tệp tải lên không phải là PDF hợp lệ: %(why)s", why=why)


def structure_problem(data: bytes) -> str | None:
    """Why bytes that look like a PDF are not one a reader can trust, or None."""
    if has_appended_data(data):
        return str(APPENDED)
    try:
        reader = PdfReader(BytesIO(data), strict=True)
        if reader.is_encrypted and not reader.decrypt(""):
            return str(ENCRYPTED)
        pages = reader.pages
        if len(pages) == 0:
            return _not_a_pdf(_("tệp không có trang nào."))
        for page in pages:
            _check_page(page)
        found = active_content(reader)
    except Exception:  # noqa: BLE001 - any failure of the parser means "not a valid PDF"
        log.info("PDF upload refused: unreadable structure", exc_info=True)
        return _not_a_pdf(_("không đọc được cấu trúc tệp (bảng tham chiếu, trang); hãy xuất "
                            "lại tệp PDF từ máy quét hoặc phần mềm ký."))
    if found:
        log.info("PDF upload refused: active content %s", found)
        return str(ACTIVE)
    return None


def pdf_problem(data: bytes, limit: int | None = None, what=None) -> str | None:
    """Why an upload is refused, in the page's language, or None: empty, over `limit` bytes,
    not a PDF, incomplete, data appended, not parsable, encrypted or active; `what` names the
    document expected (_("chứng chỉ"), _("văn bản đã ký")), by default a document."""
    if not data:
        return _("Tệp tải lên đang trống.")
    if limit is not None and not within_size(len(data), limit):
        megabytes = round(limit / 1024 / 1024)
        return _("Tệp vượt quá dung lượng cho phép (%(size)s MB).", size=megabytes)
    if not starts_like_pdf(data):
        return _("Tệp không phải PDF: hãy tải lên bản PDF của %(what)s.",
                 what=what or _("văn bản"))
    if PDF_EOF not in data:
        return _("Tệp PDF không đầy đủ (thiếu phần kết thúc tệp); hãy xuất lại tệp rồi tải lên.")
    return structure_problem(data)


def pdfa_level(data: bytes) -> str | None:
    """The PDF/A level a PDF declares in its XMP metadata ("2B" for PDF/A-2b), or None."""
    try:
        xmp = PdfReader(BytesIO(data)).xmp_metadata
        part, conformance = (xmp.pdfaid_part, xmp.pdfaid_conformance) if xmp else (None, None)
    except Exception:  # noqa: BLE001 - whatever pypdf cannot read declares no level
        return None
    return f"{part}{conformance or ''}".upper() if part else None
