"""The documents' jobs: a generated document's PDF/A, made on the job worker (core.jobs) with its
warm LibreOffice, never inside a web request."""
from celery.signals import worker_process_shutdown
from flask_babel import gettext as _, lazy_gettext as _l

from core import jobs
from core.errors import Refused
from documents import converter, pdf, renditions


@jobs.job(renditions.PDF_JOB, label=_l("Chuyển văn bản sang PDF/A"))
def make_pdf(run: jobs.JobRun, document_id: int, download: dict | None = None) -> dict:
    """Convert document `document_id` once (renditions.make_pdf); `download`, the endpoint and
    values of its PDF's page, becomes the status page's link."""
    run.progress(0, 1)
    try:
        document = renditions.make_pdf(document_id)
    except pdf.ConversionError as error:  # its message is for the status page
        raise Refused(str(error)) from error
    if document is None:
        raise Refused(_("Văn bản này không còn trong hệ thống nên không tạo được bản PDF."))
    # Kept as text in the job's row (JSON), in the worker's language.
    result = {"message": _("Đã tạo bản PDF/A của %(name)s (SHA-256 %(digest)s…).",
                           name=document.file_name, digest=document.pdf_sha256[:16]),
              "document_id": document.id}
    if download:
        label = _("Tải bản PDF/A (%(name)s)", name=document.pdf_name)
        result["download"] = {**download, "label": label}
    return result


@worker_process_shutdown.connect
def stop_the_listener(**_) -> None:
    """A Celery pool process ends with os._exit, which skips atexit: its LibreOffice would be
    left running. Stop it first."""
    converter.stop_listener()
