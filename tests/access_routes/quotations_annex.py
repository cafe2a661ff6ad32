"""Access-matrix rows (tests/test_access_matrix.py) for the annex "Bảng tổng hợp báo giá" and
the public API of requests for quotations. `extend` adds agency A's closed request QC (V and W
answered, one annex stored) and its open request QO (sealed: no annex, not in the API)."""
from datetime import timedelta

from sqlalchemy import select

from catalog.services import get_service
from core.clock import today, utcnow
from documents import storage
from extensions import db
from plans.quotations.models import (QuotationAnswer, QuotationAnswerLine, QuotationInvitation,
                                     QuotationRequest, QuotationRequestLine)
from tests.access_cases import A_EDIT, A_PLANS, EVERYONE, NOBODY, Case
from vendors.models import Vendor

QC = lambda w: {"request_id": w.annex_request}  # noqa: E731
QO = lambda w: {"request_id": w.annex_open_request}  # noqa: E731
QD = lambda w: {"request_id": w.annex_request, "document_id": w.annex_document}  # noqa: E731


def _request(world, title: str, hours: int, vendors: list[Vendor]) -> QuotationRequest:
    staff = world.users["staff_a"]
    service = get_service("HT-001")
    found = QuotationRequest(organisation_id=world.agency_a, created_by_id=staff.id,
                             title=title, pack_id="nd73-2019", place="Hà Nội",
                             deadline=utcnow() + timedelta(hours=hours),
                             created_at=utcnow() - timedelta(days=3))
    found.lines.append(QuotationRequestLine(position=0, service_id=service.id,
                                            unit=service.unit, quantity=1, months=12))
    for vendor in vendors:
        found.invitations.append(QuotationInvitation(vendor_id=vendor.id))
    db.session.add(found)
    db.session.flush()
    for vendor, price in zip(vendors, (2_000_000, 2_200_000)):
        answer = QuotationAnswer(request_id=found.id, vendor_id=vendor.id, status="answered")
        answer.lines.append(QuotationAnswerLine(
            request_line_id=found.lines[0].id, unit_price=price, vat_rate="10",
            valid_until=today() + timedelta(days=90)))
        db.session.add(answer)
    db.session.flush()
    return found


def extend(world) -> None:
    vendors = [db.session.scalars(select(Vendor).where(
        Vendor.organisation_id == world.users[name].organisation_id)).one()
        for name in ("vendor_v", "vendor_w")]
    closed = _request(world, "Báo giá máy chủ ảo (đã hết hạn)", -2, vendors)
    sealed = _request(world, "Báo giá máy chủ ảo (đang nhận)", 48, vendors)
    template = storage.template_for("nd73-2019", "quotations", today())
    document = storage.store_document("quotations", closed.id, "quotations", template,
                                      b"PK\x03\x04 quotations-annex", "bang-tong-hop.docx")
    world.annex_request, world.annex_open_request = closed.id, sealed.id
    world.annex_document = document.id


PDF = "/plans/quotations/<int:request_id>/annex/<int:document_id>/pdf"
ROUTES: dict[str, list[Case]] = {
    "POST /plans/quotations/<int:request_id>/annex": [
        Case(A_EDIT, QC),
        Case(NOBODY, QO, refuse=A_EDIT, why="sealed until the deadline: refused with a message"),
    ],
    "GET /plans/quotations/<int:request_id>/annex/<int:document_id>": [Case(A_PLANS, QD)],
    **{f"{method} {PDF}": [Case(A_PLANS, QD)] for method in ("GET", "POST")},
    "GET /api/v1/quotation-requests": [Case(EVERYONE)],
    "GET /api/v1/quotation-requests/<int:request_id>": [
        Case(EVERYONE, QC),
        Case(NOBODY, QO, anonymous_gets=404, why="an open request's answers are sealed"),
    ],
}
