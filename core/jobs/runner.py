"""Jobs on Celery, bound to the Flask application: declaring, sending, running; the one module
that ends a job's transactions (as core.transaction does a request's).

A job is declared once, at import, and Celery tasks are made from the declarations for each
application (init_jobs), so every test's application has a Celery of its own. Starting one is
core.jobs.sending's.

Running a job: claim its row (compare-and-set, committed at once), run the body, which only
flushes, then mark the row done in the body's transaction and commit both together; on an
error roll the body back and mark the row failed. So a job is done exactly when its work is
committed, and a job killed half-way left nothing committed and runs again (core.jobs.worker).
"""
import logging
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Iterator

from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded
from flask import Flask, current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import OperationalError

from core.clock import utcnow
from core.errors import Refused
from core.jobs.models import Job
from extensions import db

logger = logging.getLogger(__name__)

# A job's message for people is kept as text, in the language of the run (the worker's:
# Vietnamese).
FAILED = _l("Công việc không hoàn thành do lỗi hệ thống; sự cố đã được ghi lại để quản trị hệ "
            "thống xử lý.")
TIMED_OUT = _l("Công việc chạy quá thời gian cho phép nên đã dừng.")


def gave_up(attempts: int) -> str:
    """The message of a job given up after `attempts` interrupted runs."""
    return _("Công việc bị gián đoạn %(n)s lần nên đã dừng, không chạy lại nữa.", n=attempts)


@dataclass(frozen=True)
class JobKind:
    """A declared job: its name, its label for people and its body."""

    name: str
    label: str
    body: Callable[..., dict | None]

    def __call__(self, *args, **kwargs):
        return self.body(*args, **kwargs)


KINDS: dict[str, JobKind] = {}
# Work the worker's sweep does every few minutes besides its own (core.jobs.worker.sweep): each
# runs in an application context, flushes, and its transaction is committed after it.
PERIODIC: list[Callable[[], object]] = []


def periodic(body: Callable[[], object]) -> Callable[[], object]:
    """Have the worker's periodic sweep call `body` (e-mails due again, say)."""
    PERIODIC.append(body)
    return body


def run_periodic(app: Flask) -> None:
    """Call each periodic body in an application context of its own and commit after it; one
    that fails is rolled back and logged, and the others still run."""
    for body in PERIODIC:
        with app.app_context():
            try:
                body()
                db.session.commit()
            except Exception:  # noqa: BLE001 - the next sweep tries again
                db.session.rollback()
                logger.exception("Periodic work %s failed.", getattr(body, "__name__", body))


def job(name: str, *, label: str) -> Callable[[Callable], JobKind]:
    """Declare a job: its body takes a JobRun and the job's keyword arguments (JSON values)
    and returns its result (a JSON object, or None); it flushes and never commits."""

    def declare(body: Callable) -> JobKind:
        KINDS[name] = JobKind(name, label, body)
        return KINDS[name]

    return declare


@dataclass
class Runtime:
    """What init_jobs keeps for one application: its Celery and the job settings."""

    celery: Celery
    eager: bool
    embedded: bool  # a broker that keeps no copy of a delivered message (kombu's SQLAlchemy)
    lease: timedelta
    max_attempts: int


def runtime(app: Flask | None = None) -> Runtime:
    """The job settings of `app` (the current application by default)."""
    return (app or current_app).extensions["jobs"]


def init_jobs(app: Flask) -> Celery:
    """Give `app` its Celery, configured from JOBS_* settings, with a task per declared job."""
    config = app.config
    broker = (config["JOBS_BROKER_URL"]
              or "sqla+sqlite:///" + os.path.join(app.instance_path, "jobs.sqlite"))
    eager = app.testing if config["JOBS_EAGER"] is None else bool(config["JOBS_EAGER"])
    lease = int(config["JOBS_LEASE_SECONDS"])
    embedded = broker.startswith(("sqla+", "sqlalchemy+"))
    celery = Celery(app.import_name, broker=broker, backend=config["JOBS_RESULT_BACKEND"],
                    set_as_current=False)
    celery.conf.update(
        task_always_eager=eager,
        task_eager_propagates=True,  # in tests a broken runner fails the request, never hides
        # Acknowledged only once the job's transaction has ended; a lost pool process puts it
        # back; one message at a time per process, so a dying worker holds no others.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # The row is the result (the status page reads it): Celery keeps none unless told.
        task_ignore_result=not config["JOBS_RESULT_BACKEND"],
        # A job past its hard limit is killed, so a lease longer than the limit has run out
        # only when the job surely stopped: only then may another worker claim it.
        task_soft_time_limit=int(lease * 0.8),
        task_time_limit=int(lease * 0.9),
        worker_soft_shutdown_timeout=float(config["JOBS_SHUTDOWN_SECONDS"]),
        task_serializer="json", accept_content=["json"],
        broker_connection_retry_on_startup=True,
        # kombu's SQLAlchemy transport has no fan-out, which remote control needs.
        worker_enable_remote_control=not embedded,
        broker_transport_options={} if embedded else {"visibility_timeout": lease + 60},
    )
    app.extensions["jobs"] = Runtime(celery, eager, embedded, timedelta(seconds=lease),
                                     int(config["JOBS_MAX_ATTEMPTS"]))
    for kind in KINDS.values():
        _register(app, kind)
    return celery


