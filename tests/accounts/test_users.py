"""The administrators' list of users, and locking a user out (after confirming) or back in."""
from sqlalchemy import select

from accounts.models import AuditEvent, User
from extensions import db
from tests.conftest import PASSWORD


def event(action: str) -> AuditEvent | None:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))


def reload(user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_only_administrators_open_the_list(client, make_user, login):
    login(make_user("agency_approver"))
    assert client.get("/accounts/users/").status_code == 403


def test_the_list_filters_by_text_and_role_and_is_paginated(app, client, make_user, login):
    admin = make_user("admin")
    staff = make_user("agency_staff")
    vendor = make_user("vendor_staff")
    login(admin)
    page = client.get("/accounts/users/").get_data(as_text=True)
    assert "3 tài khoản." in page and "Quản trị hệ thống" in page and "Đang hoạt động" in page
    by_text = client.get("/accounts/users/", query_string={"text": "VENDOR_STAFF"})
    assert "1 tài khoản." in by_text.get_data(as_text=True)
    assert vendor.email in by_text.get_data(as_text=True)
    by_name = client.get("/accounts/users/", query_string={"text": staff.name})
    assert staff.email in by_name.get_data(as_text=True)
    by_role = client.get("/accounts/users/", query_string={"role": "admin"}).get_data(
        as_text=True)
    assert admin.email in by_role and staff.email not in by_role
    nothing = client.get("/accounts/users/", query_string={"text": "100%_"})
    assert "Không có tài khoản nào khớp với bộ lọc." in nothing.get_data(as_text=True)
    app.config["PER_PAGE"] = 2
    first = client.get("/accounts/users/").get_data(as_text=True)
    assert "Trang 1 / 2" in first and "Trang sau" in first


def test_locking_asks_for_confirmation_first(client, make_user, login):
    login(make_user("admin"))
    user = make_user()
    page = client.get(f"/accounts/users/{user.id}/lock").get_data(as_text=True)
    assert "Tôi xác nhận khóa tài khoản này" in page
    response = client.post(f"/accounts/users/{user.id}/lock", data={})
    assert response.status_code == 200
    assert "Vui lòng đánh dấu xác nhận." in response.get_data(as_text=True)
    assert reload(user).active and event("user.lock") is None


def test_a_lock_ends_the_users_sessions_refuses_their_login_and_is_audited(
        app, client, make_user, login):
    admin, user = make_user("admin"), make_user()
    login(admin)
    response = client.post(f"/accounts/users/{user.id}/lock", data={"confirm": "y"},
                           follow_redirects=True)
    assert "Đã khóa tài khoản" in response.get_data(as_text=True)
    locked = reload(user)
    assert not locked.active and locked.session_version == 2
    assert event("user.lock").user_id == admin.id
    assert "Đã khóa" in client.get("/accounts/users/").get_data(as_text=True)
    refused = app.test_client().post("/accounts/login",
                                     data={"email": user.email, "password": PASSWORD})
    assert "Tài khoản đã bị khóa." in refused.get_data(as_text=True)


def test_an_administrator_cannot_lock_themselves(client, make_user, login):
    admin = make_user("admin")
    login(admin)
    response = client.post(f"/accounts/users/{admin.id}/lock", data={"confirm": "y"})
    assert "Bạn không thể tự khóa tài khoản của mình." in response.get_data(as_text=True)
    assert reload(admin).active


def test_unlocking_lets_the_user_in_again_and_is_audited(app, client, make_user, login):
    user = make_user()
    login(make_user("admin"))
    client.post(f"/accounts/users/{user.id}/lock", data={"confirm": "y"})
    client.post(f"/accounts/users/{user.id}/unlock")
    assert reload(user).active and event("user.unlock")
    again = app.test_client().post("/accounts/login",
                                   data={"email": user.email, "password": PASSWORD})
    assert again.status_code == 302


def test_unlocking_an_active_user_is_refused_with_a_message(client, make_user, login):
    user = make_user()
    login(make_user("admin"))
    response = client.post(f"/accounts/users/{user.id}/unlock", follow_redirects=True)
    assert "đang hoạt động, không cần mở khóa" in response.get_data(as_text=True)


def test_an_unknown_user_is_a_404(client, make_user, login):
    login(make_user("admin"))
    assert client.get("/accounts/users/999999/lock").status_code == 404
    assert client.post("/accounts/users/999999/unlock").status_code == 404


def test_lock_and_unlock_commands(runner, make_user):
    user = make_user()
    locked = runner.invoke(args=["accounts", "lock-user", user.email.upper()])
    assert locked.exit_code == 0, locked.output
    assert "Đã khóa tài khoản" in locked.output and not reload(user).active
    assert runner.invoke(args=["accounts", "lock-user", user.email]).exit_code != 0
    unlocked = runner.invoke(args=["accounts", "unlock-user", user.email])
    assert unlocked.exit_code == 0 and reload(user).active
    missing = runner.invoke(args=["accounts", "lock-user", "khong@co.vn"])
    assert "Không có tài khoản khong@co.vn." in missing.output
