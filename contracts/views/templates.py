"""Legal drafters own the Word templates: list versions, upload a checked new one."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from accounts.access import roles_required
from contracts import bp
from contracts.documents import MAX_TEMPLATE_BYTES
from contracts.forms.templates import TemplateUploadForm
from contracts.models.document import DocumentTemplate
from contracts.services import storage
from extensions import db


@bp.route("/templates/", methods=["GET", "POST"])
@roles_required("legal_drafter", "admin")
def templates():
    form = TemplateUploadForm()
    errors: list[str] = []
    if form.validate_on_submit():
        data = form.file.data.read(MAX_TEMPLATE_BYTES + 1)
        try:
            template = storage.upload_template(
                form.pack_id.data, form.kind.data, data, form.effective_from.data,
                form.notes.data, actor=current_user)
        except storage.TemplateRejected as error:
            db.session.rollback()
            errors = error.errors
        else:
            db.session.commit()
            flash(_("Đã thêm mẫu %(kind)s phiên bản %(version)s.", kind=template.kind_label,
                    version=template.version), "success")
            return redirect(url_for("contracts.templates"))
    storage.ensure_builtin_templates()
    db.session.commit()
    versions = db.session.scalars(select(DocumentTemplate).order_by(
        DocumentTemplate.pack_id, DocumentTemplate.kind, DocumentTemplate.version.desc()))
    return render_template("contracts/templates.html", form=form, errors=errors,
                           versions=list(versions))
