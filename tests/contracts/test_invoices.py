"""The vendor's invoice (hóa đơn) of an accepted period: never above the accepted amount, kept
with its PDF, replaced until the first payment; what the vendor sees of the payments; the
queue and the notices. tests/contracts/test_period_reports.py covers the period reports."""
import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent, Notice
from contracts.models.period_report import PeriodInvoice
from extensions import db
from tests.contracts.acceptance_helpers import accept_data, page
from tests.helpers import MINIMAL_PDF, first_user

ACCEPTED = 15_000_000  # period 1 of the `active` contract, 1.500.000 đồng deducted


def invoice_data(pdf: bytes = MINIMAL_PDF, **changes) -> dict:
    data = {"number": "0000123", "issued_on": "2027-03-08", "amount": "15.000.000",
            "file": (io.BytesIO(pdf), "hoa-don-ky-1.pdf")}
    data.update(changes)
    return data


def invoice_url(contract, no: int = 1) -> str:
    return f"/contracts/{contract.id}/periods/{no}/invoice"


def upload(client, contract, no: int = 1, **changes):
    return client.post(invoice_url(contract, no), data=invoice_data(**changes),
                       content_type="multipart/form-data")


def invoices() -> list[PeriodInvoice]:
    return list(db.session.scalars(select(PeriodInvoice)))


@pytest.fixture
def accepted(client, login, active):
    """Period 1 accepted by the agency (15.000.000 đồng); the vendor logged in."""
    contract = active["contract"]
    assert client.post(f"/contracts/{contract.id}/acceptance/1",
                       data=accept_data()).status_code == 302
    login(active["vendor"])
    return active


def pay(client, login, accepted, amount: str = "10.000.000"):
    login(accepted["owner"])
    response = client.post(f"/contracts/{accepted['contract'].id}/acceptance/1/payments",
                           data={"amount": amount, "paid_on": "2027-03-09",
                                 "reference": "UNC-0042"})
    assert response.status_code == 302
    login(accepted["vendor"])


def test_the_vendor_uploads_the_invoice_of_an_accepted_period(app, client, login, accepted):
    contract = accepted["contract"]
    text = page(client, invoice_url(contract))
    assert "Số tiền được nghiệm thu" in text and "15.000.000 đồng" in text
    assert "Tải lên hóa đơn" in text
    response = upload(client, contract)
    assert response.status_code == 302
    [invoice] = invoices()
    digest = hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert (invoice.number, invoice.amount, invoice.sha256) == ("0000123", ACCEPTED, digest)
    assert (Path(app.instance_path) / "uploads" / "invoices" / f"{digest}.pdf").is_file()
    shown = page(client, invoice_url(contract))
    assert "0000123" in shown and "Chưa có khoản thanh toán nào." in shown
    assert client.get(f"{invoice_url(contract)}/pdf").data == MINIMAL_PDF
    assert db.session.scalar(select(AuditEvent.summary).where(
        AuditEvent.action == "contract.invoice")).startswith(
        "Tải lên hóa đơn kỳ 1: số 0000123 ngày 08/03/2027, 15.000.000 đồng")
    # The agency sees it on the acceptance page and the contract page, and is told.
    owner = accepted["owner"]
    notice = db.session.scalar(select(Notice).where(Notice.user_id == owner.id,
                                                    Notice.kind == "contracts.invoice"))
    assert notice.link == f"/contracts/{contract.id}/acceptance/1"
    login(owner)
    assert "Hóa đơn số 0000123 ngày 08/03/2027" in page(
        client, f"/contracts/{contract.id}/acceptance/1")
    assert "Số 0000123 – 15.000.000 đồng" in page(client, f"/contracts/{contract.id}")


