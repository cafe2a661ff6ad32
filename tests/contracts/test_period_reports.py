"""The vendor's report on each period's service delivery (Báo cáo kết quả cung cấp dịch vụ kỳ N):
submitted and revised by the vendor's staff, kept with its PDF, pre-filling the agency's
acceptance, frozen once the period is accepted; who may see it; the queue and the notices.

The `active` fixture (tests/contracts/conftest.py): a contract of quarters from 01/09/2026,
today 10/03/2027, so periods 1 to 3 have started and period 4 starts on 01/06/2027."""
import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent, Notice
from contracts.models.period_report import PeriodReport
from extensions import db
from tests.contracts.acceptance_helpers import accept_data, page
from tests.helpers import MINIMAL_PDF, first_user


def report_data(pdf: bytes | None = MINIMAL_PDF, name: str = "bao-cao-ky-2.pdf",
                **changes) -> dict:
    data = {"levels-0-measured": "99,8%", "levels-0-met": "no",
            "levels-1-measured": "12 giờ", "levels-1-met": "yes",
            "incidents": "15/01/2027: mất kết nối 3 giờ, đã khắc phục.",
            "notes": "Đã nâng cấp đường truyền."}
    if pdf is not None:
        data["file"] = (io.BytesIO(pdf), name)
    data.update(changes)
    return data


def report_url(contract, no: int = 2) -> str:
    return f"/contracts/{contract.id}/periods/{no}/report"


def submit(client, contract, no: int = 2, **changes):
    return client.post(report_url(contract, no), data=report_data(**changes),
                       content_type="multipart/form-data")


