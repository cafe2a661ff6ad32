"""The five acceptance documents (nghiệm thu): generated from a contract's records, and the
committed templates of every pack."""
import io
import zipfile
from datetime import date

import docx
import pytest
from sqlalchemy import func, select

from documents.engine import TEMPLATE_ROOT, render_docx
from documents.models import GeneratedDocument
from documents.preview import PREVIEW_ACCEPTANCE
from documents.template_builder import PACKS, build_template
from documents.template_builder.acceptance import ACCEPTANCE_KINDS, TITLES
from documents.template_check import validate_template
from extensions import db
from tests.contracts.acceptance_helpers import accept_data, page


def text_of(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return "\n".join(texts)


def raw_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.endswith(".xml"))


# --- the five documents, generated from the records -----------------------------------------


def download(client, response) -> bytes:
    assert response.status_code == 302 and "/documents/" in response.headers["Location"]
    file = client.get(response.headers["Location"])
    assert file.status_code == 200
    assert file.mimetype.endswith("wordprocessingml.document")
    return file.data


def test_the_five_documents_download_from_the_contracts_pack(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    base = f"/contracts/{contract.id}/acceptance"
    files = {form: download(client, client.post(f"{base}/documents/{form}")) for form in (1, 4)}
    files |= {form: download(client, client.post(f"{base}/1/documents/{form}"))
              for form in (2, 3, 5)}
    for form, data in files.items():
        text = text_of(data)
        assert TITLES[form] in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert f"Hợp đồng số {contract.number} ngày 20/11/2026" in text
        assert "{{" not in raw_xml(data) and "{%" not in raw_xml(data)
        assert "Thông tư số 41/2026/TT-BKHCN" in text  # the wizard chose nd224-2026
    first = text_of(files[1])
    assert "Thời gian thuê dịch vụ: 60 tháng, từ ngày 01/09/2026 đến ngày 31/08/2031." in first
    assert "Giá trị hợp đồng: 330.000.000 đồng (Bằng chữ: Ba trăm ba mươi triệu đồng)." in first
    assert "Dịch vụ được đưa vào sử dụng kể từ ngày 01 tháng 9 năm 2026" in first
    assert "Kỳ 1: Quý 1 (từ ngày 01/09/2026 đến ngày 30/11/2026)" in text_of(files[5])
    assert "Thái Nguyên, ngày 05 tháng 12 năm 2026" in text_of(files[5])
    assert ("Giá trị được nghiệm thu: 15.000.000 đồng (Bằng chữ: Mười lăm triệu đồng)."
            in text_of(files[5]))
    assert "Giảm trừ: 1.500.000 đồng (Bằng chữ: Một triệu năm trăm nghìn đồng). Lý do: " \
           "Khôi phục chậm 06 giờ." in text_of(files[5])
    assert "30 giờ\nKhông đạt" in text_of(files[3]) and "99,95%\nĐạt" in text_of(files[2])
    assert "Số chỉ tiêu đạt: 1/2." in text_of(files[3])
    assert "chậm nhất ngày 30/09/2031" in text_of(files[4])
    kinds = db.session.scalars(select(GeneratedDocument.kind).where(
        GeneratedDocument.kind.like("acceptance-%")).order_by(GeneratedDocument.kind)).all()
    assert kinds == list(ACCEPTANCE_KINDS)


def test_generating_the_same_document_twice_keeps_one_copy(client, active):
    contract = active["contract"]
    url = f"/contracts/{contract.id}/acceptance/documents/1"
    first, second = client.post(url), client.post(url)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(GeneratedDocument.id)).where(
        GeneratedDocument.kind == "acceptance-1")) == 1


def test_period_documents_need_the_periods_acceptance(client, active):
    contract = active["contract"]
    response = client.post(f"/contracts/{contract.id}/acceptance/2/documents/5")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/contracts/{contract.id}")
    assert "Kỳ này chưa được nghiệm thu nên chưa lập được văn bản." in page(
        client, response.headers["Location"])
    assert client.post(f"/contracts/{contract.id}/acceptance/documents/5").status_code == 404
    assert client.post(f"/contracts/{contract.id}/acceptance/1/documents/1").status_code == 404