def test_an_invoice_above_the_accepted_amount_is_refused(client, accepted):
    response = upload(client, accepted["contract"], amount="15.000.001")
    assert response.status_code == 200
    assert ("Số tiền trên hóa đơn (15.000.001 đồng) phải lớn hơn 0 và không vượt quá số tiền "
            "đã nghiệm thu của kỳ 1 (15.000.000 đồng).") in response.get_data(as_text=True)
    assert invoices() == []


def test_a_period_not_accepted_has_no_invoice(client, accepted):
    response = upload(client, accepted["contract"], no=2)
    assert response.status_code == 200
    assert "Kỳ 2 chưa được nghiệm thu" in response.get_data(as_text=True)
    assert invoices() == []


def test_an_invoice_that_is_not_a_pdf_is_refused_by_its_content(client, accepted):
    response = upload(client, accepted["contract"], pdf=b"<html>hoa don</html>")
    assert response.status_code == 200
    assert "Tệp không phải PDF: hãy tải lên bản PDF của hóa đơn." in response.get_data(
        as_text=True)
    assert invoices() == []


def test_the_invoice_is_replaced_until_the_first_payment_then_frozen(client, login, accepted):
    contract = accepted["contract"]
    assert upload(client, contract).status_code == 302
    assert upload(client, contract, number="0000124", amount="14.000.000").status_code == 302
    [invoice] = invoices()
    assert (invoice.number, invoice.amount) == ("0000124", 14_000_000)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "contract.invoice_replaced"))
    assert event.changes["before"]["number"] == "0000123"
    pay(client, login, accepted)
    response = upload(client, contract, number="0000125")
    assert "hóa đơn của kỳ không thay được nữa" in response.get_data(as_text=True)
    assert invoices()[0].number == "0000124"


def test_the_vendor_sees_what_was_paid_and_is_told(client, login, accepted):
    contract, vendor = accepted["contract"], accepted["vendor"]
    assert upload(client, contract).status_code == 302
    pay(client, login, accepted)
    text = page(client, invoice_url(contract))
    assert "UNC-0042" in text and "09/03/2027" in text and "10.000.000" in text
    assert "Còn phải thanh toán" in text and "5.000.000 đồng" in text
    assert "Thay hóa đơn" not in text  # read only once paid
    notice = db.session.scalar(select(Notice).where(Notice.user_id == vendor.id,
                                                    Notice.kind == "contracts.payment"))
    assert notice.title == f"Thanh toán kỳ 1 của hợp đồng {contract.number}"
    assert "10.000.000 đồng" in notice.body and "UNC-0042" in notice.body


def test_the_vendors_page_shows_no_internal_notes_of_the_agency(client, accepted):
    text = page(client, invoice_url(accepted["contract"]))
    assert "Bên B khắc phục đầy đủ." not in text  # the agency's "Ý kiến khác"
    assert "Khôi phục chậm 06 giờ." in text  # the deduction's reason is the vendor's to know


def test_the_queue_lists_accepted_periods_waiting_for_their_invoice(client, accepted):
    contract = accepted["contract"]
    text = page(client, "/accounts/work")
    assert "Kỳ đã nghiệm thu chờ hóa đơn" in text and invoice_url(contract) in text
    assert upload(client, contract).status_code == 302
    assert invoice_url(contract) not in page(client, "/accounts/work")


def test_other_vendors_and_agencies_get_404_and_the_agency_may_not_upload(
        client, login, make_user, make_vendor, accepted):
    contract = accepted["contract"]
    assert upload(client, contract).status_code == 302
    for outsider in (first_user(make_vendor(legal_name="Công ty khác")),
                     make_user("agency_staff", name="Sở khác")):
        login(outsider)
        assert client.get(invoice_url(contract)).status_code == 404
        assert client.get(f"{invoice_url(contract)}/pdf").status_code == 404
        assert upload(client, contract).status_code == 404
    login(accepted["owner"])
    assert client.get(invoice_url(contract)).status_code == 200
    assert upload(client, contract, number="X").status_code == 403
    assert invoices()[0].number == "0000123"
