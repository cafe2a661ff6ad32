"""`flask plans render`: a plan's .docx from the terminal, through the pages' own services."""
from sqlalchemy import func, select

from documents.models import GeneratedDocument
from extensions import db
from tests.plans.plan_helpers import docx_text, make_plan


def _documents() -> int:
    return db.session.scalar(select(func.count()).select_from(GeneratedDocument))


def test_render_writes_the_plan_and_keeps_its_copy(runner, agency, plan_catalog, tmp_path):
    plan = make_plan(agency, plan_catalog)
    out = tmp_path / "ra" / "ke-hoach.docx"
    result = runner.invoke(args=["plans", "render", str(plan.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {out}" in result.output
    assert "Thuê dịch vụ công trực tuyến" in docx_text(out.read_bytes())
    assert _documents() == 1
    again = runner.invoke(args=["plans", "render", str(plan.id), "--out", str(out)])
    assert again.exit_code == 0 and _documents() == 1  # nothing changed: the same copy


def test_render_refuses_a_plan_without_its_lease_period(runner, agency, plan_catalog, tmp_path):
    plan = make_plan(agency, plan_catalog, period_start=None, period_end=None)
    out = tmp_path / "ke-hoach.docx"
    result = runner.invoke(args=["plans", "render", str(plan.id), "--out", str(out)])
    assert result.exit_code == 1
    assert "Kế hoạch chưa có thời gian thuê dịch vụ nên chưa tạo được văn bản." in result.output
    assert not out.exists() and _documents() == 0
    missing = runner.invoke(args=["plans", "render", "9999", "--out", str(out)])
    assert missing.exit_code == 1 and "Không có kế hoạch số hiệu 9999." in missing.output
