"""Login, logout, password change and the operator commands (lockouts: test_lockout.py,
sessions: test_sessions.py, the password rule: test_passwords.py)."""
from tests.conftest import PASSWORD


def test_login_with_the_right_password_redirects_and_greets(client, make_user):
    user = make_user("admin")
    response = client.post("/accounts/login", data={"email": user.email, "password": PASSWORD},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Đăng nhập thành công." in response.get_data(as_text=True)
    assert user.name in response.get_data(as_text=True)


def test_wrong_password_is_refused_without_saying_which_field(client, make_user):
    user = make_user()
    response = client.post("/accounts/login",
                           data={"email": user.email, "password": "sai-mat-khau"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Địa chỉ thư điện tử hoặc mật khẩu không đúng." in body
    unknown = client.post("/accounts/login", data={"email": "khong@co.vn", "password": "x"})
    assert "Địa chỉ thư điện tử hoặc mật khẩu không đúng." in unknown.get_data(as_text=True)


def test_passwords_are_stored_hashed(make_user):
    user = make_user()
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("pbkdf2:")


def test_logout_needs_a_post_and_ends_the_session(client, make_user, login):
    login(make_user("admin"))
    assert client.get("/accounts/logout").status_code == 405
    response = client.post("/accounts/logout", follow_redirects=True)
    assert "Bạn đã đăng xuất." in response.get_data(as_text=True)
    assert client.get("/catalog/admin/").status_code == 302


def test_change_password_checks_the_current_one_and_confirmation(client, make_user, login):
    user = make_user()
    login(user)
    wrong = client.post("/accounts/password", data={
        "current": "khong-dung-1", "new": "mat-khau-moi-2", "confirm": "mat-khau-moi-2"})
    assert "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    mismatch = client.post("/accounts/password", data={
        "current": PASSWORD, "new": "mat-khau-moi-2", "confirm": "mat-khau-moi-3"})
    assert "Hai mật khẩu mới không khớp nhau." in mismatch.get_data(as_text=True)
    ok = client.post("/accounts/password", data={
        "current": PASSWORD, "new": "mat-khau-moi-2", "confirm": "mat-khau-moi-2"})
    assert ok.status_code == 302
    client.post("/accounts/logout")
    login(user, "mat-khau-moi-2")


def test_login_never_redirects_to_another_site(client, make_user):
    user = make_user()
    response = client.post("/accounts/login?next=https://evil.example/x",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/accounts/work")


def test_create_user_and_reset_password_commands(runner, app):
    result = runner.invoke(args=[
        "accounts", "create-user", "--email", "Ops@Example.vn", "--name", "Vận Hành",
        "--role", "admin", "--organisation", "Trung tâm vận hành", "--kind", "operator",
        "--password", "mat-khau-dai-1"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản ops@example.vn" in result.output
    duplicate = runner.invoke(args=[
        "accounts", "create-user", "--email", "ops@example.vn", "--name", "X", "--role", "admin",
        "--organisation", "Trung tâm vận hành", "--password", "mat-khau-dai-1"])
    assert duplicate.exit_code != 0
    assert "đã được sử dụng" in duplicate.output
    reset = runner.invoke(args=["accounts", "reset-password", "--email", "ops@example.vn",
                                "--password", "mat-khau-moi-9"])
    assert reset.exit_code == 0, reset.output
    missing = runner.invoke(args=["accounts", "reset-password", "--email", "no@example.vn",
                                  "--password", "mat-khau-moi-9"])
    assert "Không có tài khoản no@example.vn." in missing.output


def test_a_role_must_fit_its_organisation(runner):
    result = runner.invoke(args=[
        "accounts", "create-user", "--email", "v@example.vn", "--name", "V", "--role",
        "vendor_staff", "--organisation", "Sở A", "--kind", "agency",
        "--password", "mat-khau-dai-1"])
    assert result.exit_code != 0
    assert "không phù hợp với loại tổ chức" in result.output


def test_wtforms_own_messages_are_in_vietnamese(client, make_user, login):
    login(make_user("admin"))
    response = client.post("/catalog/admin/categories/new",
                           data={"code": "AB", "name": "Nhóm", "position": "mười"})
    body = response.get_data(as_text=True)
    assert "Vui lòng nhập một số nguyên." in body
    assert "Not a valid" not in body
