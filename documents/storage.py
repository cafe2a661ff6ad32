"""Template versions and generated documents on disk: written atomically, named by SHA-256."""
import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import User
from accounts.audit import record_event
from catalog.legal_bases import legal_bases
from core import clock
from core.errors import Refused
from core.files import store, stored_path, write_atomically
from core.formats import dmy
from documents.engine import KINDS, TEMPLATE_ROOT
from documents.models import DocumentTemplate, GeneratedDocument
from documents.template_check import validate_template
from extensions import db

BUILTIN_DIR = TEMPLATE_ROOT
BUILTIN_NOTE = "Mẫu gốc kèm theo hệ thống"
# Sent with each newly recorded GeneratedDocument: documents.renditions asks for its PDF, so
# every kind, today's and any added later, gets one.
document_stored = Namespace().signal("document-stored")


class TemplateRejected(Refused):
    """An uploaded template failed its checks; `errors` says why, in Vietnamese."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors), "file")
        self.errors = errors


class DocumentFrozen(Refused):
    """A signed text: its document is never generated again (issue 12, point 1)."""


# (owner type, kind) -> why that owner's document of that kind may no longer be stored, or
# None. A higher package registers the rule for what it owns (contracts: a signed contract or
# amendment); store_document asks before every write, so no path can replace a signed text.
_FREEZES: dict[tuple[str, str], Callable[[int], str | None]] = {}


def register_freeze(owner_type: str, kind: str, reason: Callable[[int], str | None]) -> None:
    """Say when an owner's document of a kind is frozen: `reason(owner_id)` is why, or None."""
    _FREEZES[(owner_type, kind)] = reason


def refuse_if_frozen(owner_type: str, owner_id: int, kind: str) -> None:
    """Raise DocumentFrozen, with the registered reason, when this document may not change."""
    rule = _FREEZES.get((owner_type, kind))
    if rule and (why := rule(owner_id)):
        raise DocumentFrozen(why)


def template_path(template: DocumentTemplate) -> Path:
    """Where a template version's .docx lives."""
    if template.path.startswith("builtin:"):
        return BUILTIN_DIR / template.path.removeprefix("builtin:")
    return Path(current_app.instance_path) / "templates" / template.path


def _unregistered_builtins() -> list[DocumentTemplate]:
    """The shipped templates not yet recorded, as version 1 of their pack and kind (unsaved)."""
    have = set(db.session.execute(select(DocumentTemplate.pack_id, DocumentTemplate.kind)))
    found = []
    for pack_id, basis in legal_bases().items():
        for kind in KINDS:
            path = BUILTIN_DIR / pack_id / f"{kind}.docx"
            if (pack_id, kind) in have or not path.exists():
                continue
            found.append(DocumentTemplate(
                pack_id=pack_id, kind=kind, version=1, effective_from=basis["effective_from"],
                path=f"builtin:{pack_id}/{kind}.docx",
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(), notes=BUILTIN_NOTE))
    return found


def ensure_builtin_templates() -> int:
    """Record the shipped templates as version 1 of each pack and kind; returns how many."""
    found = _unregistered_builtins()
    db.session.add_all(found)
    db.session.flush()
    return len(found)


def template_versions() -> list[DocumentTemplate]:
    """Every template version by pack, kind and newest version first, the shipped ones that no
    document has used yet included (without recording them: reading never writes)."""
    versions = list(db.session.scalars(
        # The uploader may be the signed-in user: refreshed with its organisation, so the menu
        # does not query it again while the page renders.
        select(DocumentTemplate).options(
            selectinload(DocumentTemplate.uploaded_by).joinedload(User.organisation))
        .execution_options(populate_existing=True)))
    versions += _unregistered_builtins()
    return sorted(versions, key=lambda t: (t.pack_id, t.kind, -t.version))


