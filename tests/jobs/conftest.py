"""Fixtures of the job tests: an application that sends its jobs to a real broker instead of
running them at once, and real worker processes (`flask jobs worker`) on it.

A worker runs the tests' application (tests.jobs.worker_app: the real one with the tests' own
jobs) as production does: not in testing mode, its settings from FLASK_* variables, the
suite's database, its own instance folder. Each is started in a session of its own, so a test
can kill it with every pool process at once, as the OOM killer or a container stop does.
"""
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.jobs import runner
from core.jobs.worker import READY
from tests.concurrency.conftest import redis_url  # noqa: F401  (a redis-server of its own)
from tests.conftest import make_app, serving

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60  # a worker builds the application and connects: it answers well before


def sqlite_broker(folder: Path) -> str:
    return f"sqla+sqlite:///{folder / 'jobs.sqlite'}"


@pytest.fixture
def queue_app(migrated, tmp_path):
    """The application with its jobs sent to an embedded broker in tmp_path (not eager)."""
    yield from serving(make_app(migrated, tmp_path, JOBS_EAGER=False,
                                JOBS_BROKER_URL=sqlite_broker(tmp_path)))


@pytest.fixture
def redis_app(migrated, tmp_path, redis_url):  # noqa: F811 - the fixture imported above
    """The application with its jobs sent to a redis-server of the tests' own."""
    yield from serving(make_app(migrated, tmp_path, JOBS_EAGER=False, JOBS_BROKER_URL=redis_url))


@pytest.fixture
def worker_identity():
    """Name this test process as a worker run; forgotten afterwards."""
    before = dict(runner._identity)

    def name(identity: str) -> str:
        runner.set_worker(identity)
        return identity

    yield name
    runner._identity.clear()
    runner._identity.update(before)


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM to the worker's main process; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
            raise


@pytest.fixture
def start_worker(migrated, tmp_path):
    """Start `flask jobs worker` processes; each waits until the worker is ready."""
    started: list[Worker] = []
    counter = iter(range(1, 100))

    def start(node: str, *, broker: str | None = None, **config: str) -> Worker:
        env = {key: value for key, value in os.environ.items()
               if key != "THUE_TODAY"}  # a production-like process refuses the test clock
        env.update({
            # The test process's own instance folder (tests/conftest.make_app keeps the first
            # one set): templates and generated documents are read and written there.
            "THUE_INSTANCE_PATH": os.environ.get("THUE_INSTANCE_PATH", str(tmp_path)),
            "PYTHONPATH": str(ROOT),
            "FLASK_SECRET_KEY": secrets.token_hex(16),
            "FLASK_SQLALCHEMY_DATABASE_URI": migrated,
            "FLASK_JOBS_BROKER_URL": broker or sqlite_broker(tmp_path),
            "FLASK_JOBS_EAGER": "false",
            **{f"FLASK_{name}": value for name, value in config.items()}})
        log = tmp_path / f"worker-{next(counter)}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tests.jobs.worker_app", "jobs", "worker",
             "--name", node, "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True)
        worker = Worker(process, log)
        started.append(worker)
        deadline = time.monotonic() + START_SECONDS
        while READY not in worker.output():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{worker.output()[-4000:]}")
            time.sleep(0.2)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            try:
                worker.stop(timeout=30)
            except subprocess.TimeoutExpired:
                pass
