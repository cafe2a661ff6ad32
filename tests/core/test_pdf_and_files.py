"""core.pdf checks an upload by content and size; core.files writes atomically, by SHA-256."""
import hashlib
import os

import pytest

from core import files, pdf

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("data, ok", [
    (b"%PDF-1.7\n...", True), (b"%PDF", False), (b"PK\x03\x04%PDF-", False), (b"", False),
])
def test_a_pdf_is_recognised_by_its_first_bytes(data, ok):
    assert pdf.starts_like_pdf(data) is ok


def test_the_end_marker_must_be_in_the_last_kib():
    assert pdf.ends_like_pdf(b"%PDF-1.4 ... %%EOF\n")
    assert pdf.ends_like_pdf(b"%PDF-" + b"x" * 5000 + b"%%EOF" + b"\n" * 1000)
    assert not pdf.ends_like_pdf(b"%PDF-%%EOF" + b"x" * 1100)


def test_size_must_be_positive_and_within_the_limit():
    assert pdf.within_size(1, 10) and pdf.within_size(10, 10)
    assert not pdf.within_size(0, 10) and not pdf.within_size(11, 10)


@pytest.mark.parametrize("data, message", [
    (b"", "Tệp tải lên đang trống."),
    (b"GIF89a" + b"%%EOF", "Tệp không phải PDF: hãy tải lên bản PDF của chứng chỉ."),
    (b"%PDF-1.4 no end", "Tệp PDF không đầy đủ"),
    (b"%PDF-" + b"x" * 2000 + b"%%EOF", "vượt quá dung lượng"),
])
def test_each_refusal_has_a_vietnamese_reason(data, message):
    assert message in pdf.pdf_problem(data, 1024, "chứng chỉ")


def test_storing_is_named_by_sha256_atomic_and_idempotent(tmp_path):
    digest, size = files.store(MINIMAL_PDF, tmp_path / "uploads", ".pdf")
    assert digest == hashlib.sha256(MINIMAL_PDF).hexdigest() and size == len(MINIMAL_PDF)
    stored = tmp_path / "uploads" / f"{digest}.pdf"
    assert stored.read_bytes() == MINIMAL_PDF
    assert files.store(MINIMAL_PDF, tmp_path / "uploads", ".pdf") == (digest, size)
    assert [p.name for p in (tmp_path / "uploads").iterdir()] == [stored.name]  # no temp left


@pytest.mark.parametrize("write", ["atomically", "store"])
def test_a_write_that_fails_halfway_leaves_no_file_and_no_temporary(monkeypatch, tmp_path,
                                                                    write):
    def crash(fd):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        if write == "atomically":
            files.write_atomically(tmp_path / "a" / "hop-dong.docx", b"PK du lieu")
        else:
            files.store(MINIMAL_PDF, tmp_path / "a", ".pdf")
    assert [p for p in (tmp_path / "a").iterdir()] == []


def test_a_rewrite_replaces_the_whole_file_or_nothing(monkeypatch, tmp_path):
    target = tmp_path / "hop-dong.docx"
    files.write_atomically(target, b"PK ban 1")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("mất điện")))
    with pytest.raises(OSError):
        files.write_atomically(target, b"PK ban 2 dai hon ban 1")
    assert target.read_bytes() == b"PK ban 1" and [p.name for p in tmp_path.iterdir()] == [
        "hop-dong.docx"]
