"""core.transaction: one commit per request, a rollback on refusal or error, GET requests that
never write and page templates that never query (enforced under testing)."""
import pytest
from flask import flash, render_template_string
from sqlalchemy import func, select

from accounts.audit import record_event
from accounts.models import AuditEvent
from core.errors import NotPermitted, Refused
from core.transaction import ReadOnlyViolation, attempt
from extensions import db
from tests.conftest import make_app


def events() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEvent.summary).order_by(AuditEvent.id)))


@pytest.fixture
def routes(app):
    """A few routes that write, refuse or read, added to the test application."""

    def write():
        record_event("test.write", "test", 1, summary="ghi")
        db.session.flush()
        return "ok"

    def refuse():
        with attempt() as done:
            record_event("test.refused", "test", 1, summary="bị từ chối")
            db.session.flush()
            raise Refused("Không được phép làm việc này.")
        return "done" if done else "refused"

    def forbid():
        with attempt():
            raise NotPermitted("Bạn không có quyền.")

    def fail():
        record_event("test.fail", "test", 1, summary="lỗi")
        db.session.flush()
        raise RuntimeError("boom")

    def status_500():
        record_event("test.status", "test", 1, summary="trạng thái lỗi")
        db.session.flush()
        return "lỗi", 500

    def untrue_success():
        flash("Đã lưu.", "success")
        db.session.add(AuditEvent(action="x" * 400, object_type="t", object_id="1"))
        return "ok"

    def query_in_template():
        return render_template_string("{{ count() }}", count=lambda: db.session.scalar(
            select(func.count()).select_from(AuditEvent)))

    for name, view, methods in (("write", write, ["GET", "POST"]), ("refuse", refuse, ["POST"]),
                                ("forbid", forbid, ["POST"]), ("fail", fail, ["POST"]),
                                ("status", status_500, ["POST"]),
                                ("untrue", untrue_success, ["POST"]),
                                ("template", query_in_template, ["GET"])):
        app.add_url_rule(f"/_test/{name}", name, view, methods=methods)
    return app


def test_a_post_that_succeeds_is_committed_once_after_the_view(client, routes):
    assert client.post("/_test/write").status_code == 200
    assert events() == ["ghi"]


def test_a_refusal_rolls_the_request_back_and_says_why(client, routes):
    response = client.post("/_test/refuse")
    assert response.get_data(as_text=True) == "refused" and events() == []
    with client.session_transaction() as session:
        assert session["_flashes"] == [("error", "Không được phép làm việc này.")]


def test_not_permitted_is_a_403_and_changes_nothing(client, routes):
    assert client.post("/_test/forbid").status_code == 403


def test_an_exception_or_an_error_status_rolls_back(client, routes):
    routes.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post("/_test/fail").status_code == 500
    assert client.post("/_test/status").status_code == 500
    assert events() == []


def test_a_commit_that_fails_is_a_500_and_drops_the_success_message(client, routes):
    routes.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.post("/_test/untrue")
    if db.engine.dialect.name == "sqlite":  # SQLite does not enforce VARCHAR lengths
        assert response.status_code == 200
        return
    assert response.status_code == 500
    with client.session_transaction() as session:
        assert "_flashes" not in session


def test_a_get_request_that_writes_fails_under_testing(client, routes):
    with pytest.raises(ReadOnlyViolation, match="GET /_test/write wrote: INSERT"):
        client.get("/_test/write")
    assert events() == []


def test_a_page_template_that_queries_fails_under_testing(client, routes):
    with pytest.raises(ReadOnlyViolation, match="sent a query"):
        client.get("/_test/template")


def test_without_the_guard_a_get_that_writes_is_rolled_back_all_the_same(migrated, tmp_path):
    lax = make_app(migrated, tmp_path, STRICT_REQUESTS=False)

    def write():
        record_event("test.write", "test", 1, summary="ghi khi đọc")
        db.session.flush()
        return render_template_string("{{ n() }}", n=lambda: db.session.scalar(
            select(func.count()).select_from(AuditEvent)))

    lax.add_url_rule("/_test/lax", "lax", write)
    with lax.app_context():
        try:
            response = lax.test_client().get("/_test/lax")
            assert response.status_code == 200 and response.get_data(as_text=True) == "1"
            assert events() == []
        finally:
            db.session.remove()
            db.engine.dispose()
