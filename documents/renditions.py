"""The PDF/A of every generated document: converted once from its .docx, stored beside it under
its own SHA-256 and never converted again (issue 14, point 2).

Every kind gets one because the request answers storage's `document_stored` signal, sent from
store_document, the one place a generated document is recorded: plans, contracts, amendments,
the five acceptance forms and any kind added later. A document is immutable, so is its PDF:
once `pdf_sha256` is set it stays.
"""
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from core import clock, jobs
from core.files import store, stored_path
from core.jobs import Job
from core.pdf import pdfa_level
from documents import pdf
from documents.models import GeneratedDocument
from documents.storage import document_stored, generated_folder, read_document
from extensions import db

PDF_JOB = "documents.make_pdf"  # declared in documents.tasks
PDFA_LEVEL = "2B"  # PDF/A-2b: what LibreOffice's SelectPdfVersion=2 writes


class PdfNotReady(LookupError):
    """The document has no PDF yet (being made, or its conversion failed and may be retried)."""


def pdf_path(document: GeneratedDocument) -> Path:
    """Where a document's PDF lives (once made)."""
    if not document.pdf_sha256:
        raise PdfNotReady(document.id)
    return stored_path(generated_folder(), document.pdf_sha256, ".pdf")


def read_pdf(document: GeneratedDocument) -> bytes:
    """The stored PDF of a generated document; PdfNotReady when there is none yet."""
    return pdf_path(document).read_bytes()


def make_pdf(document_id: int) -> GeneratedDocument | None:
    """Convert a stored document to PDF/A-2b and record it beside the .docx (flushes). Does
    nothing when its PDF exists: a document is converted once. None if the row is gone.

    Raises documents.pdf.ConversionError when LibreOffice cannot convert it, or when what came
    back is not PDF/A-2b (nothing is recorded then; the request may be repeated)."""
    document = db.session.get(GeneratedDocument, document_id)
    if document is None or document.pdf_sha256:
        return document
    data = pdf.docx_to_pdf(read_document(document))
    if (level := pdfa_level(data)) != PDFA_LEVEL:
        raise pdf.ConversionError(_("Bản PDF tạo ra không đạt chuẩn PDF/A-2b (nhận được "
                                    "%(level)s); vui lòng báo quản trị hệ thống.",
                                    level=level or _("PDF thường")))
    document.pdf_sha256, document.pdf_size = store(data, generated_folder(), ".pdf")
    document.pdf_created_at = clock.utcnow()
    db.session.flush()
    return document


def request_pdf(document: GeneratedDocument, *, always: bool = False, user=None,
                download: dict | None = None) -> Job | None:
    """Ask for a document's PDF: a job (documents.tasks) sent when the transaction commits, so
    no request waits for LibreOffice; None when it has its PDF already. PDF_ON_GENERATE (on by
    default; the test suite turns it off but in the tests of PDFs, as each conversion costs
    LibreOffice a second) says whether a newly stored document asks at once; `always` asks
    regardless (the "Tạo bản PDF" button). `download` is the job's result link to the PDF."""
    if document.pdf_sha256 or not (always or current_app.config["PDF_ON_GENERATE"]):
        return None
    return jobs.enqueue(PDF_JOB, user=user if user is not None else document.created_by_id,
                        document_id=document.id, download=download)


document_stored.connect(request_pdf)
