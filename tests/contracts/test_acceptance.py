"""Acceptance (nghiệm thu) and payment of each period, and the five acceptance documents."""
import io
import zipfile
from datetime import date

import docx
import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent
from documents.engine import TEMPLATE_ROOT, render_docx
from documents.template_check import validate_template
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.contract import Contract
from documents.models import GeneratedDocument
from documents.preview import PREVIEW_ACCEPTANCE
from contracts.services import acceptance as service
from documents.template_builder import PACKS, build_template
from documents.template_builder.acceptance import ACCEPTANCE_KINDS, TITLES
from extensions import db
from tests.contracts.wizard_helpers import run_wizard
from tests.vendors.conftest import first_user, make_offering, make_vendor, registry  # noqa: F401

TODAY = date(2027, 3, 10)  # periods 1 (due 30/11/2026) and 2 (due 28/02/2027) are past due
PERIOD_AMOUNT = 16_500_000  # 330.000.000 đồng over 20 quarters


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


@pytest.fixture
def today(on_day):
    on_day(TODAY)
    return TODAY


@pytest.fixture
def active(client, login, make_user, make_vendor, make_offering, today):  # noqa: F811
    """A generated contract of agency A with vendor V, set to active; the owner stays logged in."""
    owner = make_user("agency_staff", name="Sở Khoa học và Công nghệ A", short_name="SKHCN")
    vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số")
    offering = make_offering(vendor, "HT-001", unit_price=2_500_000, price_public=True)
    login(owner)
    contract = run_wizard(client, offering)
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    contract = db.session.get(Contract, contract.id)
    contract.status = "active"  # the states belong to the lifecycle; set directly here
    db.session.commit()
    return {"contract": contract, "owner": owner, "vendor": first_user(vendor)}


def accept_data(**changes) -> dict:
    data = {"levels-0-measured": "99,95%", "levels-0-met": "yes",
            "levels-1-measured": "30 giờ", "levels-1-met": "no",
            "deductions": "1500000", "deduction_reason": "Khôi phục chậm 06 giờ.",
            "accepted_on": "2026-12-05", "notes": "Bên B khắc phục đầy đủ."}
    data.update(changes)
    return data


def records() -> list[AcceptanceRecord]:
    return list(db.session.scalars(select(AcceptanceRecord)))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- recording acceptance ---------------------------------------------------------------------


def test_staff_record_a_period_with_measured_levels_and_deductions(client, active):
    contract = active["contract"]
    response = client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    assert response.status_code == 302
    [record] = records()
    assert (record.period_no, record.period_amount, record.deductions,
            record.accepted_amount) == (1, PERIOD_AMOUNT, 1_500_000, 15_000_000)
    assert record.service_levels == [
        {"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng", "measure": "giám sát tự động",
         "measured": "99,95%", "met": True},
        {"name": "Khôi phục", "target": "24 giờ", "measure": "", "measured": "30 giờ",
         "met": False}]
    assert record.accepted_on == date(2026, 12, 5) and record.recorded_by_id == active["owner"].id
    assert record.period_label == "Quý 1" and record.period_due == date(2026, 11, 30)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "contract.accept"))
    assert event.summary == ("Nghiệm thu kỳ 1: chấp nhận 15.000.000 đồng, giảm trừ "
                             "1.500.000 đồng")
    text = page(client, response.headers["Location"])
    assert "Số tiền được nghiệm thu" in text and "15.000.000 đồng" in text
    assert "Mười lăm triệu đồng" in text


def test_deductions_above_the_period_amount_are_refused(client, active):
    contract = active["contract"]
    response = client.post(f"/contracts/{contract.id}/acceptance/1",
                           data=accept_data(deductions=str(PERIOD_AMOUNT + 1)))
    assert response.status_code == 200
    assert "Số tiền giảm trừ phải từ 0 đến 16.500.000 đồng" in response.get_data(as_text=True)
    assert records() == []


def test_negative_deductions_are_refused(client, active):
    response = client.post(f"/contracts/{active['contract'].id}/acceptance/1",
                           data=accept_data(deductions="-5"))
    assert response.status_code == 200
    assert "Số tiền không được âm." in response.get_data(as_text=True)
    assert records() == []


