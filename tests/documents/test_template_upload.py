"""Legal drafters upload checked template versions; generated documents keep theirs."""
import io
import zipfile
from core import clock

from sqlalchemy import select

from contracts.models.contract import Contract
from documents.models import DocumentTemplate, GeneratedDocument
from documents import storage
from extensions import db
from tests.contracts.wizard_helpers import run_wizard

BUILTIN = storage.BUILTIN_DIR / "nd224-2026" / "contract.docx"


def with_document_xml(data: bytes, change) -> bytes:
    """A copy of a .docx whose word/document.xml went through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            blob = source.read(item)
            if item.filename == "word/document.xml":
                blob = change(blob.decode("utf-8")).encode("utf-8")
            target.writestr(item, blob)
    return out.getvalue()


def upload(client, data: bytes, **fields):
    form = {"pack_id": "nd224-2026", "kind": "contract",
            "effective_from": clock.today().isoformat(),
            "notes": "Sửa Điều 19", "file": (io.BytesIO(data), "hop-dong.docx"), **fields}
    return client.post("/documents/templates/", data=form, content_type="multipart/form-data")


def test_only_legal_drafters_and_admins_manage_templates(client, login, make_user):
    assert client.get("/documents/templates/").status_code == 302
    login(make_user("agency_staff"))
    assert client.get("/documents/templates/").status_code == 403


def test_a_valid_upload_becomes_the_next_version(client, login, make_user):
    login(make_user("legal_drafter"))
    page = client.get("/documents/templates/").get_data(as_text=True)
    assert "Hợp đồng thuê dịch vụ" in page and "Hệ thống" in page
    marked = with_document_xml(BUILTIN.read_bytes(),
                               lambda xml: xml.replace("Giải quyết tranh chấp",
                                                       "Giải quyết tranh chấp (bản 2)", 1))
    response = upload(client, marked)
    assert response.status_code == 302
    version = db.session.scalar(select(DocumentTemplate).where(
        DocumentTemplate.pack_id == "nd224-2026", DocumentTemplate.kind == "contract",
        DocumentTemplate.version == 2))
    assert version is not None and version.effective_from == clock.today()
    assert storage.template_path(version).read_bytes() == marked


def test_an_undefined_variable_is_named_with_its_paragraph(client, login, make_user):
    login(make_user("legal_drafter"))
    broken = with_document_xml(BUILTIN.read_bytes(),
                               lambda xml: xml.replace("party_b.name", "party_c.name", 1))
    body = upload(client, broken).get_data(as_text=True)
    assert "Mẫu chưa được chấp nhận" in body and "party_c" in body
    assert db.session.scalar(select(DocumentTemplate).where(
        DocumentTemplate.version == 2)) is None


def test_a_file_that_is_not_a_docx_is_refused(client, login, make_user):
    login(make_user("legal_drafter"))
    body = upload(client, b"%PDF-1.4 not a word file").get_data(as_text=True)
    assert "không phải là tài liệu Word" in body


def test_documents_keep_the_template_version_they_were_made_with(client, login, make_user,
                                                                 make_vendor, make_offering):
    agency = make_user("agency_staff", short_name="SA")
    offering = make_offering(make_vendor(), "HT-001", unit_price=1_000_000, price_public=True)
    login(agency)
    contract = run_wizard(client, offering)
    client.post(f"/contracts/{contract.id}/generate")
    first = db.session.scalar(select(GeneratedDocument))
    assert first.template.version == 1
    client.post("/accounts/logout")
    login(make_user("legal_drafter"))
    marked = with_document_xml(BUILTIN.read_bytes(),
                               lambda xml: xml.replace("Giải quyết tranh chấp",
                                                       "Giải quyết tranh chấp (bản 2)", 1))
    assert upload(client, marked).status_code == 302
    client.post("/accounts/logout")
    login(agency)
    # A version applies from its upload day: the contract is moved to that day to take it.
    db.session.get(Contract, contract.id).contract_date = clock.today()
    db.session.commit()
    client.post(f"/contracts/{contract.id}/generate")
    documents = list(db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)))
    assert [d.template.version for d in documents] == [1, 2]
    assert storage.read_document(documents[0]) != storage.read_document(documents[1])
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).template.version == 2


def test_cli_renders_a_contract_to_a_file(runner, client, login, make_user, make_vendor,
                                          make_offering, tmp_path):
    offering = make_offering(make_vendor(), "HT-001", unit_price=1_000_000, price_public=True)
    login(make_user("agency_staff", short_name="SB"))
    contract = run_wizard(client, offering)
    out = tmp_path / "out" / "hd.docx"
    result = runner.invoke(args=["contracts", "render", str(contract.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK" and "Đã ghi" in result.output
    missing = runner.invoke(args=["contracts", "render", "9999", "--out", str(out)])
    assert missing.exit_code != 0 and "Không có hợp đồng" in missing.output
