"""Catalog administration: forms with Vietnamese errors, archives and audit events."""
from sqlalchemy import select

from accounts.models import AuditEvent
from catalog.models import CatalogArchive, Category, Service
from extensions import db

FORM = {
    "code": "PM-003", "category": "PM", "name": "Quản lý tài sản công",
    "description": "Theo dõi tài sản, khấu hao, kiểm kê.", "availability": "market",
    "unit": "người dùng/tháng", "security_level": "2",
    "service_levels": "Tính sẵn sàng: ≥ 99,5%/tháng | giám sát tự động, theo tháng\n"
                      "Hỗ trợ: 8 giờ x 5 ngày | nhật ký tổng đài hỗ trợ",
    "legal_bases": ["nd73-2019", "nd224-2026"],
}


def test_only_admins_reach_the_admin_pages(client, catalog, make_user, login):
    assert client.get("/catalog/admin/").status_code == 302  # to the login page
    login(make_user("agency_staff"))
    assert client.get("/catalog/admin/").status_code == 403
    assert client.post("/catalog/admin/services/HT-001/retire").status_code == 403


def test_admin_creates_a_service_with_an_audit_event(client, catalog, make_user, login):
    admin = make_user("admin")
    login(admin)
    response = client.post("/catalog/admin/services/new", data=FORM)
    assert response.status_code == 302
    service = db.session.scalar(select(Service).where(Service.code == "PM-003"))
    assert service.service_levels[1] == {"name": "Hỗ trợ", "target": "8 giờ x 5 ngày",
                                         "measure": "nhật ký tổng đài hỗ trợ"}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "service.create",
                                                       AuditEvent.object_id == "PM-003"))
    assert event.user_id == admin.id and "Quản lý tài sản công" in event.summary
    search = client.get("/catalog/?q=quan+ly+tai+san")
    assert "<mark>Quản lý tài sản</mark> công" in search.get_data(as_text=True)


def test_invalid_form_shows_vietnamese_errors_and_keeps_what_was_typed(
        client, catalog, make_user, login):
    login(make_user("admin"))
    bad = dict(FORM, code="sai ma", unit="", service_levels="không có dấu hai chấm",
               legal_bases=[])
    body = client.post("/catalog/admin/services/new", data=bad).get_data(as_text=True)
    assert "Mã dịch vụ có dạng HT-001." in body
    assert "Vui lòng nhập trường này." in body
    assert "Dòng 1 cần có dạng" in body
    assert "Chọn ít nhất một căn cứ pháp lý." in body
    assert "Theo dõi tài sản, khấu hao, kiểm kê." in body  # nothing typed is lost
    assert 'aria-invalid="true"' in body
    duplicate = client.post("/catalog/admin/services/new", data=dict(FORM, code="HT-001"))
    assert "Mã dịch vụ HT-001 đã tồn tại." in duplicate.get_data(as_text=True)


def test_editing_archives_the_previous_version_and_records_the_change(
        client, catalog, make_user, login):
    login(make_user("admin"))
    form = client.get("/catalog/admin/services/PM-001/edit").get_data(as_text=True)
    assert "Dịch vụ công trực tuyến" in form
    data = dict(FORM, code="PM-001", name="Dịch vụ công trực tuyến toàn trình",
                availability="custom", security_level="3")
    assert client.post("/catalog/admin/services/PM-001/edit", data=data).status_code == 302
    service = db.session.scalar(select(Service).where(Service.code == "PM-001"))
    assert service.version == 2
    archive = db.session.scalar(select(CatalogArchive).where(
        CatalogArchive.object_id == service.id))
    assert archive.data["name"] == "Dịch vụ công trực tuyến" and archive.version == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "service.update"))
    assert event.changes["name"] == ["Dịch vụ công trực tuyến",
                                     "Dịch vụ công trực tuyến toàn trình"]
    page = client.get("/catalog/admin/services/PM-001/edit").get_data(as_text=True)
    assert "Các phiên bản trước" in page


def test_retire_asks_for_confirmation_then_hides_the_service(client, catalog, make_user, login):
    login(make_user("admin"))
    confirm = client.get("/catalog/admin/services/HT-001/retire")
    assert "Ngừng dịch vụ HT-001?" in confirm.get_data(as_text=True)
    assert db.session.scalar(select(Service.retired_at).where(Service.code == "HT-001")) is None
    client.post("/catalog/admin/services/HT-001/retire")
    assert "Điện toán đám mây" not in client.get("/catalog/").get_data(as_text=True)
    client.post("/catalog/admin/services/HT-001/restore")
    assert "Điện toán đám mây" in client.get("/catalog/").get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"service.retire", "service.restore"} <= actions


def test_admin_creates_edits_and_retires_a_category(client, catalog, make_user, login):
    login(make_user("admin"))
    response = client.post("/catalog/admin/categories/new",
                           data={"code": "an", "name": "An toàn thông tin", "position": "5"})
    assert response.status_code == 302
    category = db.session.scalar(select(Category).where(Category.code == "AN"))
    assert category.name == "An toàn thông tin"
    missing = client.post("/catalog/admin/categories/new",
                          data={"code": "", "name": "", "position": "x"})
    assert "Vui lòng nhập trường này." in missing.get_data(as_text=True)
    client.post("/catalog/admin/categories/AN/edit",
                data={"code": "AN", "name": "An toàn, an ninh mạng", "position": "5"})
    category = db.session.scalar(select(Category).where(Category.code == "AN"))
    assert category.version == 2
    client.post("/catalog/admin/categories/HT/retire")
    body = client.get("/catalog/").get_data(as_text=True)
    assert "Điện toán đám mây" not in body and "Hạ tầng" not in body


def test_csrf_token_is_required_when_enabled(app, client, catalog, make_user, login):
    login(make_user("admin"))
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/catalog/admin/services/HT-001/retire")
    assert response.status_code == 400
    assert db.session.scalar(select(Service.retired_at).where(Service.code == "HT-001")) is None
