"""Service levels carry through (issue 12, point 8): each has how it is measured; the plan's
required levels are proposed in the contract's draft; the contract and acceptance form 1 print
both the level and its measure."""
import io

import docx
from sqlalchemy import select

from contracts.models.contract import Contract
from documents import storage
from documents.models import GeneratedDocument
from extensions import db
from tests.contracts.test_within_plan import approved_plan
from tests.contracts.wizard_helpers import LINES, PARTY_A, latest_contract, party_b_for
from tests.helpers import text

REQUIRED = [{"name": "Thời gian khôi phục dữ liệu", "target": "≤ 8 giờ",
             "measure": "Từ lúc yêu cầu khôi phục đến lúc dữ liệu dùng lại được, theo phiếu "
                        "yêu cầu; giá trị lớn nhất trong kỳ"}]


def rows_of(data: bytes) -> list[list[str]]:
    doc = docx.Document(io.BytesIO(data))
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def parties(client, contract, offering) -> None:
    response = client.post(f"/contracts/{contract.id}/wizard/parties", data={
        **PARTY_A, **party_b_for(offering.vendor), "direction": "next"})
    assert response.status_code == 302


def test_the_plans_required_levels_are_proposed_first_in_the_draft(client, login, people,
                                                                   offering):
    plan = approved_plan(people, [offering.service], service_levels=REQUIRED)
    login(people.staff)
    client.post("/contracts/new")
    contract = latest_contract()
    response = client.post(f"/contracts/{contract.id}/wizard/offering", data={
        "service": offering.service.code, "offering": str(offering.id), "plan": str(plan.id),
        "direction": "next"})
    assert response.status_code == 302
    db.session.expire_all()
    levels = db.session.get(Contract, contract.id).service_levels
    assert levels[0] == REQUIRED[0]
    assert [level["name"] for level in levels[1:]] == [
        level["name"] for level in offering.service_levels or offering.service.service_levels
        if level["name"] != REQUIRED[0]["name"]]
    parties(client, contract, offering)
    page = text(client.get(f"/contracts/{contract.id}/wizard/lines"))
    assert "Thời gian khôi phục dữ liệu: ≤ 8 giờ | Từ lúc yêu cầu khôi phục" in page


def test_a_contract_level_without_its_measure_is_refused(client, login, people, offering):
    login(people.staff)
    client.post("/contracts/new")
    contract = latest_contract()
    client.post(f"/contracts/{contract.id}/wizard/offering", data={
        "service": offering.service.code, "offering": str(offering.id), "plan": "0",
        "direction": "next"})
    parties(client, contract, offering)
    response = client.post(f"/contracts/{contract.id}/wizard/lines", data={
        **LINES, "service_levels": "Tính sẵn sàng: ≥ 99,9%/tháng", "direction": "next"})
    body = text(response)
    assert response.status_code == 200 and "Dòng 1" in body and "cách đo" in body
    assert "Tính sẵn sàng: ≥ 99,9%/tháng" in body


def test_the_contract_and_acceptance_form_1_print_each_level_with_its_measure(client, active):
    contract = active["contract"]
    document = db.session.scalar(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract"))
    rows = rows_of(storage.read_document(document))
    assert ["STT", "Chỉ tiêu", "Mức cam kết", "Cách đo lường"] in rows
    assert ["1", "Tính sẵn sàng", "≥ 99,9%/tháng", "giám sát tự động"] in rows
    assert ["2", "Khôi phục", "24 giờ", "từ lúc báo sự cố đến lúc dịch vụ chạy lại"] in rows
    response = client.post(f"/contracts/{contract.id}/acceptance/documents/1")
    form = client.get(response.headers["Location"]).data
    form_rows = rows_of(form)
    assert any(row[-1] == "giám sát tự động" and "Tính sẵn sàng" in row for row in form_rows)
    assert any(row[-1] == "từ lúc báo sự cố đến lúc dịch vụ chạy lại" for row in form_rows)
