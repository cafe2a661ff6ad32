"""Running a job: sent only once its transaction commits, its work committed with its "done",
rolled back with its failure; claimed once; given back by the sweep when its worker died."""
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accounts.audit import record_event
from accounts.models import AuditEvent
from core import jobs
from core.jobs import runner, worker
from core.jobs.models import Job
from extensions import db
from tests.jobs.sample_jobs import audit_then, write_in_parts


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "test.job"))


def test_eager_jobs_run_when_the_transaction_commits_never_before(app, tmp_path):
    marker = tmp_path / "ran"
    job_id = jobs.enqueue(audit_then, outcome="done", marker=str(marker)).id
    assert not marker.exists()  # not sent yet: the worker would not find its row
    db.session.commit()
    row = jobs.get(job_id)
    assert (row.state, row.message, row.attempts) == ("done", "Đã ghi nhật ký.", 1)
    assert row.result == {"lines": ["dòng một", "dòng hai"]}
    assert row.finished_at is not None and row.lease_until is None
    assert marker.read_text() == str(job_id) and audit_count() == 1


def test_a_savepoint_released_sends_nothing_before_the_transaction_commits(app, tmp_path):
    marker = tmp_path / "ran"
    jobs.enqueue(audit_then, outcome="done", marker=str(marker))
    with db.session.begin_nested():  # released here: the job's row is not committed yet
        record_event("test.savepoint", "job", 0)
    assert not marker.exists()
    db.session.commit()
    assert marker.exists() and audit_count() == 1


def test_a_job_enqueued_in_a_transaction_that_rolls_back_never_runs(app, tmp_path):
    marker = tmp_path / "ran"
    jobs.enqueue(audit_then, outcome="done", marker=str(marker))
    db.session.rollback()
    db.session.commit()
    assert not marker.exists()
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_refused_job_fails_with_its_message_and_its_writes_are_rolled_back(app):
    job_id = jobs.enqueue(audit_then, outcome="refused").id
    db.session.commit()
    row = jobs.get(job_id)
    assert (row.state, row.message, row.error) == (
        "failed", "Không làm được việc này lúc này.", None)
    assert audit_count() == 0


def test_a_broken_job_fails_with_a_plain_message_and_keeps_the_error_for_administrators(app):
    job_id = jobs.enqueue(audit_then, outcome="broken").id
    db.session.commit()
    row = jobs.get(job_id)
    assert (row.state, row.message) == ("failed", runner.FAILED)
    assert row.error == "ValueError: hỏng giữa chừng"
    assert audit_count() == 0


def test_a_file_written_in_parts_appears_whole_and_leaves_no_part_behind(app, tmp_path):
    target = tmp_path / "out" / "file.txt"
    job_id = jobs.enqueue(write_in_parts, path=str(target), parts=3, pause=0).id
    db.session.commit()
    row = jobs.get(job_id)
    assert (row.state, row.progress_done, row.progress_total) == ("done", 3, 3)
    assert target.read_text(encoding="utf-8").splitlines() == [
        f"phần {n}/3 lần 1" for n in (1, 2, 3)]
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_arguments_must_travel_as_json(app):
    with pytest.raises(TypeError):
        jobs.enqueue(write_in_parts, path=Path("/tmp/x"), parts=1, pause=0)


def running_job(*, worker_name: str, lease: timedelta, attempts: int = 1) -> int:
    row = Job(kind=audit_then.name, arguments={"outcome": "done"}, state="running",
              worker=worker_name, attempts=attempts, lease_until=runner.real_utcnow() + lease)
    db.session.add(row)
    db.session.commit()
    return row.id


def test_a_job_held_by_a_live_worker_is_not_claimed_again(app, worker_identity):
    me = worker_identity("b@host#run2")
    job_id = running_job(worker_name="a@host#run1:4242", lease=timedelta(minutes=5))
    assert runner.claim(job_id, me) is None
    assert jobs.get(job_id).worker == "a@host#run1:4242"


def test_a_job_whose_lease_ran_out_or_whose_node_restarted_is_claimed(app, worker_identity):
    me = worker_identity("a@host#run2")
    expired = running_job(worker_name="b@host#run1:4242", lease=timedelta(seconds=-1))
    restarted = running_job(worker_name="a@host#run1:4242", lease=timedelta(minutes=5))
    for job_id in (expired, restarted):
        row = runner.claim(job_id, me)
        assert (row.state, row.worker, row.attempts) == ("running", f"{me}:{os.getpid()}", 2)


def test_a_job_whose_pool_process_died_is_taken_over_by_another_process_of_the_run(
        app, worker_identity):
    me = worker_identity("a@host#run1")
    finished = subprocess.Popen(["true"])
    finished.wait()  # reaped: no process has its id any more
    dead = running_job(worker_name=f"{me}:{finished.pid}", lease=timedelta(minutes=5))
    alive = running_job(worker_name=f"{me}:{os.getppid()}", lease=timedelta(minutes=5))
    assert runner.claim(dead, me).worker == f"{me}:{os.getpid()}"
    assert runner.claim(alive, me) is None


def test_a_job_interrupted_too_often_fails_instead_of_running_again(app, worker_identity):
    me = worker_identity("a@host#run4")
    job_id = running_job(worker_name="a@host#run3:4242", lease=timedelta(minutes=5), attempts=3)
    assert runner.claim(job_id, me) is None
    row = jobs.get(job_id)
    assert (row.state, row.message) == ("failed", runner.gave_up(3))


def test_the_sweep_gives_back_abandoned_jobs_and_at_start_sends_every_queued_one(
        queue_app, worker_identity, monkeypatch):
    sent = []
    monkeypatch.setattr(runner, "send", lambda app, name, job_id: sent.append(job_id))
    worker_identity("a@host#run2")
    dead = running_job(worker_name="a@host#run1:4242", lease=timedelta(minutes=5))
    alive = running_job(worker_name="b@host#run1:4242", lease=timedelta(minutes=5))
    queued = jobs.enqueue(audit_then, outcome="done").id
    db.session.commit()
    sent.clear()  # enqueue's own sending
    assert worker.sweep(queue_app) == [dead] and sent == [dead]
    assert jobs.get(dead).state == "queued" and jobs.get(alive).state == "running"
    sent.clear()
    assert sorted(worker.sweep(queue_app, at_start=True)) == sorted([dead, queued])
    assert sorted(sent) == sorted([dead, queued])


def test_a_stopping_worker_gives_back_what_it_still_held(queue_app, worker_identity,
                                                         monkeypatch):
    monkeypatch.setattr(runner, "send", lambda *args: None)
    worker_identity("a@host#run1")
    mine = running_job(worker_name="a@host#run1:4242", lease=timedelta(minutes=5))
    other = running_job(worker_name="b@host#run1:4242", lease=timedelta(minutes=5))
    assert worker.give_back_own(queue_app) == [mine]
    assert jobs.get(mine).state == "queued" and jobs.get(other).state == "running"


def test_without_eager_a_job_waits_in_the_broker_for_a_worker(queue_app):
    job_id = jobs.enqueue(audit_then, outcome="done").id
    db.session.commit()
    assert jobs.get(job_id).state == "queued"
    celery = jobs.runtime().celery
    with celery.connection_for_read() as connection:
        assert connection.default_channel.queue_declare("celery", passive=True).message_count == 1
