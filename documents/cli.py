"""`flask documents ...`: the Word template versions from the terminal."""
import click
from flask.cli import with_appcontext

from documents import storage

documents_cli = click.Group("documents", help="Mẫu văn bản Word và văn bản đã tạo.")


@documents_cli.command("templates")
@with_appcontext
def list_templates() -> None:
    """List the template versions of every pack (the shipped ones included)."""
    for t in sorted(storage.template_versions(), key=lambda t: (t.pack_id, t.kind, t.version)):
        click.echo(f"{t.pack_id}\t{t.kind}\tv{t.version}\ttừ {t.effective_from:%d/%m/%Y}\t"
                   f"{t.sha256[:12]}")
