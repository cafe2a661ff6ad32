"""A job's status page: state, progress and result, auto-refreshed while it runs; only for the
user who started it and administrators (404 for anyone else)."""
import re

import pytest

from core import jobs
from core.jobs.models import Job
from extensions import db
from tests.jobs.sample_jobs import audit_then, write_in_parts


def job_of(user, *, state="running", done=2, total=5, **fields) -> int:
    row = Job(kind=write_in_parts.name, user_id=user.id if user else None, state=state,
              progress_done=done, progress_total=total, arguments={}, **fields)
    db.session.add(row)
    db.session.commit()
    return row.id


@pytest.fixture
def users(make_user):
    return {"owner": make_user("agency_staff"), "other": make_user("agency_staff"),
            "admin": make_user("admin")}


def page(client, login, user, job_id):
    client.post("/accounts/logout")
    if user is not None:
        login(user)
    return client.get(f"/jobs/{job_id}")


def test_a_running_job_shows_its_progress_and_refreshes_every_two_seconds(
        client, login, users):
    job_id = job_of(users["owner"])
    response = page(client, login, users["owner"], job_id)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ghi tệp thử theo từng phần" in html and "Đang xử lý" in html
    assert '<progress value="2" max="5">2/5</progress>' in html
    assert re.search(r"</progress>\s*2/5", html)
    assert "Trang tự cập nhật sau mỗi 2 giây" in html
    assert response.headers["Refresh"] == "2"


def test_a_finished_job_shows_its_result_and_stops_refreshing(client, login, users):
    login(users["owner"])
    job_id = jobs.enqueue(audit_then, user=users["owner"], outcome="done").id
    db.session.commit()  # eager in tests: it runs here
    response = page(client, login, users["owner"], job_id)
    html = response.get_data(as_text=True)
    assert "Đã xong" in html and "Đã ghi nhật ký." in html
    assert "dòng một\ndòng hai" in html
    assert "Refresh" not in response.headers


def test_a_failed_job_says_why_and_only_administrators_see_the_error(client, login, users):
    job_id = jobs.enqueue(audit_then, user=users["owner"], outcome="broken").id
    db.session.commit()
    owner = page(client, login, users["owner"], job_id).get_data(as_text=True)
    assert "Không thành công" in owner and "lỗi hệ thống" in owner
    assert "hỏng giữa chừng" not in owner
    admin = page(client, login, users["admin"], job_id).get_data(as_text=True)
    assert "ValueError: hỏng giữa chừng" in admin


@pytest.mark.parametrize("who, status", [("owner", 200), ("admin", 200), ("other", 404)])
def test_only_the_user_who_started_it_and_administrators_see_a_job(
        client, login, users, who, status):
    job_id = job_of(users["owner"])
    assert page(client, login, users[who], job_id).status_code == status


def test_anonymous_visitors_are_sent_to_the_login_page(client, users):
    response = client.get(f"/jobs/{job_of(users['owner'])}")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def test_a_job_from_the_terminal_is_for_administrators_only(client, login, users):
    job_id = job_of(None)
    assert page(client, login, users["owner"], job_id).status_code == 404
    assert page(client, login, users["admin"], job_id).status_code == 200


def test_a_job_that_does_not_exist_is_a_404(client, login, users):
    assert page(client, login, users["admin"], 999_999).status_code == 404


def test_the_terminal_shows_a_job(runner, users):
    job_id = jobs.enqueue(audit_then, outcome="done").id
    db.session.commit()
    result = runner.invoke(args=["jobs", "show", str(job_id)])
    assert result.exit_code == 0, result.output
    assert f"Công việc #{job_id} – Ghi nhật ký thử: Đã xong (0/?), lần chạy 1." in result.output
    assert "dòng một" in result.output


def test_no_worker_is_started_while_jobs_run_eagerly(runner):
    result = runner.invoke(args=["jobs", "worker"])
    assert result.exit_code == 1 and "JOBS_EAGER đang bật" in result.output
