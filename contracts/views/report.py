"""The national lease report, `/contracts/report`: public, no login (administrators read the same
page). Signed contracts per year and by province, agency, service group or vendor, with the
page's filters; its tables as .xlsx or CSV (core.exports). The figures:
contracts.services.national_report."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contracts import bp
from contracts.services import national_report as service
from contracts.views import report_charts
from core import clock
from core.exports import Column, export_response, limit_message

FIGURE_COLUMNS = [
    Column(_l("Số hợp đồng ký"), lambda r: r.contracts, "int"),
    Column(_l("Giá trị hợp đồng (đồng)"), lambda r: r.committed, "vnd"),
    Column(_l("Đã nghiệm thu (đồng)"), lambda r: r.accepted, "vnd"),
    Column(_l("Đã thanh toán (đồng)"), lambda r: r.paid, "vnd"),
]
CODE_LABELS = {"province": _l("Mã tỉnh, thành phố"), "agency": _l("Mã cơ quan"),
               "category": _l("Mã nhóm dịch vụ"), "vendor": _l("Mã số thuế")}


def grouping(value: str | None, *, years: bool = False) -> str:
    """The table a request asks for: a key of GROUPS (province by default), or "year"."""
    if value in service.GROUPS or (years and value == "year"):
        return value
    return "province"


def describe(selection: service.Selection) -> str:
    """The filters in words, for a download's heading."""
    filters, named = selection.filters, selection.named
    parts = []
    if filters.year_from or filters.year_to:
        parts.append(_("Năm %(first)s – %(last)s", first=filters.year_from or "…",
                       last=filters.year_to or "…"))
    for name, label in service.GROUPS.items():
        if name in named:
            found = named[name]
            parts.append(f"{label}: {getattr(found, 'legal_name', None) or found.name}")
    return "; ".join(parts) or _("Cả nước, mọi năm")


def charts(data: service.Report) -> dict:
    years = [(row.key, row.committed, row.accepted, row.paid) for row in data.years]
    return {"years": report_charts.years_chart("report-years", years),
            "states": report_charts.states_chart("report-states", data.states),
            "categories": report_charts.categories_chart("report-categories",
                                                         data.categories)}


@bp.route("/report")
def report():
    selection = service.selection(request.args)
    by = grouping(request.args.get("by"))
    page = request.args.get("page", 1, type=int)
    if page < 1:
        abort(404)
    data = service.published(selection.filters, by)
    shown = service.page_of(data.groups, page, current_app.config["PER_PAGE"])
    return render_template(
        "contracts/report.html", data=data, selection=selection, by=by, page=shown,
        charts=charts(data), groups=service.GROUPS, choices=service.choices(data),
        code_labels=CODE_LABELS)


@bp.route("/report/export.<any(xlsx, csv):fmt>")
def export_report(fmt):
    """The report's year table (by=year) or one of its group tables, every row of it."""
    selection = service.selection(request.args)
    by = grouping(request.args.get("by"), years=True)
    data = service.published(selection.filters, "province" if by == "year" else by)
    rows = data.years if by == "year" else data.groups
    if message := limit_message(fmt, len(rows)):
        flash(message, "warning")
        return redirect(url_for("contracts.report", **request.args))
    if by == "year":
        columns = [Column(_l("Năm"), lambda r: r.key, "int"), *FIGURE_COLUMNS]
        totals = [_("Cộng"), data.total.contracts, data.total.committed, data.total.accepted,
                  data.total.paid]
    else:
        columns = [Column(service.GROUPS[by], lambda r: str(r.name), width=40),
                   Column(CODE_LABELS[by], lambda r: r.code), *FIGURE_COLUMNS]
        totals = [_("Cộng"), None, data.total.contracts, data.total.committed,
                  data.total.accepted, data.total.paid]
    heading = [_("Báo cáo thuê dịch vụ công nghệ thông tin"), describe(selection),
               _("Số liệu tính lúc %(time)s", time=clock.vietnam_time(data.computed_at))]
    return export_response(fmt, f"bao-cao-thue-dich-vu-{by}-{clock.today().isoformat()}",
                           _("Báo cáo"), columns, rows, totals=totals, heading_lines=heading)
