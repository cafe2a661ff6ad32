"""The signed PDF of a contract or amendment: upload, and download by those who see it."""
from io import BytesIO

from flask import abort, flash, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contracts import bp
from contracts.forms.signed_copies import SignedCopyForm
from contracts.models.signed_copy import SignedCopy
from contracts.services import signed_copies
from contracts.views.lifecycle import back
from contracts.views.loaders import contract_or_404, owners, target_or_404
from core.files import clean_file_name
from core.forms import error_list
from core.transaction import attempt
from extensions import db


@bp.route("/<int:contract_id>/signed-copies", methods=["POST"])
@bp.route("/<int:contract_id>/amendments/<int:number>/signed-copies", methods=["POST"])
@login_required
def signed_copy_upload(contract_id, number=None):
    contract, amendment = target_or_404(contract_id, number)
    form = SignedCopyForm()
    if not form.validate_on_submit():
        flash(" ".join(error_list(form)), "error")
        return back(contract, amendment)
    data = form.file.data.read(signed_copies.max_bytes() + 1)
    with attempt() as done:
        name = clean_file_name(form.file.data.filename, "ban-ky.pdf")
        signed_copies.upload_signed_copy(contract, data, name,
                                         actor=current_user, amendment=amendment)
    if done:
        flash(_("Đã lưu bản đã ký."), "success")
    return back(contract, amendment)


@bp.route("/<int:contract_id>/signed-copies/<int:copy_id>")
@login_required
def signed_copy_download(contract_id, copy_id):
    contract = contract_or_404(contract_id)
    copy = db.session.get(SignedCopy, copy_id)
    if copy is None or (copy.owner_type, copy.owner_id) not in owners(contract):
        abort(404)
    return send_file(BytesIO(signed_copies.read_signed_copy(copy)), mimetype="application/pdf",
                     as_attachment=True,
                     download_name=clean_file_name(copy.file_name, "ban-ky.pdf"))
