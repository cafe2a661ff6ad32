"""`flask jobs ...`: the worker that runs the jobs, and a job's state from the terminal."""
import json
import os

import click
from flask import current_app
from flask.cli import with_appcontext

from core import jobs
from core.jobs.worker import run_worker
from extensions import db

jobs_cli = click.Group("jobs", help="Hàng đợi công việc chạy nền (Celery).")


@jobs_cli.command("worker")
@click.option("--concurrency", "-c", type=click.IntRange(min=1), default=None,
              help="Số tiến trình xử lý song song (mặc định: 1 với SQLite, vì SQLite chỉ ghi "
                   "một giao dịch mỗi lúc; số CPU với cơ sở dữ liệu khác).")
@click.option("--name", "-n", "node", default="thuedv@%h", show_default=True,
              help="Tên của tiến trình xử lý; mỗi tiến trình trên một máy cần một tên riêng "
                   "(%h là tên máy).")
@click.option("--loglevel", "-l", default="INFO", show_default=True)
@click.option("--pool", type=click.Choice(["prefork", "solo", "threads"]), default="prefork",
              show_default=True)
@with_appcontext
def worker(concurrency: int | None, node: str, loglevel: str, pool: str) -> None:
    """Run jobs from the queue (JOBS_BROKER_URL) until stopped (SIGTERM or Ctrl+C)."""
    app = current_app._get_current_object()
    if jobs.runtime(app).eager:
        raise click.ClickException("JOBS_EAGER đang bật: công việc chạy ngay trong yêu cầu, "
                                   "không cần tiến trình xử lý.")
    if concurrency is None:
        concurrency = 1 if db.engine.dialect.name == "sqlite" else (os.cpu_count() or 1)
    run_worker(app, node=node, concurrency=concurrency, loglevel=loglevel, pool=pool)


@jobs_cli.command("show")
@click.argument("job_id", type=int)
@with_appcontext
def show(job_id: int) -> None:
    """Print job JOB_ID's state, progress, message and result."""
    row = jobs.get(job_id)
    if row is None:
        raise click.ClickException(f"Không có công việc số {job_id}.")
    total = "?" if row.progress_total is None else row.progress_total
    click.echo(f"Công việc #{row.id} – {jobs.label_of(row)}: {row.state_label} "
               f"({row.progress_done}/{total}), lần chạy {row.attempts}.")
    if row.message:
        click.echo(row.message)
    if row.error:
        click.echo(f"Lỗi: {row.error}", err=True)
    if row.result:
        click.echo(json.dumps(row.result, ensure_ascii=False, indent=2))
