"""JSON API of the plans domain: closed requests for quotations' public summary, no login.

Only closed requests appear (their deadline passed, not cancelled: plans.quotations.rules):
an open request's answers are sealed and a cancelled one's are never opened, so neither is
listed and their URLs answer 404. What is published is the summary (services, quantities,
how many vendors were invited and answered, the method chosen per line); a vendor's price
only where the vendor itself published it: its offering of the service is published with a
public price, in the line's unit, and its quote is that very price. A chosen unit price is
published only when its source is public (a listed price, a prior award of the OCDS export,
or a quote that is itself published)."""
from flask import Blueprint, abort, jsonify, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog.api import MAX_PER_PAGE, BadParameter, bad_parameter, int_arg
from core.clock import in_vietnam
from core.pagination import MAX_PAGE, paginate
from extensions import db
from plans.quotations import rules
from plans.quotations.choices import choices_of
from plans.quotations.comparison import LineComparison, Quote, compare
from plans.quotations.models import (QuotationAnswer, QuotationChoice, QuotationRequest,
                                     QuotationRequestLine)

api = Blueprint("plans_api", __name__, url_prefix="/api/v1")
api.register_error_handler(BadParameter, bad_parameter)

# Sources of a chosen price that are public whatever the quotes were.
PUBLIC_SOURCES = frozenset({"listed_price", "prior_award"})
LOADED = (selectinload(QuotationRequest.organisation),
          selectinload(QuotationRequest.invitations),
          selectinload(QuotationRequest.lines).selectinload(QuotationRequestLine.service),
          selectinload(QuotationRequest.answers).selectinload(QuotationAnswer.lines),
          selectinload(QuotationRequest.answers).selectinload(QuotationAnswer.vendor))


def closed_requests():
    """Every closed request, the latest deadline first (the state rule of rules.state_of, as
    SQL: open as stored and past its deadline)."""
    return (select(QuotationRequest).options(*LOADED)
            .where(rules.in_state("closed"))
            .order_by(QuotationRequest.deadline.desc(), QuotationRequest.id.desc()))


def published(quote: Quote) -> bool:
    """A quote whose price the vendor published itself: its own listed price, unchanged."""
    return (quote.price is not None and quote.listed_price is not None
            and quote.price.unit_price == quote.listed_price)


def price_json(quote: Quote) -> dict:
    return {"vendor": {"tax_code": quote.vendor.tax_code, "name": quote.vendor.legal_name},
            "unit_price": quote.price.unit_price, "vat_rate": quote.price.vat_rate,
            "valid": quote.valid}


def choice_json(choice: QuotationChoice | None, prices: list[Quote]) -> dict | None:
    if choice is None:
        return None
    public = choice.method in PUBLIC_SOURCES or (
        choice.method != "average" and any(q.price.unit_price == choice.unit_price
                                           for q in prices))
    return {"method": choice.method, "method_label": str(choice.method_label),
            "unit_price": choice.unit_price if public else None,
            "vat_rate": choice.vat_rate if public else None}


def line_json(compared: LineComparison, choice: QuotationChoice | None) -> dict:
    line = compared.line
    prices = [q for q in compared.quotes if published(q)]
    return {"service": {"code": line.service.code, "name": line.service.name},
            "quantity": line.quantity, "unit": line.unit, "months": line.months,
            "valid_quotes": compared.figures.count,
            "choice": choice_json(choice, prices),
            "published_prices": [price_json(q) for q in prices]}


def request_json(found: QuotationRequest) -> dict:
    compared = compare(found)  # the sealing rule is asked again here
    chosen = choices_of(found)
    services = {line.service.code: line.service.name for line in found.lines}
    return {
        "id": found.id, "code": found.code, "title": found.title,
        "agency": found.organisation.name, "pack": found.pack_id,
        "deadline": in_vietnam(found.deadline).isoformat(),
        "services": [{"code": code, "name": name} for code, name in services.items()],
        "lines": [line_json(c, chosen.get(c.line.id)) for c in compared],
        "invited": len(found.invitations),
        "answers": len(found.answers),
        "valid_answers": sum(1 for a in found.answers if rules.is_valid_answer(a)),
        "minimum_valid": rules.minimum_valid(found.pack_id),
        "url": url_for("plans_api.quotation_request", request_id=found.id, _external=True),
    }


@api.get("/quotation-requests")
def quotation_requests():
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    pagination = paginate(closed_requests(), page=page, per_page=per_page)
    return jsonify(items=[request_json(r) for r in pagination.items],
                   total=pagination.total, page=page, per_page=per_page)


@api.get("/quotation-requests/<int:request_id>")
def quotation_request(request_id):
    found = db.session.get(QuotationRequest, request_id, options=list(LOADED))
    if found is None or rules.state_of(found) != "closed":
        abort(404)
    return jsonify(request_json(found))
