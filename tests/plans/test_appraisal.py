"""A plan's road through appraisal (issue 15, point 3): every move recorded once, reasons
required, who may appraise. tests/plans/test_appraisal_pages.py covers the pages, clocks,
notices and queue."""
from datetime import date

import pytest
from sqlalchemy import select, update

from accounts.models import AuditEvent
from extensions import db
from plans import appraisal
from plans import services as plan_services
from plans import transitions
from plans.models import LeasePlan, PlanTransition
from plans.rules import PlanError
from tests.plans.plan_helpers import make_plan, plan_values, send_through_appraisal


def moves(plan) -> list[tuple]:
    return [(t.action, t.from_status, t.to_status, t.actor_id, t.comment)
            for t in db.session.scalars(select(PlanTransition).where(
                PlanTransition.plan_id == plan.id).order_by(PlanTransition.id))]


def test_the_whole_road_from_draft_through_a_supplement_to_approval_is_recorded(
        agency, plan_catalog, appraiser):
    plan = make_plan(agency, plan_catalog)
    transitions.submit_plan(plan, actor=agency.staff)
    assert plan.status == "appraisal" and plan.submitted_at is not None
    transitions.request_supplement(plan, "Báo giá của ít nhất 03 nhà cung cấp.", actor=appraiser)
    assert plan.status == "supplement"
    # The file is back in the agency's hands: it completes it, then sends it again.
    assert plan_services.update_plan(plan, plan_values(
        "nd73-2019", [plan_catalog.custom], title="Thuê dịch vụ công (bổ sung)"),
        actor=agency.staff)
    transitions.submit_plan(plan, actor=agency.approver)
    transitions.record_opinion(plan, "Đủ điều kiện phê duyệt.", actor=appraiser)
    assert plan.status == "appraised"
    plan_services.approve_plan(plan, "215/QĐ-SKHCN", date(2024, 3, 20), actor=agency.approver)
    db.session.commit()
    db.session.expire_all()
    plan = db.session.get(LeasePlan, plan.id)
    assert (plan.status, plan.approval_number, plan.approved_on) == (
        "approved", "215/QĐ-SKHCN", date(2024, 3, 20))
    assert moves(plan) == [
        ("submit", "draft", "appraisal", agency.staff.id, ""),
        ("supplement", "appraisal", "supplement", appraiser.id,
         "Báo giá của ít nhất 03 nhà cung cấp."),
        ("submit", "supplement", "appraisal", agency.approver.id, ""),
        ("appraise", "appraisal", "appraised", appraiser.id, "Đủ điều kiện phê duyệt."),
        ("approve", "appraised", "approved", agency.approver.id, ""),
    ]
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "lease_plan", AuditEvent.object_id == str(plan.id))
        .order_by(AuditEvent.id)).all()
    assert actions[2:] == ["lease_plan.submit", "lease_plan.supplement", "lease_plan.update",
                           "lease_plan.submit", "lease_plan.appraise", "lease_plan.approve"]
    with pytest.raises(PlanError, match="đã được phê duyệt nên không thể sửa"):
        plan_services.update_plan(plan, plan_values("nd73-2019", [plan_catalog.custom]),
                                  actor=agency.staff)


@pytest.mark.parametrize("status, message", [
    ("appraisal", "đang chờ thẩm định nên không thể sửa"),
    ("appraised", "đã được thẩm định, đang chờ phê duyệt nên không thể sửa"),
])
def test_a_plan_out_of_the_agencys_hands_cannot_be_edited(
        agency, plan_catalog, appraiser, status, message):
    plan = make_plan(agency, plan_catalog)
    transitions.submit_plan(plan, actor=agency.staff)
    if status == "appraised":
        transitions.record_opinion(plan, "Đạt.", actor=appraiser)
    with pytest.raises(PlanError, match=message):
        plan_services.update_plan(plan, plan_values("nd73-2019", [plan_catalog.custom]),
                                  actor=agency.staff)


