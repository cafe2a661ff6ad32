"""Lockouts nobody can abuse: failures count per (e-mail, client address) in the limiter's kind
of storage, the wait doubles up to a cap, other clients are never blocked, and an unknown
address is answered, and costs, the same as a wrong password."""
import pytest
from sqlalchemy import select

from accounts import lockout, services
from accounts.models import AuditEvent, User
from extensions import db
from tests.conftest import PASSWORD, make_app

WRONG = "sai-mat-khau-roi"
ANOTHER_CLIENT = {"REMOTE_ADDR": "192.0.2.7"}


def attempt(client, email, password=WRONG, environ=None):
    response = client.post("/accounts/login", data={"email": email, "password": password},
                           environ_base=environ or {})
    return response.status_code, response.get_data(as_text=True)


def wait_message(minutes: int) -> str:
    return f"Bạn đã đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút."


def test_five_failures_make_that_client_wait_a_minute_even_with_the_right_password(
        app, client, make_user):
    user = make_user()
    answers = [attempt(client, user.email)[1] for _ in range(app.config["LOGIN_MAX_FAILURES"])]
    assert all(str(services.WRONG_CREDENTIALS) in body for body in answers[:-1])
    assert wait_message(1) in answers[-1]  # the fifth failure says how long to wait
    code, body = attempt(client, user.email, PASSWORD)
    assert code == 200 and wait_message(1) in body
    assert "Đăng nhập thành công." not in body


def test_a_locked_out_client_blocks_nobody_else(app, client, make_user):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        attempt(client, user.email)
    owner = app.test_client()
    assert owner.post("/accounts/login", data={"email": user.email, "password": PASSWORD},
                      environ_base=ANOTHER_CLIENT).status_code == 302
    other = make_user()  # the same client may still try another address
    assert client.post("/accounts/login", data={"email": other.email, "password": PASSWORD}
                       ).status_code == 302


def test_an_unknown_address_is_answered_exactly_as_a_known_one(app, client, make_user):
    user = make_user()
    known = [attempt(client, user.email)[1] for _ in range(6)]
    unknown = [attempt(client, "khong-co@example.vn")[1] for _ in range(6)]
    assert [wait_message(1) in b for b in known] == [wait_message(1) in b for b in unknown]
    assert [str(services.WRONG_CREDENTIALS) in b for b in known] == \
        [str(services.WRONG_CREDENTIALS) in b for b in unknown]


def test_each_further_failure_doubles_the_wait_up_to_the_cap(app):
    assert [lockout.lock_minutes(n) for n in range(1, 12)] == [0, 0, 0, 0, 1, 2, 4, 8, 15, 15,
                                                               15]
    app.config["LOGIN_LOCK_MINUTES"] = 60
    assert lockout.lock_minutes(11) == 60 and lockout.lock_minutes(100) == 60


def test_after_a_wait_the_next_failure_waits_twice_as_long(app, client, make_user):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        attempt(client, user.email)
    for minutes in (2, 4, 8, 15, 15):
        lockout.storage().clear(lockout._keys(user.email, "127.0.0.1")[1])  # the wait is over
        assert wait_message(minutes) in attempt(client, user.email)[1]
        assert wait_message(minutes) in attempt(client, user.email, PASSWORD)[1]


def test_a_successful_login_clears_the_clients_count(app, client, make_user):
    user = make_user()
    for _ in range(2):
        for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
            attempt(client, user.email)
        assert client.post("/accounts/login", data={"email": user.email, "password": PASSWORD}
                           ).status_code == 302
        client.post("/accounts/logout")


def test_the_wait_is_refused_at_once_and_never_checks_the_password(app, client, make_user,
                                                                   monkeypatch):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        attempt(client, user.email)
    checked = []
    monkeypatch.setattr(services, "check_password_hash", lambda *a: checked.append(a))
    assert wait_message(1) in attempt(client, user.email, PASSWORD)[1]
    assert checked == []


def test_the_counters_live_in_namespaced_keys_that_hold_no_address(app, client, make_user):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        attempt(client, user.email.upper())  # any case: one address
    keys = list(lockout.storage().storage)
    assert keys and all(k.startswith("thue:login:") and k.endswith(":127.0.0.1") for k in keys)
    assert not any(user.email in k for k in keys)
    assert len(keys) == 2  # failures and the lock, of one pair


@pytest.mark.parametrize("enabled", [True, False])
def test_the_lockout_works_whether_the_rate_limits_are_on_or_off(migrated, tmp_path, enabled):
    other = make_app(migrated, tmp_path, RATELIMIT_ENABLED=enabled, RATELIMIT_LOGIN="100/minute")
    with other.app_context():
        client = other.test_client()
        answers = [attempt(client, "ai@do.vn")[1] for _ in range(5)]
        assert wait_message(1) in answers[-1]
        db.session.remove()
        db.engine.dispose()


def test_an_unknown_address_costs_the_same_hashing_as_a_wrong_password(
        app, client, make_user, monkeypatch):
    user = make_user()
    seen = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash",
                        lambda hashed, password: seen.append(hashed) or real(hashed, password))
    attempt(client, "khong-co@example.vn")
    attempt(client, user.email)
    dummy = services.dummy_hash()
    assert seen == [dummy, user.password_hash]
    method = app.config["PASSWORD_HASH_METHOD"]
    assert dummy.startswith(method + "$") and dummy != user.password_hash
    assert services.dummy_hash() == dummy  # one per application, made once


def test_failures_are_no_longer_written_to_the_account(app, client, make_user):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
        attempt(client, user.email)
    db.session.expire_all()
    assert not hasattr(db.session.get(User, user.id), "failed_logins")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.lock")) is None
