"""The audit search as a download, .xlsx or CSV (core.exports), for administrators: the events
the search page's filters find, every page of them. A CSV streams however many there are; a
workbook holds at most core.exports.xlsx_row_limit() rows, beyond which the administrator is
sent back to the page to narrow the search or take the CSV."""
import json

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from accounts import audit, bp
from accounts.access import roles_required
from accounts.views.audit import audit_filters
from core import clock
from core.exports import (Column, count_rows, export_response, limit_message, list_rows,
                          streams)


def _changes(event) -> str:
    return json.dumps(event.changes, ensure_ascii=False, sort_keys=True) if event.changes else ""


COLUMNS = [
    Column(_l("Thời điểm"), lambda e: e.created_at, "datetime"),
    Column(_l("Người thực hiện"), lambda e: e.user.name if e.user else _("Hệ thống"), width=24),
    Column(_l("Thư điện tử"), lambda e: e.user.email if e.user else None, width=28),
    Column(_l("Thao tác"), lambda e: e.action, width=24),
    Column(_l("Loại đối tượng"), lambda e: e.object_type, width=18),
    Column(_l("Mã đối tượng"), lambda e: e.object_id),
    Column(_l("Nội dung"), lambda e: e.summary, width=50),
    Column(_l("Thay đổi"), _changes, width=60),
]


@bp.route("/audit/export.<any(xlsx, csv):fmt>")
@roles_required("admin")
def audit_export(fmt):
    _form, filters = audit_filters()
    query = audit.search_events(**filters)
    count = count_rows(query)
    if message := limit_message(fmt, count):
        flash(message, "warning")
        return redirect(url_for("accounts.audit", **request.args.to_dict()))
    return export_response(fmt, f"nhat-ky-{clock.today().isoformat()}", _("Nhật ký thay đổi"),
                           COLUMNS, list_rows(query, fmt, count), stream=streams(fmt, count))
