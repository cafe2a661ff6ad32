"""Vendors, their certifications and offerings, and archived offering versions."""
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import Organisation, Province
from catalog.models import Service
from core.clock import utcnow
from core.money import format_vnd
from core.sql import in_list
from core.vat import VAT_RATES, vat_label
from extensions import db

VENDOR_STATUSES = {"pending": _l("Chờ xác minh"), "verified": _l("Đã xác minh"),
                   "rejected": _l("Bị từ chối")}
CERTIFICATION_KINDS = {
    "iso27001": "ISO/IEC 27001",
    "iso9001": "ISO 9001",
    "iso20000": "ISO/IEC 20000-1",
    "attt": _l("Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng"),
    "other": _l("Khác"),
}
OFFERING_STATUSES = {"draft": _l("Bản nháp"), "published": _l("Đã công bố")}
PRICE_ON_REQUEST = _l("Giá liên hệ")
# What a vendor's profile, offering and certification hold (forms, services, snapshots).
PROFILE_FIELDS = (
    "legal_name", "short_name", "address", "province", "phone", "email", "website",
    "representative", "representative_position", "bank_account", "bank_name",
)
OFFERING_FIELDS = (
    "service", "description", "service_levels", "hosting_location", "security_level", "unit",
    "min_term_months", "unit_price", "vat_rate", "price_public", "common_software",
)
CERTIFICATION_FIELDS = ("kind", "number", "issuer", "issued_on", "expires_on")
# The labels above are lazy; the models' *_label properties give them as text in the language
# of the moment (a page's, or Vietnamese outside requests).


def format_dong(amount: int) -> str:
    """1250000 → "1.250.000 đồng" (in the page's language)."""
    return _("%(amount)s đồng", amount=format_vnd(amount))


class Vendor(db.Model):
    """An enterprise ready to lease IT services; public only once verified."""

    __tablename__ = "vendors"
    __table_args__ = (
        CheckConstraint(in_list("status", VENDOR_STATUSES), name="status"),
        # The public directory's order (verified vendors by folded name): its first pages read
        # 20 index entries instead of sorting every verified vendor. Also serves status alone.
        Index("ix_vendors_status_name", "status", "name_folded", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    legal_name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(255))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(255))
    representative: Mapped[str] = mapped_column(String(120))
    representative_position: Mapped[str] = mapped_column(String(120))
    bank_account: Mapped[str | None] = mapped_column(String(30))
    bank_name: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]
    # Ranking keys for search, as on catalog services.
    name_lower: Mapped[str] = mapped_column(String(255), default="")
    name_folded: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    province: Mapped[Province] = relationship()
    certifications: Mapped[list["Certification"]] = relationship(
        back_populates="vendor", order_by="Certification.expires_on")
    offerings: Mapped[list["Offering"]] = relationship(
        back_populates="vendor", order_by="Offering.id")

    @property
    def status_label(self) -> str:
        return str(VENDOR_STATUSES[self.status])

    @property
    def is_verified(self) -> bool:
        return self.status == "verified"


class Certification(db.Model):
    """A certificate or licence with its PDF copy, stored by SHA-256."""

    __tablename__ = "certifications"
    __table_args__ = (
        CheckConstraint(in_list("kind", CERTIFICATION_KINDS), name="kind"),
        CheckConstraint("expires_on > issued_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(80))
    issuer: Mapped[str] = mapped_column(String(255))
    issued_on: Mapped[date]
    expires_on: Mapped[date] = mapped_column(index=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="certifications")

    @property
    def kind_label(self) -> str:
        return str(CERTIFICATION_KINDS[self.kind])

    def expired_on(self, day: date) -> bool:
        """True once the expiry date has passed (valid through its last day)."""
        return self.expires_on < day


class Offering(db.Model):
    """A vendor's offer for one catalog service; a draft until published."""

    __tablename__ = "offerings"
    __table_args__ = (
        CheckConstraint(in_list("status", OFFERING_STATUSES), name="status"),
        CheckConstraint(in_list("vat_rate", VAT_RATES), name="vat_rate"),
        CheckConstraint("security_level BETWEEN 1 AND 5", name="security_level"),
        CheckConstraint("min_term_months >= 1", name="min_term_months"),
        CheckConstraint("unit_price IS NULL OR unit_price >= 0", name="unit_price"),
        Index("ix_offerings_service_status", "service_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    description: Mapped[str] = mapped_column(Text)
    service_levels: Mapped[list] = mapped_column(JSON, default=list)
    hosting_location: Mapped[str] = mapped_column(String(255))
    security_level: Mapped[int]
    unit: Mapped[str] = mapped_column(String(60))
    min_term_months: Mapped[int]
    unit_price: Mapped[int | None] = mapped_column(BigInteger)  # whole đồng, before VAT
    vat_rate: Mapped[str] = mapped_column(String(4))
    price_public: Mapped[bool] = mapped_column(default=False)
    common_software: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    published_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="offerings")
    service: Mapped[Service] = relationship()

    @property
    def status_label(self) -> str:
        return str(OFFERING_STATUSES[self.status])

    @property
    def vat_label(self) -> str:
        return vat_label(self.vat_rate)

    @property
    def public_price(self) -> int | None:
        """The price anyone may see: None unless the vendor chose to publish it."""
        return self.unit_price if self.price_public else None

    @property
    def public_price_label(self) -> str:
        """What public pages print; the only price attribute they may use."""
        price = self.public_price
        return str(PRICE_ON_REQUEST) if price is None else format_dong(price)

    @property
    def own_price_label(self) -> str:
        """What the vendor itself sees on its own pages."""
        return _("Chưa nhập giá") if self.unit_price is None else format_dong(self.unit_price)


class OfferingArchive(db.Model):
    """The previous version of an offering, kept on every change."""

    __tablename__ = "offering_archives"

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id"), index=True)
    version: Mapped[int]
    data: Mapped[dict] = mapped_column(JSON)
    archived_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PendingRegistration(db.Model):
    """A registration waiting for its e-mail to be confirmed: the form, the password's hash,
    the digest of the link's token (never the token), and when it expires or was used."""

    __tablename__ = "pending_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    consumed_at: Mapped[datetime | None]
