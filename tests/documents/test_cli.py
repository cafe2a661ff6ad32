"""`flask documents templates` lists every template version; the old name still works."""
from sqlalchemy import func, select

from documents.models import DOCUMENT_KINDS, DocumentTemplate
from documents.preview import PREVIEWS
from extensions import db


def test_every_kind_of_document_has_its_preview_data():
    assert set(PREVIEWS) == set(DOCUMENT_KINDS)


def test_the_shipped_templates_are_listed_without_writing_anything(runner):
    result = runner.invoke(args=["documents", "templates"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3 * len(DOCUMENT_KINDS)
    assert lines[0].startswith("nd224-2026\tacceptance-1\tv1\ttừ 01/07/2026\t")
    assert db.session.scalar(select(func.count()).select_from(DocumentTemplate)) == 0


def test_the_old_command_name_prints_the_new_one_and_lists_the_same(runner):
    new = runner.invoke(args=["documents", "templates"])
    old = runner.invoke(args=["contracts", "templates"])
    assert old.exit_code == 0 and old.stdout == new.stdout
    assert "hãy dùng `flask documents templates`" in old.stderr
