"""JSON API of the contracts domain, no login: open data on signed contracts (OCDS 1.1) and the
national lease report (the figures of /contracts/report)."""
import re

from flask import Blueprint, abort, jsonify, url_for
from flask_babel import gettext as _

from catalog.api import (MAX_PER_PAGE, BadParameter, bad_parameter, code_arg, int_arg,
                         single_arg)
from catalog.services import get_category
from contracts.models.contract import Contract
from contracts.services import acceptance, national_report, ocds
from core import clock
from core.pagination import MAX_PAGE
from documents import storage
from extensions import db
from plans.models import LeasePlan
from vendors.services import get_province, get_vendor

api = Blueprint("contracts_api", __name__, url_prefix="/api/v1")
api.register_error_handler(BadParameter, bad_parameter)
REPORT_GROUPS = ("year", *national_report.GROUPS)
TAX_CODE = r"^[0-9]{10}(-[0-9]{3})?$"  # as vendors/openapi.yml's TaxCode
MAX_ID = 2_147_483_647


@api.get("/contracts/<int:contract_id>/ocds")
def contract_ocds(contract_id):
    contract = db.session.get(Contract, contract_id)
    if contract is None or contract.status not in ocds.PUBLIC_STATUSES:
        abort(404)  # drafts and contracts under review or approval are not public yet
    plan = db.session.get(LeasePlan, contract.plan_id) if contract.plan_id else None
    package = ocds.release_package(
        contract, records=acceptance.records_by_contract([contract.id])[contract.id],
        documents=storage.documents_of("contract", contract.id), plan=plan,
        uri=url_for("contracts_api.contract_ocds", contract_id=contract.id, _external=True),
        today=clock.today())
    return jsonify(package)


def _year_arg(name: str) -> int | None:
    if single_arg(name) is None:
        return None
    return int_arg(name, 0, *national_report.YEARS)


def _found(record) -> int:
    """A filter's id: the record's, or one no record has when the code names nothing."""
    return record.id if record is not None else national_report.NO_ROW


def _report_filters() -> national_report.Filters:
    """The filters of the query string, strictly (a 400 naming a malformed parameter); a code
    of the right shape naming nothing keeps no contract (an empty report, as the page)."""
    year_from, year_to = _year_arg("from"), _year_arg("to")
    province, category = code_arg("province"), code_arg("category")
    vendor = single_arg("vendor")
    if vendor is not None and not re.fullmatch(TAX_CODE, vendor):
        raise BadParameter("vendor", _("Tham số vendor phải là mã số thuế 10 chữ số (có thể "
                                       "thêm -XXX cho đơn vị phụ thuộc)."))
    agency = int_arg("agency", 0, 1, MAX_ID) if single_arg("agency") is not None else None
    return national_report.Filters(
        year_from, year_to,
        province_id=_found(get_province(province)) if province else None,
        category_id=_found(get_category(category)) if category else None,
        vendor_id=_found(get_vendor(vendor)) if vendor else None,
        organisation_id=national_report.agency_id(agency) if agency else None)


def _figures(row) -> dict:
    return {"contracts": row.contracts, "committed": row.committed, "accepted": row.accepted,
            "paid": row.paid}


@api.get("/report")
def report():
    """The national report's table `by` (year, province, agency, category, vendor), a page of
    it, with its totals: the figures of /contracts/report for the same filters."""
    by = single_arg("by") or "year"
    if by not in REPORT_GROUPS:
        raise BadParameter("by", _("Tham số by phải là một trong: %(values)s.",
                                   values=", ".join(REPORT_GROUPS)))
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    filters = _report_filters()
    data = national_report.published(filters, "province" if by == "year" else by)
    rows = data.years if by == "year" else data.groups
    shown = national_report.page_of(rows, page, per_page)
    items = [{"key": str(row.key) if by == "year" else row.code,
              "name": str(row.key) if by == "year" else str(row.name), **_figures(row)}
             for row in shown.items]
    return jsonify(by=by, year_from=filters.year_from, year_to=filters.year_to,
                   computed_at=clock.in_vietnam(data.computed_at).isoformat(timespec="seconds"),
                   totals=_figures(data.total), items=items, total=shown.total, page=page,
                   per_page=per_page)
