"""Every generated document gets its PDF/A-2b once, stored beside its .docx with its own
SHA-256 (documents.renditions, issue 14 point 2): plan, contract, amendment and the five
acceptance forms, each converted by LibreOffice and read back with pypdf."""
import hashlib
import io
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import docx
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from catalog.services import get_service
from contracts.models.contract import Contract
from core import clock
from core.pdf import pdf_problem, pdfa_level
from documents import pdf, renditions
from documents.models import GeneratedDocument
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from tests.contracts.acceptance_helpers import accept_data
from tests.contracts.test_amendments import prepared
from tests.helpers import MINIMAL_PDF, services_required, text
from tests.plans.plan_helpers import TEXTS

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not services_required(),
    reason="LibreOffice (soffice) not installed; .ci/run installs it")


@pytest.fixture
def pdfs_on(app):
    """Generating a document asks for its PDF here, as it does outside the test suite."""
    app.config["PDF_ON_GENERATE"] = True


def squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return squeeze(" ".join(texts))


def pdf_text(data: bytes) -> str:
    return squeeze(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def forget_pdf(document: GeneratedDocument) -> None:
    """As for a document made before PDFs, or while LibreOffice was missing (raw SQL: the model
    itself never lets a recorded PDF go)."""
    db.session.execute(update(GeneratedDocument).where(GeneratedDocument.id == document.id)
                       .values(pdf_sha256=None, pdf_size=None, pdf_created_at=None))
    db.session.commit()


def all_documents() -> list[GeneratedDocument]:
    db.session.expire_all()
    return list(db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)))


def newest() -> GeneratedDocument:
    """The contract's newest document: the numbered one approval made."""
    return [d for d in all_documents() if d.kind == "contract"][-1]


def plan_of(organisation, actor, pack_id: str):
    today = clock.today()
    plan = plan_services.create_plan(organisation, {
        "title": "Thuê dịch vụ điện toán đám mây", "plan_date": today, "pack_id": pack_id,
        "number": "", "place": "Hà Nội", "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn A", "recipients": ["Lưu: VT"], "extra_bases": [],
        "sections": dict(TEXTS), "services": [get_service("HT-001")],
        "period_start": today, "period_end": today.replace(year=today.year + 3, day=1),
        "preparation_months": 3, "short_period_allowed": False,
        "security_level_proposal": 3}, actor=actor)
    plan_estimate.save_estimate(plan, [{
        "part": "lease", "content": "Thuê máy chủ ảo", "unit": "tháng", "quantity": 1,
        "months": 12, "unit_price": 2_500_000, "vat_rate": "10", "budget_year": today.year}],
        "combination", "", actor=actor)
    db.session.commit()
    return plan


def every_kind(client, active) -> dict[str, GeneratedDocument]:
    """Through the pages: the contract (made by the fixture), the five acceptance forms, an
    amendment and a plan; the newest document of each kind."""
    contract, owner = active["contract"], active["owner"]
    base = f"/contracts/{contract.id}/acceptance"
    assert client.post(f"{base}/1", data=accept_data()).status_code == 302
    for form in (1, 4):
        assert client.post(f"{base}/documents/{form}").status_code == 302
    for form in (2, 3, 5):
        assert client.post(f"{base}/1/documents/{form}").status_code == 302
    prepared(client, contract)
    plan = plan_of(owner.organisation, owner, contract.pack_id)
    response = client.post(f"/plans/{plan.id}/generate")
    assert f"/plans/{plan.id}/documents/" in response.headers["Location"]
    return {document.kind: document for document in all_documents()}


