"""The acceptance overview of a contract page, built before the page renders (a page template
runs no queries): per period what was accepted and paid and, for the agency and the vendor,
the vendor's report and invoice."""
from flask_login import current_user

from contracts import access
from contracts.models.contract import SIGNED, Contract
from contracts.services import period_reports
from contracts.services.acceptance import schedule_summary
from contracts.services.terms import Terms
from core import clock
from documents.models import DOCUMENT_KINDS


def acceptance_overview(contract: Contract, computed: Terms) -> dict | None:
    """What the contract page shows about acceptance; None before the contract is signed."""
    if contract.status not in SIGNED:
        return None
    summary = schedule_summary(contract, computed=computed)
    vendor_side = period_reports.may_see(current_user, contract)
    if vendor_side:
        reports = period_reports.reports_by_period(contract)
        invoices = period_reports.invoices_by_period(contract)
        today = clock.today()
        for row in summary["rows"]:
            period = row["period"]
            row["report"] = reports.get(period.no)
            row["invoice"] = invoices.get(period.no)
            row["started"] = period.start is None or period.start <= today
    return {**summary, "forms": DOCUMENT_KINDS, "vendor_side": vendor_side,
            "can_report": period_reports.may_report(current_user, contract),
            "can_record": access.can_record(current_user, contract),
            "can_generate": access.can_make_acceptance_documents(current_user, contract)}
