"""Word template versions owned by legal drafters, and the immutable generated documents."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from accounts.models import User
from core.clock import utcnow
from extensions import db

# Lazy labels: the page's language, Vietnamese inside a document (core.i18n.in_vietnamese);
# str() them where text is needed (JSON written by hand, the database).
DOCUMENT_KINDS = {"plan": _l("Kế hoạch thuê dịch vụ"), "contract": _l("Hợp đồng thuê dịch vụ")}
DOCUMENT_KINDS.update({  # the five acceptance forms of Circular 23/2020 (domain.md §5)
    "acceptance-1": _l("Biên bản nghiệm thu, bàn giao đưa dịch vụ vào sử dụng"),
    "acceptance-2": _l("Báo cáo tình hình cung cấp dịch vụ trong kỳ"),
    "acceptance-3": _l("Báo cáo theo dõi, giám sát việc cung cấp dịch vụ"),
    "acceptance-4": _l("Biên bản bàn giao dữ liệu"),
    "acceptance-5": _l("Biên bản nghiệm thu kết quả cung cấp dịch vụ trong kỳ"),
})
DOCUMENT_KINDS["amendment"] = _l("Phụ lục hợp đồng")
# The annex of a request for quotations (issue 16, point 4): every quote, the figures and the
# method chosen per line.
DOCUMENT_KINDS["quotations"] = _l("Bảng tổng hợp báo giá")


class DocumentTemplate(db.Model):
    """One version of a pack's Word template; older versions stay for documents that used them."""

    __tablename__ = "document_templates"
    __table_args__ = (
        UniqueConstraint("pack_id", "kind", "version", name="uq_document_templates_version"),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int]
    effective_from: Mapped[date]
    # Built-in versions point into templates/docx/; uploaded ones into instance/templates/.
    path: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A retired version is no longer chosen for new documents; it stays for those made from it.
    retired_on: Mapped[date | None]
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    retired_by: Mapped[User | None] = relationship(foreign_keys=[retired_by_id])

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)


class GeneratedDocument(db.Model):
    """A generated .docx, stored once under its SHA-256 and never changed."""

    __tablename__ = "generated_documents"
    __table_args__ = (Index("ix_generated_documents_owner", "owner_type", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(16))  # plan | contract | amendment | quotations
    owner_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    template_id: Mapped[int] = mapped_column(ForeignKey("document_templates.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Its PDF/A-2b, converted once and stored beside it (documents.renditions); set once, never
    # changed, like the .docx itself.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_size: Mapped[int | None]
    pdf_created_at: Mapped[datetime | None]

    template: Mapped[DocumentTemplate] = relationship()

    @validates("sha256", "pdf_sha256")
    def _set_once(self, key: str, value: str | None) -> str | None:
        """A stored copy never changes: its digest, once recorded, cannot be replaced."""
        recorded = self.__dict__.get(key)  # what is loaded, without a query
        if recorded is not None and value != recorded:
            raise ValueError(f"GeneratedDocument.{key} is recorded once and never changed")
        return value

    @property
    def pdf_name(self) -> str:
        return self.file_name.removesuffix(".docx") + ".pdf"


class LegalInstrument(db.Model):
    """One law, decree, decision, circular or letter the documents cite (issue 12, point 6).

    Seeded from documents/data/instruments.yml; legal drafters edit it afterwards."""

    __tablename__ = "legal_instruments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # Luật, Nghị định, Thông tư...
    number: Mapped[str] = mapped_column(String(60))
    issuer: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    signed_on: Mapped[date | None]
    effective_from: Mapped[date]
    replaced_by_id: Mapped[str | None] = mapped_column(ForeignKey("legal_instruments.id"))
    replaced_from: Mapped[date | None]
    to_confirm: Mapped[bool] = mapped_column(default=False)  # legal drafters must check the dates
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    replaced_by: Mapped["LegalInstrument | None"] = relationship(remote_side=[id])
