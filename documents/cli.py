"""`flask documents ...`: the Word template versions from the terminal, and how every render
command writes its document."""
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import with_appcontext

from core.errors import Refused
from core.files import write_atomically
from documents import storage
from documents.models import GeneratedDocument
from extensions import db

documents_cli = click.Group("documents", help="Mẫu văn bản Word và văn bản đã tạo.")


def render_to(out: Path, generate: Callable[[], GeneratedDocument]) -> None:
    """A render command's work: generate (and store) a document, commit, copy it to `out` and
    say where it went; a refusal (a signed text, an unfinished draft) is the command's error."""
    try:
        document = generate()
    except Refused as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    db.session.commit()
    write_atomically(out, storage.read_document(document))
    click.echo(f"Đã ghi {out} ({document.size} byte, SHA-256 {document.sha256}).")


@documents_cli.command("templates")
@with_appcontext
def list_templates() -> None:
    """List the template versions of every pack (the shipped ones included)."""
    for t in sorted(storage.template_versions(), key=lambda t: (t.pack_id, t.kind, t.version)):
        click.echo(f"{t.pack_id}\t{t.kind}\tv{t.version}\ttừ {t.effective_from:%d/%m/%Y}\t"
                   f"{t.sha256[:12]}")