def test_the_data_handover_record_is_available_once_the_contract_has_expired(client, active):
    contract = active["contract"]
    contract.status = "expired"
    db.session.commit()
    data = download(client, client.post(f"/contracts/{contract.id}/acceptance/documents/4"))
    assert "BIÊN BẢN BÀN GIAO DỮ LIỆU" in text_of(data)


def test_the_vendor_cannot_generate_acceptance_documents(client, login, active):
    client.post("/accounts/logout")
    login(active["vendor"])
    assert client.post(
        f"/contracts/{active['contract'].id}/acceptance/documents/1").status_code == 403


# --- the committed templates ---------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("kind", ACCEPTANCE_KINDS)
def test_each_acceptance_template_is_committed_checked_and_renders_the_preview(pack, kind):
    path = TEMPLATE_ROOT / pack / f"{kind}.docx"
    assert path.read_bytes() == build_template(pack, kind)
    assert validate_template(path.read_bytes(), kind) == []
    context = {**PREVIEW_ACCEPTANCE, "pack": {**PREVIEW_ACCEPTANCE["pack"], "id": pack}}
    data = render_docx(path, context)
    text = text_of(data)
    form = int(kind[-1])
    assert TITLES[form] in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hợp đồng số 12/2026/HĐ-THDV ngày 14/05/2026" in text
    assert "ĐẠI DIỆN BÊN" in text and "(Ký, ghi rõ họ tên, đóng dấu)" in text
    assert "{{" not in raw_xml(data) and "{%" not in raw_xml(data)
    assert docx.Document(path).core_properties.comments == (
        f"thue-dv-cntt template {pack}/{kind} v1")
    if form in (2, 3, 5):
        assert "Kỳ 2: Quý 2 (từ ngày 01/12/2026 đến ngày 28/02/2027)" in text
        assert "30 giờ (sự cố ngày 12/01/2027)\nKhông đạt" in text
    if form in (1, 4, 5):
        assert "BÊN THUÊ DỊCH VỤ (Bên A): Sở Khoa học và Công nghệ tỉnh Thái Nguyên" in text
    if pack == "qd80-2014":
        assert "Mẫu số" not in text and "Địa chỉ:" not in text
    else:
        assert f"Mẫu số 0{form} – " in text


def test_the_period_acceptance_record_states_amounts_in_figures_and_words():
    data = render_docx(TEMPLATE_ROOT / "nd73-2019" / "acceptance-5.docx", PREVIEW_ACCEPTANCE)
    text = text_of(data)
    assert "Giá trị của kỳ theo hợp đồng\n62.500.000" in text
    assert "Giá trị được nghiệm thu, đề nghị thanh toán\n61.000.000" in text
    assert ("Giá trị được nghiệm thu: 61.000.000 đồng (Bằng chữ: Sáu mươi mốt triệu đồng)."
            in text)
    # Dated in 2027, the forms are those of the circular that replaced Circular 23/2020.
    assert "Mẫu số 05 – Thông tư số 41/2026/TT-BKHCN" in text
    assert "23/2020/TT-BTTTT" not in text


@pytest.mark.parametrize(("day", "where"), [
    (date(2020, 6, 1), None), (date(2021, 3, 1), "Phụ lục II Thông tư số 23/2020/TT-BTTTT"),
    (date(2025, 6, 1), "Thông tư số 16/2024/TT-BTTTT"),
    (date(2026, 9, 1), "Thông tư số 41/2026/TT-BKHCN")])
def test_the_forms_cite_the_circular_in_force_on_their_date(day, where):
    context = {**PREVIEW_ACCEPTANCE, "document": {**PREVIEW_ACCEPTANCE["document"], "date": day}}
    text = text_of(render_docx(TEMPLATE_ROOT / "nd73-2019" / "acceptance-1.docx", context))
    if where is None:  # before Circular 23/2020 took effect there were no forms to cite
        assert "Mẫu số 01" not in text and "Thông tư" not in text
    else:
        assert f"Mẫu số 01 – {where}" in text
        assert f"Căn cứ quy định về nghiệm thu dịch vụ tại {where};" in text


def test_an_acceptance_template_with_an_unknown_variable_is_rejected():
    document = docx.Document()
    document.add_paragraph("Số tiền: {{ period.amout }} đồng")
    out = io.BytesIO()
    document.save(out)
    errors = validate_template(out.getvalue(), "acceptance-5")
    assert len(errors) == 1 and "period.amout" in errors[0]
