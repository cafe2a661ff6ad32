"""`flask plans ...`: lease plans from the terminal, with the same services as the pages."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from documents.cli import render_to
from extensions import db
from plans.document import generate_plan_document
from plans.models import LeasePlan

plans_cli = click.Group("plans", help="Kế hoạch thuê dịch vụ CNTT.")


@plans_cli.command("render")
@click.argument("plan_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def render_plan(plan_id: int, out: Path) -> None:
    """Generate lease plan ID's .docx and write it to --out."""
    plan = db.session.get(LeasePlan, plan_id)
    if plan is None:
        raise click.ClickException(f"Không có kế hoạch số hiệu {plan_id}.")
    render_to(out, lambda: generate_plan_document(plan))
