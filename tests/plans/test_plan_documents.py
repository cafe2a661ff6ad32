"""A lease plan's .docx: its context, sections, cost table and totals, the copy kept under
its SHA-256; and the demo plans."""
import hashlib
import re

import pytest

from sqlalchemy import select

from accounts.models import AuditEvent
from catalog.legal_bases import in_force_on
from core.money import vnd_in_words
from documents import storage
from documents.models import GeneratedDocument
from documents.preview import PREVIEW_PLAN
from extensions import db
from plans import document as plan_document
from plans import rules as plan_rules
from plans import services as plan_services
from plans import working as plan_working
from plans.models import LeasePlan, PlanCostLine
from tests.plans.plan_helpers import TEXTS, docx_text, make_plan, plan_values


# --- 4. the document ----------------------------------------------------------------------


def _keys(value) -> object:
    """The shape of a context: dict keys all the way down (lists by their first item)."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


def test_the_plan_context_has_exactly_the_keys_of_preview_plan(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd224-2026", service_levels=[
        {"name": "Tính sẵn sàng", "target": "≥ 99,5%", "measure": "giám sát tự động"}])
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
    plan_services.update_plan(plan, plan_values("nd73-2019", [plan_catalog.custom],
                                                title="Tên mới"), actor=agency.staff)
    changed = plan_document.generate_plan_document(plan, actor=agency.staff)
    db.session.commit()
    assert again.id == first.id
    assert changed.id != first.id and changed.sha256 != first.sha256
    assert db.session.query(GeneratedDocument).count() == 2
    assert "Tên mới" in docx_text(storage.read_document(changed))
    assert "Tên mới" not in docx_text(storage.read_document(first))  # the old copy is intact


# --- 6. demo data -------------------------------------------------------------------------


def test_demo_plans_cover_every_pack_and_seeding_again_adds_nothing(app):
    import accounts.demo
    import catalog.demo
    from plans import demo as demo_plans

    accounts.demo.seed()
    catalog.demo.seed()
    assert demo_plans.seed() == {"kế hoạch thuê mới": 4}
    db.session.commit()
    assert demo_plans.seed() == {"kế hoạch thuê mới": 0}
    all_plans = db.session.scalars(select(LeasePlan).order_by(LeasePlan.plan_date)).all()
    assert [p.pack_id for p in all_plans] == ["qd80-2014", "nd73-2019", "nd224-2026",
                                              "nd224-2026"]
    assert [p.status for p in all_plans] == ["approved", "approved", "approved", "appraisal"]
    assert all(p.approval_number for p in all_plans if p.is_approved)
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
