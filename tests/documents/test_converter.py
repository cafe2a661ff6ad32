"""documents.converter: the warm LibreOffice listener writes PDF/A-2b, is reused, restarts when
it is killed or hangs; documents.pdf dispatches on PDF_CONVERTER; the cold path is PDF/A too.

The tests that run LibreOffice skip where it (or .venv-uno) is missing, except under .ci/run
(THUE_CI_SERVICES=1), where they fail.
"""
import io
import os
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.money import vnd_in_words
from documents import converter, pdf
from documents.engine import render_docx, template_path
from documents.preview import PREVIEW_CONTRACT
from tests.documents.test_templates import context_for
from tests.helpers import services_required

PACK = "nd73-2019"
NUMBER = PREVIEW_CONTRACT["document"]["number"]
TOTAL_WORDS = vnd_in_words(PREVIEW_CONTRACT["totals"]["total"])


def _require(missing: str | None) -> None:
    if missing is None:
        return
    if services_required():
        pytest.fail(f"{missing}: .ci/run installs LibreOffice and make install creates .venv-uno")
    pytest.skip(missing)


@pytest.fixture(scope="module")
def contract_docx() -> bytes:
    return render_docx(template_path(PACK, "contract"), context_for(PACK, "contract"))


@pytest.fixture
def soffice() -> None:
    _require(None if pdf.soffice_available() else "LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def warm():
    """The process's listener, started once for the module and stopped after it."""
    _require(None if pdf.soffice_available() else "LibreOffice (soffice) is not installed")
    _require(None if converter.warm_installed(converter.DEFAULT_UNO_VENV)
             else f"{converter.DEFAULT_UNO_VENV} has no unoserver (make install)")
    listener = converter.listener(converter.DEFAULT_UNO_VENV)
    listener.start()
    yield listener
    listener.stop()


def assert_pdfa_2b_contract(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert NUMBER in text
    assert TOTAL_WORDS in text


# --- the warm listener ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_warm_listener_converts_a_contract_to_pdfa_2b(app, warm, contract_docx):
    app.config["PDF_CONVERTER"] = "warm"
    before = warm.starts
    data = pdf.docx_to_pdf(contract_docx)
    assert_pdfa_2b_contract(data)
    assert warm.starts == before  # through docx_to_pdf, the same listener: no new start


@pytest.mark.slow
def test_two_conversions_reuse_the_same_listener_process(warm, contract_docx):
    first = warm.convert(contract_docx)
    pid, office, starts = warm.pid, warm.office_pid, warm.starts
    second = warm.convert(contract_docx)
    assert (warm.pid, warm.office_pid, warm.starts) == (pid, office, starts)
    assert first[:5] == second[:5] == b"%PDF-"
    assert converter.listener(converter.DEFAULT_UNO_VENV) is warm


@pytest.mark.slow
def test_a_killed_listener_is_restarted_by_the_next_call(warm, contract_docx):
    warm.convert(contract_docx)
    pid, office, starts = warm.pid, warm.office_pid, warm.starts
    os.kill(office, signal.SIGKILL)
    assert_pdfa_2b_contract(warm.convert(contract_docx))
    assert warm.starts == starts + 1
    assert warm.pid != pid and warm.office_pid not in (None, office)
    assert converter.group_members(pid) == []  # nothing of the old listener is left


@pytest.mark.slow
def test_a_hung_listener_times_out_and_the_next_call_works(warm, contract_docx):
    warm.convert(contract_docx)
    pid, office = warm.pid, warm.office_pid
    os.kill(office, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(pdf.ConversionError, match="quá 3 giây; vui lòng thử lại sau"):
            warm.convert(contract_docx, timeout=3)
        # Not a timing claim: the call came back rather than waiting on the stopped process.
        assert time.monotonic() - started < 30
    finally:
        if converter.group_members(pid):
            os.kill(office, signal.SIGCONT)
    assert converter.group_members(pid) == []  # the stopped process was killed, not left
    assert_pdfa_2b_contract(warm.convert(contract_docx))
    assert warm.pid != pid


@pytest.mark.slow
def test_a_document_libreoffice_cannot_open_fails_in_vietnamese_and_keeps_the_listener(
        warm, contract_docx):
    warm.convert(contract_docx)
    pid = warm.pid
    with pytest.raises(pdf.ConversionError, match="LibreOffice không chuyển được"):
        warm.convert(b"PK\x03\x04 not a document")
    assert warm.pid == pid
    assert warm.convert(contract_docx)[:5] == b"%PDF-"


@pytest.mark.slow
def test_stop_ends_every_process_and_removes_the_profile_and_a_later_call_starts_again(
        warm, contract_docx):
    warm.convert(contract_docx)
    pid, workdir = warm.pid, warm._workdir
    assert workdir is not None and (workdir / "profile").is_dir()
    warm.stop()
    assert converter.group_members(pid) == [] and not workdir.exists()
    assert warm.convert(contract_docx)[:5] == b"%PDF-"


@pytest.mark.slow
def test_a_forked_child_leaves_the_parents_listener_alone_and_makes_its_own(warm,
                                                                            contract_docx):
    warm.convert(contract_docx)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child reports, then leaves without running the parent's atexit
        try:
            own = converter.listener(converter.DEFAULT_UNO_VENV)
            warm.stop()  # the inherited copy: must not end the parent's processes
            os.write(write, f"{own is warm} {own.owner == os.getpid()} {own.pid}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        reported = answer.read()
    os.waitpid(child, 0)
    assert reported == "False True None"  # a listener of its own, not started until used
    assert converter.group_members(warm.pid) and warm.convert(contract_docx)[:5] == b"%PDF-"


# --- the cold path -------------------------------------------------------------------------


@pytest.mark.slow
def test_the_cold_path_also_yields_pdfa_2b(app, soffice, contract_docx):
    app.config["PDF_CONVERTER"] = "cold"
    assert_pdfa_2b_contract(pdf.docx_to_pdf(contract_docx))


# --- configuration and dispatch (no LibreOffice needed) ------------------------------------


def fake_unoserver(venv: Path) -> Path:
    script = venv / "bin" / "unoserver"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_the_converter_is_warm_by_default_only_where_the_uno_venv_exists(app, tmp_path):
    app.config["PDF_UNO_VENV"] = str(tmp_path / "none")
    assert converter.converter_kind() == "cold"
    fake_unoserver(tmp_path / "uno")
    app.config["PDF_UNO_VENV"] = str(tmp_path / "uno")
    assert converter.converter_kind() == "warm"
    app.config["PDF_CONVERTER"] = "cold"
    assert converter.converter_kind() == "cold"
    app.config["PDF_CONVERTER"] = "tepid"
    with pytest.raises(ValueError, match="PDF_CONVERTER"):
        converter.converter_kind()


def test_docx_to_pdf_dispatches_on_pdf_converter_with_the_configured_timeout(app, monkeypatch):
    calls = []

    class FakeListener:
        def convert(self, data, timeout):
            calls.append(("warm", data, timeout))
            return b"%PDF-warm"

    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: "/usr/bin/soffice")
    monkeypatch.setattr(converter, "listener", FakeListener)
    monkeypatch.setattr(pdf, "cold_docx_to_pdf",
                        lambda data, timeout: calls.append(("cold", data, timeout)) or b"%PDF-")
    app.config.update(PDF_CONVERTER="warm", PDF_CONVERT_TIMEOUT=7)
    assert pdf.docx_to_pdf(b"PK") == b"%PDF-warm"
    app.config["PDF_CONVERTER"] = "cold"
    pdf.docx_to_pdf(b"PK", timeout=2)
    assert calls == [("warm", b"PK", 7.0), ("cold", b"PK", 2)]


def test_without_soffice_either_converter_says_so_in_vietnamese(app, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    for kind in converter.CONVERTERS:
        app.config["PDF_CONVERTER"] = kind
        with pytest.raises(pdf.ConversionError, match="chưa cài LibreOffice"):
            pdf.docx_to_pdf(b"PK")


def test_a_listener_that_never_answers_fails_in_vietnamese_and_leaves_nothing(
        tmp_path, monkeypatch):
    fake_unoserver(tmp_path / "uno")
    made = []
    mkdtemp = converter.tempfile.mkdtemp
    monkeypatch.setattr(converter.tempfile, "mkdtemp",
                        lambda **kwargs: made.append(Path(mkdtemp(**kwargs))) or made[-1])
    listener = converter.Listener(tmp_path / "uno", start_timeout=5)
    with pytest.raises(pdf.ConversionError, match="Không khởi động được LibreOffice"):
        listener.convert(b"PK")
    assert listener.pid is None and listener.starts == 2  # a quick exit is retried once
    assert len(made) == 2 and not any(path.exists() for path in made)
