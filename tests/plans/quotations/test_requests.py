"""The agency's side of requests for quotations, through plans.quotations.requests: who is
invited, what a plan lends a request, what is refused, and who is told of each change."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent, MailOutbox, Notice
from catalog.legal_bases import in_force_on
from catalog.services import get_service
from core.clock import today, utcnow
from extensions import db
from plans import services as plan_services
from plans.quotations import requests
from plans.quotations.rules import QuotationError
from tests.helpers import first_user
from tests.plans.plan_helpers import plan_values
from tests.plans.quotations.factories import make_answer, make_request

LEVELS = [{"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng", "measure": "giám sát tự động"}]


@pytest.fixture
def market(make_vendor, make_offering):
    """Vendors: two verified with HT-001 published, one with HT-002 only, one with a draft
    HT-001 offering, one pending."""
    anh = make_vendor(legal_name="Công ty An Bình")
    chi = make_vendor(legal_name="Công ty Chí Thành")
    hai = make_vendor(legal_name="Công ty Hải Đăng")
    draft = make_vendor(legal_name="Công ty Bản Nháp")
    pending = make_vendor(status="pending", legal_name="Công ty Chờ Duyệt")
    make_offering(chi, "HT-001")
    make_offering(anh, "HT-001")
    make_offering(hai, "HT-002")
    make_offering(draft, "HT-001", publish=False)
    return {"anh": anh, "chi": chi, "hai": hai, "draft": draft, "pending": pending}


def values(**overrides) -> dict:
    data = {"title": "Báo giá máy chủ ảo", "place": "Trụ sở Sở", "security_level": 3,
            "deadline": utcnow() + timedelta(days=3), "service_levels": LEVELS, "notes": "",
            "invite_all": True, "vendor_ids": [],
            "lines": [{"service_id": get_service("HT-001").id, "unit": "", "quantity": 4,
                       "months": 12, "specification": "4 vCPU, 8 GB RAM"}]}
    data.update(overrides)
    return data


def notices(vendor, kind=None) -> list[Notice]:
    query = select(Notice).where(Notice.user_id == first_user(vendor).id)
    if kind:
        query = query.where(Notice.kind == kind)
    return list(db.session.scalars(query.order_by(Notice.id)))


def mails(vendor) -> list[MailOutbox]:
    return list(db.session.scalars(select(MailOutbox).where(
        MailOutbox.recipient == first_user(vendor).email.lower()).order_by(MailOutbox.id)))


def audit(request_id, action) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "quotation_request", AuditEvent.object_id == str(request_id),
        AuditEvent.action == action)))


def test_eligible_vendors_are_verified_with_a_published_offering(market):
    ids = [get_service("HT-001").id]
    assert requests.eligible_vendors(ids) == [market["anh"], market["chi"]]
    both = requests.eligible_vendors(ids + [get_service("HT-002").id])
    names = ["Công ty An Bình", "Công ty Chí Thành", "Công ty Hải Đăng"]
    assert [v.legal_name for v in both] == names
    assert requests.eligible_vendors([]) == []


def test_a_request_from_the_catalog_invites_every_eligible_vendor(agency, market):
    request = requests.create_request(agency.org, values(), actor=agency.staff)
    db.session.commit()
    assert [i.vendor for i in request.invitations] == [market["anh"], market["chi"]]
    assert request.pack_id == in_force_on(today()) and request.plan_id is None
    assert request.status == "open" and request.version == 1
    [line] = request.lines
    assert (line.unit, line.quantity, line.months) == ("máy chủ ảo/tháng", 4, 12)
    for name in ("anh", "chi"):
        [notice] = notices(market[name])
        assert notice.kind == "quotation_invited"
        assert notice.link == f"/plans/quotations/{request.id}/answer"
        assert request.code in notice.title and "Sở Khoa học" in notice.body
        assert [m.key for m in mails(market[name])] == [f"quotation:{request.id}:v1:invited"]
    assert notices(market["hai"]) == [] and notices(market["draft"]) == []
    [event] = audit(request.id, "quotation_request.create")
    assert event.user_id == agency.staff.id and "2 nhà cung cấp" in event.summary


def test_a_request_from_a_plan_takes_its_services_and_levels(agency, market):
    plan = plan_services.create_plan(agency.org, plan_values(
        "nd73-2019", [get_service("HT-001")], service_levels=LEVELS,
        security_level_proposal=4), actor=agency.staff)
    data = values(lines=[], service_levels=[], security_level=None)
    request = requests.create_request(agency.org, data, actor=agency.staff, plan=plan)
    db.session.commit()
    assert request.plan_id == plan.id and request.pack_id == "nd73-2019"
    assert request.security_level == 4 and request.service_levels == LEVELS
    assert [(line.service.code, line.months) for line in request.lines] == [("HT-001", 60)]
    defaults = requests.request_defaults(agency.org, plan)
    assert defaults["lines"][0]["service_id"] == get_service("HT-001").id
    assert plan.title in defaults["title"] and defaults["place"] == agency.org.address


def test_a_plan_of_another_agency_or_out_of_the_agencys_hands_is_refused(agency, market,
                                                                         make_user):
    plan = plan_services.create_plan(agency.org, plan_values(
        "nd73-2019", [get_service("HT-001")]), actor=agency.staff)
    other = make_user("agency_staff")
    with pytest.raises(QuotationError, match="cơ quan mình"):
        requests.create_request(other.organisation, values(), actor=other, plan=plan)
    plan.status = "appraisal"
    with pytest.raises(QuotationError, match="chờ thẩm định"):
        requests.create_request(agency.org, values(), actor=agency.staff, plan=plan)


def test_chosen_vendors_only_and_an_ineligible_one_is_named(agency, market):
    chosen = values(invite_all=False, vendor_ids=[market["chi"].id])
    request = requests.create_request(agency.org, chosen, actor=agency.staff)
    assert [i.vendor for i in request.invitations] == [market["chi"]]
    assert notices(market["anh"]) == []
    for name in ("hai", "draft", "pending"):
        refused = values(invite_all=False, vendor_ids=[market["chi"].id, market[name].id])
        with pytest.raises(QuotationError, match=market[name].legal_name):
            requests.create_request(agency.org, refused, actor=agency.staff)


@pytest.mark.parametrize("when, message", [
    (timedelta(hours=-1), "ít nhất 1 ngày"), (timedelta(hours=20), "ít nhất 1 ngày")])
def test_a_deadline_too_soon_is_refused(agency, market, when, message):
    with pytest.raises(QuotationError, match=message) as refused:
        requests.create_request(agency.org, values(deadline=utcnow() + when),
                                actor=agency.staff)
    assert refused.value.field == "deadline_day"


def test_no_eligible_vendor_no_line_or_a_retired_service_is_refused(agency, market):
    lines = [{"service_id": get_service("PM-001").id, "quantity": 1, "months": 12}]
    with pytest.raises(QuotationError, match="Chưa có nhà cung cấp nào đã xác minh"):
        requests.create_request(agency.org, values(lines=lines), actor=agency.staff)
    with pytest.raises(QuotationError, match="ít nhất một dịch vụ"):
        requests.create_request(agency.org, values(lines=[]), actor=agency.staff)
    get_service("HT-001").retired_at = utcnow()
    with pytest.raises(QuotationError, match="đã ngừng"):
        requests.create_request(agency.org, values(), actor=agency.staff)


def test_an_amendment_invites_new_vendors_and_tells_every_invited_one(agency, market):
    request = requests.create_request(agency.org, values(), actor=agency.staff)
    db.session.commit()
    lines = values()["lines"] + [{"service_id": get_service("HT-002").id, "quantity": 2,
                                  "months": 6}]
    assert requests.amend_request(request, values(lines=lines, place="Chi nhánh"),
                                  actor=agency.approver)
    db.session.commit()
    assert request.version == 2 and request.place == "Chi nhánh"
    assert [i.vendor for i in request.invitations] == [market["anh"], market["chi"],
                                                       market["hai"]]
    for name in ("anh", "chi"):
        assert [n.kind for n in notices(market[name])] == ["quotation_invited",
                                                           "quotation_amended"]
        assert mails(market[name])[-1].key == f"quotation:{request.id}:v2:amended"
    assert [n.kind for n in notices(market["hai"])] == ["quotation_invited"]
    [event] = audit(request.id, "quotation_request.amend")
    assert event.changes["place"] == ["Trụ sở Sở", "Chi nhánh"] and "lines" in event.changes
    assert not requests.amend_request(request, values(lines=lines, place="Chi nhánh",
                                                      deadline=request.deadline),
                                      actor=agency.staff)


def test_an_amendment_never_drops_a_vendor_that_answered(agency, market):
    request = requests.create_request(agency.org, values(), actor=agency.staff)
    make_answer(request, market["anh"], [1_000_000])
    chosen = values(invite_all=False, vendor_ids=[market["chi"].id], deadline=request.deadline)
    requests.amend_request(request, chosen, actor=agency.staff)
    db.session.commit()
    assert [i.vendor for i in request.invitations] == [market["anh"], market["chi"]]
    make_request(agency.org, agency.staff)  # another request changes nothing here
    only_anh = values(invite_all=False, vendor_ids=[market["anh"].id],
                      deadline=request.deadline)
    requests.amend_request(request, only_anh, actor=agency.staff)
    db.session.commit()
    assert [i.vendor for i in request.invitations] == [market["anh"]]
    assert notices(market["chi"])[-1].kind == "quotation_cancelled"


def test_an_extension_moves_the_deadline_later_and_tells_every_vendor(agency, market):
    request = requests.create_request(agency.org, values(), actor=agency.staff)
    old = request.deadline
    with pytest.raises(QuotationError, match="sau hạn hiện tại"):
        requests.extend_deadline(request, old - timedelta(hours=1), actor=agency.staff)
    requests.extend_deadline(request, old + timedelta(days=2), actor=agency.staff)
    db.session.commit()
    assert request.deadline == old + timedelta(days=2) and request.version == 2
    for name in ("anh", "chi"):
        assert notices(market[name])[-1].kind == "quotation_amended"
        assert mails(market[name])[-1].key == f"quotation:{request.id}:v2:extended"
    [event] = audit(request.id, "quotation_request.extend")
    assert event.changes["deadline"][0] == old.isoformat()


def test_cancelling_needs_a_reason_tells_everyone_and_closes_the_request(agency, market):
    request = requests.create_request(agency.org, values(), actor=agency.staff)
    with pytest.raises(QuotationError, match="lý do"):
        requests.cancel_request(request, "  ", actor=agency.staff)
    requests.cancel_request(request, "Dự án tạm dừng", actor=agency.approver)
    db.session.commit()
    assert request.status == "cancelled" and request.cancel_reason == "Dự án tạm dừng"
    assert request.cancelled_at is not None
    for name in ("anh", "chi"):
        notice = notices(market[name])[-1]
        assert notice.kind == "quotation_cancelled" and "Dự án tạm dừng" in notice.body
        assert mails(market[name])[-1].key == f"quotation:{request.id}:cancelled"
    assert len(audit(request.id, "quotation_request.cancel")) == 1
    with pytest.raises(QuotationError, match="đã bị hủy"):
        requests.cancel_request(request, "Lần nữa", actor=agency.staff)
    with pytest.raises(QuotationError, match="đã bị hủy"):
        requests.extend_deadline(request, request.deadline + timedelta(days=1),
                                 actor=agency.staff)


def test_after_the_deadline_no_change_but_a_cancellation(agency, market):
    request = make_request(agency.org, agency.staff, vendors=[market["anh"]], hours=-2)
    with pytest.raises(QuotationError, match="hết hạn"):
        requests.amend_request(request, values(), actor=agency.staff)
    with pytest.raises(QuotationError, match="hết hạn"):
        requests.extend_deadline(request, utcnow() + timedelta(days=3), actor=agency.staff)
    with pytest.raises(QuotationError, match="Chỉ cán bộ"):
        requests.cancel_request(request, "Không cần nữa", actor=agency.drafter)
    requests.cancel_request(request, "Không cần nữa", actor=agency.staff)
    assert request.status == "cancelled"