def test_returns_send_the_plan_back_to_draft_and_a_refusal_is_final(
        agency, plan_catalog, appraiser):
    plan = make_plan(agency, plan_catalog)
    transitions.submit_plan(plan, actor=agency.staff)
    transitions.return_with_opinion(plan, "Dự toán chưa có căn cứ.", actor=appraiser)
    assert plan.status == "draft"
    send_through_appraisal(plan, agency.staff, appraiser)
    transitions.return_plan(plan, "Giảm thời gian thuê xuống 03 năm.", actor=agency.approver)
    assert plan.status == "draft"
    send_through_appraisal(plan, agency.staff, appraiser)
    transitions.refuse_plan(plan, "Không bố trí được kinh phí.", actor=agency.approver)
    assert plan.status == "refused"
    assert [m[0] for m in moves(plan)] == [
        "submit", "appraisal_return", "submit", "appraise", "return", "submit", "appraise",
        "refuse"]
    with pytest.raises(PlanError, match="đã có quyết định không phê duyệt nên không thể sửa"):
        plan_services.update_plan(plan, plan_values("nd73-2019", [plan_catalog.custom]),
                                  actor=agency.staff)
    with pytest.raises(PlanError, match="Không thể gửi thẩm định kế hoạch đang ở trạng thái "
                                        "“Không phê duyệt”"):
        transitions.submit_plan(plan, actor=agency.staff)
    with pytest.raises(PlanError, match="quyết định không phê duyệt bởi Cán bộ agency_approver"):
        transitions.refuse_plan(plan, "Lần nữa.", actor=agency.approver)


@pytest.mark.parametrize("move, who, message", [
    ("request_supplement", "appraiser", "Vui lòng ghi các hồ sơ, tài liệu cần bổ sung."),
    ("return_with_opinion", "appraiser", "Vui lòng ghi ý kiến thẩm định khi trả lại"),
    ("record_opinion", "appraiser", "Vui lòng ghi ý kiến thẩm định."),
    ("return_plan", "approver", "Vui lòng ghi lý do trả lại kế hoạch."),
    ("refuse_plan", "approver", "Vui lòng ghi lý do không phê duyệt."),
])
def test_every_return_refusal_request_and_opinion_needs_its_text(
        agency, plan_catalog, appraiser, move, who, message):
    plan = make_plan(agency, plan_catalog)
    transitions.submit_plan(plan, actor=agency.staff)
    if who == "approver":
        transitions.record_opinion(plan, "Đạt.", actor=appraiser)
    before = plan.status
    actor = appraiser if who == "appraiser" else agency.approver
    with pytest.raises(PlanError, match=message):
        getattr(transitions, move)(plan, "   ", actor=actor)
    assert plan.status == before and len(moves(plan)) == (1 if who == "appraiser" else 2)


