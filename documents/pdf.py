"""Conversion of a generated .docx to PDF/A-2b with LibreOffice, when the server has it.

`docx_to_pdf` is the one entry point. PDF_CONVERTER picks the converter: "warm", this
process's LibreOffice listener (documents/converter.py; the default when `.venv-uno` exists),
or "cold", a new `soffice --convert-to` per document. Both write PDF/A-2b.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from flask_babel import gettext as _

from documents import converter
# Defined beside the listener, which raises it too; documents.pdf.ConversionError is the name
# callers use.
from documents.converter import CONVERT_TIMEOUT, ConversionError, too_slow

__all__ = ["CONVERT_TIMEOUT", "ConversionError", "cold_docx_to_pdf", "docx_to_pdf",
           "soffice_available"]

# soffice's --convert-to takes the PDF export's FilterData as JSON (LibreOffice 7.4 and later).
COLD_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {"SelectPdfVersion": {"type": "long", "value": str(converter.PDFA_VERSION)}},
    separators=(",", ":"))


def soffice_available() -> bool:
    """Whether LibreOffice's `soffice` is on the PATH."""
    return shutil.which("soffice") is not None


def docx_to_pdf(data: bytes, timeout: float | None = None) -> bytes:
    """Convert a .docx to PDF/A-2b with the converter PDF_CONVERTER names."""
    if not soffice_available():
        raise ConversionError(_("Máy chủ chưa cài LibreOffice nên chưa tải được bản PDF."))
    timeout = converter.convert_timeout() if timeout is None else timeout
    if converter.converter_kind() == "warm":
        return converter.listener().convert(data, timeout)
    return cold_docx_to_pdf(data, timeout)


def cold_docx_to_pdf(data: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """Convert a .docx to PDF/A-2b with a new `soffice --headless` in a temporary directory."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ConversionError(_("Máy chủ chưa cài LibreOffice nên chưa tải được bản PDF."))
    with tempfile.TemporaryDirectory(prefix="thue-pdf-") as tmp:
        source = Path(tmp) / "van-ban.docx"
        source.write_bytes(data)
        # A private profile: concurrent conversions would otherwise fight over one lock.
        profile = (Path(tmp) / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", COLD_FILTER, "--outdir", tmp, str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice starts helpers: end them all
            process.communicate()
            raise too_slow(timeout) from None
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            raise ConversionError(_("LibreOffice không chuyển được văn bản sang PDF."))
        return target.read_bytes()
