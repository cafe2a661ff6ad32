"""A plan lists the service levels it requires, each with how it is measured (issue 12,
point 8); its page and its document show them."""
import io

import docx
import pytest
from sqlalchemy import select

from extensions import db
from plans.document import generate_plan_document
from plans.models import LeasePlan
from plans.rules import PlanError
from documents import storage
from tests.helpers import text
from tests.plans.plan_helpers import make_plan
from tests.plans.test_views import plan_form

LEVELS = ("Tính sẵn sàng: ≥ 99,5%/tháng | tỷ lệ thời gian hoạt động trong tháng, đo bằng công "
          "cụ giám sát tự động\nThời gian phản hồi trang: ≤ 3 giây | phân vị 95 trong tháng, "
          "theo nhật ký máy chủ")


def test_the_plan_form_keeps_required_levels_with_their_measures(client, login, agency,
                                                                 plan_catalog):
    login(agency.staff)
    response = client.post("/plans/new", data=plan_form([plan_catalog.custom.id],
                                                        service_levels=LEVELS))
    assert response.status_code == 302, text(response)[-2000:]
    plan = db.session.scalar(select(LeasePlan))
    assert plan.service_levels == [
        {"name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng",
         "measure": "tỷ lệ thời gian hoạt động trong tháng, đo bằng công cụ giám sát tự động"},
        {"name": "Thời gian phản hồi trang", "target": "≤ 3 giây",
         "measure": "phân vị 95 trong tháng, theo nhật ký máy chủ"}]
    page = text(client.get(f"/plans/{plan.id}"))
    assert "Chỉ tiêu chất lượng dịch vụ yêu cầu" in page
    assert "phân vị 95 trong tháng, theo nhật ký máy chủ" in page
    edit = text(client.get(f"/plans/{plan.id}/edit"))
    assert "Tính sẵn sàng: ≥ 99,5%/tháng | tỷ lệ thời gian hoạt động" in edit


def test_a_level_without_its_measure_is_refused_and_nothing_typed_is_lost(
        client, login, agency, plan_catalog):
    login(agency.staff)
    response = client.post("/plans/new", data=plan_form(
        [plan_catalog.custom.id], service_levels="Tính sẵn sàng: ≥ 99,5%/tháng"))
    body = text(response)
    assert response.status_code == 200 and "Dòng 1" in body and "cách đo" in body
    assert "Tính sẵn sàng: ≥ 99,5%/tháng" in body
    assert db.session.scalar(select(LeasePlan)) is None


def test_the_service_refuses_an_unmeasured_level_whatever_the_form(agency, plan_catalog):
    with pytest.raises(PlanError, match="còn thiếu ở: “Tính sẵn sàng”"):
        make_plan(agency, plan_catalog, service_levels=[
            {"name": "Tính sẵn sàng", "target": "≥ 99%", "measure": " "}])


def test_the_plan_document_prints_the_levels_and_their_measures(agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, service_levels=[
        {"name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng",
         "measure": "Tỷ lệ thời gian hoạt động trong tháng"}])
    document = generate_plan_document(plan, actor=agency.staff)
    doc = docx.Document(io.BytesIO(storage.read_document(document)))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["STT", "Chỉ tiêu", "Mức yêu cầu", "Cách đo lường"] in rows
    assert ["1", "Tính sẵn sàng", "≥ 99,5%/tháng", "Tỷ lệ thời gian hoạt động trong tháng"] in rows
