"""Real `flask jobs worker` processes, not eager: a job runs and its page shows the result; a job
killed half-way (SIGKILL, or SIGTERM past the shutdown time) runs again once a worker starts and
never leaves a partial file; render-all follows its jobs; on Redis two workers share the queue.
"""
import os
import signal
import time

import pytest
from sqlalchemy import select

from accounts import services as account_services
from core import jobs
from core.jobs.models import Job
from extensions import db
from tests.conftest import PASSWORD
from tests.jobs.sample_jobs import write_in_parts

pytestmark = pytest.mark.slow
WAIT = 90  # seconds: the longest any of these jobs may take, a worker's start included


def enqueue_file(path, *, parts: int, pause: float, user=None) -> int:
    job_id = jobs.enqueue(write_in_parts, user=user, path=str(path), parts=parts,
                          pause=pause).id
    db.session.commit()  # sent now, to the broker
    return job_id


def wait_until(predicate, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"still not {what} after {timeout} s")


def halfway(job_id: int) -> Job:
    return wait_until(lambda: (row := jobs.get(job_id)).state == "running"
                      and row.progress_done >= 2 and row, "half-way")


def assert_whole(path, parts: int, attempt: int) -> None:
    assert path.read_text(encoding="utf-8").splitlines() == [
        f"phần {n}/{parts} lần {attempt}" for n in range(1, parts + 1)]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no part file left


def test_a_job_runs_on_the_embedded_broker_and_its_page_shows_the_result(
        queue_app, start_worker, tmp_path):
    start_worker("page@test")
    user = account_services.create_user(
        "chu-viec@example.vn", "Người chạy việc", PASSWORD, "agency_staff",
        account_services.create_organisation("agency", "Sở Thử nghiệm"))
    db.session.commit()
    target = tmp_path / "out" / "file.txt"
    job_id = enqueue_file(target, parts=2, pause=0.1, user=user)
    row = jobs.wait(job_id, timeout=WAIT)
    assert (row.state, row.attempts, row.message) == ("done", 1, "Đã ghi 2 phần.")
    assert row.worker.startswith("page@test#")
    assert_whole(target, 2, 1)
    client = queue_app.test_client()
    client.post("/accounts/login", data={"email": user.email, "password": PASSWORD})
    html = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Đã xong" in html and "Đã ghi 2 phần." in html and "2/2" in html


def test_a_job_killed_half_way_runs_again_after_a_restart_and_leaves_no_partial_file(
        queue_app, start_worker, tmp_path):
    target = tmp_path / "out" / "file.txt"
    worker = start_worker("kill@test")
    job_id = enqueue_file(target, parts=8, pause=0.5)
    halfway(job_id)
    worker.kill()  # SIGKILL to every process: the broker's copy of the message is lost
    assert not target.exists()
    assert jobs.get(job_id).state == "running"  # nobody left to say otherwise
    start_worker("kill@test")  # the same node: it gives back what its earlier run held
    row = jobs.wait(job_id, timeout=WAIT)
    assert (row.state, row.attempts, row.progress_done) == ("done", 2, 8)
    assert_whole(target, 8, 2)


def test_a_pool_process_killed_half_way_is_replaced_and_its_job_runs_again_at_once(
        queue_app, start_worker, tmp_path):
    target = tmp_path / "out" / "file.txt"
    start_worker("oom@test")
    job_id = enqueue_file(target, parts=8, pause=0.5)
    holder = halfway(job_id).worker  # "<node>#<run>:<the pool process's id>"
    os.kill(int(holder.rpartition(":")[2]), signal.SIGKILL)  # as the OOM killer does
    row = jobs.wait(job_id, timeout=WAIT)  # the worker itself stays up
    assert (row.state, row.attempts) == ("done", 2)
    assert row.worker.partition(":")[0] == holder.partition(":")[0]  # the same worker run
    assert_whole(target, 8, 2)


def test_a_job_stopped_by_sigterm_runs_again_after_a_restart_and_leaves_no_partial_file(
        queue_app, start_worker, tmp_path):
    target = tmp_path / "out" / "file.txt"
    worker = start_worker("term@test", JOBS_SHUTDOWN_SECONDS="1")
    job_id = enqueue_file(target, parts=12, pause=0.5)
    halfway(job_id)
    started = time.monotonic()
    worker.stop(timeout=30)
    assert time.monotonic() - started < 20  # one second to end, then stopped: not 6 s of job
    assert "Soft Shutdown" in worker.output()
    assert not target.exists()
    assert jobs.get(job_id).state == "queued"  # given back by the worker as it stopped
    start_worker("term@test")
    row = jobs.wait(job_id, timeout=WAIT)
    assert (row.state, row.attempts) == ("done", 2)
    assert_whole(target, 12, 2)


def test_a_short_job_ends_during_the_shutdown_time_and_is_not_run_again(
        queue_app, start_worker, tmp_path):
    target = tmp_path / "out" / "file.txt"
    worker = start_worker("calm@test", JOBS_SHUTDOWN_SECONDS="10")
    job_id = enqueue_file(target, parts=6, pause=0.5)
    halfway(job_id)
    worker.stop(timeout=40)
    row = jobs.get(job_id)
    assert (row.state, row.attempts) == ("done", 1)
    assert_whole(target, 6, 1)


@pytest.fixture
def saved_contract(app, contract) -> int:
    """The suite's contract, committed, and the suite's own session closed before queue_app
    starts: on PostgreSQL a transaction left open there holds a lock on the contracts that
    queue_app's TRUNCATE, at teardown, would wait for forever."""
    contract_id = contract.id
    db.session.commit()
    db.session.close()
    return contract_id


def test_render_all_follows_its_jobs_on_a_real_worker(saved_contract, queue_app, start_worker):
    start_worker("render@test")
    result = queue_app.test_cli_runner().invoke(args=["contracts", "render-all"])
    assert result.exit_code == 0, result.output
    assert "Xong: 1 hợp đồng đã tạo văn bản, 0 bỏ qua, 0 lỗi" in result.output
    rows = list(db.session.scalars(select(Job).where(Job.kind == "contracts.render_documents")))
    assert [(r.state, r.result["outcomes"]) for r in rows] == [
        ("done", {str(saved_contract): ["done", None]})]


def test_on_redis_two_workers_share_the_queue(redis_app, redis_url, start_worker, tmp_path):
    for node in ("a@test", "b@test"):
        start_worker(node, broker=redis_url)
    ids = [enqueue_file(tmp_path / f"out{n}" / "file.txt", parts=3, pause=0.4)
           for n in range(6)]
    rows = [jobs.wait(job_id, timeout=WAIT) for job_id in ids]
    assert {row.state for row in rows} == {"done"}
    assert {row.worker.partition("#")[0] for row in rows} == {"a@test", "b@test"}
