"""Access-matrix rows (tests/test_access_matrix.py) for the vendor's side of requests for
quotations. `extend` adds two requests of agency A inviting vendor V only: QO, open, and QC,
past its deadline, each with V's answer and its signed PDF."""
from datetime import timedelta

from sqlalchemy import select

from accounts.models import Organisation
from core.clock import today, utcnow
from core.formats import dmy
from extensions import db
from plans.quotations import answers
from plans.quotations.models import QuotationRequest
from tests.access_cases import A_PLANS, VENDORS, Case
from tests.helpers import MINIMAL_PDF
from tests.plans.quotations.factories import make_request
from vendors.models import Vendor

V_ONLY = frozenset({"vendor_v"})
QO = lambda w: {"request_id": w.qa_open}  # noqa: E731
QC = lambda w: {"request_id": w.qa_closed}  # noqa: E731


def _answered(agency, staff, vendor, user, title: str):
    asked = make_request(agency, staff, ("HT-001",), vendors=[vendor], title=title)
    answer = answers.submit_answer(asked, vendor, [{
        "request_line_id": asked.lines[0].id, "unit_price": 1_900_000, "vat_rate": "10",
        "valid_until": today() + timedelta(days=90), "note": ""}], actor=user,
        pdf=MINIMAL_PDF, pdf_name="bao-gia-da-ky.pdf")
    return asked, answer


def extend(world) -> None:
    agency = db.session.get(Organisation, world.agency_a)
    staff, user_v = world.users["staff_a"], world.users["vendor_v"]
    vendor = db.session.scalar(select(Vendor).where(Vendor.tax_code == world.tax_v))
    still_open, open_answer = _answered(agency, staff, vendor, user_v, "Báo giá còn hạn")
    closed, closed_answer = _answered(agency, staff, vendor, user_v, "Báo giá đã hết hạn")
    closed.deadline = utcnow() - timedelta(hours=1)
    db.session.flush()
    world.qa_open, world.qa_open_answer = still_open.id, open_answer.id
    world.qa_closed, world.qa_closed_answer = closed.id, closed_answer.id


def _answer_form(w) -> dict:
    asked = db.session.get(QuotationRequest, w.qa_open)
    return {"request_version": asked.version, "lines-0-request_line_id": asked.lines[0].id,
            "lines-0-unit_price": "1.800.000", "lines-0-vat_rate": "10",
            "lines-0-valid_until": dmy(today() + timedelta(days=60))}


ROUTES: dict[str, list[Case]] = {
    "GET /plans/quotations/invitations": [Case(VENDORS, why="each vendor its own invitations")],
    "GET /plans/quotations/<int:request_id>/answer": [
        Case(V_ONLY, QO, why="only the invited vendor"),
        Case(V_ONLY, QC, why="after the deadline it still reads its own answer")],
    "POST /plans/quotations/<int:request_id>/answer": [Case(V_ONLY, QO, data=_answer_form)],
    "GET /plans/quotations/<int:request_id>/decline": [Case(V_ONLY, QO)],
    "POST /plans/quotations/<int:request_id>/decline": [
        Case(V_ONLY, QO, data=lambda w: {"reason": "Không cung cấp dịch vụ này."})],
    "GET /plans/quotations/<int:request_id>/answers/<int:answer_id>/pdf": [
        Case(V_ONLY, lambda w: {"request_id": w.qa_open, "answer_id": w.qa_open_answer},
             why="sealed before the deadline: only the vendor who wrote it"),
        Case(V_ONLY | A_PLANS, lambda w: {"request_id": w.qa_closed,
                                          "answer_id": w.qa_closed_answer},
             why="opened to the requesting agency after the deadline"),
        Case(frozenset(), lambda w: {"request_id": w.qa_open, "answer_id": w.qa_closed_answer},
             why="an answer named under another request"),
    ],
}
