"""Render and convert many contracts on the job worker: `python -m bench.jobs`.

What issue 14 asks to report: the time to render N contracts' .docx (`render-all`, as jobs)
and to have every one of them converted to PDF/A by the job worker's warm LibreOffice, with
W worker processes, and the peak memory of the worker's processes and their listeners. Needs
an empty PostgreSQL database in FLASK_SQLALCHEMY_DATABASE_URI (SQLite takes one writer at a
time) and Debian's redis-server (one is started on a free port). Not in CI: it takes minutes.

The data set is the bench's, small (the catalog, agencies, vendors); its first finished
contract is copied as N drafts, so every document is a real contract of the data set.
"""
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import click
from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_rss(root: int) -> int:
    """Resident bytes of a process and every descendant, listeners included (their own
    sessions, but still descendants), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                parent = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE")


def drafts(count: int) -> int:
    """`count` draft copies of the data set's first finished contract; their number."""
    from contracts.models.contract import Contract, ContractLine
    from extensions import db

    model = db.session.scalar(select(Contract).where(Contract.step == 5)
                              .order_by(Contract.id).limit(1))
    if model is None:
        raise click.ClickException("Bộ dữ liệu không có hợp đồng nào đủ các bước.")
    columns = {c.key: getattr(model, c.key) for c in Contract.__table__.columns
               if c.key not in ("id",)}
    columns.update(status="draft", number=None, number_year=None, number_seq=None)
    lines = [{c.key: getattr(line, c.key) for c in ContractLine.__table__.columns
              if c.key not in ("id", "contract_id")} for line in model.lines]
    first = (db.session.scalar(select(func.max(Contract.id))) or 0) + 1
    for offset in range(count):
        contract_id = first + offset
        db.session.execute(insert(Contract).values(id=contract_id, **columns))
        for line in lines:
            db.session.execute(insert(ContractLine).values(contract_id=contract_id, **line))
    db.session.commit()
    return count


@click.command()
@click.option("--contracts", "count", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Job worker processes (each with its own warm LibreOffice).")
@click.option("--scale", type=float, default=0.01, show_default=True)
def main(count: int, workers: int, scale: float) -> None:
    """Render COUNT draft contracts with render-all and wait for every PDF/A."""
    from flask_migrate import upgrade

    from app import create_app
    from bench import dataset
    from documents.models import GeneratedDocument
    from extensions import db

    uri = os.environ.get("FLASK_SQLALCHEMY_DATABASE_URI", "")
    if not uri.startswith("postgresql") or shutil.which("redis-server") is None:
        raise click.ClickException("Cần FLASK_SQLALCHEMY_DATABASE_URI trỏ tới một cơ sở dữ liệu "
                                   "PostgreSQL trống và redis-server (Debian).")
    work = Path(tempfile.mkdtemp(prefix="thue-bench-jobs-"))
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                              "--save", "", "--dir", str(work)], stdout=subprocess.DEVNULL)
    env = {**os.environ, "THUE_INSTANCE_PATH": str(work / "instance"),
           "FLASK_SECRET_KEY": secrets.token_hex(16),
           "FLASK_JOBS_BROKER_URL": f"redis://127.0.0.1:{port}/0"}
    os.environ.update(env)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri})
    worker = None
    try:
        with app.app_context():
            upgrade()
            dataset.build(scale)
            drafts(count)
            db.session.remove()
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker", "-c",
             str(workers), "-l", "WARNING"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT)
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], tree_rss(worker.pid))
                time.sleep(0.2)
        threading.Thread(target=sample, daemon=True).start()
        time.sleep(8)  # the worker's processes started; their listeners start with a first PDF
        with app.app_context():
            before = db.session.scalar(select(func.max(GeneratedDocument.id))) or 0
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "contracts", "render-all",
                        "--limit", str(count), "--jobs", str(2 * workers)], cwd=ROOT, env=env,
                       check=True)
        rendered = time.perf_counter() - started
        with app.app_context():
            while True:
                made, converted = db.session.execute(select(
                    func.count(GeneratedDocument.id), func.count(GeneratedDocument.pdf_sha256))
                    .where(GeneratedDocument.id > before)).one()
                if converted == made:
                    break
                db.session.rollback()
                time.sleep(1)
        total = time.perf_counter() - started
        done.set()
        click.echo(f"{made} hợp đồng, {workers} tiến trình xử lý: tạo .docx {rendered:.1f} s, "
                   f"tạo .docx và PDF/A {total:.1f} s ({total / max(made, 1):.3f} s mỗi hợp đồng); "
                   f"bộ nhớ cao nhất của tiến trình xử lý và LibreOffice: "
                   f"{peak[0] / 2**20:.0f} MB.")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        redis.terminate()
        redis.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
