"""Downloads of the plan list and of a plan's estimate, as .xlsx or CSV (core.exports). Who may
download is who may see the page: the list for an agency's people, an estimate for whoever
reads its plan (plans.views.plan_or_404)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from accounts.access import roles_required
from catalog.legal_bases import label as pack_label
from core import clock
from core.exports import Column, export_response
from core.formats import roman
from core.money import format_vnd
from core.vat import vat_label
from extensions import db
from plans import bp, estimate, services
from plans.models import LeasePlan
from plans.views import plan_or_404

PLAN_COLUMNS = [
    Column(_l("Tên kế hoạch"), lambda r: r[0].title, width=44),
    Column(_l("Ngày lập"), lambda r: r[0].plan_date, "date"),
    Column(_l("Căn cứ pháp lý"), lambda r: pack_label(r[0].pack_id), width=24),
    Column(_l("Trạng thái"), lambda r: r[0].status_label, width=22),
    Column(_l("Số quyết định phê duyệt"),
           lambda r: r[0].approval_number if r[0].is_approved else None, width=22),
    Column(_l("Ngày phê duyệt"), lambda r: r[0].approved_on if r[0].is_approved else None,
           "date"),
    Column(_l("Thời gian thuê từ"), lambda r: r[0].period_start, "date"),
    Column(_l("Thời gian thuê đến"), lambda r: r[0].period_end, "date"),
    Column(_l("Tổng dự toán (đồng)"), lambda r: r[1]["totals"]["total"], "vnd", width=20),
]

ESTIMATE_COLUMNS = [
    Column(_l("Phần"), lambda r: r["roman"], width=6),
    Column(_l("Phần chi phí"), lambda r: r["part"], width=24),
    Column(_l("STT"), lambda r: r["no"], "int", width=6),
    Column(_l("Nội dung chi phí"), lambda r: r["line"].content, width=40),
    Column(_l("Đơn vị tính"), lambda r: r["line"].unit),
    Column(_l("Số lượng"), lambda r: r["line"].quantity, "int"),
    Column(_l("Số tháng"), lambda r: r["line"].months, "int"),
    Column(_l("Đơn giá (đồng)"), lambda r: r["line"].unit_price, "vnd"),
    Column(_l("Thuế suất GTGT"), lambda r: vat_label(r["line"].vat_rate)),
    Column(_l("Cách tính"), lambda r: r["basis"], width=44),
    Column(_l("Nguồn đơn giá"), lambda r: r["source"], width=30),
    Column(_l("Năm ngân sách"), lambda r: r["line"].budget_year, "int"),
    Column(_l("Trước thuế (đồng)"), lambda r: r["amount"], "vnd"),
    Column(_l("Thuế GTGT (đồng)"), lambda r: r["vat"], "vnd"),
    Column(_l("Thành tiền (đồng)"), lambda r: r["total"], "vnd"),
]


@bp.route("/export.<any(xlsx, csv):fmt>")
@roles_required("agency_staff", "agency_approver", "legal_drafter")
def export_plans(fmt):
    """The agency's plans as its list shows them, each with its estimate's total."""
    plans = db.session.scalars(services.plans_of(current_user.organisation_id)
                               .options(selectinload(LeasePlan.lines))).all()
    rows = [(plan, estimate.estimate(plan)) for plan in plans]
    return export_response(fmt, f"ke-hoach-thue-{clock.today().isoformat()}",
                           _("Kế hoạch thuê"), PLAN_COLUMNS, rows)


def estimate_rows(figures: dict) -> list[dict]:
    """Each line of the estimate with its part, numbered within its part as the page does."""
    rows = []
    for index, part in enumerate(figures["parts"], start=1):
        for no, row in enumerate(part["lines"], start=1):
            rows.append({**row, "roman": roman(index), "part": part["label"], "no": no})
    return rows


@bp.route("/<int:plan_id>/estimate.<any(xlsx, csv):fmt>")
@login_required
def export_estimate(plan_id, fmt):
    """A plan's estimate: its lines in their parts and, in the workbook, the totals the page
    shows (plans.estimate, never summed again here)."""
    plan = plan_or_404(plan_id)
    figures = estimate.estimate(plan)
    totals = figures["totals"]
    heading = [_("Dự toán chi phí – %(title)s", title=plan.title),
               _("Cơ quan: %(name)s", name=plan.organisation.name),
               _("Tổng dự toán: %(total)s đồng", total=format_vnd(totals["total"]))]
    total_row = [_("Tổng cộng"), *[None] * 11, totals["before_vat"], totals["vat"],
                 totals["total"]]
    return export_response(fmt, f"du-toan-ke-hoach-{plan.id}", _("Dự toán"), ESTIMATE_COLUMNS,
                           estimate_rows(figures), totals=total_row, heading_lines=heading)
