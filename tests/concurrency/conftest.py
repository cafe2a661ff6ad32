"""The application served by a real gunicorn with several worker processes, for the races.

Simultaneous requests only race for real across processes sharing one PostgreSQL database:
werkzeug's test client runs one request at a time, and SQLite writes one transaction at a
time. So these tests start `gunicorn --workers N 'app:create_app()'` on loopback against the
suite's PostgreSQL database (FLASK_SQLALCHEMY_DATABASE_URI), as production runs it: not in
testing mode, CSRF on, a random secret key, the instance folder shared with the test process
(templates and generated documents live there). Only the session cookie is not Secure-only,
the server being plain http, and the rate limiter is off unless a test asks for it.

The data are made in the test process with the usual fixtures and committed; the server's
workers read them. `Visitor` logs in through the real login form and fires one request from
many threads at once (a barrier releases them together), each thread with its own copy of the
session cookie, like a user double-clicking in many tabs.
"""
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core import clock
from tests.helpers import services_required

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'
                  r'|name="csrf_token" value="([^"]+)"')
FLASH = re.compile(r'<div class="flash flash-(\w+)"[^>]*>(.*?)</div>', re.S)


def postgresql_uri() -> str | None:
    uri = os.environ.get("FLASK_SQLALCHEMY_DATABASE_URI", "")
    return uri if uri.startswith("postgresql") else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    verify: str | bool = True  # the CA file of a self-signed certificate (HTTPS through nginx)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_gunicorn(tmp: Path, *, workers: int, **config: str) -> Server:
    """gunicorn on a free loopback port, waiting until it answers; `config` as FLASK_* values."""
    port = free_port()
    env = {**os.environ,
           "THUE_INSTANCE_PATH": os.environ["THUE_INSTANCE_PATH"],
           "FLASK_SECRET_KEY": secrets.token_hex(32),
           "FLASK_SESSION_COOKIE_SECURE": "false",  # plain http on loopback
           "FLASK_RATELIMIT_ENABLED": "false",
           "FLASK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
           # The races are about rows, not PDFs, and no job worker runs beside this server:
           # test_production_stack.py runs the whole stack, PDFs and worker included.
           "FLASK_PDF_ON_GENERATE": "false",
           **{f"FLASK_{name}": value for name, value in config.items()}}
    log = tmp / f"gunicorn-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5", "app:create_app()"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(f"{url}/accounts/login", timeout=30).status_code == 200:
                return Server(url, process, log)
        except requests.RequestException:  # not listening yet, or still loading the app
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn did not answer: {log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def instance_folder(tmp_path_factory) -> str:
    """The instance folder the test process and the server share (tests/conftest.make_app
    keeps the first one set)."""
    return os.environ.setdefault("THUE_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))


@pytest.fixture(scope="session")
def gunicorn(migrated, instance_folder, tmp_path_factory):
    """8 workers on the suite's PostgreSQL database, for the whole session."""
    if postgresql_uri() is None:
        pytest.skip("races need PostgreSQL and real worker processes: set "
                    "FLASK_SQLALCHEMY_DATABASE_URI to a PostgreSQL database (.ci/run does)")
    if clock.fixed_today() is not None:
        pytest.skip("the server runs as production does, which refuses THUE_TODAY")
    server = start_gunicorn(tmp_path_factory.mktemp("gunicorn"), workers=8)
    yield server
    server.stop()


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


@dataclass
class Outcome:
    """What one of the simultaneous requests got: its status and the message it led to."""

    status: int
    messages: list[tuple[str, str]] = field(default_factory=list)


def loopback_session(server: Server) -> requests.Session:
    """A requests session for the server on loopback: no proxy from the environment, and its
    own certificate trusted (REQUESTS_CA_BUNDLE in the environment would win over
    Session.verify, requests' issue 3829)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = server.verify
    # A browser on one of the site's pages sends it (Referrer-Policy: same-origin); on https
    # Flask-WTF refuses a form without it.
    session.headers["Referer"] = f"{server.url}/"
    return session


class Visitor:
    """A browser session on the server: logged in through the form, then many tabs at once."""

    def __init__(self, server: Server, email: str, password: str):
        self.server = server
        self.session = loopback_session(server)
        login = self.session.get(f"{server.url}/accounts/login", timeout=30)
        response = self.session.post(
            f"{server.url}/accounts/login", allow_redirects=False, timeout=30,
            data={"email": email, "password": password, "csrf_token": csrf_of(login.text)})
        assert response.status_code == 302, response.text[:2000]

    def token(self, path: str) -> str:
        """The CSRF token as a page of the server hands it out after login."""
        return csrf_of(self.session.get(f"{self.server.url}{path}", timeout=30).text)

    def storm(self, path: str, data: dict, *, times: int = 30, page: str) -> list[Outcome]:
        """POST `data` to `path` from `times` threads released together; each then follows its
        redirect with its own cookies, so the message it was given can be read."""
        data = {**data, "csrf_token": self.token(page)}
        cookies = self.session.cookies  # copied whole, with their domains, into each tab
        barrier = threading.Barrier(times)
        outcomes: list[Outcome | None] = [None] * times

        def one(index: int) -> None:
            tab = loopback_session(self.server)
            tab.cookies.update(cookies)
            barrier.wait()
            response = tab.post(f"{self.server.url}{path}", data=data, allow_redirects=False,
                                timeout=120)
            outcome = Outcome(response.status_code)
            text = response.text
            if response.status_code in (302, 303):
                text = tab.get(f"{self.server.url}{response.headers['Location']}",
                               timeout=120).text
            outcome.messages = [(kind, re.sub(r"\s+", " ", body).strip())
                                for kind, body in FLASH.findall(text)]
            outcomes[index] = outcome

        threads = [threading.Thread(target=one, args=(i,)) for i in range(times)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert all(o is not None for o in outcomes), "a request did not come back"
        return outcomes


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A redis-server of its own on a free loopback port (Debian's package), for the session;
    skipped where it is not installed, except under .ci/run."""
    binary = shutil.which("redis-server")
    if binary is None:
        if services_required():
            pytest.fail("redis-server is missing: .ci/run installs Debian's redis-server")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("redis-server did not answer")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
