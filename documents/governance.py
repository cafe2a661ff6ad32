"""What legal drafters do with template versions besides uploading: read any version, preview
it with sample data, compare it with the version before, retire it (issue 12, point 2)."""
from __future__ import annotations

import difflib
import io

import docx
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.audit import record_event
from accounts.models import User
from core import clock
from core.errors import Refused
from core.formats import dmy
from documents import storage
from documents.engine import render_docx
from documents.models import DocumentTemplate
from documents.preview import PREVIEWS
from extensions import db


def template_bytes(template: DocumentTemplate) -> bytes:
    """The .docx of a version, as uploaded or shipped."""
    return storage.template_path(template).read_bytes()


def download_name(template: DocumentTemplate) -> str:
    return f"mau-{template.pack_id}-{template.kind}-v{template.version}.docx"


def preview(template: DocumentTemplate) -> bytes:
    """The version rendered with its kind's sample data, dated on the day it takes effect."""
    context = dict(PREVIEWS[template.kind])
    context["document"] = {**context["document"], "date": template.effective_from}
    return render_docx(storage.template_path(template), context)


def text_of(data: bytes) -> list[str]:
    """The paragraphs of a .docx, tables row by row (cells joined by " | "), for comparing."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter(f"{{{block.nsmap['w']}}}t")))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            for row in table.rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
    return [line for line in lines if line.strip()]


def previous_version(template: DocumentTemplate) -> DocumentTemplate | None:
    """The version of the same pack and kind just before this one."""
    return db.session.scalar(
        select(DocumentTemplate)
        .where(DocumentTemplate.pack_id == template.pack_id,
               DocumentTemplate.kind == template.kind,
               DocumentTemplate.version < template.version)
        .order_by(DocumentTemplate.version.desc()).limit(1))


def difference(template: DocumentTemplate) -> tuple[DocumentTemplate | None, list[str]]:
    """The version before and the unified text difference from it ("+", "-", " ", "@@")."""
    before = previous_version(template)
    if before is None:
        return None, []
    diff = difflib.unified_diff(text_of(template_bytes(before)), text_of(template_bytes(template)),
                                f"v{before.version}", f"v{template.version}", lineterm="", n=2)
    return before, list(diff)[2:]  # the two file-name lines say nothing the page does not


def retire(template: DocumentTemplate, *, actor: User) -> None:
    """Stop choosing a version for new documents; the documents made from it keep it."""
    if template.retired_on is not None:
        raise Refused(_("Phiên bản %(version)s đã ngừng áp dụng từ %(day)s.",
                        version=template.version, day=dmy(template.retired_on)))
    others = db.session.scalar(
        select(db.func.count()).select_from(DocumentTemplate)
        .where(DocumentTemplate.pack_id == template.pack_id,
               DocumentTemplate.kind == template.kind, DocumentTemplate.id != template.id,
               DocumentTemplate.retired_on.is_(None)))
    if not others:
        raise Refused(_("Đây là phiên bản duy nhất còn áp dụng của loại văn bản này; hãy tải "
                        "lên phiên bản thay thế trước khi ngừng áp dụng."))
    template.retired_on, template.retired_by_id = clock.today(), actor.id
    db.session.flush()
    record_event("template.retire", "template", template.id, user=actor,
                 summary=f"Ngừng áp dụng mẫu {template.kind} {template.pack_id} phiên bản "
                         f"{template.version}",
                 changes={"retired_on": [None, template.retired_on.isoformat()]})


def find_version(pack_id: str, kind: str, version: int, *, record: bool = False
                 ) -> DocumentTemplate | None:
    """A version by pack, kind and number, a shipped one not yet recorded included (recorded
    first when `record`, for a change)."""
    if record:
        storage.ensure_builtin_templates()
    found = db.session.scalar(select(DocumentTemplate).where(
        DocumentTemplate.pack_id == pack_id, DocumentTemplate.kind == kind,
        DocumentTemplate.version == version))
    if found is None and not record:
        found = next((t for t in storage.template_versions() if t.id is None
                      and (t.pack_id, t.kind, t.version) == (pack_id, kind, version)), None)
    return found
