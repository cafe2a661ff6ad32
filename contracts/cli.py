"""`flask contracts ...`: render documents from the terminal with the same services."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from contracts.services import contracts as contract_service
from contracts.services import storage
from extensions import db

contracts_cli = click.Group("contracts", help="Kế hoạch thuê và hợp đồng thuê dịch vụ.")
plans_cli = click.Group("plans", help="Kế hoạch thuê dịch vụ CNTT.")
contracts_cli.add_command(plans_cli)


def _write(document, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    storage.write_atomically(out, storage.read_document(document))
    click.echo(f"Đã ghi {out} ({document.size} byte, SHA-256 {document.sha256}).")


@contracts_cli.command("render")
@click.argument("contract_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def render_contract(contract_id: int, out: Path) -> None:
    """Generate contract ID's .docx and write it to --out."""
    from contracts.models.contract import Contract
    from contracts.services.generation import generate_contract_document

    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise click.ClickException(f"Không có hợp đồng số hiệu {contract_id}.")
    try:
        document = generate_contract_document(contract)
    except contract_service.ContractError as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    db.session.commit()
    _write(document, out)


@plans_cli.command("render")
@click.argument("plan_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def render_plan(plan_id: int, out: Path) -> None:
    """Generate lease plan ID's .docx and write it to --out."""
    from contracts.models.plan import LeasePlan
    from contracts.services.plan_costs import PlanError
    from contracts.services.plans import generate_plan_document

    plan = db.session.get(LeasePlan, plan_id)
    if plan is None:
        raise click.ClickException(f"Không có kế hoạch số hiệu {plan_id}.")
    try:
        document = generate_plan_document(plan)
    except PlanError as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    db.session.commit()
    _write(document, out)


@contracts_cli.command("templates")
@with_appcontext
def list_templates() -> None:
    """List the template versions of every pack."""
    from sqlalchemy import select

    from contracts.models.document import DocumentTemplate

    storage.ensure_builtin_templates()
    db.session.commit()
    rows = db.session.scalars(select(DocumentTemplate).order_by(
        DocumentTemplate.pack_id, DocumentTemplate.kind, DocumentTemplate.version))
    for t in rows:
        click.echo(f"{t.pack_id}\t{t.kind}\tv{t.version}\ttừ {t.effective_from:%d/%m/%Y}\t"
                   f"{t.sha256[:12]}")


@contracts_cli.command("remind")
@click.option("--days", type=click.IntRange(1, 3650), default=90, show_default=True,
              help="Báo hợp đồng hết hạn trong số ngày tới.")
@with_appcontext
def remind(days: int) -> None:
    """Print, per agency, contracts expiring within --days and overdue acceptances."""
    from contracts.services.dashboard import reminder_lines

    for line in reminder_lines(days):
        click.echo(line)


@contracts_cli.command("expire-due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Ngày tính (mặc định hôm nay), dạng YYYY-MM-DD.")
@with_appcontext
def expire_due_command(today) -> None:
    """Mark expired every active contract whose lease has ended (run daily from cron)."""
    from datetime import date

    from contracts.services.lifecycle import expire_due

    expired = expire_due(today.date() if today else date.today())
    db.session.commit()
    for contract in expired:
        click.echo(f"Hết hạn: hợp đồng {contract.number} (#{contract.id})")
    click.echo(f"Đã ghi nhận hết hạn {len(expired)} hợp đồng.")
