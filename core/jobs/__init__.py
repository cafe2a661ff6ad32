"""Long work in a job queue: Celery, on an embedded SQLite broker by default, Redis in production.

Declare a job once, at import, in the package it belongs to::

    @jobs.job("contracts.reminders", label="Nhắc việc hợp đồng")
    def reminders(run: jobs.JobRun, days: int) -> dict:
        run.progress(0, 1)                   # optional: seen at once by the status page
        return {"lines": reminder_lines(days), "message": "…"}   # the job's result (JSON)

Start it from a view or a command; it is sent when the transaction commits::

    row = jobs.enqueue(reminders, user=current_user, days=90)   # row.id: /jobs/<id>

A body only flushes: the worker commits its work together with "done", or rolls it back and
records "failed" (a core.errors.Refused's message is shown as it is). Read a job's state with
`jobs.get(id)` (or `wait`, `fresh` in commands): state, progress_done/progress_total, message,
result. Settings (app.configure): JOBS_BROKER_URL, JOBS_RESULT_BACKEND, JOBS_EAGER (None: on
under TESTING), JOBS_LEASE_SECONDS, JOBS_MAX_ATTEMPTS, JOBS_SHUTDOWN_SECONDS. The worker:
`flask jobs worker` (core.jobs.cli, core.jobs.worker).
"""
import time
from collections.abc import Iterable

from sqlalchemy import select

from core.jobs.models import FINISHED, STATES, Job
from core.jobs.runner import KINDS, JobKind, JobRun, init_jobs, job, periodic, runtime
from core.jobs.sending import enqueue
from extensions import db

__all__ = ["FINISHED", "KINDS", "STATES", "Job", "JobKind", "JobRun", "enqueue", "fresh", "get",
           "init_jobs", "job", "label_of", "periodic", "runtime", "wait"]


def get(job_id: int) -> Job | None:
    """Job `job_id` as the database has it now."""
    return db.session.get(Job, job_id, populate_existing=True)


def fresh(job_ids: Iterable[int]) -> dict[int, Job]:
    """The jobs `job_ids` as the database has them now, by id."""
    ids = list(job_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(Job).where(Job.id.in_(ids))
                              .execution_options(populate_existing=True))
    return {row.id: row for row in rows}


def wait(job_id: int, *, timeout: float, interval: float = 0.3) -> Job:
    """Job `job_id` once finished; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        row = get(job_id)
        if row is None or row.finished:
            return row
        if time.monotonic() >= deadline:
            raise TimeoutError(f"job {job_id} is still {row.state} after {timeout} s")
        time.sleep(interval)


def label_of(row: Job) -> str:
    """What the job does, for people (its kind's label)."""
    kind = KINDS.get(row.kind)
    return kind.label if kind else row.kind
