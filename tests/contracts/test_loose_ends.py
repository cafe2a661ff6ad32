"""The loose ends of the chain (issue 12, point 9): an editable title with no doubled words;
the recorded signing date in the acceptance forms and OCDS; signed amendments in OCDS; the data
handover counted from the actual end of a terminated contract."""
from datetime import date

import pytest

from contracts.services import acceptance_documents, lifecycle
from contracts.services.wizard import default_title, repeated_word
from documents import storage
from extensions import db
from tests.contracts.lifecycle_helpers import advance, make_contract
from tests.contracts.money_helpers import changed_terms, sign_amendment
from tests.contracts.test_acceptance_documents import text_of
from tests.contracts.test_frozen import SIGNATORIES
from tests.helpers import text
from tests.contracts.wizard_helpers import CLAUSES


@pytest.mark.parametrize("name, title", [
    ("Thuê máy chủ ảo (IaaS)", "Thuê máy chủ ảo (IaaS)"),
    ("thuê phần mềm kế toán", "Thuê phần mềm kế toán"),
    ("Dịch vụ điện toán đám mây", "Thuê dịch vụ điện toán đám mây"),
    ("Thuêbao tổng đài", "Thuê thuêbao tổng đài")])
def test_the_suggested_title_never_says_thue_twice(name, title):
    assert default_title(name) == title
    assert repeated_word(title) is None


def test_the_title_is_edited_in_the_wizard_and_a_doubled_word_is_refused(
        client, login, people, contract):
    login(people.staff)
    base = f"/contracts/{contract.id}/wizard"
    assert 'value="Thuê dịch vụ điện toán đám mây"' in client.get(f"{base}/clauses").get_data(
        as_text=True)
    response = client.post(f"{base}/clauses", data={**CLAUSES,
                                                    "title": "Thuê thuê máy chủ ảo (IaaS)"})
    assert response.status_code == 200
    assert "Tên hợp đồng có từ viết lặp liền nhau: “Thuê thuê”." in text(response)
    assert 'value="Thuê thuê máy chủ ảo (IaaS)"' in response.get_data(as_text=True)
    response = client.post(f"{base}/clauses", data={
        **CLAUSES, "title": "Thuê máy chủ ảo cho hệ thống một cửa điện tử"})
    assert response.status_code == 302
    db.session.expire_all()
    assert contract.title == "Thuê máy chủ ảo cho hệ thống một cửa điện tử"


@pytest.fixture
def signed_later(client, login, people, offering, on_day):
    """Dated 20/11/2026, signed five days later, in use, on 30/06/2027."""
    on_day(date(2027, 6, 30))
    contract = make_contract(client, login, people, offering)
    advance(contract, people, "approved")
    lifecycle.sign(contract, date(2026, 11, 25), SIGNATORIES, actor=people.staff)
    lifecycle.activate(contract, date(2026, 11, 25), actor=people.staff)
    db.session.commit()
    return contract


def test_the_signing_date_reaches_the_acceptance_forms_and_ocds(client, people, signed_later):
    document = acceptance_documents.generate_acceptance_document(signed_later, 1, None,
                                                                 actor=people.staff)
    db.session.commit()
    form = text_of(storage.read_document(document))
    assert f"Hợp đồng số {signed_later.number} ngày 25/11/2026" in form
    assert "20/11/2026" not in form
    package = client.get(f"/api/v1/contracts/{signed_later.id}/ocds").get_json()
    [release] = package["releases"]
    assert release["contracts"][0]["dateSigned"] == "2026-11-25T00:00:00+07:00"
    assert "amendments" not in release["contracts"][0]


def test_signed_amendments_appear_in_ocds(client, people, signed_later):
    sign_amendment(signed_later, people, changed_terms(signed_later, quantity=3),
                   day=date(2027, 5, 4))
    [release] = client.get(f"/api/v1/contracts/{signed_later.id}/ocds").get_json()["releases"]
    [amendment] = release["contracts"][0]["amendments"]
    assert amendment["id"].endswith("-amendment-01")
    assert amendment["date"] == "2027-05-04T00:00:00+07:00"
    assert amendment["rationale"] == "Điều chỉnh dịch vụ."
    assert "Giá dịch vụ – dòng 1: Dịch vụ điện toán đám mây: 2 máy chủ ảo/tháng" in \
        amendment["description"]
    assert "→ Dịch vụ điện toán đám mây: 3 máy chủ ảo/tháng" in amendment["description"]


def test_the_data_handover_of_a_terminated_contract_counts_from_its_termination(
        people, signed_later):
    lifecycle.terminate(signed_later, "Bên B vi phạm chỉ tiêu chất lượng hai kỳ liên tiếp.",
                        actor=people.approver, today=date(2027, 3, 31))
    db.session.commit()
    document = acceptance_documents.generate_acceptance_document(signed_later, 4, None,
                                                                 actor=people.staff)
    form = text_of(storage.read_document(document))
    # 31/03/2027 + the contract's 30 handover days, not the planned end (31/08/2031).
    assert "chậm nhất ngày 30/04/2027" in form
    assert "30/09/2031" not in form
