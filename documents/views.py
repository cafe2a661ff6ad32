"""Legal drafters own the Word templates: list the versions, upload a checked new one. Also how
other packages' pages send a stored document."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.access import roles_required
from core.redirects import Moved, permanent_redirects
from core.transaction import attempt
from documents import bp, governance, renditions, storage
from documents.engine import DOCX_MIMETYPE, MAX_TEMPLATE_BYTES
from documents.forms import RetireForm, TemplateUploadForm
from documents.models import GeneratedDocument
from extensions import db

permanent_redirects(bp, [Moved("/contracts/templates/", "documents.templates", took_post=True)])


@bp.route("/templates/", methods=["GET", "POST"])
@roles_required("legal_drafter", "admin")
def templates():
    form = TemplateUploadForm()
    errors: list[str] = []
    if form.validate_on_submit():
        data = form.file.data.read(MAX_TEMPLATE_BYTES + 1)
        # The page lists a rejected template's problems one by one.
        with attempt(silent=True) as done:
            template = storage.upload_template(
                form.pack_id.data, form.kind.data, data, form.effective_from.data,
                form.notes.data, actor=current_user)
        if done:
            flash(_("Đã thêm mẫu %(kind)s phiên bản %(version)s.", kind=template.kind_label,
                    version=template.version), "success")
            return redirect(url_for("documents.templates"))
        errors = done.error.errors
    return render_template("documents/templates.html", form=form, errors=errors,
                           versions=storage.template_versions())


def send_document(document: GeneratedDocument):
    """Send a stored generated document as a Word download."""
    return send_file(BytesIO(storage.read_document(document)), as_attachment=True,
                     download_name=document.file_name, mimetype=DOCX_MIMETYPE)


def send_pdf(document: GeneratedDocument, back: str):
    """Send a document's stored PDF/A; while it has none, back to its page saying so."""
    try:
        data = renditions.read_pdf(document)
    except renditions.PdfNotReady:
        flash(_("Văn bản %(name)s chưa có bản PDF: bấm “Tạo bản PDF” bên cạnh văn bản, hoặc tải "
                "tệp Word (.docx).", name=document.file_name), "warning")
        return redirect(back)
    return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=document.pdf_name)


def ask_for_pdf(document: GeneratedDocument, back: str):
    """The "Tạo bản PDF" button (POST to the PDF's own URL): a job makes it; its status page
    follows it and links to the PDF when done."""
    row = renditions.request_pdf(document, always=True, user=current_user, download={
        "endpoint": request.endpoint, "values": dict(request.view_args or {})})
    if row is None:
        flash(_("Văn bản %(name)s đã có bản PDF/A.", name=document.file_name), "info")
        return redirect(back)
    return redirect(url_for("jobs.show", job_id=row.id))


def owned_document_or_404(document_id: int, owners: set[tuple[str, int]]) -> GeneratedDocument:
    """A generated document of one of these (owner type, owner id); 404 for any other."""
    document = db.session.get(GeneratedDocument, document_id)
    if document is None or (document.owner_type, document.owner_id) not in owners:
        abort(404)
    return document


def _version_or_404(pack_id: str, kind: str, version: int, *, record: bool = False):
    template = governance.find_version(pack_id, kind, version, record=record)
    if template is None:
        abort(404)
    return template


VERSION = "/templates/<pack_id>/<kind>/v<int:version>"


@bp.route(f"{VERSION}/download")
@roles_required("legal_drafter", "admin")
def template_download(pack_id: str, kind: str, version: int):
    template = _version_or_404(pack_id, kind, version)
    return send_file(BytesIO(governance.template_bytes(template)), as_attachment=True,
                     download_name=governance.download_name(template), mimetype=DOCX_MIMETYPE)


@bp.route(f"{VERSION}/preview")
@roles_required("legal_drafter", "admin")
def template_preview(pack_id: str, kind: str, version: int):
    template = _version_or_404(pack_id, kind, version)
    with attempt() as done:  # a render limit lowered since the upload: say which, no 500
        data = governance.preview(template)
    if not done:
        return redirect(url_for("documents.template_version", pack_id=pack_id, kind=kind,
                                version=version))
    return send_file(BytesIO(data), as_attachment=True,
                     download_name="xem-thu-" + governance.download_name(template),
                     mimetype=DOCX_MIMETYPE)


@bp.route(f"{VERSION}/", methods=["GET", "POST"])
@roles_required("legal_drafter", "admin")
def template_version(pack_id: str, kind: str, version: int):
    """One version: its difference from the one before, and retiring it (with confirmation)."""
    template = _version_or_404(pack_id, kind, version)
    form = RetireForm()
    if form.validate_on_submit():
        template = _version_or_404(pack_id, kind, version, record=True)
        with attempt() as done:
            governance.retire(template, actor=current_user)
        if done:
            flash(_("Đã ngừng áp dụng phiên bản %(version)s.", version=version), "success")
            return redirect(url_for("documents.templates"))
        template = _version_or_404(pack_id, kind, version)  # the refusal rolled back the row
    before, diff = governance.difference(template) if template.id else (None, [])
    return render_template("documents/template_version.html", template=template, form=form,
                           before=before, diff=diff)
