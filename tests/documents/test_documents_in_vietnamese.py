"""What carries legal force stays Vietnamese: a document generated from a page that speaks
English (the switcher, Accept-Language, a user's own choice) is the same Vietnamese text, its
labels included (core.i18n.in_vietnamese around every document builder)."""
from sqlalchemy import select

from contracts.models.contract import Contract
from documents import storage
from documents.models import GeneratedDocument
from extensions import db
from tests.contracts.test_wizard import docx_text
from tests.contracts.wizard_helpers import run_wizard

ENGLISH = {"Accept-Language": "en"}


def test_a_contract_generated_from_an_english_page_is_vietnamese(client, login, make_user,
                                                                 make_vendor, make_offering):
    staff = make_user("agency_staff", name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
                      short_name="SKHCN")
    staff.language = "en"
    db.session.commit()
    offering = make_offering(make_vendor(legal_name="Công ty Cổ phần Mây Số Việt"), "HT-001",
                             unit_price=2_500_000, price_public=True)
    login(staff)
    contract = run_wizard(client, offering)
    assert "Sign out" in client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert client.post(f"/contracts/{contract.id}/generate", headers=ENGLISH).status_code == 302
    document = db.session.scalar(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract", GeneratedDocument.owner_id == contract.id))
    text = docx_text(storage.read_document(document))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HỢP ĐỒNG",
                     "Công ty Cổ phần Mây Số Việt", "Dịch vụ điện toán đám mây"):
        assert expected in text, expected
    for english in ("Contract", "Agency", "Vendor", "Service catalogue", "VAT rate"):
        assert english not in text, english
    assert db.session.get(Contract, contract.id).status == "draft"
