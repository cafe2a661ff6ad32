"""An administrator gives a user another role (the appraiser's): audited, sessions ended."""
from sqlalchemy import select

from accounts.models import AuditEvent
from extensions import db
from tests.helpers import text


def test_an_administrator_makes_an_operator_user_an_appraiser(make_user, client, login):
    admin = make_user("admin")
    legal = make_user("legal_drafter", organisation=admin.organisation)
    before = legal.session_version
    login(admin)
    page = text(client.get(f"/accounts/users/{legal.id}/role"))
    assert "Cán bộ thẩm định" in page and "Nhân viên nhà cung cấp" not in page
    response = client.post(f"/accounts/users/{legal.id}/role", data={"role": "appraiser"})
    assert response.status_code == 302
    db.session.refresh(legal)
    assert legal.role == "appraiser" and legal.session_version == before + 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role"))
    assert event.changes == {"role": ["legal_drafter", "appraiser"]}
    assert "Cán bộ pháp chế → Cán bộ thẩm định" in event.summary


def test_a_role_that_does_not_fit_the_organisation_is_refused(make_user, client, login):
    admin = make_user("admin")
    staff = make_user("agency_staff")
    login(admin)
    page = text(client.post(f"/accounts/users/{staff.id}/role", data={"role": "admin"}))
    assert "không phải lựa chọn hợp lệ" in page or "Lựa chọn không hợp lệ" in page
    db.session.refresh(staff)
    assert staff.role == "agency_staff"


def test_an_administrator_cannot_change_their_own_role(make_user, client, login):
    admin = make_user("admin")
    login(admin)
    page = text(client.post(f"/accounts/users/{admin.id}/role", data={"role": "legal_drafter"}))
    assert "không thể tự đổi vai trò" in page
    db.session.refresh(admin)
    assert admin.role == "admin"
