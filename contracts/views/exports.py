"""The administrators' open-data export: every signed contract as one OCDS release package,
made by a job (contracts.tasks.ocds_export) and downloaded once done.

Its own blueprint, registered by app.py like the contracts API: contracts/__init__.py, which
imports the other view modules, is not this change's to edit.
"""
from flask import Blueprint, abort, redirect, render_template, send_file, url_for
from flask_login import current_user

from accounts.access import roles_required
from contracts import tasks

exports_bp = Blueprint("contracts_exports", __name__, url_prefix="/contracts/exports")


@exports_bp.get("/")
@roles_required("admin")
def index():
    exports = [{"id": row.id, "state": row.state, "state_label": row.state_label,
                "created_at": row.created_at, "done": row.progress_done,
                "total": row.progress_total, "message": row.message,
                "ready": row.state == "done"} for row in tasks.recent_exports()]
    return render_template("contracts/exports.html", exports=exports)


@exports_bp.post("/ocds")
@roles_required("admin")
def start():
    # The package's URLs are this site's as the administrator reached it: a worker has no
    # request to read the host from.
    row = tasks.start_ocds_export(current_user, site=url_for("index", _external=True))
    return redirect(url_for("jobs.show", job_id=row.id))


@exports_bp.get("/ocds/<int:job_id>")
@roles_required("admin")
def download(job_id):
    path = tasks.export_file(job_id)
    if path is None:
        abort(404)
    return send_file(path, mimetype="application/json", as_attachment=True,
                     download_name=path.name)
