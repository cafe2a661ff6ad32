"""Lease plans: sections per pack, lease periods, the estimate, approval and audit.

tests/plans/test_plan_documents.py covers the plan's .docx and the demo plans."""
from datetime import date

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from core.months import months_spanned
from core.vat import line_amounts as vat_line_amounts
from extensions import db
from plans import estimate as plan_estimate
from plans import rules as plan_rules
from plans import services as plan_services
from plans import working as plan_working
from plans.sections import sections_for
from tests.plans.plan_helpers import (LINES, TEXTS, line_dicts, make_plan, plan_values,
                                      send_through_appraisal)


# --- 1. sections, pack and period ---------------------------------------------------------


@pytest.mark.parametrize("day, pack", [(date(2018, 3, 1), "qd80-2014"),
                                       (date(2024, 3, 1), "nd73-2019"),
                                       (date(2026, 8, 1), "nd224-2026")])
def test_a_plan_without_a_chosen_pack_takes_the_one_in_force_on_its_date(
        agency, plan_catalog, day, pack):
    plan = plan_services.create_plan(agency.org, plan_values(
        pack, [plan_catalog.custom], pack_id=None, plan_date=day), actor=agency.staff)
    assert plan.pack_id == pack


def test_the_user_may_choose_another_pack_than_the_one_in_force(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd73-2019", plan_date=date(2026, 8, 1))
    assert plan.pack_id == "nd73-2019"


def test_sections_follow_domain_order_with_conformity_only_under_nd224():
    numbers = {pack: [s.number for s in sections_for(pack)]
               for pack in ("qd80-2014", "nd73-2019", "nd224-2026")}
    assert numbers["qd80-2014"] == ["1", "2", "4", "5", "6", "7"]
    assert numbers["nd73-2019"] == ["1", "2", "4", "5", "6", "7", "7a"]
    assert numbers["nd224-2026"] == ["1", "2", "3", "4", "5", "6", "7", "7a"]


def test_security_level_is_dropped_for_a_qd80_plan_and_kept_from_nd73_on(agency, plan_catalog):
    old = make_plan(agency, plan_catalog, pack="qd80-2014", security_level_proposal=4)
    new = make_plan(agency, plan_catalog, pack="nd73-2019", security_level_proposal=4)
    assert old.security_level_proposal is None
    assert new.security_level_proposal == 4


@pytest.mark.parametrize("end, allowed, message", [
    (date(2029, 9, 1), False, "không được quá 05 năm"),
    (date(2029, 9, 1), True, "không được quá 05 năm"),
    (date(2025, 2, 28), False, "dưới 01 năm chỉ được chấp nhận"),
    (date(2024, 8, 1), False, "phải sau ngày bắt đầu"),
])
def test_nd73_lease_periods_outside_one_to_five_years_are_refused(
        agency, plan_catalog, end, allowed, message):
    values = plan_values("nd73-2019", [plan_catalog.custom], period_start=date(2024, 9, 1),
                         period_end=end, short_period_allowed=allowed)
    with pytest.raises(plan_rules.PlanError, match=message):
        plan_services.create_plan(agency.org, values, actor=agency.staff)


def test_nd73_accepts_exactly_five_years_and_a_short_lease_the_approver_allowed(
        agency, plan_catalog):
    five = make_plan(agency, plan_catalog, period_start=date(2024, 9, 1),
                     period_end=date(2029, 8, 31))
    short = make_plan(agency, plan_catalog, period_start=date(2024, 9, 1),
                      period_end=date(2025, 2, 28), short_period_allowed=True)
    assert months_spanned(five.period_start, five.period_end) == 60
    assert months_spanned(short.period_start, short.period_end) == 6


def test_nd224_allows_a_ten_year_lease(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd224-2026", period_start=date(2026, 9, 1),
                     period_end=date(2036, 8, 31))
    assert months_spanned(plan.period_start, plan.period_end) == 120


# --- 2. the estimate ----------------------------------------------------------------------


def test_a_line_is_quantity_times_months_times_unit_price_with_vat_rounded_half_up():
    assert vat_line_amounts({"quantity": 2, "months": 12, "unit_price": 2_500_000,
                             "vat_rate": "10"}) == {
        "amount": 60_000_000, "vat": 6_000_000, "total": 66_000_000}
    assert vat_line_amounts({"quantity": 1, "months": 1, "unit_price": 9_999,
                             "vat_rate": "10"})["vat"] == 1_000  # 999,9 → 1.000
    assert vat_line_amounts({"quantity": 1, "months": 1, "unit_price": 10,
                             "vat_rate": "5"})["vat"] == 1  # 0,5 → 1
    assert vat_line_amounts({"quantity": 3, "months": 2, "unit_price": 7,
                             "vat_rate": "kct"})["vat"] == 0


def test_the_estimate_totals_each_part_each_vat_rate_each_budget_year_and_overall(
        agency, plan_catalog):
    result = plan_estimate.estimate(make_plan(agency, plan_catalog))
    parts = {p["part"]: p["total"] for p in result["parts"]}
    assert parts == {"lease": 180_000_000 + 66_000_000, "management": 18_500_000,
                     "consultancy": 27_000_000, "other": 10_500_000, "contingency": 10_999}
    assert [(g["rate"], g["base"], g["vat"]) for g in result["vat_groups"]] == [
        ("kct", 198_500_000, 0), ("5", 10_000_000, 500_000), ("8", 25_000_000, 2_000_000),
        ("10", 60_009_999, 6_001_000)]
    assert [(y["year"], y["total"]) for y in result["years"]] == [
        (2026, 225_500_000), (2027, 76_510_999)]
    assert result["totals"] == {"before_vat": 293_509_999, "vat": 8_501_000,
                                "total": 302_010_999}


def test_nd224_adds_prior_awards_listed_prices_and_sector_norms_to_the_methods(
        agency, plan_catalog):
    old = make_plan(agency, plan_catalog, pack="nd73-2019", lines=False)
    new = make_plan(agency, plan_catalog, pack="nd224-2026", lines=False)
    with pytest.raises(plan_rules.PlanError, match="không áp dụng"):
        plan_estimate.save_estimate(old, [], "listed_prices", "", actor=agency.staff)
    for method in ("prior_awards", "listed_prices", "sector_norms"):
        plan_estimate.save_estimate(new, [], method, "", actor=agency.staff)
        assert new.estimate_method == method


# --- 1. approval --------------------------------------------------------------------------


def test_an_approver_of_the_agency_approves_and_the_plan_and_its_pack_are_locked(
        agency, plan_catalog):
    plan = send_through_appraisal(make_plan(agency, plan_catalog, plan_date=date(2026, 8, 1)),
                                  agency.staff)
    plan_services.approve_plan(plan, "215/QĐ-SKHCN", date(2026, 8, 20), actor=agency.approver)
    db.session.commit()
    assert (plan.status, plan.approval_number, plan.approved_on, plan.approved_by_id) == (
        "approved", "215/QĐ-SKHCN", date(2026, 8, 20), agency.approver.id)
    assert plan.pack_id == "nd73-2019"  # kept although nd224-2026 is in force on that date
    with pytest.raises(plan_rules.PlanError, match="đã được phê duyệt"):
        plan_services.update_plan(plan, plan_values("nd224-2026", [plan_catalog.custom]),
                                  actor=agency.staff)
    with pytest.raises(plan_rules.PlanError, match="đã được phê duyệt"):
        plan_estimate.save_estimate(plan, [], None, "", actor=agency.staff)


def test_staff_and_other_agencies_approvers_cannot_approve(agency, plan_catalog, make_user):
    plan = send_through_appraisal(make_plan(agency, plan_catalog), agency.staff)
    other = make_user("agency_approver")
    for actor in (agency.staff, other):
        with pytest.raises(plan_rules.PlanError, match="Chỉ lãnh đạo"):
            plan_services.approve_plan(plan, "1/QĐ", date(2024, 4, 1), actor=actor)
    assert plan.status == "appraised"


def test_approval_is_refused_until_the_estimate_has_lines_and_a_method(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    with pytest.raises(plan_rules.PlanError) as refused:
        plan_services.approve_plan(plan, "1/QĐ", date(2024, 4, 1), actor=agency.approver)
    assert "Dự toán chưa có dòng chi phí nào." in str(refused.value)
    assert "Chưa chọn phương pháp" in str(refused.value)


def test_approval_cannot_be_dated_before_the_plan(agency, plan_catalog):
    plan = send_through_appraisal(make_plan(agency, plan_catalog), agency.staff)
    with pytest.raises(plan_rules.PlanError, match="không được trước ngày lập"):
        plan_services.approve_plan(plan, "1/QĐ", date(2024, 2, 1), actor=agency.approver)


# --- 7. audit -----------------------------------------------------------------------------


def test_every_change_writes_an_audit_event_with_the_changed_fields(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    values = plan_values("nd73-2019", [plan_catalog.custom], title="Thuê dịch vụ mới",
                         sections={**TEXTS, "scope": "Toàn tỉnh."})
    assert plan_services.update_plan(plan, values, actor=agency.staff) is True
    assert plan_services.update_plan(plan, values, actor=agency.staff) is False  # nothing changed
    plan_estimate.save_estimate(plan, line_dicts(LINES[:1]), "expert", "", actor=agency.staff)
    plan_working.save_calculator(plan, {"build_cost": 1_000_000_000, "residual": 0,
                                        "annual_rate": "0.06", "periods_per_year": 4,
                                        "periods": 20, "vat_rate": "kct", "in_advance": False},
                                 actor=agency.staff)
    send_through_appraisal(plan, agency.staff)
    plan_services.approve_plan(plan, "9/QĐ", date(2024, 3, 5), actor=agency.approver)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "lease_plan", AuditEvent.object_id == str(plan.id))
        .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [
        "lease_plan.create", "lease_plan.update", "lease_plan.estimate", "lease_plan.calculator",
        "lease_plan.submit", "lease_plan.appraise", "lease_plan.approve"]
    update = events[1].changes
    assert update["title"] == ["Thuê dịch vụ công trực tuyến", "Thuê dịch vụ mới"]
    assert update["sections.scope"] == [TEXTS["scope"], "Toàn tỉnh."]
    assert set(update) == {"title", "sections.scope"}
    assert events[2].changes["estimate_method"] == [None, "expert"]
    assert events[2].changes["lines"][1][0]["unit_price"] == 15_000_000
    assert events[3].changes["payment"] == [None, 58_245_736]
    assert events[4].changes["status"] == ["draft", "appraisal"]
    assert events[5].changes["status"] == ["appraisal", "appraised"]
    assert events[6].changes["status"] == ["appraised", "approved"]
    assert events[6].changes["approval_number"] == [None, "9/QĐ"]
    assert events[6].user_id == agency.approver.id
    assert plan.version == 5  # the moves before approval change no content
