"""Checks of an uploaded PDF, by its content and size (never by its name or browser type)."""

PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
TAIL_BYTES = 1024


def starts_like_pdf(data: bytes) -> bool:
    """A PDF starts with %PDF-."""
    return data.startswith(PDF_MAGIC)


def ends_like_pdf(data: bytes) -> bool:
    """A complete PDF has an %%EOF marker within its last KiB."""
    return PDF_EOF in data[-TAIL_BYTES:]


def within_size(size: int, limit: int) -> bool:
    """Not empty and not over the limit."""
    return 0 < size <= limit


def pdf_problem(data: bytes, limit: int, what: str) -> str | None:
    """Why an upload is refused, in Vietnamese, or None; `what` names the document expected
    ("chứng chỉ", "văn bản đã ký")."""
    if not data:
        return "Tệp tải lên đang trống."
    if not within_size(len(data), limit):
        return f"Tệp vượt quá dung lượng cho phép ({limit / 1024 / 1024:.0f} MB)."
    if not starts_like_pdf(data):
        return f"Tệp không phải PDF: hãy tải lên bản PDF của {what}."
    if not ends_like_pdf(data):
        return "Tệp PDF không đầy đủ (thiếu phần kết thúc tệp); hãy xuất lại tệp rồi tải lên."
    return None
