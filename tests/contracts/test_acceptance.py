"""Acceptance (nghiệm thu) and payment of each period, and what the contract page shows of them.

tests/contracts/test_acceptance_documents.py covers the five acceptance documents."""
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from accounts.models import AuditEvent
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from extensions import db
from tests.contracts.acceptance_helpers import accept_data, page

PERIOD_AMOUNT = 16_500_000  # 330.000.000 đồng over 20 quarters


def records() -> list[AcceptanceRecord]:
    return list(db.session.scalars(select(AcceptanceRecord)))


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
        {"name": "Khôi phục", "target": "24 giờ",
         "measure": "từ lúc báo sự cố đến lúc dịch vụ chạy lại", "measured": "30 giờ",
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
    owner = active["owner"].name
    assert f"Kỳ 1 đã được nghiệm thu bởi {owner} lúc" in response.get_data(as_text=True)
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


def test_a_payment_order_pays_a_period_once_naming_who_recorded_it(client, active):
    contract = active["contract"]
    client.post(f"/contracts/{contract.id}/acceptance/1", data=accept_data())
    assert pay(client, contract, amount="1000000").status_code == 302
    response = pay(client, contract, amount="1000000")  # the same order again: a double submit
    assert response.status_code == 200
    assert (f"Chứng từ số UNC 123/KBNN của kỳ 1 đã được ghi nhận bởi {active['owner'].name} lúc"
            in response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(PaymentRecord.id))) == 1
    record = db.session.scalar(select(AcceptanceRecord))
    twin = PaymentRecord(contract_id=contract.id, acceptance_id=record.id, amount=1,
                         paid_on=record.accepted_on, reference="UNC 123/KBNN",
                         recorded_by_id=active["owner"].id)
    with pytest.raises(IntegrityError), db.session.begin_nested():  # the database says so too
        db.session.add(twin)


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
