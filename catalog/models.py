"""Service categories, services, their archived versions and the search documents."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.sql import in_list
from core.vat import VAT_RATES
from extensions import db

AVAILABILITY_LABELS = {
    "market": "Dịch vụ sẵn có trên thị trường",
    "custom": "Dịch vụ theo yêu cầu riêng của cơ quan",
}


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    retired_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    services: Mapped[list["Service"]] = relationship(back_populates="category")


class Service(db.Model):
    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint("availability IN ('market', 'custom')", name="availability"),
        CheckConstraint("security_level BETWEEN 1 AND 5", name="security_level"),
        CheckConstraint(in_list("usual_vat_rate", VAT_RATES), name="usual_vat_rate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(String(8))
    unit: Mapped[str] = mapped_column(String(60))
    security_level: Mapped[int]
    service_levels: Mapped[list] = mapped_column(JSON, default=list)
    legal_bases: Mapped[list] = mapped_column(JSON, default=list)
    # The VAT rate the service usually carries (domain.md §8: software services are not
    # subject to VAT, hosting and lines 10%): what an average of quotations is priced with,
    # which the agency confirms (plans.quotations.choices).
    usual_vat_rate: Mapped[str] = mapped_column(String(4), default="10", server_default="10")
    # Lower-cased name with and without diacritics: ranking keys for search, kept in
    # columns so the ranking happens in SQL on both databases.
    name_lower: Mapped[str] = mapped_column(String(255), default="")
    name_folded: Mapped[str] = mapped_column(String(255), default="")
    version: Mapped[int] = mapped_column(default=1)
    retired_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    category: Mapped[Category] = relationship(back_populates="services")

    @property
    def availability_label(self) -> str:
        return AVAILABILITY_LABELS[self.availability]

    @property
    def needs_plan(self) -> bool:
        """A service built to the agency's requirements always needs a lease plan."""
        return self.availability == "custom"


class CatalogArchive(db.Model):
    """The previous version of a service or category, kept on every edit."""

    __tablename__ = "catalog_archives"
    __table_args__ = (Index("ix_catalog_archives_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(16))  # service | category
    object_id: Mapped[int]
    version: Mapped[int]
    data: Mapped[dict] = mapped_column(JSON)
    archived_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


SEARCH_KINDS = ("service", "vendor")


class SearchDocument(db.Model):
    """The text of one service or vendor as the database's full-text engine indexes it.

    `name` and `body` are folded words (lower case, no diacritics, đ → d: catalog.search) of
    the name and of the rest; `exact` holds the words of both in lower case as written, each
    after a space, so that matches holding the words as typed (diacritics kept) rank first.
    The index itself is each database's own, made by migration f9a0b1c2d3e4 outside these
    models (catalog.search.include_name): on SQLite an FTS5 table per kind that triggers keep
    in step with this one, on PostgreSQL a generated tsvector column of this table and a GIN
    index per kind over it."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        CheckConstraint(in_list("kind", SEARCH_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int]
    name: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    exact: Mapped[str] = mapped_column(Text, default="")