def test_an_incomplete_plan_is_not_sent_for_appraisal_and_says_what_is_missing(
        agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    with pytest.raises(PlanError) as refused:
        transitions.submit_plan(plan, actor=agency.staff)
    assert str(refused.value).startswith("Chưa gửi thẩm định được: ")
    assert "Dự toán chưa có dòng chi phí nào." in str(refused.value)
    assert plan.status == "draft" and moves(plan) == []


def test_a_draft_is_not_approved_before_its_appraisal(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    with pytest.raises(PlanError, match="chưa có ý kiến thẩm định"):
        plan_services.approve_plan(plan, "1/QĐ", date(2024, 3, 20), actor=agency.approver)
    assert plan.status == "draft"


def test_a_repeated_move_is_refused_and_says_who_made_it_and_when(
        agency, plan_catalog, appraiser):
    plan = make_plan(agency, plan_catalog)
    transitions.submit_plan(plan, actor=agency.staff)
    transitions.record_opinion(plan, "Đạt.", actor=appraiser)
    db.session.commit()
    with pytest.raises(PlanError, match=r"Kế hoạch đã được thẩm định bởi Đỗ Thị Thẩm Định lúc "
                                        r"\d\d:\d\d \d\d/\d\d/\d{4}\."):
        transitions.record_opinion(plan, "Đạt (lần hai).", actor=appraiser)
    plan_services.approve_plan(plan, "9/QĐ", date(2024, 3, 20), actor=agency.approver)
    with pytest.raises(PlanError, match="Kế hoạch đã được phê duyệt bởi Cán bộ agency_approver"):
        plan_services.approve_plan(plan, "9/QĐ", date(2024, 3, 20), actor=agency.approver)
    assert [m[0] for m in moves(plan)] == ["submit", "appraise", "approve"]


def test_a_move_from_a_state_another_request_just_changed_records_nothing(
        agency, plan_catalog, appraiser):
    """Two requests read "appraisal"; the first moved it: the second's UPDATE finds no row."""
    plan = make_plan(agency, plan_catalog)
    transitions.submit_plan(plan, actor=agency.staff)
    db.session.commit()
    db.session.execute(update(LeasePlan).where(LeasePlan.id == plan.id)
                       .values(status="supplement").execution_options(synchronize_session=False))
    assert plan.status == "appraisal"  # what this request read
    with pytest.raises(PlanError, match="vừa được thao tác ở một yêu cầu khác"):
        transitions.record_opinion(plan, "Đạt.", actor=appraiser)
    assert [m[0] for m in moves(plan)] == ["submit"]


def test_the_operator_appraises_every_agency_and_an_agency_only_its_provinces(
        agency, plan_catalog, appraiser, province_appraisers, make_user):
    plan = make_plan(agency, plan_catalog)
    assert appraisal.may_appraise(appraiser, plan)
    assert appraisal.may_appraise(province_appraisers.same, plan)
    assert not appraisal.may_appraise(province_appraisers.other, plan)
    assert not appraisal.may_appraise(agency.drafter, plan)
    assert not appraisal.may_appraise(make_user("appraiser"), plan)  # an agency of no province
    transitions.submit_plan(plan, actor=agency.staff)
    assert [u.id for u in appraisal.appraisers_of(plan)] == [
        appraiser.id, province_appraisers.same.id]
    with pytest.raises(PlanError, match="Bạn không có quyền thẩm định kế hoạch này."):
        transitions.record_opinion(plan, "Đạt.", actor=province_appraisers.other)
    with pytest.raises(PlanError, match="không có quyền"):
        transitions.record_opinion(plan, "Đạt.", actor=agency.approver)
    transitions.record_opinion(plan, "Đạt.", actor=province_appraisers.same)
    with pytest.raises(PlanError, match="không có quyền"):
        transitions.return_plan(plan, "Lý do.", actor=agency.staff)  # approvers only
    assert plan.status == "appraised"


def test_the_clocks_count_20_calendar_days_and_3_working_days_from_receipt():
    clocks = appraisal.deadlines_from(date(2026, 2, 13), today=date(2026, 3, 3))
    assert (clocks.opinion_due, clocks.supplement_due) == (date(2026, 3, 5), date(2026, 2, 25))
    assert (clocks.days_left, clocks.warn, clocks.overdue) == (2, True, False)
    assert clocks.opinion_text == "Hạn thẩm định: 05/03/2026 (còn 2 ngày)"
    assert clocks.supplement_text == "Hạn yêu cầu bổ sung hồ sơ: 25/02/2026 (đã qua)"
    # The 20th day is Saturday 21/03/2026: the period ends on Monday 23/03/2026.
    later = appraisal.deadlines_from(date(2026, 3, 1), today=date(2026, 3, 25))
    assert later.opinion_due == date(2026, 3, 23)
    assert later.opinion_text == "Hạn thẩm định: 23/03/2026 (quá hạn 2 ngày)"
    assert appraisal.deadlines_from(date(2026, 3, 2), today=date(2026, 3, 5)).warn is False
    assert appraisal.DEADLINES["to_check_by_legal_drafters"] is True
    assert (appraisal.OPINION_DAYS, appraisal.SUPPLEMENT_WORKING_DAYS) == (20, 3)
