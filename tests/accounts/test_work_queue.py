"""The work queue ("Việc cần làm") each role lands on, with its count in the menu, and the
daily reminders that tell people in the application and by e-mail once per item and day."""
from datetime import date

from sqlalchemy import func, select

from accounts.models import MailOutbox, Notice
from contracts.models.contract import Contract, ContractLine
from extensions import db
from tests.helpers import first_user, text

TODAY = date(2027, 3, 10)


def running_contract(user, number=1, *, start=date(2026, 9, 1), months=12) -> Contract:
    """An active quarterly contract: periods due 30/11/2026 and 28/02/2027 are past."""
    contract = Contract(
        organisation_id=user.organisation_id, created_by_id=user.id, status="active",
        title=f"Thuê dịch vụ số {number}", number=f"{number:02d}/2026/HĐ-THU", pack_id="nd73-2019",
        start_date=start, months=months, schedule="quarterly", place="Hà Nội",
        party_a={"name": user.organisation.name}, party_b={"name": "Công ty Mây Số"},
        service_levels=[{"name": "Tính sẵn sàng", "target": "≥ 99,9%"}],
        lines=[ContractLine(position=0, name="Máy chủ ảo", unit="tháng", quantity=1,
                            months=months, unit_price=10_000_000, vat_rate="kct")])
    db.session.add(contract)
    db.session.commit()
    return contract


def test_an_administrator_finds_the_vendors_awaiting_verification(make_user, make_vendor, client,
                                                                  login):
    vendor = make_vendor(status="pending", legal_name="Công ty Chờ Duyệt")
    login(make_user("admin"))
    page = text(client.get("/accounts/work"))
    assert "Doanh nghiệp chờ xác minh (1)" in page
    assert f"Công ty Chờ Duyệt (MST {vendor.tax_code})" in page
    assert f'href="/vendors/admin/{vendor.tax_code}/verify"' in client.get(
        "/accounts/work").get_data(as_text=True)
    assert "từ hôm nay" in page
    assert '1 việc đang chờ' in page


def test_a_vendor_finds_its_certificates_expiring_and_those_ended(make_vendor,
                                                                  make_certification,
                                                                  client, login):
    vendor = make_vendor()
    make_certification(vendor, "iso27001", expires_in=10, number="SAP-HET")
    make_certification(vendor, "iso9001", expires_in=-3, number="DA-HET")
    make_certification(vendor, "iso20000", expires_in=200, number="CON-LAU")
    login(first_user(vendor))
    page = text(client.get("/accounts/work"))
    assert "Chứng chỉ sắp hết hạn (2)" in page
    assert "số SAP-HET hết hạn ngày" in page and "số DA-HET đã hết hạn ngày" in page
    assert "CON-LAU" not in page
    assert page.index("DA-HET") < page.index("SAP-HET")  # overdue first
    assert "Quá hạn" in page and "đã chờ 20 ngày" in page


def test_agency_staff_find_acceptances_overdue_and_contracts_expiring(make_user, client, login,
                                                                      on_day):
    on_day(TODAY)
    staff = make_user("agency_staff")
    overdue = running_contract(staff, 1)
    ending = running_contract(staff, 2, start=date(2024, 6, 1), months=36)  # ends 31/05/2027
    login(staff)
    page = text(client.get("/accounts/work"))
    assert "Kỳ đến hạn hoặc quá hạn nghiệm thu" in page
    assert "kỳ 1 (Quý 1) quá hạn nghiệm thu 100 ngày (hạn 30/11/2026)" in page
    assert f'href="/contracts/{overdue.id}/acceptance/1"' in client.get(
        "/accounts/work").get_data(as_text=True)
    assert "Hợp đồng hết hạn trong 90 ngày tới" in page
    assert "02/2026/HĐ-THU – Thuê dịch vụ số 2: hết hạn ngày 31/05/2027 (còn 82 ngày)" in page
    assert ending.id


def test_the_reminders_e_mail_each_item_once_a_day(make_user, runner, smtp_server, on_day):
    on_day(TODAY)
    staff = make_user("agency_staff")
    approver = make_user("agency_approver", organisation=staff.organisation)
    contract = running_contract(staff, 1)
    for _ in range(2):
        result = runner.invoke(args=["contracts", "remind", "--days", "30"])
        assert result.exit_code == 0, result.output
    overdue_mails = [m for m in smtp_server.to(staff.email)
                     if m["Subject"].startswith("Quá hạn nghiệm thu: kỳ 1")]
    assert len(overdue_mails) == 1
    body = smtp_server.text(overdue_mails[0])
    assert f"http://localhost/contracts/{contract.id}/acceptance/1" in body
    assert "quá hạn nghiệm thu 100 ngày" in body
    assert smtp_server.to(approver.email)
    on_day(date(2027, 3, 11))
    runner.invoke(args=["contracts", "remind", "--days", "30"])
    assert len([m for m in smtp_server.to(staff.email)
                if m["Subject"].startswith("Quá hạn nghiệm thu: kỳ 1")]) == 2


def test_the_certificate_reminder_tells_the_vendor_once_a_day(make_vendor, make_certification,
                                                              runner, smtp_server):
    vendor = make_vendor()
    make_certification(vendor, "iso27001", expires_in=10, number="SAP-HET")
    make_certification(vendor, "iso9001", expires_in=-400, number="DA-HET-LAU")
    outputs = [runner.invoke(args=["vendors", "expiring"]).output for _ in range(2)]
    assert "Đã gửi 1 thông báo mới" in outputs[0] and "Đã gửi 0 thông báo mới" in outputs[1]
    user = first_user(vendor)
    [message] = smtp_server.to(user.email)
    assert "SAP-HET" in message["Subject"]
    assert "http://localhost/vendors/profile/" in smtp_server.text(message)
    assert db.session.scalar(select(func.count(Notice.id))) == 1
    assert db.session.scalar(select(func.count(MailOutbox.id))) == 1


def test_the_menu_counts_the_queue(make_user, make_vendor, client, login):
    make_vendor(status="pending")
    make_vendor(status="pending")
    login(make_user("admin"))
    page = client.get("/catalog/").get_data(as_text=True)
    assert 'aria-label="2 việc đang chờ">2</span>' in page


def test_the_reminders_tell_the_vendor_of_periods_past_their_deadline_not_reported(
        make_user, make_vendor, runner, smtp_server, on_day):
    on_day(TODAY)
    vendor = make_vendor(legal_name="Công ty Báo Cáo Chậm")
    contract = running_contract(make_user("agency_staff"), 1)
    contract.vendor_id = vendor.id
    db.session.commit()
    for _ in range(2):
        assert runner.invoke(args=["contracts", "remind"]).exit_code == 0
    mails = smtp_server.to(first_user(vendor).email)
    assert [m["Subject"] for m in mails] == [
        "Chưa gửi báo cáo: Kỳ 1 (Quý 1) – 01/2026/HĐ-THU",
        "Chưa gửi báo cáo: Kỳ 2 (Quý 2) – 01/2026/HĐ-THU"]  # period 3 is not past its deadline
    assert f"http://localhost/contracts/{contract.id}/periods/1/report" in smtp_server.text(
        mails[0])
