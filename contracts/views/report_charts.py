"""The three charts the agency dashboard and the national report share (core.charts), from the
rows their services give: value, accepted and paid per budget year; contracts per state; value
per service group."""
from flask_babel import gettext as _
from markupsafe import Markup

from core import charts
from core.money import format_vnd


def series() -> list[str]:
    """The three amounts of a budget year, in the order the chart and the tables show them."""
    return [_("Giá trị hợp đồng"), _("Đã nghiệm thu"), _("Đã thanh toán")]


def years_chart(chart_id: str, years: list[tuple[int, int, int, int]]) -> Markup:
    """(year, committed, accepted, paid) per year as grouped bars."""
    committed = sum(row[1] for row in years)
    description = _("Biểu đồ cột theo năm ngân sách từ %(first)s đến %(last)s: tổng giá trị "
                    "%(committed)s đồng, đã nghiệm thu %(accepted)s đồng, đã thanh toán "
                    "%(paid)s đồng. Số liệu từng năm ở bảng kèm theo.",
                    first=years[0][0] if years else "–", last=years[-1][0] if years else "–",
                    committed=format_vnd(committed),
                    accepted=format_vnd(sum(row[2] for row in years)),
                    paid=format_vnd(sum(row[3] for row in years)))
    return charts.grouped_bars(chart_id, _("Giá trị hợp đồng theo năm ngân sách"), description,
                               [str(row[0]) for row in years], series(),
                               [list(row[1:]) for row in years])


def states_chart(chart_id: str, states: list[dict]) -> Markup:
    """Contracts per state as horizontal bars."""
    description = _("Biểu đồ thanh ngang: số hợp đồng ở mỗi trạng thái, tổng %(count)s hợp "
                    "đồng. Số liệu ở bảng kèm theo.",
                    count=format_vnd(sum(state["count"] for state in states)))
    return charts.horizontal_bars(chart_id, _("Hợp đồng theo trạng thái"), description,
                                  [str(state["label"]) for state in states],
                                  [state["count"] for state in states], money=False)


def categories_chart(chart_id: str, rows) -> Markup:
    """Value per service group (national_report.Row) as horizontal bars."""
    description = _("Biểu đồ thanh ngang: giá trị hợp đồng của mỗi nhóm dịch vụ, tổng "
                    "%(committed)s đồng. Số liệu ở bảng kèm theo.",
                    committed=format_vnd(sum(row.committed for row in rows)))
    return charts.horizontal_bars(chart_id, _("Giá trị hợp đồng theo nhóm dịch vụ"),
                                  description, [str(row.name) for row in rows],
                                  [row.committed for row in rows])
