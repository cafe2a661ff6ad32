"""documents.pdf: LibreOffice conversion stops at its timeout and fails in Vietnamese.

These fake `soffice`, so they run the cold path (a new soffice per document); the warm listener
is tested in test_converter.py."""
import shutil
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from documents import pdf


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_conversion_slower_than_the_timeout_is_stopped(app, tmp_path, monkeypatch):
    app.config["PDF_CONVERTER"] = "cold"
    slow = fake_soffice(tmp_path, "sleep 30")
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: slow)
    started = datetime.now()
    with pytest.raises(pdf.ConversionError, match="quá 1 giây"):
        pdf.docx_to_pdf(b"PK", timeout=1)
    assert datetime.now() - started < timedelta(seconds=10)


def test_a_failed_conversion_is_reported_in_vietnamese(app, tmp_path, monkeypatch):
    app.config["PDF_CONVERTER"] = "cold"
    broken = fake_soffice(tmp_path, "exit 1")
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: broken)
    with pytest.raises(pdf.ConversionError, match="LibreOffice không chuyển được"):
        pdf.docx_to_pdf(b"PK")
