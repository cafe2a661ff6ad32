"""The contract wizard: steps that save drafts, validate in Vietnamese and generate the .docx."""
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import select

from accounts.models import AuditEvent
from contracts.models.contract import Contract
from contracts.services.document import number_on_approval
from core.money import vnd_in_words
from extensions import db
from tests.contracts.wizard_helpers import (CLAUSES, LINES, PARTY_A, TERM, latest_contract,
                                            party_b_for, run_wizard)


@pytest.fixture
def agency_user(make_user):
    return make_user("agency_staff", name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
                     short_name="SKHCN")


@pytest.fixture
def offering(make_vendor, make_offering):
    vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số Việt")
    return make_offering(vendor, "HT-001", unit_price=2_500_000, price_public=True)


def body(response) -> str:
    return response.get_data(as_text=True)


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def approve(contract_id: int, approver) -> Contract:
    """What the approval does to the number: the state moves, the number is given."""
    db.session.expire_all()
    contract = db.session.get(Contract, contract_id)
    contract.status = "approved"  # the road there is tests/contracts/test_lifecycle.py's
    number_on_approval(contract, actor=approver)
    db.session.commit()
    return contract


def test_a_full_wizard_run_generates_a_draft_numbered_at_approval(client, login, agency_user,
                                                                  offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    assert contract.step == 5
    review = body(client.get(f"/contracts/{contract.id}/wizard/review"))
    total = 2 * 60 * 2_500_000 * 110 // 100
    assert "330.000.000" in review and vnd_in_words(total) in review
    response = client.post(f"/contracts/{contract.id}/generate")
    assert response.status_code == 302
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    assert contract.number is None  # a draft uses no number
    page = body(client.get(f"/contracts/{contract.id}"))
    assert f"hop-dong-nhap-{contract.id}.docx" in page
    doc_id = int(page.split("/documents/")[1].split('"')[0])
    download = client.get(f"/contracts/{contract.id}/documents/{doc_id}")
    assert download.status_code == 200
    text = docx_text(download.data)
    for expected in ("Số: …/2026/HĐ-SKHCN", "Công ty Cổ phần Mây Số Việt",
                     "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "Dịch vụ điện toán đám mây",
                     "330.000.000", vnd_in_words(total), "Quyết định số 215/QĐ-SKHCN",
                     "ngày 20 tháng 11 năm 2026"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    contract = approve(contract.id, agency_user)
    assert contract.number == "01/2026/HĐ-SKHCN"
    page = body(client.get(f"/contracts/{contract.id}"))
    assert "hop-dong-01-2026-HĐ-SKHCN.docx" in page
    numbered = int(page.split("/documents/")[1].split('"')[0])
    text = docx_text(client.get(f"/contracts/{contract.id}/documents/{numbered}").data)
    assert "Số: 01/2026/HĐ-SKHCN" in text and "…/2026" not in text


def test_numbers_follow_approvals_per_agency_and_year_never_drafts(client, login, make_user,
                                                                   agency_user, offering):
    login(agency_user)
    drafts = []
    for _ in range(3):
        contract = run_wizard(client, offering)
        client.post(f"/contracts/{contract.id}/generate")
        drafts.append(contract.id)
    # The third is approved first: numbers follow approvals; the draft left uses none.
    numbers = [approve(i, agency_user).number for i in (drafts[2], drafts[0])]
    assert numbers == ["01/2026/HĐ-SKHCN", "02/2026/HĐ-SKHCN"]
    assert db.session.get(Contract, drafts[1]).number is None
    client.post("/accounts/logout")
    other_user = make_user("agency_staff", short_name="VPUB")
    login(other_user)
    other = run_wizard(client, offering)
    client.post(f"/contracts/{other.id}/generate")
    assert approve(other.id, other_user).number == "01/2026/HĐ-VPUB"
    # Numbering again keeps the number.
    contract = db.session.get(Contract, other.id)
    number_on_approval(contract, actor=other_user)
    assert contract.number == "01/2026/HĐ-VPUB"


def test_steps_cannot_be_skipped(client, login, agency_user, offering):
    login(agency_user)
    client.post("/contracts/new")
    contract = latest_contract()
    response = client.get(f"/contracts/{contract.id}/wizard/term")
    assert response.headers["Location"].endswith(f"/contracts/{contract.id}/wizard/offering")
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    assert latest_contract().number is None


def test_offering_step_lists_published_offerings_only(client, login, agency_user, offering,
                                                      make_vendor, make_offering):
    hidden = make_offering(make_vendor(legal_name="Công ty Nháp"), "HT-001", publish=False)
    pending = make_offering(make_vendor(status="pending", legal_name="Công ty Chờ"), "HT-001")
    login(agency_user)
    client.post("/contracts/new")
    contract = latest_contract()
    page = body(client.get(f"/contracts/{contract.id}/wizard/offering?service=HT-001"))
    assert "Công ty Cổ phần Mây Số Việt" in page
    assert "Công ty Nháp" not in page and "Công ty Chờ" not in page
    for bad in (hidden, pending):
        response = client.post(f"/contracts/{contract.id}/wizard/offering?service=HT-001",
                               data={"offering": str(bad.id), "plan": "0"})
        assert response.status_code == 200
        assert "Lựa chọn không hợp lệ." in body(response)


def test_parties_are_prefilled_and_a_bad_tax_code_keeps_what_was_typed(client, login,
                                                                       agency_user, offering):
    login(agency_user)
    client.post("/contracts/new")
    contract = latest_contract()
    base = f"/contracts/{contract.id}/wizard"
    client.post(f"{base}/offering", data={"service": "HT-001", "offering": str(offering.id),
                                          "plan": "0"})
    page = body(client.get(f"{base}/parties"))
    assert offering.vendor.tax_code in page and "Công ty Cổ phần Mây Số Việt" in page
    data = {**PARTY_A, **party_b_for(offering.vendor), "party_b-tax_code": "0100109107"}
    response = client.post(f"{base}/parties", data=data)
    assert response.status_code == 200
    assert "chữ số kiểm tra không đúng" in body(response)
    assert "Nguyễn Văn Minh" in body(response)
    data["party_b-tax_code"] = ""
    assert "Bên B phải có mã số thuế." in body(client.post(f"{base}/parties", data=data))


def test_line_rows_are_validated_and_blank_rows_ignored(client, login, agency_user, offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    base = f"/contracts/{contract.id}/wizard"
    bad = dict(LINES, **{"lines-1-name": "Đào tạo", "lines-1-quantity": "hai"})
    page = body(client.post(f"{base}/lines", data=bad))
    assert "Vui lòng nhập một số nguyên." in page and "Đào tạo" in page
    empty = {k: ("" if k.startswith("lines-") and not k.endswith("vat_rate") else v)
             for k, v in LINES.items()}
    assert "ít nhất một dòng dịch vụ" in body(client.post(f"{base}/lines", data=empty))
    db.session.expire_all()
    assert len(db.session.get(Contract, contract.id).lines) == 1


def test_milestones_must_add_up_to_one_hundred_percent(client, login, agency_user, offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    base = f"/contracts/{contract.id}/wizard"
    data = dict(TERM, schedule="milestone", milestones="Đưa vào sử dụng: 30%\nKết thúc: 60%")
    assert "phải bằng 100%" in body(client.post(f"{base}/term", data=data))
    data["milestones"] = "Đưa vào sử dụng: 30%\nKết thúc: 70%"
    assert client.post(f"{base}/term", data=data).status_code == 302
    review = body(client.get(f"{base}/review"))
    assert "Đưa vào sử dụng" in review and "Theo mốc" in review


def test_an_unpublished_price_never_prefills_the_contract(client, login, agency_user,
                                                          make_vendor, make_offering):
    secret = make_offering(make_vendor(), "HT-002", unit_price=987_654_321, price_public=False)
    login(agency_user)
    client.post("/contracts/new")
    contract = latest_contract()
    base = f"/contracts/{contract.id}/wizard"
    client.post(f"{base}/offering", data={"service": "HT-002", "offering": str(secret.id),
                                          "plan": "0"})
    client.post(f"{base}/parties", data={**PARTY_A, **party_b_for(secret.vendor)})
    page = body(client.get(f"{base}/lines"))
    assert "987654321" not in page and "987.654.321" not in page
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).snapshot["offering"]["unit_price"] is None


def test_user_text_appears_literally_in_the_document(client, login, agency_user, offering):
    login(agency_user)
    tricky = 'Điều khoản <b>đậm</b> & "trích dẫn" {{ 7*7 }} {% if true %}'
    contract = run_wizard(client, offering, clauses=dict(CLAUSES, special_clauses=tricky))
    client.post(f"/contracts/{contract.id}/generate")
    page = body(client.get(f"/contracts/{contract.id}"))
    doc_id = int(page.split("/documents/")[1].split('"')[0])
    text = docx_text(client.get(f"/contracts/{contract.id}/documents/{doc_id}").data)
    assert tricky in text
    assert "49" not in text.split("trích dẫn")[1][:20]


def test_every_step_writes_an_audit_event(client, login, agency_user, offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    client.post(f"/contracts/{contract.id}/generate")
    actions = list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "contract", AuditEvent.object_id == str(contract.id))))
    assert actions.count("contract.update") >= 5
    assert actions[0] == "contract.create" and actions[-1] == "contract.generate"


def test_back_saves_the_step_and_a_draft_can_be_resumed_later(client, login, agency_user,
                                                              offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    base = f"/contracts/{contract.id}/wizard"
    response = client.post(f"{base}/term", data={**TERM, "months": "36", "direction": "back"})
    assert response.headers["Location"].endswith(f"{base}/lines")
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).months == 36
    listing = body(client.get("/contracts/"))
    assert "Tiếp tục soạn" in listing and CLAUSES["title"] in listing  # as edited at step 5
    client.post("/accounts/logout")
    login(agency_user)
    assert 'value="36"' in body(client.get(f"{base}/term"))


def test_every_price_cell_is_labelled_with_its_own_row(client, login, agency_user, offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    page = body(client.get(f"/contracts/{contract.id}/wizard/lines"))
    assert 'aria-label="Đơn vị tính dòng 1"' in page
    assert 'aria-label="Đơn giá (đồng) dòng 2"' in page
    assert 'aria-label="Đơn vị tính dòng 2"' not in page.split('aria-label="Nội dung dòng 2"')[0]


@pytest.mark.parametrize("field, value, message", [
    ("quantity", "3000000000", "Phải là số nguyên từ 1 đến 1.000.000.000."),
    ("months", "241", "Phải là số nguyên từ 1 đến 240."),
    ("unit_price", "99999999999999999999", "Số tiền vượt quá 999.999.999.999.999 đồng"),
    # 2 × 60 × 10^13 = 1,2 × 10^15 đồng: more than an amount read in words (domain.md §9).
    ("unit_price", "10000000000000", "Thành tiền của dòng (số lượng × số tháng × đơn giá) "
                                     "vượt quá 999.999.999.999.999 đồng"),
])
def test_line_values_beyond_what_a_contract_can_hold_are_refused_in_vietnamese(
        client, login, agency_user, offering, field, value, message):
    login(agency_user)
    contract = run_wizard(client, offering)
    response = client.post(f"/contracts/{contract.id}/wizard/lines",
                           data=dict(LINES, **{f"lines-0-{field}": value}))
    assert response.status_code == 200
    assert message in body(response) and value in body(response)  # what was typed stays
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).lines[0].unit_price == 2_500_000


def test_a_contract_total_too_large_to_read_in_words_is_refused(
        client, login, agency_user, offering):
    login(agency_user)
    contract = run_wizard(client, offering)
    # Each line 2 × 60 × 5.000.000.000.000 = 600.000.000.000.000 đồng (the first +10% VAT):
    # allowed alone, not together.
    lines = dict(LINES, **{"lines-0-unit_price": "5000000000000", "lines-1-name": "Dòng hai",
                           "lines-1-unit": "tháng", "lines-1-quantity": "2",
                           "lines-1-months": "60", "lines-1-unit_price": "5000000000000"})
    page = body(client.post(f"/contracts/{contract.id}/wizard/lines", data=lines))
    assert ("Tổng giá trị (kể cả thuế GTGT) 1.260.000.000.000.000 đồng vượt quá "
            "999.999.999.999.999 đồng, mức lớn nhất ghi được bằng chữ.") in page
