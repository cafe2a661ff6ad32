"""The demo data cites only laws in force on each document's date (issue 12, points 6, 10)."""
import io

import docx
from sqlalchemy import select

from contracts.models.contract import Contract
from contracts.services.legal_basis import citations
from documents import storage
from documents.instruments import cited, registry
from extensions import db
from plans.document import generate_plan_document, plan_context
from plans.models import LeasePlan


def test_every_demo_plan_and_contract_cites_only_instruments_in_force(runner) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    reg = registry()
    contracts = list(db.session.scalars(select(Contract)))
    plans = list(db.session.scalars(select(LeasePlan)))
    assert contracts and plans
    for contract in contracts:
        lines = citations(contract, "contract", contract.contract_date)
        assert lines, contract.id
        for instrument in cited(contract.pack_id, "contract", contract.contract_date,
                                since=("hợp đồng được ký", contract.signed_date)
                                if contract.signed_date else None, reg=reg)[0]:
            assert instrument.effective_from <= contract.contract_date, instrument.number
    for plan in plans:
        context = plan_context(plan, 1)
        assert context["citations"], plan.id
        assert not any("(nếu có)" in line for line in context["citations"])


def test_the_2018_plan_carries_the_name_of_the_department_of_its_date(runner) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    plan = next(p for p in db.session.scalars(select(LeasePlan)) if p.plan_date.year == 2018)
    assert plan.organisation.name.startswith("Sở Khoa học và Công nghệ")
    document = generate_plan_document(plan)
    doc = docx.Document(io.BytesIO(storage.read_document(document)))
    text = [p.text for p in doc.paragraphs] + [
        p.text for table in doc.tables for row in table.rows for cell in row.cells
        for p in cell.paragraphs]
    joined = "\n".join(text)
    assert "Sở Thông tin và Truyền thông tỉnh Thái Nguyên xây dựng Kế hoạch" in joined
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH THÁI NGUYÊN" in joined
    assert "khoa học và công nghệ" not in joined.lower()
    assert "05/KH-STTTT" in joined
