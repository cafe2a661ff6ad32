"""The agency's list of requests for quotations as a download, .xlsx or CSV (core.exports), with
the list page's filters. It holds what the page shows and nothing sealed: who answered is
counted, never what they quoted."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accounts.access import roles_required
from core import clock
from core.exports import Column, export_response
from extensions import db
from plans import bp
from plans.quotations import requests as service
from plans.quotations.views import AGENCY, quotation_filters

COLUMNS = [
    Column(_l("Số"), lambda r: r.request.code),
    Column(_l("Tên yêu cầu"), lambda r: r.request.title, width=40),
    Column(_l("Kế hoạch"), lambda r: r.request.plan.title if r.request.plan else None, width=36),
    Column(_l("Dịch vụ"), lambda r: ", ".join(line.service.code for line in r.request.lines),
           width=20),
    Column(_l("Hạn nhận báo giá"), lambda r: r.request.deadline, "datetime"),
    Column(_l("Trạng thái"), lambda r: r.state_label, width=24),
    Column(_l("Được mời"), lambda r: r.invited, "int"),
    Column(_l("Đã trả lời"), lambda r: r.answered, "int"),
    Column(_l("Tạo lúc"), lambda r: r.request.created_at, "datetime"),
]


@bp.route("/quotations/export.<any(xlsx, csv):fmt>", endpoint="quotations_export")
@roles_required(*AGENCY, "legal_drafter")
def quotations_export(fmt):
    """An agency's requests as its list filters them (every page of it)."""
    query = service.requests_query(current_user.organisation_id, **quotation_filters())
    rows = service.rows_of(db.session.scalars(query).unique())
    return export_response(fmt, f"yeu-cau-bao-gia-{clock.today().isoformat()}",
                           _("Yêu cầu báo giá"), COLUMNS, rows)
