"""Lease plans: sections per pack, lease periods, the estimate, approval, audit and the .docx."""
import hashlib
import io
import re
from datetime import date
from types import SimpleNamespace

import docx
import pytest
from sqlalchemy import select

from accounts import services as account_services
from accounts.models import AuditEvent
from catalog.importer import import_catalog
from catalog.legal_bases import in_force_on
from catalog.services import get_service
from documents.models import GeneratedDocument
from plans.models import LeasePlan, PlanCostLine
from plans.sections import sections_for
from core.money import vnd_in_words
from core.vat import line_amounts as vat_line_amounts
from core.months import months_spanned
from documents.preview import PREVIEW_PLAN
from plans import document as plan_document
from plans import estimate as plan_estimate
from plans import rules as plan_rules
from plans import services as plan_services
from plans import working as plan_working
from documents import storage
from extensions import db
from tests.catalog.conftest import SAMPLE
from tests.conftest import PASSWORD

TEXTS = {
    "current_state": "Sở tổ chức khoảng 120 cuộc họp mỗi năm bằng tài liệu giấy.",
    "necessity": "Thuê dịch vụ giúp triển khai nhanh, không phải đầu tư phần cứng.",
    "items": "Phần mềm dịch vụ công trực tuyến dạng dịch vụ.",
    "objectives": "Số hóa toàn bộ hồ sơ thủ tục hành chính.",
    "scope": "Trụ sở Sở và 3 đơn vị trực thuộc.",
    "users": "Lãnh đạo Sở và các phòng chuyên môn.",
    "conformity": "Phù hợp Khung kiến trúc số của tỉnh và kế hoạch chuyển đổi số 2026–2030.",
    "quality": "Thời gian phản hồi trung bình dưới 5 giây.",
    "technical": "TLS 1.2 trở lên; sẵn sàng IPv6.",
    "connection": "Kết nối nền tảng LGSP của tỉnh.",
    "in_house_software": "Không có.",
    "security": "Đáp ứng cấp độ 3; bảo vệ dữ liệu cá nhân.",
    "other_requirements": "Hỗ trợ 24/7.",
    "vendor_requirements": "Có chứng chỉ ISO/IEC 27001 còn hiệu lực.",
    "data_ownership": "Dữ liệu thuộc sở hữu của Sở; bàn giao khi kết thúc.",
    "period_text": "Thuê trong 05 năm kể từ ngày nghiệm thu.",
    "schedule": "Quý III/2026: lựa chọn nhà thầu.\nTừ tháng 9/2026: sử dụng dịch vụ.",
    "changes": "Điều chỉnh bằng phụ lục hợp đồng.",
    "security_reasons": "Hệ thống phục vụ nhiều đơn vị của tỉnh.",
}
PLAN_DATES = {"qd80-2014": date(2018, 3, 1), "nd73-2019": date(2024, 3, 1),
              "nd224-2026": date(2026, 8, 1)}
LINES = [  # part, content, unit, quantity, months, unit price, VAT, budget year
    ("lease", "Thuê phần mềm dịch vụ công", "gói/tháng", 1, 12, 15_000_000, "kct", 2026),
    ("lease", "Thuê máy chủ ảo", "máy chủ ảo/tháng", 2, 12, 2_500_000, "10", 2027),
    ("management", "Quản lý việc thuê dịch vụ", "gói", 1, 1, 18_500_000, "kct", 2026),
    ("consultancy", "Lập kế hoạch thuê", "gói", 1, 1, 25_000_000, "8", 2026),
    ("other", "Thẩm định giá", "gói", 1, 1, 10_000_000, "5", 2027),
    ("contingency", "Dự phòng", "gói", 1, 1, 9_999, "10", 2027),
]


# --- helpers shared with test_plan_views.py and test_calculator.py ------------------------


@pytest.fixture
def plan_catalog(app):
    """The small sample catalog of tests/catalog, committed."""
    import_catalog(SAMPLE)
    db.session.commit()
    return SimpleNamespace(custom=get_service("PM-001"), market=get_service("HT-001"))


@pytest.fixture
def agency(app):
    """An agency with a staff member, an approver and a legal drafter."""
    org = account_services.create_organisation(
        "agency", "Sở Khoa học và Công nghệ tỉnh Thử", short_name="SKHCN",
        parent_body="Ủy ban nhân dân tỉnh Thử", address="Số 18 đường Nha Trang")
    users = {role: account_services.create_user(f"{role}@so-thu.vn", f"Cán bộ {role}",
                                                PASSWORD, role, org)
             for role in ("agency_staff", "agency_approver", "legal_drafter")}
    db.session.commit()
    return SimpleNamespace(org=org, staff=users["agency_staff"],
                           approver=users["agency_approver"], drafter=users["legal_drafter"])