@needs_libreoffice
@pytest.mark.slow  # eight LibreOffice conversions
def test_every_kind_of_document_has_its_pdfa_stored_beside_it_with_its_own_sha256(
        pdfs_on, app, client, active):
    made = every_kind(client, active)
    assert set(made) == {"contract", "amendment", "plan"} | {f"acceptance-{n}"
                                                             for n in range(1, 6)}
    for kind, document in made.items():
        assert document.pdf_sha256 and document.pdf_created_at, kind
        stored = Path(app.instance_path) / "generated" / f"{document.pdf_sha256}.pdf"
        data = stored.read_bytes()
        assert hashlib.sha256(data).hexdigest() == document.pdf_sha256
        assert len(data) == document.pdf_size and document.pdf_sha256 != document.sha256
        assert pdfa_level(data) == "2B" and pdf_problem(data) is None, kind
        owner = (f"/plans/{document.owner_id}" if kind == "plan"
                 else f"/contracts/{active['contract'].id}")
        response = client.get(f"{owner}/documents/{document.id}/pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf", kind
        assert response.data == data
        assert quote(document.pdf_name) in response.headers["Content-Disposition"]


@needs_libreoffice
def test_the_contracts_pdf_says_what_its_docx_says(pdfs_on, app, client, active):
    contract = db.session.get(Contract, active["contract"].id)
    document = newest()
    word = docx_text((Path(app.instance_path) / "generated" / f"{document.sha256}.docx")
                     .read_bytes())
    printed = pdf_text(renditions.read_pdf(document))
    assert f"Số: {contract.number}" in word and f"Số: {contract.number}" in printed
    words = re.search(r"[Bb]ằng chữ: ([^.;)]+)", word).group(1).strip()
    total = re.search(r"Tổng giá trị hợp đồng[^:]*: ([\d.]+) đồng", word).group(1)
    assert words in printed and total in printed
    reader = PdfReader(io.BytesIO(renditions.read_pdf(document)))
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts and all(f.startswith("/LiberationSerif") or f.startswith("LiberationSerif")
                         for f in fonts), fonts  # Times New Roman's metric-compatible stand-in
    page = text(client.get(f"/contracts/{contract.id}"))
    assert f"Bản PDF/A ({document.pdf_name})" in page and "Chưa có bản PDF" not in page


@needs_libreoffice
def test_a_document_is_converted_once_and_its_pdf_never_changes(
        pdfs_on, app, client, active, monkeypatch):
    document = newest()
    first = (document.pdf_sha256, document.pdf_created_at)

    def must_not_convert(data, timeout=0):
        raise AssertionError("converted twice")
    monkeypatch.setattr(pdf, "docx_to_pdf", must_not_convert)
    url = f"/contracts/{active['contract'].id}/documents/{document.id}/pdf"
    response = client.post(url, follow_redirects=True)  # asking again: nothing to do
    assert f"Văn bản {document.file_name} đã có bản PDF/A." in text(response)
    renditions.make_pdf(document.id)
    db.session.commit()
    again = newest()
    assert (again.pdf_sha256, again.pdf_created_at) == first
    with pytest.raises(ValueError, match="never changed"):
        again.pdf_sha256 = "0" * 64


def test_a_recorded_digest_cannot_be_replaced(client, active):
    document = newest()
    with pytest.raises(ValueError, match="never changed"):
        document.sha256 = "0" * 64
    document.pdf_sha256 = "a" * 64  # the first time: recorded
    with pytest.raises(ValueError, match="never changed"):
        document.pdf_sha256 = "b" * 64


def test_without_a_pdf_the_docx_stays_and_the_page_offers_to_make_one(
        pdfs_on, client, active, monkeypatch):
    contract = active["contract"]
    document = newest()
    forget_pdf(document)

    def missing(data, timeout=0):
        raise pdf.ConversionError("Máy chủ chưa cài LibreOffice nên chưa tải được bản PDF.")
    monkeypatch.setattr(pdf, "docx_to_pdf", missing)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert "Chưa có bản PDF" in page and "Tạo bản PDF" in page
    url = f"/contracts/{contract.id}/documents/{document.id}/pdf"
    response = client.get(url)
    assert response.status_code == 302
    assert "chưa có bản PDF" in text(client.get(response.headers["Location"]))
    response = client.post(url)  # the button: a job, followed on its status page
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    status = text(client.get(response.headers["Location"]))
    assert "Không thành công" in status and "Máy chủ chưa cài LibreOffice" in status
    assert newest().pdf_sha256 is None
    assert client.get(f"/contracts/{contract.id}/documents/{document.id}").status_code == 200


@needs_libreoffice
def test_the_button_makes_the_pdf_in_a_job_whose_page_links_to_it(client, active):
    contract, document = active["contract"], newest()
    url = f"/contracts/{contract.id}/documents/{document.id}/pdf"
    response = client.post(url)
    status = text(client.get(response.headers["Location"]))
    assert "Chuyển văn bản sang PDF/A" in status and "Đã xong" in status
    assert f"Tải bản PDF/A ({newest().pdf_name})" in status and f'href="{url}"' in status
    assert pdfa_level(client.get(url).data) == "2B"


def test_a_pdf_that_is_not_pdfa_is_not_recorded(pdfs_on, client, active, monkeypatch):
    document = newest()
    forget_pdf(document)
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda data, timeout=0: MINIMAL_PDF)
    with pytest.raises(pdf.ConversionError, match="PDF/A-2b"):
        renditions.make_pdf(document.id)
    db.session.rollback()
    assert newest().pdf_sha256 is None


def test_the_suite_makes_no_pdf_unless_asked(client, active):
    made = all_documents()
    assert made and [d.pdf_sha256 for d in made] == [None] * len(made)


def test_the_pdf_of_another_agencys_document_is_404(client, login, people, contract):
    login(people.outsider_legal)
    for method in (client.get, client.post):
        assert method(f"/contracts/{contract.id}/documents/1/pdf").status_code == 404