def _register(app: Flask, kind: JobKind):
    celery = runtime(app).celery

    def run(_task, job_id: int) -> None:
        execute(app, kind.name, job_id)

    # shared=False: a shared task would join every Celery made later, bound to this app.
    return celery.task(name=kind.name, bind=True, shared=False, acks_late=True,
                       reject_on_worker_lost=True)(run)


def _task(app: Flask, name: str):
    """The Celery task of a job (declared after init_jobs too: a test's own jobs)."""
    celery = runtime(app).celery
    return celery.tasks[name] if name in celery.tasks else _register(app, KINDS[name])


# --- sending and giving back ------------------------------------------------------------


def send(app: Flask, name: str, job_id: int) -> None:
    """Send job `job_id`'s message now (run it now when eager)."""
    if name not in KINDS:
        logger.error("Job %s: no job is declared as %r; it stays queued.", job_id, name)
        return
    task = _task(app, name)
    if runtime(app).eager:  # runs here; in tests a broken runner fails the test
        task.apply_async(args=[job_id])
        return
    try:
        task.apply_async(args=[job_id])
    except Exception:  # noqa: BLE001 - the broker is away: the row is committed and queued
        logger.exception("Job %s could not be sent; the next worker to start sends it again.",
                         job_id)


def requeue(app: Flask, condition, *, queued: bool = False) -> list[int]:
    """Set back to queued the running jobs meeting `condition` (with `queued`, take every
    queued job as well), commit, then send each one's message again."""
    with app.app_context():
        ids = list(db.session.scalars(select(Job.id).where(Job.state == "running", condition)))
        given_back = [job_id for job_id in ids if db.session.execute(
            update(Job).where(Job.id == job_id, Job.state == "running", condition)
            .values(state="queued", worker=None, lease_until=None)
            .execution_options(synchronize_session=False)).rowcount]
        waiting = list(db.session.scalars(select(Job.id).where(Job.state == "queued")
                                          .order_by(Job.id))) if queued else given_back
        kinds = dict(db.session.execute(select(Job.id, Job.kind)
                                        .where(Job.id.in_(waiting))).all())
        db.session.commit()
        for job_id in waiting:
            send(app, kinds[job_id], job_id)
        if given_back:
            logger.warning("Jobs given back to the queue: %s", given_back)
        return waiting


# --- running -----------------------------------------------------------------------------------

_identity: dict[str, str] = {}  # "worker": this worker run's "<node>#<run>" (core.jobs.worker)


def set_worker(identity: str) -> None:
    """Name the worker run this process belongs to (before its pool processes fork)."""
    _identity["worker"] = identity


def worker_identity() -> str:
    """This worker run's name, "<node>#<run>"; outside a worker "eager#<process id>"."""
    return _identity.get("worker") or f"eager#{os.getpid()}"


def real_utcnow() -> datetime:
    """Leases measure real time: THUE_TODAY's shifted clock (core.clock) is not for them."""
    return datetime.now(UTC).replace(tzinfo=None)


def held_by(run: str):
    """The jobs a process of worker run `run` holds ("<node>#<run>:<process id>")."""
    return Job.worker.startswith(run + ":", autoescape=True)


def abandoned(now: datetime, run: str):
    """A running job nobody runs any more: its lease ran out, or an earlier run of this node
    holds it (that run has ended, since this one has started)."""
    node = run.partition("#")[0] + "#"
    return or_(Job.lease_until < now,
               and_(Job.worker.startswith(node, autoescape=True), ~held_by(run)))


