"""The production stack as `make prod` starts it (deploy/prod): gunicorn's workers and the job
worker on PostgreSQL and Redis, behind Debian's nginx (deploy/nginx/thue.conf.template) with a
throwaway self-signed certificate, reached over HTTPS on loopback (issue 14, point 5).

A smoke suite: log in, generate a contract, its PDF made by a job on the worker (not in the
request), downloaded through nginx; the API's links on https. It reuses the concurrency tests'
servers: the suite's PostgreSQL database, their redis-server, their Visitor."""
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from string import Template

import pytest
from sqlalchemy import select

from core import clock
from core.jobs import Job
from core.pdf import pdfa_level
from documents.models import GeneratedDocument
from extensions import db
from tests.concurrency.conftest import ROOT, Server, Visitor, free_port, postgresql_uri
from tests.conftest import PASSWORD
from tests.helpers import services_required

requests = pytest.importorskip("requests")
pytestmark = pytest.mark.slow
WAIT = 180  # seconds for the stack to answer, and for a job to finish on a busy machine


def needed(*binaries: str) -> None:
    """Skip where a server is not installed, except under .ci/run, which installs them all."""
    missing = [b for b in binaries if shutil.which(b) is None and not Path(b).exists()]
    if missing:
        if services_required():
            pytest.fail(f"{', '.join(missing)} missing: .ci/run installs Debian's packages")
        pytest.skip(f"{', '.join(missing)} not installed")


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid one day, made here by openssl."""
    cert, key = folder / "thue.crt", folder / "thue.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def start_nginx(folder: Path, listen: int, upstream: int, cert: Path, key: Path):
    """Debian's nginx with the repository's site configuration, rendered as its comment says."""
    site = Template((ROOT / "deploy" / "nginx" / "thue.conf.template").read_text())
    (folder / "site.conf").write_text(site.safe_substitute(
        THUE_HOST="127.0.0.1 localhost", THUE_LISTEN=f"127.0.0.1:{listen}",
        THUE_UPSTREAM=f"127.0.0.1:{upstream}", THUE_CERT=cert, THUE_KEY=key,
        THUE_STATIC=ROOT / "static"))
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    # The main file a distribution would hold; `user root`: the checkout may sit in a private
    # temporary folder that nginx's usual unprivileged user cannot enter.
    (folder / "nginx.conf").write_text(f"""
user root;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {folder}/site.conf;
}}
""")
    check = subprocess.run(["nginx", "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    return subprocess.Popen(["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"),
                             "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)


def stop_group(process: subprocess.Popen, grace: int = 60) -> None:
    """SIGTERM to the stack's process group (as systemd would), SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def stack(migrated, instance_folder, redis_url, tmp_path_factory):
    """deploy/prod on free ports behind nginx; the Server's url is nginx's https address."""
    if postgresql_uri() is None:
        pytest.skip("the production stack runs on PostgreSQL: set FLASK_SQLALCHEMY_DATABASE_URI "
                    "to a PostgreSQL database (.ci/run does)")
    if clock.fixed_today() is not None:
        pytest.skip("the server runs as production does, which refuses THUE_TODAY")
    needed("nginx", "openssl", "soffice")
    folder = tmp_path_factory.mktemp("prod")
    web, https = free_port(), free_port()
    redis = redis_url.rsplit("/", 1)[0]
    env = {**os.environ, "THUE_INSTANCE_PATH": instance_folder,
           "THUE_VENV": str(Path(sys.executable).parent.parent),
           "FLASK_SECRET_KEY": secrets.token_hex(32),
           "FLASK_SQLALCHEMY_DATABASE_URI": postgresql_uri(),
           "FLASK_RATELIMIT_STORAGE_URI": f"{redis}/1", "FLASK_JOBS_BROKER_URL": f"{redis}/2",
           "FLASK_PROXY_FIX_HOPS": "1", "FLASK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
           "THUE_BIND": f"127.0.0.1:{web}", "THUE_WEB_WORKERS": "2", "THUE_JOB_WORKERS": "1"}
    log = folder / "prod.log"
    before = listeners()
    process = subprocess.Popen(["bash", str(ROOT / "deploy" / "prod")], cwd=ROOT, env=env,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    cert, key = self_signed(folder)
    nginx = start_nginx(folder, https, web, cert, key)
    server = Server(f"https://127.0.0.1:{https}", process, log, verify=str(cert))
    try:
        deadline = time.monotonic() + WAIT
        while True:
            assert process.poll() is None, log.read_text(errors="replace")[-4000:]
            try:
                if requests.get(f"{server.url}/accounts/login", verify=server.verify,
                                timeout=30).status_code == 200:
                    break
            except requests.RequestException:  # gunicorn or nginx not answering yet
                pass
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-4000:]
            time.sleep(0.5)
        yield server
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
        stop_group(process)
    # Stopped with SIGTERM, the job worker's processes stopped their LibreOffice too.
    assert listeners() <= before, "a LibreOffice listener outlived the job worker"


def listeners() -> set[int]:
    """The unoserver processes running now."""
    return {int(entry.name) for entry in os.scandir("/proc") if entry.name.isdigit()
            and b"unoserver" in read_quietly(Path(entry.path) / "cmdline")}


def read_quietly(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # gone meanwhile
        return b""


def newest_document(contract_id: int) -> GeneratedDocument:
    db.session.expire_all()
    return db.session.scalars(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract", GeneratedDocument.owner_id == contract_id)
        .order_by(GeneratedDocument.id.desc())).first()


def test_https_all_the_way_with_secure_cookies_and_https_links(stack, contract, people):
    db.session.commit()
    visitor = Visitor(stack, people.staff.email, PASSWORD)
    page = visitor.session.get(f"{stack.url}/contracts/{contract.id}", timeout=60)
    assert page.status_code == 200 and contract.title in page.text
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    assert all(cookie.secure for cookie in visitor.session.cookies)
    api = requests.get(f"{stack.url}/api/v1/services", verify=stack.verify, timeout=60).json()
    assert api["items"] and all(item["url"].startswith("https://127.0.0.1")
                                for item in api["items"])
    plain = requests.get(f"http://127.0.0.1:{stack.url.rsplit(':', 1)[1]}/", timeout=30)
    assert plain.status_code == 400  # nginx answers plain http on its TLS port with a 400


def test_a_generated_contracts_pdf_is_made_by_the_worker_and_downloads_through_nginx(
        stack, contract, people):
    db.session.commit()
    before = newest_document(contract.id)
    visitor = Visitor(stack, people.staff.email, PASSWORD)
    response = visitor.session.post(
        f"{stack.url}/contracts/{contract.id}/generate", allow_redirects=False, timeout=120,
        data={"csrf_token": visitor.token(f"/contracts/{contract.id}")})
    assert response.status_code == 302, response.text[:2000]
    document = newest_document(contract.id)
    assert document.id != before.id
    deadline = time.monotonic() + WAIT
    while document.pdf_sha256 is None:
        assert time.monotonic() < deadline, stack.log.read_text(errors="replace")[-4000:]
        time.sleep(0.5)
        document = newest_document(contract.id)
    pdf = visitor.session.get(f"{stack.url}/contracts/{contract.id}/documents/{document.id}/pdf",
                              timeout=60)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == document.pdf_sha256
    assert pdfa_level(pdf.content) == "2B"
    job = db.session.scalars(select(Job).where(Job.kind == "documents.make_pdf")
                             .order_by(Job.id.desc())).first()
    assert (job.state, job.arguments["document_id"], job.attempts) == ("done", document.id, 1)
    assert job.worker.startswith("thuedv@")  # the worker ran it, not the web request
