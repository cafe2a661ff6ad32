"""Downloads of the contract list (with the page's filters) and of a contract's payment
schedule, as .xlsx or CSV (core.exports). Who may download is who may see the page."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from accounts.access import roles_required
from contracts import bp
from contracts.services import acceptance, listing, terms
from contracts.views.loaders import contract_or_404
from core import clock
from core.exports import (Column, count_rows, export_response, limit_message, list_rows,
                          streams)
from core.formats import dmy
from core.vat import VAT_LABELS, VAT_RATES

LIST_COLUMNS = [
    Column(_l("Số hợp đồng"), lambda r: r.contract.number, width=24),
    Column(_l("Tên hợp đồng"), lambda r: r.contract.display_title, width=40),
    Column(_l("Cơ quan (Bên A)"), lambda r: r.agency_name, width=36),
    Column(_l("Nhà cung cấp (Bên B)"), lambda r: r.vendor_name, width=36),
    Column(_l("Mã số thuế nhà cung cấp"),
           lambda r: r.contract.vendor.tax_code if r.contract.vendor else None),
    Column(_l("Trạng thái"), lambda r: r.state, width=28),
    Column(_l("Ngày hợp đồng"), lambda r: r.contract.contract_date, "date"),
    Column(_l("Ngày ký"), lambda r: r.contract.signed_date, "date"),
    Column(_l("Ngày bắt đầu"), lambda r: r.contract.start_date, "date"),
    Column(_l("Số tháng"), lambda r: r.contract.months, "int"),
    Column(_l("Ngày kết thúc"), lambda r: r.contract.payments.end, "date"),
    Column(_l("Giá trị hợp đồng gồm thuế GTGT (đồng)"), lambda r: r.total, "vnd", width=22),
]


@bp.route("/export.<any(xlsx, csv):fmt>")
@roles_required("agency_staff", "agency_approver", "legal_drafter", "vendor_staff")
def export_list(fmt):
    """The contract list as the page filters it (every page of it)."""
    filters = listing.Filters.from_args(request.args)
    query = listing.contract_list(current_user, filters)
    count = count_rows(query)
    if message := limit_message(fmt, count):
        flash(message, "warning")
        return redirect(url_for("contracts.index", **filters.args()))
    rows = listing.export_rows(list_rows(query, fmt, count))
    return export_response(fmt, f"hop-dong-{clock.today().isoformat()}", _("Hợp đồng"),
                           LIST_COLUMNS, rows, stream=streams(fmt, count))


def _vat_of(rate: str):
    return lambda row: dict((r, vat) for r, _base, vat in row["period"].parts).get(rate)


def _status(row: dict) -> str:
    """A period's state as the contract page writes it."""
    record = row["record"]
    if record is not None:
        text = _("Đã nghiệm thu %(day)s", day=dmy(record.accepted_on))
        return text + (_(", đã thanh toán đủ") if row["paid"] >= row["accepted"] else "")
    if row["overdue"]:
        return _("Quá hạn nghiệm thu %(days)s ngày", days=row["overdue_days"])
    return _("Chưa nghiệm thu")


def schedule_columns(rates: list[str]) -> list[Column]:
    """The schedule's columns, with one VAT column per rate the contract bills."""
    return [
        Column(_("Kỳ"), lambda r: r["period"].no, "int", width=6),
        Column(_("Nội dung"), lambda r: r["period"].label, width=30),
        Column(_("Từ ngày"), lambda r: r["period"].start, "date"),
        Column(_("Đến ngày"), lambda r: r["period"].due, "date"),
        Column(_("Hạn nghiệm thu"), lambda r: r["period"].deadline, "date"),
        Column(_("Trước thuế (đồng)"), lambda r: r["period"].before_vat, "vnd"),
        *[Column(_("Thuế GTGT %(rate)s (đồng)", rate=VAT_LABELS[rate]), _vat_of(rate), "vnd")
          for rate in rates],
        Column(_("Thuế GTGT (đồng)"), lambda r: r["period"].vat, "vnd"),
        Column(_("Cộng (đồng)"), lambda r: r["period"].amount, "vnd"),
        Column(_("Hạn thanh toán"), lambda r: r["pay_by"], "date"),
        Column(_("Hạn thanh toán là dự kiến"),
               lambda r: _("Có") if r["pay_by_planned"] else _("Không")),
        Column(_("Ngày nghiệm thu"),
               lambda r: r["record"].accepted_on if r["record"] else None, "date"),
        Column(_("Nghiệm thu (đồng)"), lambda r: r["accepted"] if r["record"] else None, "vnd"),
        Column(_("Giảm trừ (đồng)"), lambda r: r["deductions"] if r["record"] else None, "vnd"),
        Column(_("Đã thanh toán (đồng)"), lambda r: r["paid"] if r["record"] else None, "vnd"),
        Column(_("Tình trạng"), _status, width=34),
    ]


@bp.route("/<int:contract_id>/schedule.<any(xlsx, csv):fmt>")
@login_required
def export_schedule(contract_id, fmt):
    """A contract's payment schedule: each period's terms, what was accepted and paid, and
    (in the workbook) the totals the contract page shows."""
    contract = contract_or_404(contract_id)
    records = acceptance.records_by_contract([contract.id])[contract.id]
    computed = terms.of_contract(contract, terms.accepted_from(records))
    summary = acceptance.schedule_summary(contract, records, computed=computed)
    billed = {rate for row in summary["rows"] for rate, _b, _v in row["period"].parts}
    rates = [rate for rate in VAT_RATES if rate in billed]
    vat_by_rate = {group["rate"]: group["vat"] for group in computed.vat_groups}
    totals = [_("Cộng"), None, None, None, None, computed.before_vat,
              *[vat_by_rate.get(rate, 0) for rate in rates], computed.vat, summary["total"],
              None, None, None, summary["accepted"], summary["deductions"], summary["paid"],
              None]
    heading = [_("Lịch thanh toán hợp đồng %(title)s", title=contract.display_title),
               _("Số hợp đồng: %(number)s", number=contract.number or "—"),
               _("Bên A: %(name)s", name=(contract.party_a or {}).get("name") or "—"),
               _("Bên B: %(name)s", name=(contract.party_b or {}).get("name") or "—")]
    name = f"lich-thanh-toan-{contract.number or contract.id}".replace("/", "-")
    return export_response(fmt, name, _("Lịch thanh toán"), schedule_columns(rates),
                           summary["rows"], totals=totals, heading_lines=heading)
