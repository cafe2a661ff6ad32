"""`flask contracts ...`: contracts from the terminal, with the same services as the pages."""
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from contracts.models.contract import CONTRACT_STATUSES, Contract
from contracts.services.dashboard import reminder_lines
from contracts.services.document import generate_contract_document
from contracts.services.lifecycle import expire_due
from core import clock
from core.cli import renamed
from core.errors import Refused
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
@with_appcontext
def remind(days: int) -> None:
    """Print, per agency, contracts expiring within --days and overdue acceptances."""
    for line in reminder_lines(days):
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


# --- render-all: many contracts, optionally in parallel processes ----------------------------

_worker_app = None  # each render-all worker process keeps its own application and session


def _render_one(contract_id: int) -> tuple[str, str | None]:
    """Generate one contract's document and commit it: ("done", None), ("skipped", why) when
    the contract's text may not be generated now (signed, in review, unfinished), or
    ("failed", the Vietnamese error)."""
    try:
        contract = db.session.get(Contract, contract_id)
        if contract is None:
            return "failed", "Không còn hợp đồng này trong cơ sở dữ liệu."
        generate_contract_document(contract)
        db.session.commit()
        return "done", None
    except Refused as error:
        db.session.rollback()
        return "skipped", str(error)
    except Exception as error:  # noqa: BLE001 - one bad contract must not stop the others
        db.session.rollback()
        return "failed", f"Lỗi khi tạo văn bản ({type(error).__name__}: {error})."
    finally:
        db.session.expunge_all()  # keep the session small over thousands of contracts


def _init_worker(config: dict, instance_path: str) -> None:
    """Build this worker process's own application, as `flask --app app` does, and enter it."""
    global _worker_app
    os.environ["THUE_INSTANCE_PATH"] = instance_path
    from app import create_app

    _worker_app = create_app(config)
    _worker_app.app_context().push()


def _render_chunk(contract_ids: list[int]) -> list[tuple[int, tuple[str, str | None]]]:
    """A worker's share: (contract id, outcome) for each contract."""
    return [(contract_id, _render_one(contract_id)) for contract_id in contract_ids]


def _render_in_processes(contract_ids: list[int], jobs: int):
    """Yield (contract id, outcome) as worker processes finish their chunks."""
    config = {key: current_app.config[key]
              for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "TESTING")}
    # No pooled connection may cross into the workers: each opens its own.
    db.session.remove()
    db.engine.dispose()
    size = max(1, min(20, len(contract_ids) // (jobs * 4)))
    chunks = [contract_ids[i:i + size] for i in range(0, len(contract_ids), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker,
                             initargs=(config, current_app.instance_path)) as pool:
        futures = {pool.submit(_render_chunk, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                yield from future.result()
            except Exception as error:  # noqa: BLE001 - a dead worker fails its chunk only
                for contract_id in futures[future]:
                    yield contract_id, ("failed", f"Tiến trình tạo văn bản bị lỗi ({error}).")


@contracts_cli.command("render-all")
@click.option("--status", "statuses", multiple=True, type=click.Choice(list(CONTRACT_STATUSES)),
              help="Chỉ các hợp đồng ở trạng thái này (lặp lại để chọn nhiều); mặc định các bản "
                   "nháp, vì chỉ bản nháp mới được tạo lại văn bản.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Nhiều nhất bấy nhiêu hợp đồng (theo số hiệu tăng dần).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Số tiến trình chạy song song.")
@with_appcontext
def render_all(statuses: tuple[str, ...], limit: int | None, jobs: int) -> None:
    """(Re)generate the documents of many draft contracts; the contracts whose text may not be
    generated (signed, in review, unfinished) are listed as skipped with the reason, failures
    are listed, and neither stops the run.

    Exits with status 1 when any contract failed.
    """
    query = (select(Contract.id).where(Contract.status.in_(statuses or ("draft",)))
             .order_by(Contract.id))
    contract_ids = list(db.session.scalars(query.limit(limit) if limit else query))
    # What every document needs is recorded once, before workers could race to record it.
    storage.ensure_builtin_templates()
    ensure_instruments()
    db.session.commit()
    started = time.perf_counter()
    results = (_render_in_processes(contract_ids, jobs) if jobs > 1 and len(contract_ids) > 1
               else ((contract_id, _render_one(contract_id)) for contract_id in contract_ids))
    outcomes = {"done": [], "skipped": [], "failed": []}
    with click.progressbar(length=len(contract_ids), label="Tạo văn bản hợp đồng") as bar:
        for contract_id, (outcome, message) in results:
            bar.update(1)
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