def _dead_sibling(holder: str | None, run: str) -> bool:
    """Whether `holder` is another pool process of this run that is gone (the kernel killed
    it, say): Celery then delivers its job again at once, to a process of the same run."""
    if not holder or not holder.startswith(run + ":"):
        return False
    pid = int(holder.rpartition(":")[2])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class JobRun:
    """What a job's body gets: its id, who started it, its attempt, and progress reports."""

    id: int
    user_id: int | None
    attempt: int
    worker: str  # who holds the job: "<node>#<run>:<process id>"
    total: int | None = None
    done: int = 0
    _reported: float = field(default=0.0, repr=False)

    def progress(self, done: int, total: int | None = None) -> None:
        """Report `done` of `total` units, seen at once by the status page (at most twice a
        second), outside the job's own transaction."""
        self.done = done
        self.total = total if total is not None else self.total
        moment = time.monotonic()
        if moment - self._reported < 0.5 and done != self.total:
            return
        if _holds_sqlite_database():
            return
        self._reported = moment
        try:
            with db.engine.begin() as connection:
                connection.execute(update(Job).where(
                    Job.id == self.id, Job.worker == self.worker, Job.state == "running")
                    .values(progress_done=done, progress_total=self.total))
        except OperationalError:  # a busy database: progress is a courtesy, the job goes on
            logger.warning("Job %s: progress not recorded (database busy).", self.id)

    @contextmanager
    def output(self, path: Path) -> Iterator[BinaryIO]:
        """Write `path` in parts: readers see no file or the whole file. The part file is named
        after the job, so a run after an interrupted one replaces what that one left."""
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}.job{self.id}.part")
        try:
            with part.open("wb") as handle:  # "wb": an interrupted attempt's part is emptied
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(part, path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise


def _holds_sqlite_database() -> bool:
    """Whether the body's own connection is inside a SQLite transaction (it wrote, or opened
    a savepoint). SQLite has one writer and a commit waits for every reader: another
    connection would wait for the body's own commit, so the row shows the progress when the
    job ends instead."""
    session = db.session()
    if db.engine.dialect.name != "sqlite" or not session.in_transaction():
        return False
    return bool(session.connection().connection.dbapi_connection.in_transaction)


class LeaseLost(RuntimeError):
    """Another worker claimed the job meanwhile: this run's work must not be committed."""


def claim(job_id: int, run: str) -> Job | None:
    """Take job `job_id` for this process of worker run `run`, committed at once; None when
    it is finished, held by a live worker, gone, or out of attempts (then marked failed)."""
    settings = runtime()
    now = real_utcnow()
    claimable = or_(Job.state == "queued", and_(Job.state == "running", abandoned(now, run)))

    def take(condition) -> int:
        return db.session.execute(
            update(Job).where(Job.id == job_id, Job.attempts < settings.max_attempts, condition)
            .values(state="running", attempts=Job.attempts + 1, worker=f"{run}:{os.getpid()}",
                    started_at=utcnow(), lease_until=now + settings.lease, progress_done=0,
                    message=None, error=None)
            .execution_options(synchronize_session=False)).rowcount

    taken = take(claimable)
    if not taken:
        holder = db.session.scalar(select(Job.worker).where(Job.id == job_id,
                                                            Job.state == "running"))
        if _dead_sibling(holder, run):
            taken = take(Job.worker == holder)
    if not taken:
        attempts = db.session.scalar(select(Job.attempts).where(Job.id == job_id))
        db.session.execute(
            update(Job).where(Job.id == job_id, Job.attempts >= settings.max_attempts, claimable)
            .values(state="failed", message=gave_up(attempts), finished_at=utcnow(),
                    lease_until=None)
            .execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.get(Job, job_id, populate_existing=True) if taken else None


def _settle(run: JobRun, **values) -> None:
    """Mark the run's job done or failed, if this run still holds it."""
    settled = db.session.execute(
        update(Job).where(Job.id == run.id, Job.worker == run.worker, Job.state == "running")
        .values(finished_at=utcnow(), lease_until=None, **values)
        .execution_options(synchronize_session=False)).rowcount
    if not settled:
        raise LeaseLost(f"job {run.id} was claimed by another worker")


def execute(app: Flask, name: str, job_id: int) -> None:
    """Run job `job_id` in an application context (and so a database session) of its own."""
    with app.app_context():
        row = claim(job_id, worker_identity())
        if row is None:
            logger.info("Job %s is not to run here (finished, held elsewhere or gone).", job_id)
            return
        run = JobRun(row.id, row.user_id, row.attempts, row.worker, total=row.progress_total)
        arguments = dict(row.arguments or {})
        db.session.expunge(row)  # the body's session starts empty
        try:
            result = KINDS[name].body(run, **arguments)
            message = result.pop("message", None) if isinstance(result, dict) else None
            done = run.total if run.total is not None else run.done
            _settle(run, state="done", result=result, message=message, progress_done=done,
                    progress_total=run.total)
            db.session.commit()
            return
        except LeaseLost:
            db.session.rollback()
            logger.warning("Job %s: another worker took it over; this run is discarded.", job_id)
            return
        except Refused as refusal:
            db.session.rollback()
            message, error = str(refusal), None
        except SoftTimeLimitExceeded:
            db.session.rollback()
            message, error = str(TIMED_OUT), "SoftTimeLimitExceeded"
        except Exception as failure:  # noqa: BLE001 - the job fails; the worker goes on
            db.session.rollback()
            logger.exception("Job %s (%s) failed.", job_id, name)
            message, error = str(FAILED), f"{type(failure).__name__}: {failure}"
        try:
            _settle(run, state="failed", message=message, error=error)
            db.session.commit()
        except LeaseLost:
            db.session.rollback()