def input_value(html: str, name: str) -> str | None:
    """The value of the text input `name` as the page renders it."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*type="text"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else None


def checked(html: str, name: str) -> str | None:
    """The value of the checked radio button `name`, if one is."""
    found = re.search(rf'<input checked[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else None


def reports() -> list[PeriodReport]:
    return list(db.session.scalars(select(PeriodReport).order_by(PeriodReport.id)))


@pytest.fixture
def as_vendor(client, login, active):
    login(active["vendor"])
    return active


def test_the_vendor_reports_a_period_and_its_pdf_is_kept_by_its_sha256(app, client, as_vendor):
    contract = as_vendor["contract"]
    text = page(client, report_url(contract))
    assert "Báo cáo kết quả cung cấp dịch vụ kỳ 2" in text and "Gửi báo cáo" in text
    response = submit(client, contract)
    assert response.status_code == 302
    [report] = reports()
    digest = hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert (report.period_no, report.version, report.is_current, report.sha256,
            report.size) == (2, 1, 1, digest, len(MINIMAL_PDF))
    assert [(level["name"], level["measured"], level["met"]) for level in
            report.service_levels] == [("Tính sẵn sàng", "99,8%", False),
                                       ("Khôi phục", "12 giờ", True)]
    assert (Path(app.instance_path) / "uploads" / "period-reports" / f"{digest}.pdf").is_file()
    shown = page(client, response.headers["Location"])
    assert "Báo cáo hiện hành (phiên bản 1)" in shown and "mất kết nối 3 giờ" in shown
    download = client.get(f"{report_url(contract)}/1/pdf")
    assert download.status_code == 200 and download.data == MINIMAL_PDF
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "contract.period_report"))
    assert event.summary.startswith("Gửi báo cáo kỳ 2 (phiên bản 1): 1/2 chỉ tiêu đạt")
    assert digest in event.summary


def test_the_pdf_is_optional(client, as_vendor):
    assert submit(client, as_vendor["contract"], pdf=None).status_code == 302
    [report] = reports()
    assert report.sha256 is None and report.file_name is None


def test_a_revision_becomes_current_and_the_version_before_is_kept(client, as_vendor):
    contract = as_vendor["contract"]
    assert submit(client, contract).status_code == 302
    assert submit(client, contract, pdf=None, **{"levels-0-measured": "99,95%",
                                                 "levels-0-met": "yes"}).status_code == 302
    first, second = reports()
    assert (first.version, first.is_current, second.version, second.is_current) == (
        1, None, 2, 1)
    text = page(client, report_url(contract))
    assert "Báo cáo hiện hành (phiên bản 2)" in text and "Các phiên bản trước" in text
    assert input_value(text, "levels-0-measured") == "99,95%"  # from the current version
    assert db.session.scalar(select(AuditEvent.summary).where(
        AuditEvent.action == "contract.period_report_revised")).startswith(
        "Sửa báo cáo kỳ 2 (phiên bản 2): 2/2 chỉ tiêu đạt")


def test_the_agencys_acceptance_form_is_prefilled_with_the_vendors_figures(client, login,
                                                                           as_vendor):
    contract = as_vendor["contract"]
    assert submit(client, contract).status_code == 302
    login(as_vendor["owner"])
    text = page(client, f"/contracts/{contract.id}/acceptance/2")
    assert "Theo báo cáo của nhà cung cấp ngày 10/03/2027" in text
    assert input_value(text, "levels-0-measured") == "99,8%"
    assert input_value(text, "levels-1-measured") == "12 giờ"
    assert checked(text, "levels-0-met") == "no" and checked(text, "levels-1-met") == "yes"
    assert "Theo báo cáo của nhà cung cấp ngày 10/03/2027 (phiên bản 1)." in text  # the notes
    assert f"{report_url(contract)}/1/pdf" in text  # the vendor's PDF, linked
    # Without a report the form is as before: nothing typed in.
    other = page(client, f"/contracts/{contract.id}/acceptance/3")
    assert input_value(other, "levels-0-measured") == ""
    assert checked(other, "levels-0-met") is None
    assert "Theo báo cáo của nhà cung cấp" not in other


def test_accepting_the_period_freezes_its_report(client, login, as_vendor):
    contract = as_vendor["contract"]
    assert submit(client, contract).status_code == 302
    login(as_vendor["owner"])
    assert client.post(f"/contracts/{contract.id}/acceptance/2",
                       data=accept_data(accepted_on="2027-03-05")).status_code == 302
    login(as_vendor["vendor"])
    response = submit(client, contract)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kỳ 2 đã được nghiệm thu ngày 05/03/2027: báo cáo của kỳ không sửa được nữa." in text
    assert len(reports()) == 1
    assert "Gửi phiên bản mới" not in page(client, report_url(contract))


def test_a_period_that_has_not_started_cannot_be_reported(client, as_vendor):
    response = submit(client, as_vendor["contract"], no=4)
    assert response.status_code == 200
    assert ("Kỳ 4 bắt đầu ngày 01/06/2027: chỉ gửi báo cáo khi kỳ đã bắt đầu."
            in response.get_data(as_text=True))
    assert reports() == []


def test_a_file_that_is_not_a_pdf_is_refused_by_its_content(client, as_vendor):
    response = submit(client, as_vendor["contract"], pdf=b"PK\x03\x04 not a pdf",
                      name="bao-cao.pdf")
    assert response.status_code == 200
    assert "Tệp không phải PDF: hãy tải lên bản PDF của báo cáo kỳ." in response.get_data(
        as_text=True)
    assert reports() == []


def test_a_pdf_over_the_size_limit_is_refused(app, client, as_vendor):
    app.config["PERIOD_PDF_MAX_BYTES"] = len(MINIMAL_PDF) - 1
    response = submit(client, as_vendor["contract"])
    assert response.status_code == 200
    assert "Tệp vượt quá dung lượng cho phép" in response.get_data(as_text=True)
    assert reports() == []


def test_another_vendor_and_another_agency_get_404_and_the_agency_may_not_report(
        client, login, make_user, make_vendor, as_vendor):
    contract = as_vendor["contract"]
    assert submit(client, contract).status_code == 302
    urls = [report_url(contract), f"{report_url(contract)}/1/pdf",
            f"/contracts/{contract.id}/periods/1/invoice",
            f"/contracts/{contract.id}/periods/1/invoice/pdf"]
    for outsider in (first_user(make_vendor(legal_name="Công ty khác")),
                     make_user("agency_staff", name="Sở khác")):
        login(outsider)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert submit(client, contract).status_code == 404
    login(as_vendor["owner"])
    assert client.get(report_url(contract)).status_code == 200  # the agency reads it
    assert submit(client, contract).status_code == 403  # but only the vendor reports
    assert len(reports()) == 1


def test_the_queue_lists_periods_to_report_and_reports_waiting_for_acceptance(
        client, login, as_vendor):
    contract = as_vendor["contract"]
    text = page(client, "/accounts/work")
    assert "Kỳ cần báo cáo" in text
    for no in (1, 2, 3):
        assert report_url(contract, no) in text
    assert report_url(contract, 4) not in text  # not started yet
    assert submit(client, contract).status_code == 302
    text = page(client, "/accounts/work")
    assert report_url(contract, 2) not in text and report_url(contract, 3) in text
    login(as_vendor["owner"])
    text = page(client, "/accounts/work")
    assert "Báo cáo kỳ của nhà cung cấp chờ nghiệm thu" in text
    assert f"/contracts/{contract.id}/acceptance/2" in text


def test_the_agency_is_told_by_a_notice_and_an_email_when_the_vendor_reports(
        client, smtp_server, as_vendor):
    contract, owner = as_vendor["contract"], as_vendor["owner"]
    assert submit(client, contract).status_code == 302
    notice = db.session.scalar(select(Notice).where(Notice.user_id == owner.id))
    assert notice.kind == "contracts.period_report"
    assert notice.link == f"/contracts/{contract.id}/acceptance/2"
    [message] = smtp_server.to(owner.email)
    # .strip(): a long non-ASCII subject is folded onto the header's next line.
    assert message["Subject"].strip() == f"Báo cáo kỳ 2 của hợp đồng {contract.number}"
    body = smtp_server.text(message)
    assert "Công ty Cổ phần Mây Số đã gửi báo cáo kết quả cung cấp dịch vụ kỳ 2" in body
    assert f"http://localhost/contracts/{contract.id}/acceptance/2" in body
    assert smtp_server.to(as_vendor["vendor"].email) == []


def test_the_vendor_is_told_when_the_agency_accepts_the_period(client, login, as_vendor):
    contract, vendor = as_vendor["contract"], as_vendor["vendor"]
    login(as_vendor["owner"])
    assert client.post(f"/contracts/{contract.id}/acceptance/1",
                       data=accept_data()).status_code == 302
    notice = db.session.scalar(select(Notice).where(Notice.user_id == vendor.id))
    assert notice.kind == "contracts.period_accepted"
    assert notice.title == f"Kỳ 1 của hợp đồng {contract.number} đã được nghiệm thu"
    assert "Mời tải lên hóa đơn của kỳ." in notice.body
    assert notice.link == f"/contracts/{contract.id}/periods/1/invoice"


def test_the_contract_page_shows_each_periods_report_and_links_for_the_vendor(
        client, as_vendor):
    contract = as_vendor["contract"]
    assert submit(client, contract).status_code == 302
    text = page(client, f"/contracts/{contract.id}")
    assert "Báo cáo của nhà cung cấp" in text and "Đã gửi 10/03/2027" in text
    assert f'href="{report_url(contract, 3)}">Gửi báo cáo</a>' in text
    assert "Kỳ chưa bắt đầu" in text