def template_for(pack_id: str, kind: str, day: date) -> DocumentTemplate:
    """The newest version in effect on a day, else the oldest (a document dated before it);
    retired versions are left out while any other is left."""
    ensure_builtin_templates()
    versions = list(db.session.scalars(
        select(DocumentTemplate)
        .where(DocumentTemplate.pack_id == pack_id, DocumentTemplate.kind == kind)
        .order_by(DocumentTemplate.version)
    ))
    if not versions:
        raise LookupError(_("Chưa có mẫu %(kind)s cho căn cứ %(pack)s.", kind=kind, pack=pack_id))
    versions = [t for t in versions if t.retired_on is None] or versions
    in_effect = [t for t in versions if t.effective_from <= day]
    return in_effect[-1] if in_effect else versions[0]


def upload_template(
    pack_id: str, kind: str, data: bytes, effective_from: date, notes: str, *, actor: User
) -> DocumentTemplate:
    """Check a legal drafter's template against the preview data, then add it as a new version."""
    if pack_id not in legal_bases() or kind not in KINDS:
        raise TemplateRejected([_("Căn cứ pháp lý hoặc loại văn bản không hợp lệ.")])
    if effective_from < clock.today():
        # A version never applies before the day it was uploaded (issue 12, point 2).
        raise TemplateRejected([_("Ngày áp dụng %(day)s đã qua: phiên bản mới chỉ áp dụng từ "
                                  "hôm nay (%(today)s) trở đi.", day=dmy(effective_from),
                                  today=dmy(clock.today()))])
    errors = validate_template(data, kind)
    if errors:
        raise TemplateRejected(errors)
    ensure_builtin_templates()
    last = db.session.scalar(select(func.max(DocumentTemplate.version)).where(
        DocumentTemplate.pack_id == pack_id, DocumentTemplate.kind == kind)) or 0
    sha = hashlib.sha256(data).hexdigest()
    write_atomically(Path(current_app.instance_path) / "templates" / f"{sha}.docx", data)
    template = DocumentTemplate(pack_id=pack_id, kind=kind, version=last + 1,
                                effective_from=effective_from, path=f"{sha}.docx", sha256=sha,
                                notes=notes.strip(), uploaded_by_id=actor.id)
    db.session.add(template)
    db.session.flush()
    record_event("template.upload", "template", template.id, user=actor,
                 summary=f"Tải lên mẫu {kind} {pack_id} phiên bản {template.version}")
    return template


def store_document(
    owner_type: str, owner_id: int, kind: str, template: DocumentTemplate, data: bytes,
    file_name: str, *, actor: User | None = None,
) -> GeneratedDocument:
    """Keep a generated document once under its SHA-256 and record it; refused once the
    owner's text of this kind is frozen (signed)."""
    refuse_if_frozen(owner_type, owner_id, kind)
    sha, size = store(data, generated_folder(), ".docx")
    document = GeneratedDocument(owner_type=owner_type, owner_id=owner_id, kind=kind,
                                 template_id=template.id, file_name=file_name, sha256=sha,
                                 size=size, created_by_id=actor.id if actor else None)
    db.session.add(document)
    db.session.flush()
    document_stored.send(document)
    return document


def latest_unchanged(owner_type: str, owner_id: int, template: DocumentTemplate,
                     data: bytes) -> GeneratedDocument | None:
    """The owner's latest document when it is this very text from this template: regenerating
    what did not change keeps one record of it instead of a new copy."""
    latest = next(iter(documents_of(owner_type, owner_id)), None)
    if latest is not None and latest.template_id == template.id \
            and latest.sha256 == hashlib.sha256(data).hexdigest():
        return latest
    return None


def generated_folder() -> Path:
    """Where generated documents and their PDFs are stored, each under its SHA-256."""
    return Path(current_app.instance_path) / "generated"


def read_document(document: GeneratedDocument) -> bytes:
    """The stored bytes of a generated document."""
    return stored_path(generated_folder(), document.sha256, ".docx").read_bytes()


def documents_of(owner_type: str, owner_id: int) -> list[GeneratedDocument]:
    """Generated documents of a plan or contract, newest first."""
    return list(db.session.scalars(
        select(GeneratedDocument).options(joinedload(GeneratedDocument.template))
        .where(GeneratedDocument.owner_type == owner_type, GeneratedDocument.owner_id == owner_id)
        .order_by(GeneratedDocument.id.desc())
    ))
