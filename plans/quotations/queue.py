"""Work-queue sections and notice kinds of requests for quotations: vendor staff see the
requests they are invited to and have not answered yet; the agency's staff and approvers see
their closed requests waiting for a comparison and a choice. One query a section (the queue's
count is in every page's menu)."""
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import contains_eager

from accounts import work
from accounts.models import User
from accounts.notices import register_kind
from core import clock
from extensions import db
from plans.quotations.answers import AGENCY, ANSWERED
from plans.quotations.links import answer_link, show_link
from plans.quotations.rules import in_state, valid_answer_condition
from plans.quotations.models import (QuotationAnswer, QuotationChoice, QuotationInvitation,
                                     QuotationRequest, QuotationRequestLine)
from vendors.models import Vendor

register_kind(ANSWERED, _l("Nhà cung cấp gửi hoặc từ chối báo giá"), *AGENCY)

SOON = timedelta(hours=24)  # a deadline this close marks the item overdue (shown first)


@work.section("quotations.to_answer", _l("Yêu cầu báo giá cần trả lời"), "vendor_staff",
              position=35)
def requests_to_answer(user: User) -> list[work.WorkItem]:
    """Open requests the user's vendor is invited to and has neither answered nor declined."""
    now = clock.utcnow()
    rows = db.session.execute(
        select(QuotationRequest, QuotationInvitation.invited_at)
        .join(QuotationInvitation, QuotationInvitation.request_id == QuotationRequest.id)
        .join(Vendor, Vendor.id == QuotationInvitation.vendor_id)
        .join(QuotationRequest.organisation)
        .options(contains_eager(QuotationRequest.organisation))
        .where(Vendor.organisation_id == user.organisation_id,
               in_state("open", now),
               ~exists().where(QuotationAnswer.request_id == QuotationRequest.id,
                               QuotationAnswer.vendor_id == QuotationInvitation.vendor_id))
        .order_by(QuotationRequest.deadline, QuotationRequest.id)).all()
    return [work.WorkItem(f"{asked.code} – {asked.title} ({asked.organisation.name})",
                          answer_link(asked.id), since=invited_at,
                          note=_("hạn nhận báo giá %(deadline)s",
                                 deadline=clock.vietnam_time(asked.deadline)),
                          overdue=asked.deadline - now <= SOON)
            for asked, invited_at in rows]


@work.section("quotations.to_compare", _l("Yêu cầu báo giá đã hết hạn, chờ so sánh"),
              "agency_staff", "agency_approver", position=25)
def requests_to_compare(user: User) -> list[work.WorkItem]:
    """The organisation's requests past their deadline, not cancelled, with no line priced
    from them yet (no QuotationChoice), with how many answers came in time."""
    now = clock.utcnow()
    on_time = (select(func.count(QuotationAnswer.id))
               .where(QuotationAnswer.request_id == QuotationRequest.id,
                      valid_answer_condition())
               .correlate(QuotationRequest).scalar_subquery())
    chosen = exists().where(QuotationChoice.request_line_id == QuotationRequestLine.id,
                            QuotationRequestLine.request_id == QuotationRequest.id)
    rows = db.session.execute(
        select(QuotationRequest, on_time)
        .where(QuotationRequest.organisation_id == user.organisation_id,
               in_state("closed", now), ~chosen)
        .order_by(QuotationRequest.deadline, QuotationRequest.id)).all()
    return [work.WorkItem(f"{asked.code} – {asked.title}", show_link(asked.id),
                          since=asked.deadline,
                          note=ngettext("%(num)s báo giá gửi đúng hạn",
                                        "%(num)s báo giá gửi đúng hạn", count))
            for asked, count in rows]