def test_a_deduction_needs_its_reason_and_every_level_a_result(client, active):
    url = f"/contracts/{active['contract'].id}/acceptance/1"
    text = client.post(url, data=accept_data(deduction_reason="", **{
        "levels-1-measured": ""})).get_data(as_text=True)
    assert "Vui lòng ghi lý do giảm trừ." in text and "Vui lòng nhập trường này." in text
    assert records() == []


def test_the_full_amount_is_accepted_without_deductions(client, active):
    url = f"/contracts/{active['contract'].id}/acceptance/2"
    assert client.post(url, data=accept_data(deductions="0", deduction_reason="",
                                             accepted_on="2027-03-01")).status_code == 302
    [record] = records()
    assert (record.deductions, record.accepted_amount, record.deduction_reason) == (
        0, PERIOD_AMOUNT, "")


def test_a_period_is_accepted_only_once(client, active):
    url = f"/contracts/{active['contract'].id}/acceptance/1"
    assert client.post(url, data=accept_data()).status_code == 302
    response = client.post(url, data=accept_data(deductions="0"))
    assert response.status_code == 200
    assert "Kỳ này đã được nghiệm thu." in response.get_data(as_text=True)
    assert len(records()) == 1 and records()[0].deductions == 1_500_000


def test_an_acceptance_date_in_the_future_or_before_the_period_is_refused(client, active):
    url = f"/contracts/{active['contract'].id}/acceptance/1"
    text = client.post(url, data=accept_data(accepted_on="2027-03-11")).get_data(as_text=True)
    assert "Ngày nghiệm thu không được sau ngày hôm nay." in text
    text = client.post(url, data=accept_data(accepted_on="2026-08-31")).get_data(as_text=True)
    assert "Ngày nghiệm thu không được trước ngày bắt đầu của kỳ." in text
    assert records() == []


def test_a_period_outside_the_schedule_is_404(client, active):
    assert client.get(f"/contracts/{active['contract'].id}/acceptance/21").status_code == 404


@pytest.mark.parametrize("status", ["draft", "review", "approved", "expired", "terminated"])
def test_only_signed_or_active_contracts_take_acceptances(client, active, status):
    contract = active["contract"]
    contract.status = status
    db.session.commit()
    url = f"/contracts/{contract.id}/acceptance/1"
    assert client.post(url, data=accept_data()).status_code == 403
    assert "Chỉ ghi nhận nghiệm thu khi hợp đồng đã ký hoặc đang thực hiện." in page(client, url)
    assert records() == []


def test_a_signed_contract_takes_acceptances(client, active):
    active["contract"].status = "signed"
    db.session.commit()
    url = f"/contracts/{active['contract'].id}/acceptance/1"
    assert client.post(url, data=accept_data()).status_code == 302
    assert len(records()) == 1


@pytest.mark.parametrize("role", ["vendor", "legal_drafter"])
def test_the_vendor_and_a_legal_drafter_read_but_cannot_record(client, login, make_user, active,
                                                               role):
    contract = active["contract"]
    user = (active["vendor"] if role == "vendor"
            else make_user("legal_drafter", organisation=contract.organisation))
    client.post("/accounts/logout")
    login(user)
    url = f"/contracts/{contract.id}/acceptance/1"
    assert "Kỳ này chưa được nghiệm thu." in page(client, url)
    assert client.post(url, data=accept_data()).status_code == 403
    assert records() == []


@pytest.mark.parametrize("role", ["agency_staff", "agency_approver", "vendor_staff"])
def test_other_organisations_get_404_for_acceptance_pages(client, login, make_user, active, role):
    contract = active["contract"]
    client.post("/accounts/logout")
    login(make_user(role))
    base = f"/contracts/{contract.id}/acceptance"
    assert client.get(f"{base}/1").status_code == 404
    assert client.post(f"{base}/1", data=accept_data()).status_code == 404
    assert client.post(f"{base}/1/payments", data={}).status_code == 404
    assert client.post(f"{base}/documents/1").status_code == 404
    assert records() == []


