"""The worker: Celery's, with what a job row needs around it.

Celery acknowledges a job's message only once the job's transaction has ended (acks_late) and
puts it back when a pool process dies (reject_on_worker_lost). What Celery cannot do on kombu's
SQLAlchemy transport, the embedded broker: that transport marks a message delivered in its
table when a worker takes it and keeps the acknowledgement in the worker's memory, so a worker
killed outright (SIGKILL, the power cut) loses its messages for good. Hence the hand-written
part here, from the job rows:

- at start, the sweep gives back the jobs an earlier run of this node left running, and those
  whose lease ran out, and sends again every queued job (its message may be the lost one; a
  job claimed twice runs once: core.jobs.runner.claim is a compare-and-set);
- while running, the same sweep every few minutes, for the jobs of workers that died elsewhere;
- a pool process killed alone (the OOM killer): Celery delivers its job again at once, and
  another process of the same run takes it over (core.jobs.runner.claim checks the process);
- SIGTERM gives the running jobs JOBS_SHUTDOWN_SECONDS to end, then stops them and requeues
  them (Celery's soft shutdown, which Celery itself only wires to SIGTERM when REMAP_SIGTERM
  is set before it is imported: too late for `flask jobs worker`), and the worker gives back
  what it held before it exits.
"""
import logging
import threading
import uuid

from celery import signals
from celery.apps.worker import install_worker_term_hard_handler
from flask import Flask
from kombu.transport.sqlalchemy import Channel as SQLAlchemyChannel

from core.jobs import runner
from extensions import db

logger = logging.getLogger(__name__)
READY = "Thuê DV CNTT: tiến trình xử lý công việc đã sẵn sàng"  # tests wait for this line


def sweep(app: Flask, *, at_start: bool = False) -> list[int]:
    """Give back the jobs nobody runs any more; at start also send every queued job again."""
    me = runner.worker_identity()
    given_back = runner.requeue(app, runner.abandoned(runner.real_utcnow(), me), queued=at_start)
    runner.run_periodic(app)
    return given_back


def give_back_own(app: Flask) -> list[int]:
    """A stopping worker's jobs still marked running (their pool processes were stopped)."""
    return runner.requeue(app, runner.held_by(runner.worker_identity()))


class _Sweeper(threading.Thread):
    """The periodic sweep, in the worker's main process."""

    def __init__(self, app: Flask, every: float):
        super().__init__(name="jobs-sweeper", daemon=True)
        self.app, self.every, self.stopped = app, every, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                sweep(self.app)
            except Exception:  # noqa: BLE001 - the database away: sweep again next time
                logger.exception("The periodic sweep of jobs failed.")


def run_worker(app: Flask, *, node: str, concurrency: int, loglevel: str, pool: str) -> None:
    """Run a Celery worker for `app` until it is stopped (SIGTERM, SIGINT)."""
    settings = runner.runtime(app)
    sweeper = _Sweeper(app, max(1.0, min(300.0, settings.lease.total_seconds() / 4)))

    def on_init(sender, **_kwargs) -> None:
        # Before the pool forks: every pool process inherits the name of this run.
        runner.set_worker(f"{sender.hostname}#{uuid.uuid4().hex[:12]}")

    def on_pool_process(**_kwargs) -> None:
        # Connections opened before the fork belong to the parent: each process opens its own
        # (the embedded broker's engines too, which kombu keeps on its class: a job that starts
        # a job sends from a pool process).
        with app.app_context():
            engines = list(db.engines.values())
        engines += [engine for engine, _ in getattr(SQLAlchemyChannel, "_engines", {}).values()]
        for engine in engines:
            engine.dispose(close=False)

    def on_ready(sender, **_kwargs) -> None:
        install_worker_term_hard_handler(sender.controller, sig="SIGTERM")
        sent = sweep(app, at_start=True)
        sweeper.start()
        logger.warning("%s (%s); %d job(s) sent again.", READY, runner.worker_identity(),
                       len(sent))

    for signal, handler in ((signals.worker_init, on_init),
                            (signals.worker_process_init, on_pool_process),
                            (signals.worker_ready, on_ready)):
        signal.connect(handler, weak=False)
    argv = ["worker", f"--hostname={node}", f"--concurrency={concurrency}",
            f"--loglevel={loglevel}", f"--pool={pool}"]
    if settings.embedded:  # no fan-out on kombu's SQLAlchemy transport: no gossip, no events
        argv += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    try:
        settings.celery.worker_main(argv)
    finally:
        # Here, not on Celery's worker_shutdown, which a cold shutdown never sends.
        sweeper.stopped.set()
        if runner.worker_identity().partition("#")[0] != "eager":  # else it never started
            try:
                give_back_own(app)
            except Exception:  # noqa: BLE001 - the next start or sweep gives them back
                logger.exception("Could not give back this worker's jobs.")
