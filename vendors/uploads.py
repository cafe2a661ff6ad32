"""Uploaded PDF checks as small predicates, and content-addressed atomic storage."""
import hashlib
import os
import tempfile
from pathlib import Path

PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
TAIL_BYTES = 1024


def starts_like_pdf(data: bytes) -> bool:
    """A PDF starts with %PDF- (checked by content, never by file name or browser type)."""
    return data.startswith(PDF_MAGIC)


def ends_like_pdf(data: bytes) -> bool:
    """A complete PDF has an %%EOF marker within its last KiB."""
    return PDF_EOF in data[-TAIL_BYTES:]


def within_size(size: int, limit: int) -> bool:
    """Not empty and not over the limit."""
    return 0 < size <= limit


def pdf_problem(data: bytes, limit: int) -> str | None:
    """Why an upload is refused, in Vietnamese, or None when it is acceptable."""
    if not data:
        return "Tệp tải lên đang trống."
    if not within_size(len(data), limit):
        return f"Tệp vượt quá dung lượng cho phép ({limit / 1024 / 1024:.0f} MB)."
    if not starts_like_pdf(data):
        return "Tệp không phải PDF: hãy tải lên bản PDF của chứng chỉ."
    if not ends_like_pdf(data):
        return "Tệp PDF không đầy đủ (thiếu phần kết thúc tệp); hãy xuất lại tệp rồi tải lên."
    return None


def upload_folder(instance_path: str) -> Path:
    """Where stored PDFs live: <instance>/uploads."""
    return Path(instance_path) / "uploads"


def stored_path(folder: Path, sha256: str) -> Path:
    """The path of a stored PDF by its digest."""
    return folder / f"{sha256}.pdf"


def store_pdf(data: bytes, folder: Path) -> tuple[str, int]:
    """Write a PDF under its SHA-256 atomically (temp file, then os.replace); digest and size."""
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    target = stored_path(folder, digest)
    if target.exists():  # same bytes, same name: nothing to write
        return digest, len(data)
    # The temporary file sits in the same folder so os.replace stays a same-filesystem rename:
    # readers see either no file or the whole file, never half of one.
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return digest, len(data)
