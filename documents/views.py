"""Legal drafters own the Word templates: list the versions, upload a checked new one. Also how
other packages' pages send a stored document."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.access import roles_required
from core.redirects import Moved, permanent_redirects
from core.transaction import attempt
from documents import bp, storage
from documents.engine import DOCX_MIMETYPE, MAX_TEMPLATE_BYTES
from documents.forms import TemplateUploadForm
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


def owned_document_or_404(document_id: int, owners: set[tuple[str, int]]) -> GeneratedDocument:
    """A generated document of one of these (owner type, owner id); 404 for any other."""
    document = db.session.get(GeneratedDocument, document_id)
    if document is None or (document.owner_type, document.owner_id) not in owners:
        abort(404)
    return document
