"""Who sees and does what with a request for quotations, and when answers are opened.

The sealing rule lives here and only here: before the deadline no one but the vendor who wrote
an answer sees it (the agency sees who answered, never what); after it the agency sees every
answer, a vendor still only its own. Pages, the API, the annex and the comparison all ask here.
"""
from datetime import date, datetime
from functools import cache
from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import and_

from accounts.models import AGENCY_ROLES
from core.clock import in_vietnam, today, utcnow
from core.errors import Refused
from plans.quotations.models import (REQUEST_STATES, QuotationAnswer, QuotationAnswerLine,
                                     QuotationRequest)

DATA_FILE = Path(__file__).parent.parent / "data" / "quotations.yml"


class QuotationError(Refused):
    """A refused operation on a request or an answer; the message is shown as is."""


@cache
def settings() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def minimum_valid(pack_id: str) -> int:
    """How many valid answers a comparison should rest on under a legal basis (3 by default)."""
    numbers = settings()["minimum_valid_answers"]
    return int(numbers.get("packs", {}).get(pack_id, numbers["default"]))


# --- time -----------------------------------------------------------------------------


def state_of(request: QuotationRequest, now: datetime | None = None) -> str:
    """open, closed (deadline passed) or cancelled."""
    if request.status == "cancelled":
        return "cancelled"
    return "open" if (now or utcnow()) < request.deadline else "closed"


def in_state(state: str, now: datetime | None = None):
    """state_of() as a SQL condition on QuotationRequest, for lists and queues."""
    now = now or utcnow()
    if state == "cancelled":
        return QuotationRequest.status == "cancelled"
    if state not in ("open", "closed"):
        raise ValueError(f"unknown state {state!r}")
    deadline = QuotationRequest.deadline
    return and_(QuotationRequest.status == "open",
                deadline > now if state == "open" else deadline <= now)


def state_label(request: QuotationRequest, now: datetime | None = None) -> str:
    return str(REQUEST_STATES[state_of(request, now)])


def is_sealed(request: QuotationRequest, now: datetime | None = None) -> bool:
    """True until the deadline, and for ever once cancelled before it: answers stay closed."""
    if request.status == "cancelled":
        return request.cancelled_at is None or request.cancelled_at < request.deadline
    return (now or utcnow()) < request.deadline


# --- who ------------------------------------------------------------------------------


def is_requester(user, request: QuotationRequest) -> bool:
    """Agency staff, approvers and legal drafters of the requesting agency."""
    return (getattr(user, "is_authenticated", False)
            and user.organisation_id == request.organisation_id
            and user.role in (*AGENCY_ROLES, "legal_drafter"))


def may_manage(user, request: QuotationRequest) -> bool:
    """Agency staff and approvers of the requesting agency create, amend, cancel and choose."""
    return is_requester(user, request) and user.role in AGENCY_ROLES


def invited_vendor(user, request: QuotationRequest):
    """The invited vendor this user works for, or None."""
    if not (getattr(user, "is_authenticated", False) and user.role == "vendor_staff"):
        return None
    return next((i.vendor for i in request.invitations
                 if i.vendor.organisation_id == user.organisation_id), None)


def can_view(user, request: QuotationRequest) -> bool:
    """The requesting agency's people and the invited vendors; everyone else gets 404."""
    return is_requester(user, request) or invited_vendor(user, request) is not None


def visible_answers(user, request: QuotationRequest,
                    now: datetime | None = None) -> list[QuotationAnswer]:
    """The answers this user may read in full: a vendor its own, the agency every answer once
    the request is no longer sealed, nobody else anything."""
    vendor = invited_vendor(user, request)
    if vendor is not None:
        return [a for a in request.answers if a.vendor_id == vendor.id]
    if is_requester(user, request) and not is_sealed(request, now):
        return list(request.answers)
    return []


def opened_answers(request: QuotationRequest,
                   now: datetime | None = None) -> list[QuotationAnswer]:
    """Every answer, for the agency's comparison, choice and annex; refused while sealed."""
    if is_sealed(request, now):
        raise QuotationError(_("Chưa đến hạn nhận báo giá: các báo giá còn được niêm phong "
                               "đến khi hết hạn."))
    return list(request.answers)


# --- what counts ----------------------------------------------------------------------


def earliest_validity(request: QuotationRequest, on: date | None = None) -> date:
    """The last day a price must still be valid on: the deadline's day (before it, the price was
    never good to compare), or `on` (today by default) when later."""
    return max(in_vietnam(request.deadline).date(), on or today())


def is_expired(line: QuotationAnswerLine, request: QuotationRequest,
               on: date | None = None) -> bool:
    """A price no longer valid: its validity ends before earliest_validity (the answer form
    asks for at least that day)."""
    return line.valid_until < earliest_validity(request, on)


def is_valid_answer(answer: QuotationAnswer) -> bool:
    """A quotation given on time (a decline or a late answer never counts)."""
    return answer.status == "answered" and not answer.late


def valid_answer_condition():
    """is_valid_answer() as a SQL condition on QuotationAnswer, for counts in lists."""
    return and_(QuotationAnswer.status == "answered", QuotationAnswer.late.is_(False))
