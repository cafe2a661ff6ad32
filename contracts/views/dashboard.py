"""The agency dashboard: contracts by state, value per budget year and per service group (each
with its chart), expiries, overdue periods; its download (.xlsx or CSV)."""
from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accounts.access import roles_required
from contracts import bp
from contracts.services import dashboard as service
from contracts.views import report_charts
from core import clock
from core.exports import Column, export_response
from core.formats import dmy

DASHBOARD_ROLES = ("agency_staff", "agency_approver", "legal_drafter")
COLUMNS = [
    Column(_l("Mục"), lambda r: r["section"], width=24),
    Column(_l("Nội dung"), lambda r: r["item"], width=40),
    Column(_l("Số hợp đồng"), lambda r: r.get("contracts"), "int"),
    Column(_l("Giá trị hợp đồng (đồng)"), lambda r: r.get("committed"), "vnd"),
    Column(_l("Đã nghiệm thu (đồng)"), lambda r: r.get("accepted"), "vnd"),
    Column(_l("Đã thanh toán (đồng)"), lambda r: r.get("paid"), "vnd"),
]


def charts(data: dict) -> dict:
    """The dashboard's three charts, from the figures its tables show."""
    years = [(y["year"], y["amount"], y["accepted"], y["paid"]) for y in data["years"]]
    return {"years": report_charts.years_chart("dashboard-years", years),
            "states": report_charts.states_chart("dashboard-states", data["states"]),
            "categories": report_charts.categories_chart("dashboard-categories",
                                                         data["categories"])}


@bp.route("/dashboard")
@roles_required(*DASHBOARD_ROLES)
def dashboard():
    data = service.agency_dashboard(current_user.organisation_id)
    return render_template("contracts/dashboard.html", charts=charts(data), **data)


def export_rows(data: dict) -> list[dict]:
    """The dashboard's tables one under the other: years, service groups, states."""
    years, groups, states = _("Năm ngân sách"), _("Nhóm dịch vụ"), _("Trạng thái")
    rows = [{"section": years, "item": str(y["year"]), "committed": y["amount"],
             "accepted": y["accepted"], "paid": y["paid"]} for y in data["years"]]
    if rows:  # the sum of the years, as the page's table foot
        rows.append({"section": years, "item": _("Cộng"),
                     **{key: sum(row[key] for row in rows)
                        for key in ("committed", "accepted", "paid")}})
    rows += [{"section": groups, "item": str(row.name), "contracts": row.contracts,
              "committed": row.committed, "accepted": row.accepted, "paid": row.paid}
             for row in data["categories"]]
    rows += [{"section": states, "item": str(state["label"]), "contracts": state["count"]}
             for state in data["states"]]
    return rows


@bp.route("/dashboard/export.<any(xlsx, csv):fmt>")
@roles_required(*DASHBOARD_ROLES)
def export_dashboard(fmt):
    """The dashboard's figures as the page shows them (the agency's own contracts)."""
    data = service.agency_dashboard(current_user.organisation_id)
    heading = [_("Tổng quan hợp đồng thuê dịch vụ"), current_user.organisation.name,
               _("Số liệu ngày %(day)s", day=dmy(data["day"]))]
    return export_response(fmt, f"tong-quan-hop-dong-{clock.today().isoformat()}",
                           _("Tổng quan"), COLUMNS, export_rows(data), heading_lines=heading)
