"""Journeys through the work queue ("Việc cần làm"), in a real browser: each person finds what
waits for them there and goes to the exact page (see conftest.py)."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from accounts.models import User
from core import clock
from extensions import db
from tests.e2e.test_journeys import (MARKET, contract_status, flash, generated_contract,
                                     published_vendor)
from tests.helpers import MINIMAL_PDF
from vendors.models import Vendor

pytestmark = pytest.mark.e2e


def vendor_email(live, name: str) -> str:
    """The e-mail of the first user of the vendor called `name`."""
    with live.app.app_context():
        vendor = db.session.scalar(select(Vendor).where(Vendor.legal_name == name))
        return db.session.scalar(select(User.email).where(
            User.organisation_id == vendor.organisation_id).order_by(User.id))


def test_each_person_finds_the_contract_in_their_queue_from_review_to_activation(browse, live):
    """The legal drafter clears it from the queue, the vendor confirms the draft from theirs,
    the approver approves from theirs; then signing and activation."""
    name = published_vendor(live, "Công ty Cổ phần Dữ liệu Đại Từ", MARKET)
    contract_id = generated_contract(live, name)
    url = f"/contracts/{contract_id}"
    link = f"main a[href='{url}']"

    staff = browse.page("staff")
    staff.goto(url)
    staff.get_by_role("button", name="Gửi rà soát pháp lý").click()
    flash(staff, "Đã gửi rà soát pháp lý.")

    legal = browse.page("legal")
    legal.goto("/accounts/work")  # where the legal drafter lands: the contract waits there
    expect(legal.locator("nav")).to_contain_text("Việc cần làm")
    legal.locator(link).first.click()
    # Found by the form, not by its label: see test_the_legal_review_controls_are_labelled.
    clear = legal.locator("form[action$='/lifecycle/clear']")
    clear.locator("textarea").fill("Đủ căn cứ pháp lý.")
    clear.get_by_role("button").click()
    flash(legal, "Đã xác nhận rà soát pháp lý.")

    staff.goto("/accounts/work")
    staff.locator(link).first.click()
    staff.get_by_role("button", name="Gửi nhà cung cấp xác nhận").click()
    flash(staff, "Đã gửi nhà cung cấp xác nhận dự thảo.")

    vendor = browse.page("vendor")
    browse.sign_in(vendor, vendor_email(live, name))
    vendor.goto("/accounts/work")
    vendor.locator(link).first.click()
    expect(vendor.locator("main")).not_to_contain_text("Đủ căn cứ pháp lý.")  # internal
    vendor.get_by_role("button", name="Xác nhận dự thảo").click()
    flash(vendor, "Đã xác nhận dự thảo.")

    approver = browse.page("approver")
    approver.goto("/accounts/work")
    approver.locator(link).first.click()
    approver.get_by_role("button", name="Phê duyệt", exact=True).click()
    flash(approver, "Đã phê duyệt.")
    assert contract_status(live, contract_id) == "approved"

    staff.goto(url)
    staff.get_by_role("link", name="Ghi nhận ký kết").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Ghi nhận ký kết")
    staff.get_by_role("button", name="Xác nhận đã ký").click()
    flash(staff, "Đã ghi nhận ký kết.")
    staff.get_by_role("button", name="Đưa vào sử dụng").click()
    flash(staff, "Đã đưa hợp đồng vào sử dụng.")
    assert contract_status(live, contract_id) == "active"
    expect(staff.locator("#lifecycle")).to_contain_text("Đang thực hiện")
    vendor.goto("/contracts/")  # the vendor's side of its contracts
    expect(vendor.locator(link).first).to_be_visible()
    expect(vendor.locator("main")).to_contain_text("Đang thực hiện")
    assert browse.problems == []


def test_the_vendor_reports_a_period_the_agency_accepts_it_prefilled_and_the_vendor_invoices(
        browse, live, tmp_path):
    name = published_vendor(live, "Công ty Cổ phần Vận hành số Phú Lương", MARKET)
    contract_id = generated_contract(live, name, status="active")
    report_pdf = tmp_path / "bao-cao-ky-1.pdf"
    report_pdf.write_bytes(MINIMAL_PDF)

    vendor = browse.page("vendor")
    browse.sign_in(vendor, vendor_email(live, name))
    vendor.goto("/accounts/work")
    expect(vendor.get_by_role("heading", name="Kỳ cần báo cáo")).to_be_visible()
    vendor.locator(f"a[href='/contracts/{contract_id}/periods/1/report']").click()
    for measured in vendor.get_by_label("Kết quả đo: Tính sẵn sàng").all():
        measured.fill("99,97%")
    vendor.get_by_label("Kết quả đo: Khôi phục dịch vụ").fill("2 giờ 10 phút")
    for met in vendor.locator("input[type=radio][value=yes]").all():
        met.check()
    vendor.get_by_label("Báo cáo kèm theo (PDF, không bắt buộc)").set_input_files(str(report_pdf))
    vendor.get_by_role("button", name="Gửi báo cáo").click()
    flash(vendor, "Đã gửi báo cáo kỳ 1 (phiên bản 1).")

    staff = browse.page("staff")
    staff.goto("/accounts/work")
    expect(staff.get_by_role("heading", name="Báo cáo kỳ của nhà cung cấp chờ nghiệm thu"
                             )).to_contain_text("(1)")
    staff.locator(f"main a[href='/contracts/{contract_id}/acceptance/1']").first.click()
    expect(staff.get_by_text("Theo báo cáo của nhà cung cấp ngày").first).to_be_visible()
    expect(staff.get_by_label("Kết quả đo: Tính sẵn sàng")).to_have_value("99,97%")
    expect(staff.get_by_label("Kết quả đo: Khôi phục dịch vụ")).to_have_value("2 giờ 10 phút")
    staff.get_by_role("button", name="Ghi nhận nghiệm thu").click()
    flash(staff, "Đã ghi nhận nghiệm thu kỳ 1.")

    vendor.goto("/accounts/work")
    vendor.locator(f"a[href='/contracts/{contract_id}/periods/1/invoice']").click()
    vendor.get_by_label("Số hóa đơn").fill("HD-0001")
    vendor.get_by_label("Ngày hóa đơn").fill(clock.today().isoformat())
    vendor.get_by_label("Số tiền trên hóa đơn (đồng, gồm thuế GTGT)").fill("45.000.000")
    vendor.get_by_label("Hóa đơn (PDF)").set_input_files(str(report_pdf))
    vendor.get_by_role("button", name="Tải lên hóa đơn").click()
    flash(vendor, "Đã lưu hóa đơn kỳ 1.")

    staff.goto(f"/contracts/{contract_id}/acceptance/1")
    expect(staff.locator("main")).to_contain_text("HD-0001")
    staff.get_by_label("Số chứng từ").fill("UNC-2026/001")
    staff.get_by_role("button", name="Ghi nhận thanh toán").click()
    flash(staff, "Đã ghi nhận thanh toán kỳ 1.")

    vendor.goto(f"/contracts/{contract_id}/periods/1/invoice")
    expect(vendor.locator("main")).to_contain_text("UNC-2026/001")
    assert browse.problems == []
