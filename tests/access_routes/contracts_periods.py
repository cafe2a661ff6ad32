"""Access-matrix rows (tests/test_access_matrix.py) for the vendor's side of acceptance: the
period reports and invoices of contract L (agency A's, vendor V's). Its period 1 is accepted
(the base world) and gets an invoice here; its period 2 gets a report with a PDF."""
import io

from sqlalchemy import select

from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import Contract
from contracts.services import period_reports
from core import clock
from extensions import db
from tests.access_cases import Case
from tests.helpers import MINIMAL_PDF

READERS = frozenset({"staff_a", "approver_a", "legal_a", "vendor_v"})  # A's people and V
VENDOR = frozenset({"vendor_v"})
REPORT = lambda w: {"contract_id": w.active, "period_no": 2}  # noqa: E731
INVOICE = lambda w: {"contract_id": w.active, "period_no": 1}  # noqa: E731
LEVELS = [{"measured": "99,9%", "met": True}, {"measured": "2 giờ", "met": True}]


def report_data(_w) -> dict:
    return {"levels-0-measured": "99,9%", "levels-0-met": "yes",
            "levels-1-measured": "2 giờ", "levels-1-met": "yes", "incidents": "",
            "notes": "", "file": (io.BytesIO(MINIMAL_PDF), "bao-cao.pdf")}


def invoice_data(_w) -> dict:
    return {"number": "0000999", "issued_on": clock.today().isoformat(), "amount": "1000000",
            "file": (io.BytesIO(MINIMAL_PDF), "hoa-don.pdf")}


def extend(world) -> None:
    """A report of L's period 2 and an invoice of its accepted period 1, by V's staff."""
    contract = db.session.get(Contract, world.active)
    vendor = world.users["vendor_v"]
    period_reports.submit_report(contract, 2, LEVELS[:len(contract.service_levels)], "", "",
                                 MINIMAL_PDF, "bao-cao.pdf", actor=vendor)
    record = db.session.scalars(select(AcceptanceRecord).where(
        AcceptanceRecord.contract_id == contract.id, AcceptanceRecord.period_no == 1)).one()
    period_reports.upload_invoice(record, "0000001", clock.today(), 1_000_000, MINIMAL_PDF,
                                  "hoa-don.pdf", actor=vendor)


ROUTES: dict[str, list[Case]] = {
    "GET /contracts/<int:contract_id>/periods/<int:period_no>/report": [Case(READERS, REPORT)],
    "POST /contracts/<int:contract_id>/periods/<int:period_no>/report": [
        Case(VENDOR, REPORT, data=report_data, why="only the vendor's staff report a period")],
    "GET /contracts/<int:contract_id>/periods/<int:period_no>/report/<int:version>/pdf": [
        Case(READERS, lambda w: {"contract_id": w.active, "period_no": 2, "version": 1})],
    "GET /contracts/<int:contract_id>/periods/<int:period_no>/invoice": [
        Case(READERS, INVOICE)],
    "POST /contracts/<int:contract_id>/periods/<int:period_no>/invoice": [
        Case(VENDOR, INVOICE, data=invoice_data, why="only the vendor's staff upload it")],
    "GET /contracts/<int:contract_id>/periods/<int:period_no>/invoice/pdf": [
        Case(READERS, INVOICE)],
}