def test_posts_without_a_csrf_token_are_refused(app, client, active):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/contracts/{active['contract'].id}/acceptance/1",
                           data=accept_data())
    assert response.status_code == 400
    assert records() == []


# --- payments ----------------------------------------------------------------------------------


def pay(client, contract, period=1, **data):
    values = {"amount": "10000000", "paid_on": "2026-12-20", "reference": "UNC 123/KBNN"}
    values.update(data)
    return client.post(f"/contracts/{contract.id}/acceptance/{period}/payments", data=values)


def test_payments_add_up_to_the_accepted_amount_and_no_further(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    assert pay(client, contract).status_code == 302
    assert pay(client, contract, amount="5000000", reference="UNC 130/KBNN").status_code == 302
    response = pay(client, contract, amount="1", reference="UNC 131/KBNN")
    assert response.status_code == 200
    assert ("Số tiền thanh toán phải lớn hơn 0 và không vượt quá 0 đồng đã nghiệm thu chưa "
            "thanh toán.") in response.get_data(as_text=True)
    rows = db.session.scalars(select(PaymentRecord).order_by(PaymentRecord.id)).all()
    assert [(p.amount, p.reference, p.contract_id) for p in rows] == [
        (10_000_000, "UNC 123/KBNN", contract.id), (5_000_000, "UNC 130/KBNN", contract.id)]
    text = page(client, f"/contracts/{contract.id}/acceptance/1")
    assert "UNC 130/KBNN" in text and "Còn phải thanh toán" in text


def test_a_payment_above_what_is_unpaid_is_refused(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    response = pay(client, contract, amount="15000001")
    assert response.status_code == 200
    assert "không vượt quá 15.000.000 đồng" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(PaymentRecord.id))) == 0


def test_a_payment_needs_a_reference_and_a_date_after_acceptance(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    assert "Vui lòng nhập trường này." in pay(client, contract, reference="").get_data(
        as_text=True)
    assert "Ngày thanh toán không được trước ngày nghiệm thu." in pay(
        client, contract, paid_on="2026-12-01").get_data(as_text=True)
    assert db.session.scalar(select(func.count(PaymentRecord.id))) == 0


def test_a_period_not_yet_accepted_cannot_be_paid(client, active):
    assert pay(client, active["contract"], period=2).status_code == 404


def test_payments_stop_once_the_contract_has_expired(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    contract.status = "expired"
    db.session.commit()
    assert pay(client, contract).status_code == 403


# --- the contract page -----------------------------------------------------------------------


def test_the_contract_page_shows_per_period_amounts_totals_and_overdue_periods(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    pay(client, contract, amount="15000000")
    text = page(client, f"/contracts/{contract.id}")
    assert "Nghiệm thu và thanh toán" in text
    assert "Đã nghiệm thu</dt><dd>15.000.000 đồng" in text
    assert "Giảm trừ</dt><dd>1.500.000 đồng" in text
    assert "Đã thanh toán</dt><dd>15.000.000 đồng" in text
    # 330.000.000 − 1.500.000 deducted − 15.000.000 paid
    assert "<strong>313.500.000 đồng</strong>" in text
    assert "Đã nghiệm thu 05/12/2026, đã thanh toán đủ" in text
    assert "Quá hạn nghiệm thu 10 ngày" in text  # period 2, due 28/02/2027
    assert "Có 1 kỳ đã quá hạn nghiệm thu: kỳ 2 (hạn 28/02/2027)." in text
    assert text.count("Quá hạn nghiệm thu") == 1


def test_a_draft_contract_page_has_no_acceptance_section(client, active):
    active["contract"].status = "draft"
    db.session.commit()
    assert "Nghiệm thu và thanh toán" not in page(client, f"/contracts/{active['contract'].id}")


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
    assert "Phụ lục II Thông tư số 23/2020/TT-BTTTT" in text


def test_an_acceptance_template_with_an_unknown_variable_is_rejected():
    document = docx.Document()
    document.add_paragraph("Số tiền: {{ period.amout }} đồng")
    out = io.BytesIO()
    document.save(out)
    errors = validate_template(out.getvalue(), "acceptance-5")
    assert len(errors) == 1 and "period.amout" in errors[0]
