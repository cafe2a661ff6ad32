"""Conversion of a generated .docx to PDF with LibreOffice, when the server has it."""
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CONVERT_TIMEOUT = 60


class ConversionError(RuntimeError):
    """LibreOffice is missing or could not convert the document."""


def soffice_available() -> bool:
    """Whether LibreOffice's `soffice` is on the PATH."""
    return shutil.which("soffice") is not None


def docx_to_pdf(data: bytes, timeout: int = CONVERT_TIMEOUT) -> bytes:
    """Convert a .docx to PDF with `soffice --headless` in a temporary directory."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ConversionError("Máy chủ chưa cài LibreOffice nên chưa tải được bản PDF.")
    with tempfile.TemporaryDirectory(prefix="thue-pdf-") as tmp:
        source = Path(tmp) / "van-ban.docx"
        source.write_bytes(data)
        # A private profile: concurrent conversions would otherwise fight over one lock.
        profile = (Path(tmp) / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", tmp, str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice starts helpers: end them all
            process.communicate()
            raise ConversionError(f"Chuyển sang PDF quá {timeout} giây; vui lòng thử lại sau.")
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            raise ConversionError("LibreOffice không chuyển được văn bản sang PDF.")
        return target.read_bytes()
