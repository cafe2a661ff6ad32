"""`flask contracts ...`: contracts from the terminal, with the same services as the pages."""
import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from contracts import tasks
from contracts.models.contract import CONTRACT_STATUSES, Contract
from contracts.services.document import generate_contract_document
from contracts.services.lifecycle import expire_due
from core import clock, jobs
from core.cli import renamed
from documents import storage
from documents.cli import documents_cli, render_to
from documents.instruments import ensure_instruments
from extensions import db
from plans.cli import plans_cli

contracts_cli = click.Group("contracts", help="Kế hoạch thuê và hợp đồng thuê dịch vụ.")


@contracts_cli.command("render")
@click.argument("contract_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def render_contract(contract_id: int, out: Path) -> None:
    """Generate contract ID's .docx and write it to --out."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise click.ClickException(f"Không có hợp đồng số hiệu {contract_id}.")
    render_to(out, lambda: generate_contract_document(contract))


# Moved to `flask documents templates` and `flask plans render`; the old names keep working
# (docs/architecture.md).
contracts_cli.add_command(renamed(documents_cli.commands["templates"], "documents templates"))
_old_plans = click.Group("plans", help="Tên cũ của `flask plans`.")
_old_plans.add_command(renamed(plans_cli.commands["render"], "plans render"))
contracts_cli.add_command(_old_plans)


@contracts_cli.command("remind")
@click.option("--days", type=click.IntRange(1, 3650), default=90, show_default=True,
              help="Báo hợp đồng hết hạn trong số ngày tới.")
@click.option("--timeout", type=click.IntRange(min=1), default=600, show_default=True,
              help="Chờ công việc nhắc việc xong nhiều nhất bấy nhiêu giây.")
@with_appcontext
def remind(days: int, timeout: int) -> None:
    """Print, per agency, contracts expiring within --days and overdue acceptances (worked out
    by a job, which will also e-mail them)."""
    job_id = jobs.enqueue(tasks.reminders, days=days).id
    db.session.commit()  # sent now
    try:
        row = jobs.wait(job_id, timeout=timeout)
    except TimeoutError:
        raise click.ClickException(
            f"Công việc nhắc việc #{job_id} chưa xong sau {timeout} giây: tiến trình xử lý "
            f"(`flask jobs worker`) có đang chạy không? Xem: flask jobs show {job_id}") from None
    if row.state != "done":
        raise click.ClickException(row.message or "Công việc nhắc việc không hoàn thành.")
    for line in row.result["lines"]:
        click.echo(line)


@contracts_cli.command("expire-due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Ngày tính (mặc định hôm nay), dạng YYYY-MM-DD.")
@with_appcontext
def expire_due_command(today) -> None:
    """Mark expired every active contract whose lease has ended (run daily from cron)."""
    expired = expire_due(today.date() if today else clock.today())
    db.session.commit()
    for contract in expired:
        click.echo(f"Hết hạn: hợp đồng {contract.number} (#{contract.id})")
    click.echo(f"Đã ghi nhận hết hạn {len(expired)} hợp đồng.")


# --- render-all: many contracts, as jobs the workers share -------------------------------------

QUIET_SECONDS = 15  # all queued this long: say that a worker is needed
POLL_SECONDS = 0.3


def _outcomes(row: jobs.Job, chunk: list[int]):
    """(contract id, (outcome, message)) for each contract of a finished chunk job."""
    if row.state == "done":
        for contract_id in chunk:
            outcome, message = row.result["outcomes"][str(contract_id)]
            yield contract_id, (outcome, message)
        return
    why = row.message or "Công việc tạo văn bản không hoàn thành."
    for contract_id in chunk:
        yield contract_id, ("failed", f"{why} ({row.error})" if row.error else why)


def _render_in_jobs(chunks: list[list[int]], in_flight: int, bar):
    """Yield (contract id, outcome) as the chunk jobs finish, at most `in_flight` of them queued
    or running at once; `bar` follows the contracts done, as the jobs report them."""
    waiting, running, shown = list(chunks), {}, {}
    quiet_since, hinted = time.monotonic(), False
    while waiting or running:
        while waiting and len(running) < in_flight:
            chunk = waiting.pop(0)
            running[jobs.enqueue(tasks.render_documents, total=len(chunk),
                                 contract_ids=chunk).id] = chunk
            db.session.commit()  # sent now (and, when eager, run now)
        rows = jobs.fresh(running)
        for job_id, row in rows.items():
            count = len(running[job_id]) if row.finished else row.progress_done
            bar.update(count - shown.get(job_id, 0))
            shown[job_id] = count
            if row.finished:
                yield from _outcomes(row, running.pop(job_id))
        if any(row.state != "queued" for row in rows.values()):
            quiet_since = time.monotonic()
        elif running and not hinted and time.monotonic() - quiet_since > QUIET_SECONDS:
            click.echo("\nĐang chờ tiến trình xử lý nhận việc: hãy chạy `flask jobs worker`.",
                       err=True)
            hinted = True
        if running:
            time.sleep(POLL_SECONDS)


@contracts_cli.command("render-all")
@click.option("--status", "statuses", multiple=True, type=click.Choice(list(CONTRACT_STATUSES)),
              help="Chỉ các hợp đồng ở trạng thái này (lặp lại để chọn nhiều); mặc định các bản "
                   "nháp, vì chỉ bản nháp mới được tạo lại văn bản.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Nhiều nhất bấy nhiêu hợp đồng (theo số hiệu tăng dần).")
@click.option("--jobs", "in_flight", type=click.IntRange(min=1), default=1, show_default=True,
              help="Số phần việc (mỗi phần tối đa 20 hợp đồng) gửi vào hàng đợi cùng lúc; các "
                   "tiến trình xử lý (`flask jobs worker`) chạy chúng song song.")
@with_appcontext
def render_all(statuses: tuple[str, ...], limit: int | None, in_flight: int) -> None:
    """(Re)generate the documents of many draft contracts, as jobs in the queue; the contracts
    whose text may not be generated (signed, in review, unfinished) are listed as skipped with
    the reason, failures are listed, and neither stops the run.

    Exits with status 1 when any contract failed.
    """
    query = (select(Contract.id).where(Contract.status.in_(statuses or ("draft",)))
             .order_by(Contract.id))
    contract_ids = list(db.session.scalars(query.limit(limit) if limit else query))
    # What every document needs is recorded once, before the jobs could race to record it.
    storage.ensure_builtin_templates()
    ensure_instruments()
    db.session.commit()
    started = time.perf_counter()
    size = max(1, min(20, len(contract_ids) // (in_flight * 4)))
    chunks = [contract_ids[i:i + size] for i in range(0, len(contract_ids), size)]
    outcomes = {"done": [], "skipped": [], "failed": []}
    with click.progressbar(length=len(contract_ids), label="Tạo văn bản hợp đồng") as bar:
        for contract_id, (outcome, message) in _render_in_jobs(chunks, in_flight, bar):
            outcomes[outcome].append((contract_id, message))
    seconds = time.perf_counter() - started
    for contract_id, why in sorted(outcomes["skipped"]):
        click.echo(f"Bỏ qua – hợp đồng #{contract_id}: {why}")
    for contract_id, error in sorted(outcomes["failed"]):
        click.echo(f"Lỗi – hợp đồng #{contract_id}: {error}", err=True)
    click.echo(f"Xong: {len(outcomes['done'])} hợp đồng đã tạo văn bản, "
               f"{len(outcomes['skipped'])} bỏ qua, {len(outcomes['failed'])} lỗi, "
               f"{seconds:.1f} giây.")
    if outcomes["failed"]:
        raise SystemExit(1)
