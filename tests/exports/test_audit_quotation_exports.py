"""The audit search's export (administrators, the search's filters, capped workbooks) and the
agency's list of requests for quotations (its own, with the list's filters, nothing sealed)."""
from datetime import timedelta

from accounts.audit import record_event
from catalog.services import get_service
from core.clock import utcnow
from extensions import db
from plans.quotations import requests
from tests.contracts.acceptance_helpers import page
from tests.exports.helpers import column, csv_rows, values, workbook_sheet

AUDIT_HEADERS = ["Thời điểm", "Người thực hiện", "Thư điện tử", "Thao tác", "Loại đối tượng",
                 "Mã đối tượng", "Nội dung", "Thay đổi"]


def events(admin):
    record_event("plan.create", "lease_plan", 7, user=admin, summary="Lập kế hoạch thuê",
                 changes={"title": [None, "Thuê dịch vụ công"]})
    record_event("contract.sign", "contract", 3, summary="Ký hợp đồng")
    db.session.commit()


def test_the_audit_export_follows_the_search_filters(client, login, make_user):
    admin = make_user("admin")
    events(admin)
    login(admin)
    sheet = workbook_sheet(client.get("/accounts/audit/export.xlsx?action=plan.create"))
    assert sheet.freeze_panes == "A2" and values(sheet)[0] == AUDIT_HEADERS
    [row] = values(sheet)[1:]
    assert row[1:7] == [admin.name, admin.email, "plan.create", "lease_plan", "7",
                        "Lập kế hoạch thuê"]
    assert row[7] == '{"title": [null, "Thuê dịch vụ công"]}'
    assert sheet["A2"].number_format == "dd/mm/yyyy hh:mm"
    assert abs(row[0] - (utcnow() + timedelta(hours=7))) < timedelta(minutes=5)
    everything = workbook_sheet(client.get("/accounts/audit/export.xlsx"))
    shown = page(client, "/accounts/audit")
    assert f"{len(values(everything)) - 1} sự kiện." in shown
    assert "Hệ thống" in column(everything, "Người thực hiện")
    rows = csv_rows(client.get("/accounts/audit/export.csv?object_type=contract"))
    assert [r[3] for r in rows[1:]] == ["contract.sign"]


def test_an_audit_workbook_too_long_sends_back_to_the_search(app, client, login, make_user):
    admin = make_user("admin")
    events(admin)
    login(admin)
    app.config["EXPORT_XLSX_MAX_ROWS"] = 1
    response = client.get("/accounts/audit/export.xlsx?action=&email=")  # both events
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/accounts/audit?action=&email=")
    assert "Hãy lọc bớt hoặc tải CSV." in page(client, response.headers["Location"])
    assert workbook_sheet(client.get("/accounts/audit/export.xlsx?action=plan.create"))
    assert len(csv_rows(client.get("/accounts/audit/export.csv"))) > 2


def test_only_administrators_export_the_audit_trail(client, login, make_user):
    login(make_user("agency_staff"))
    assert client.get("/accounts/audit/export.xlsx").status_code == 403
    client.post("/accounts/logout")
    response = client.get("/accounts/audit/export.csv")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def make_request(staff, vendor, title):
    request = requests.create_request(staff.organisation, {
        "title": title, "place": "Hà Nội", "security_level": 3,
        "deadline": utcnow() + timedelta(days=5), "service_levels": [], "notes": "",
        "invite_all": False, "vendor_ids": [vendor.id],
        "lines": [{"service_id": get_service("HT-001").id, "quantity": 2, "months": 12}]},
        actor=staff)
    db.session.commit()
    return request


def test_the_quotation_list_export_holds_the_agency_s_requests(client, login, make_user,
                                                               make_vendor, make_offering):
    vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số")
    make_offering(vendor, "HT-001")
    staff, outsider = make_user("agency_staff"), make_user("agency_staff")
    servers = make_request(staff, vendor, "Báo giá máy chủ ảo")
    mail = make_request(staff, vendor, "Báo giá thư điện tử")
    make_request(outsider, vendor, "Báo giá của cơ quan khác")
    login(staff)
    sheet = workbook_sheet(client.get("/plans/quotations/export.xlsx"))
    assert sheet.freeze_panes == "A2"
    assert column(sheet, "Tên yêu cầu") == [mail.title, servers.title]
    assert column(sheet, "Số") == [mail.code, servers.code]
    assert column(sheet, "Dịch vụ") == ["HT-001", "HT-001"]
    assert column(sheet, "Trạng thái") == ["Đang nhận báo giá"] * 2
    assert column(sheet, "Được mời") == [1, 1] and column(sheet, "Đã trả lời") == [0, 0]
    assert sheet["E2"].number_format == "dd/mm/yyyy hh:mm"
    rows = csv_rows(client.get("/plans/quotations/export.csv?q=máy chủ"))
    assert [r[1] for r in rows[1:]] == [servers.title]
    assert csv_rows(client.get("/plans/quotations/export.csv?state=cancelled"))[1:] == []


def test_a_long_audit_csv_streams(app, client, login, make_user):
    admin = make_user("admin")
    events(admin)
    login(admin)
    app.config["EXPORT_STREAM_FROM_ROWS"] = 0
    response = client.get("/accounts/audit/export.csv?action=plan.create")
    assert "Content-Length" not in response.headers  # streamed
    assert [r[1] for r in csv_rows(response)[1:]] == [admin.name]
