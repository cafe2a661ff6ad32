"""Requests and answers built straight from the models, for tests that need them in a given
state (past the deadline, a late answer...) without going through the pages. Flush, then the
caller commits."""
from datetime import timedelta

from catalog.services import get_service
from core.clock import today, utcnow
from extensions import db
from plans.quotations.models import (QuotationAnswer, QuotationAnswerLine, QuotationInvitation,
                                     QuotationRequest, QuotationRequestLine)


def make_request(org, user, codes=("HT-001",), *, vendors=(), deadline=None, hours=48,
                 pack_id="nd224-2026", plan=None, quantity=2, months=12, **fields):
    """A request of `org` for the catalog services `codes`, inviting `vendors`; its deadline is
    `deadline` or `hours` from now (negative: already passed)."""
    request = QuotationRequest(
        organisation_id=org.id, created_by_id=user.id, plan_id=plan.id if plan else None,
        title=fields.pop("title", "Thu thập báo giá thử nghiệm"), pack_id=pack_id,
        place=fields.pop("place", "Trụ sở cơ quan"),
        deadline=deadline or utcnow() + timedelta(hours=hours),
        created_at=fields.pop("created_at", utcnow() - timedelta(days=3)), **fields)
    for position, code in enumerate(codes):
        service = get_service(code)
        request.lines.append(QuotationRequestLine(position=position, service_id=service.id,
                                                  unit=service.unit, quantity=quantity,
                                                  months=months))
    for vendor in vendors:
        request.invitations.append(QuotationInvitation(vendor_id=vendor.id))
    db.session.add(request)
    db.session.flush()
    return request


def make_answer(request, vendor, prices, *, vat_rate="10", valid_days=90, late=False,
                status="answered", decline_reason="", valid_until=None):
    """`vendor`'s answer: `prices` is one unit price (or None: not priced) per request line, in
    order; a decline when status="declined"."""
    answer = QuotationAnswer(request_id=request.id, vendor_id=vendor.id, status=status,
                             decline_reason=decline_reason, late=late)
    if status == "answered":
        for line, price in zip(request.lines, prices):
            if price is not None:
                answer.lines.append(QuotationAnswerLine(
                    request_line_id=line.id, unit_price=price, vat_rate=vat_rate,
                    valid_until=valid_until or today() + timedelta(days=valid_days)))
    db.session.add(answer)
    db.session.flush()
    db.session.refresh(request)
    return answer