def plan_values(pack: str, services: list, **overrides) -> dict:
    """Complete data for services.plan_services.create_plan under a pack."""
    day = PLAN_DATES[pack]
    values = {
        "title": "Thuê dịch vụ công trực tuyến", "plan_date": day, "pack_id": pack,
        "number": "15/KH-SKHCN", "place": "Thái Nguyên", "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn Minh", "recipients": ["Sở Tài chính", "Lưu: VT"],
        "extra_bases": [], "sections": dict(TEXTS), "services": services,
        "period_start": date(day.year, 9, 1), "period_end": date(day.year + 5, 8, 31),
        "preparation_months": 3, "short_period_allowed": False,
        "security_level_proposal": 3 if pack != "qd80-2014" else None,
    }
    values.update(overrides)
    return values


def line_dicts(rows=LINES) -> list[dict]:
    keys = ("part", "content", "unit", "quantity", "months", "unit_price", "vat_rate",
            "budget_year")
    return [dict(zip(keys, row)) for row in rows]


def make_plan(agency, plan_catalog, pack="nd73-2019", lines=True, **overrides) -> LeasePlan:
    """A committed draft plan of the agency, with the sample estimate unless lines=False."""
    plan = plan_services.create_plan(agency.org, plan_values(pack, [plan_catalog.custom], **overrides),
                             actor=agency.staff)
    if lines:
        plan_estimate.save_estimate(plan, line_dicts(), "combination", "", actor=agency.staff)
    db.session.commit()
    return plan


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, headers and footers included."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
                for inner in cell.tables:
                    parts += [c.text for r in inner.rows for c in r.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
    return "\n".join(parts)


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
    plan = make_plan(agency, plan_catalog, plan_date=date(2026, 8, 1))
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
    plan = make_plan(agency, plan_catalog)
    other = make_user("agency_approver")
    for actor in (agency.staff, other):
        with pytest.raises(plan_rules.PlanError, match="Chỉ lãnh đạo"):
            plan_services.approve_plan(plan, "1/QĐ", date(2024, 4, 1), actor=actor)
    assert plan.status == "draft"


def test_approval_is_refused_until_the_estimate_has_lines_and_a_method(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, lines=False)
    with pytest.raises(plan_rules.PlanError) as refused:
        plan_services.approve_plan(plan, "1/QĐ", date(2024, 4, 1), actor=agency.approver)
    assert "Dự toán chưa có dòng chi phí nào." in str(refused.value)
    assert "Chưa chọn phương pháp" in str(refused.value)


def test_approval_cannot_be_dated_before_the_plan(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
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
    plan_services.approve_plan(plan, "9/QĐ", date(2024, 3, 5), actor=agency.approver)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "lease_plan", AuditEvent.object_id == str(plan.id))
        .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [
        "lease_plan.create", "lease_plan.update", "lease_plan.estimate", "lease_plan.calculator",
        "lease_plan.approve"]
    update = events[1].changes
    assert update["title"] == ["Thuê dịch vụ công trực tuyến", "Thuê dịch vụ mới"]
    assert update["sections.scope"] == [TEXTS["scope"], "Toàn tỉnh."]
    assert set(update) == {"title", "sections.scope"}
    assert events[2].changes["estimate_method"] == [None, "expert"]
    assert events[2].changes["lines"][1][0]["unit_price"] == 15_000_000
    assert events[3].changes["payment"] == [None, 58_245_736]
    assert events[4].changes["status"] == ["draft", "approved"]
    assert events[4].user_id == agency.approver.id
    assert plan.version == 5


# --- 4. the document ----------------------------------------------------------------------


def _keys(value) -> object:
    """The shape of a context: dict keys all the way down (lists by their first item)."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


def test_the_plan_context_has_exactly_the_keys_of_preview_plan(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd224-2026")
    plan_working.save_calculator(plan, {"build_cost": 1_000_000_000, "residual": 0,
                                      "annual_rate": "0.06", "periods_per_year": 4,
                                      "periods": 20, "vat_rate": "10", "in_advance": True},
                               actor=agency.staff)
    context = plan_document.plan_context(plan, 1)
    assert _keys(context) == _keys(PREVIEW_PLAN)
    assert context["working"]["vat_rate"] == "0.1"
    assert len(context["cost_parts"]) == 5


@pytest.mark.parametrize("pack", ["qd80-2014", "nd73-2019", "nd224-2026"])
def test_the_generated_plan_has_its_sections_cost_table_and_total_in_figures_and_words(
        agency, plan_catalog, pack):
    plan = make_plan(agency, plan_catalog, pack=pack)
    document = plan_document.generate_plan_document(plan, actor=agency.staff)
    db.session.commit()
    text = docx_text(storage.read_document(document))
    assert "{{" not in text and "{%" not in text
    assert "KẾ HOẠCH" in text and "Thuê dịch vụ công trực tuyến" in text
    assert "Số: 15/KH-SKHCN" in text
    for key in ("current_state", "items", "quality", "data_ownership", "changes"):
        assert TEXTS[key] in text
    assert "Từ tháng 9/2026: sử dụng dịch vụ." in text  # line breaks kept as Word breaks
    assert ("SỰ PHÙ HỢP VỚI KHUNG KIẾN TRÚC SỐ" in text) == (pack == "nd224-2026")
    assert (TEXTS["conformity"] in text) == (pack == "nd224-2026")
    assert ("ĐỀ XUẤT CẤP ĐỘ AN TOÀN HỆ THỐNG THÔNG TIN" in text) == (pack != "qd80-2014")
    assert (TEXTS["vendor_requirements"] in text) == (pack == "qd80-2014")
    for label in ("Chi phí thuê dịch vụ", "Chi phí quản lý", "Chi phí tư vấn", "Chi phí khác",
                  "Chi phí dự phòng", "Thuê máy chủ ảo", "246.000.000", "66.000.000"):
        assert label in text
    assert "Tổng dự toán: 302.010.999 đồng" in text
    assert f"(Bằng chữ: {vnd_in_words(302_010_999)})" in text
    assert "Ba trăm linh hai" not in text and "Ba trăm lẻ hai triệu" in text
    assert re.search(r"2026\s*\n?225\.500\.000", text)
    assert "Nguyễn Văn Minh" in text and "Sở Tài chính" in text


def test_a_plan_document_is_kept_under_its_sha256_with_the_template_version_used(
        agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    document = plan_document.generate_plan_document(plan, actor=agency.staff)
    db.session.commit()
    template = storage.template_for("nd73-2019", "plan", plan.plan_date)
    assert (document.owner_type, document.owner_id, document.template_id) == (
        "plan", plan.id, template.id)
    assert hashlib.sha256(storage.read_document(document)).hexdigest() == document.sha256
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_id == str(plan.id), AuditEvent.action == "lease_plan.generate")).all()
    assert events == ["lease_plan.generate"]


def test_generating_again_without_changes_reuses_the_copy_and_a_change_makes_a_new_one(
        agency, plan_catalog):
    plan = make_plan(agency, plan_catalog)
    first = plan_document.generate_plan_document(plan, actor=agency.staff)
    again = plan_document.generate_plan_document(plan, actor=agency.staff)
    plan_services.update_plan(plan, plan_values("nd73-2019", [plan_catalog.custom], title="Tên mới"),
                      actor=agency.staff)
    changed = plan_document.generate_plan_document(plan, actor=agency.staff)
    db.session.commit()
    assert again.id == first.id
    assert changed.id != first.id and changed.sha256 != first.sha256
    assert db.session.query(GeneratedDocument).count() == 2
    assert "Tên mới" in docx_text(storage.read_document(changed))
    assert "Tên mới" not in docx_text(storage.read_document(first))  # the old copy is intact


# --- 6. demo data -------------------------------------------------------------------------


def test_demo_plans_cover_every_pack_once_and_seeding_again_adds_nothing(app):
    import accounts.demo
    import catalog.demo
    from plans import demo as demo_plans

    accounts.demo.seed()
    catalog.demo.seed()
    assert demo_plans.seed() == {"kế hoạch thuê mới": 3}
    db.session.commit()
    assert demo_plans.seed() == {"kế hoạch thuê mới": 0}
    all_plans = db.session.scalars(select(LeasePlan).order_by(LeasePlan.plan_date)).all()
    assert [p.pack_id for p in all_plans] == ["qd80-2014", "nd73-2019", "nd224-2026"]
    assert any(p.is_approved and p.approval_number for p in all_plans)
    for plan in all_plans:
        assert in_force_on(plan.plan_date) == plan.pack_id
        assert len({line.part for line in plan.lines}) >= 3
        assert len({line.budget_year for line in plan.lines}) >= 2
        assert not plan_rules.approval_problems(plan)
    quarterly = [p for p in all_plans if p.calculator]
    assert quarterly and quarterly[0].calculator["periods_per_year"] == 4
    assert quarterly[0].calculator["periods"] == 20
    assert db.session.query(PlanCostLine).filter_by(from_calculator=True).count() == 5


def test_demo_plans_are_skipped_cleanly_without_the_demo_agencies(app):
    from plans import demo as demo_plans

    assert demo_plans.seed() == {"kế hoạch thuê mới": 0}
    assert db.session.query(LeasePlan).count() == 0
