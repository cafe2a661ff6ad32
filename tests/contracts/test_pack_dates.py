"""A contract's pack must apply on its date (issue 12, point 6): the wizard refuses a pack that
does not, and a contract kept by the transitional rule says so in its "Căn cứ"."""
import io
from datetime import date
from types import SimpleNamespace

import docx
import pytest
from sqlalchemy import select

from contracts.services.legal_basis import citations
from documents.instruments import PackNotApplicable
from documents.models import GeneratedDocument
from documents import storage
from extensions import db
from tests.contracts.wizard_helpers import CLAUSES, run_wizard


@pytest.mark.parametrize(("pack", "words"), [
    ("qd80-2014", "Quyết định số 80/2014/QĐ-TTg đã được thay thế bởi Nghị định số 224/2026/NĐ-CP"),
    ("nd73-2019", "Nghị định số 73/2019/NĐ-CP đã được thay thế bởi Nghị định số 224/2026/NĐ-CP"),
])
def test_the_wizard_refuses_a_pack_that_no_longer_applies(client, login, people, offering,
                                                          pack, words) -> None:
    login(people.staff)
    contract = run_wizard(client, offering)
    response = client.post(f"/contracts/{contract.id}/wizard/clauses",
                           data={**CLAUSES, "pack_id": pack, "direction": "next"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and words in body
    assert "Thuê dịch vụ điện toán đám mây" in body  # what was typed stays
    db.session.expire_all()
    assert db.session.get(type(contract), contract.id).pack_id == "nd224-2026"


def test_a_contract_of_an_older_plan_or_an_amendment_cites_the_transitional_rule(app) -> None:
    day = date(2026, 11, 20)
    under_plan = SimpleNamespace(pack_id="nd73-2019", signed_date=None,
                                 plan=SimpleNamespace(approved_on=date(2026, 6, 15)))
    lines = citations(under_plan, "contract", day)
    assert any("45/2026/NĐ-CP" in line for line in lines[:-1])
    assert "kế hoạch thuê được phê duyệt ngày 15/06/2026, trước ngày 01/07/2026" in lines[-1]
    signed = SimpleNamespace(pack_id="nd73-2019", signed_date=date(2026, 5, 4), plan=None)
    assert "hợp đồng được ký ngày 04/05/2026" in citations(signed, "amendment", day)[-1]
    draft = SimpleNamespace(pack_id="nd73-2019", signed_date=None, plan=None)
    with pytest.raises(PackNotApplicable, match="không có quy định chuyển tiếp"):
        citations(draft, "contract", day)


def test_a_generated_contract_cites_the_registry_for_its_date(client, login, people,
                                                              offering) -> None:
    login(people.staff)
    contract = run_wizard(client, offering)
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    document = db.session.scalar(select(GeneratedDocument))
    text = [p.text for p in docx.Document(io.BytesIO(storage.read_document(document))).paragraphs]
    bases = [t for t in text if t.startswith("Căn cứ ")]
    expected = citations(contract, "contract", date.fromisoformat(CLAUSES["contract_date"]))
    assert bases[:len(expected)] == [f"Căn cứ {line};" for line in expected]
    assert any("224/2026/NĐ-CP" in line for line in bases)
    assert not any("73/2019" in line or "80/2014" in line for line in bases)
