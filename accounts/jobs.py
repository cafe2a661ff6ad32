"""A job's status page (/jobs/<id>): its state, progress and result, for the user who started
it and for administrators; 404 for anyone else.

Its own blueprint, registered by app.py like the APIs: a job belongs to no domain (documents,
plans and contracts all start them), and this page only needs the signed-in user.
"""
from flask import Blueprint, abort, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from core import jobs

jobs_bp = Blueprint("jobs", __name__, url_prefix="/jobs")
REFRESH_SECONDS = 2


def may_see(user, row: jobs.Job) -> bool:
    """The user who started the job, or an administrator (a job from the terminal has none)."""
    return (row.user_id is not None and row.user_id == user.id) or user.has_role("admin")


def _download(result: dict) -> dict | None:
    """The result's download link, when it names one this application has."""
    link = result.get("download")
    if not isinstance(link, dict):
        return None
    try:
        return {"url": url_for(link["endpoint"], **link.get("values", {})),
                "label": link.get("label") or _("Tải kết quả")}
    except (BuildError, KeyError, TypeError):
        return None


def describe(row: jobs.Job, *, admin: bool) -> dict:
    """What the page shows of a job, as plain values."""
    result = row.result if isinstance(row.result, dict) else {}
    total = row.progress_total
    return {"id": row.id, "label": jobs.label_of(row), "state": row.state,
            "state_label": row.state_label, "finished": row.finished, "done": row.progress_done,
            "total": total, "attempts": row.attempts, "message": row.message,
            "error": row.error if admin else None, "lines": result.get("lines") or [],
            "download": _download(result) if row.state == "done" else None,
            "created_at": row.created_at, "finished_at": row.finished_at}


@jobs_bp.get("/<int:job_id>")
@login_required
def show(job_id):
    row = jobs.get(job_id)
    if row is None or not may_see(current_user, row):
        abort(404)
    job = describe(row, admin=current_user.has_role("admin"))
    page = render_template("jobs/show.html", job=job, refresh=REFRESH_SECONDS)
    response = make_response(page)
    if not row.finished:
        # base.html has no block in <head> for a <meta http-equiv="refresh">: the header it
        # stands for does the same in every browser, with no script.
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response
