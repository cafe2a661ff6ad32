"""Vendor registry operations for pages, API and CLI alike: they flush, never commit."""
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from accounts.models import Province, User
from accounts.audit import diff_fields, record_event
from accounts.services import create_organisation, create_user
from accounts.tax_code import normalize_tax_code, tax_code_error
from catalog import search
from catalog.models import Service
from core import clock, files
from core.clock import utcnow
from core.errors import Refused
from core.service_levels import measure_problem
from extensions import db
from vendors.models import (CERTIFICATION_FIELDS, OFFERING_FIELDS, PROFILE_FIELDS, Certification,
                            Offering, OfferingArchive, Vendor)
from vendors.rules import price_rule_error

MAX_COMPARE = 6


class VendorError(Refused):
    """A refused vendor operation; `field` names the form field at fault, if any."""


def upload_folder() -> Path:
    """Where certification PDFs live: <instance>/uploads/<sha256>.pdf."""
    return Path(current_app.instance_path) / "uploads"


def certification_path(cert: Certification) -> Path:
    """The stored PDF of a certification."""
    return files.stored_path(upload_folder(), cert.file_sha256, ".pdf")


# --- vendors -------------------------------------------------------------------------------

def get_vendor(tax_code: str, *, certifications: bool = False) -> Vendor | None:
    """The vendor with this tax code, whatever its status."""
    stmt = (select(Vendor).where(Vendor.tax_code == normalize_tax_code(tax_code))
            .options(joinedload(Vendor.province)))
    if certifications:  # the vendor's page lists them
        stmt = stmt.options(selectinload(Vendor.certifications)).execution_options(
            populate_existing=True)
    return db.session.scalar(stmt)


def vendor_for_user(user: User, *, profile: bool = False) -> Vendor | None:
    """The vendor a user works for, or None for anyone else; with `profile`, its certifications
    and offerings too (the profile page lists them)."""
    if not user.is_authenticated or user.role != "vendor_staff":
        return None
    stmt = (select(Vendor).where(Vendor.organisation_id == user.organisation_id)
            .options(joinedload(Vendor.province)))
    if profile:
        stmt = stmt.options(selectinload(Vendor.certifications),
                            selectinload(Vendor.offerings).joinedload(Offering.service)
                            ).execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def get_province(code: str) -> Province | None:
    """The provincial-level unit with this code."""
    return db.session.scalar(select(Province).where(Province.code == code))


def vendor_snapshot(vendor: Vendor) -> dict[str, Any]:
    """A plain-dict copy of a vendor's profile, for audit diffs."""
    data = {f: getattr(vendor, f) for f in PROFILE_FIELDS if f != "province"}
    data.update(tax_code=vendor.tax_code, status=vendor.status,
                province=vendor.province.code if vendor.province else None)
    return data


def _reindex(vendor: Vendor) -> None:
    vendor.name_lower = search.lower(vendor.legal_name)
    vendor.name_folded = " ".join(search.words(vendor.legal_name))
    search.index_object("vendor", vendor.id,
                        [vendor.legal_name, vendor.short_name, vendor.tax_code],
                        [vendor.address, vendor.province.name if vendor.province else None])


def _sync_organisation(vendor: Vendor) -> None:
    org = vendor.organisation
    org.name, org.short_name = vendor.legal_name, vendor.short_name
    org.address, org.province = vendor.address, vendor.province


def register_vendor(profile: dict[str, Any], user_fields: dict[str, str]) -> tuple[Vendor, User]:
    """Create the vendor's organisation, its pending record and its first vendor_staff user."""
    tax_code = normalize_tax_code(profile["tax_code"])
    if problem := tax_code_error(tax_code):
        raise VendorError(problem, "tax_code")
    if get_vendor(tax_code) is not None:
        raise VendorError(f"Mã số thuế {tax_code} đã được đăng ký.", "tax_code")
    org = create_organisation("vendor", profile["legal_name"])
    vendor = Vendor(organisation=org, tax_code=tax_code, status="pending",
                    **{f: profile.get(f) for f in PROFILE_FIELDS})
    _sync_organisation(vendor)
    db.session.add(vendor)
    try:
        db.session.flush()
    except IntegrityError:  # the same tax code registered a moment ago, in another request
        raise VendorError(f"Mã số thuế {tax_code} đã được đăng ký.", "tax_code") from None
    user = create_user(user_fields["email"], user_fields["name"], user_fields["password"],
                       "vendor_staff", org)
    _reindex(vendor)
    record_event("vendor.register", "vendor", tax_code, user=user,
                 summary=f"Đăng ký nhà cung cấp {vendor.legal_name}",
                 changes=diff_fields({}, vendor_snapshot(vendor)))
    return vendor, user


def update_vendor(vendor: Vendor, data: dict[str, Any], *, actor: User | None = None) -> bool:
    """Edit a profile; a rejected vendor is resubmitted, a renamed verified one re-checked."""
    before = vendor_snapshot(vendor)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(vendor, field, data[field])
    # Admins verified the legal name against the tax code; a new name needs a new check.
    if vendor.status == "rejected" or (
            vendor.status == "verified" and vendor.legal_name != before["legal_name"]):
        vendor.status, vendor.submitted_at, vendor.reviewed_at = "pending", utcnow(), None
    changes = diff_fields(before, vendor_snapshot(vendor))
    if not changes:
        return False
    _sync_organisation(vendor)
    db.session.flush()
    _reindex(vendor)
    resubmitted = changes.get("status", [None, None])[1] == "pending"
    record_event("vendor.resubmit" if resubmitted else "vendor.update", "vendor",
                 vendor.tax_code, user=actor, changes=changes,
                 summary=f"{'Gửi lại' if resubmitted else 'Sửa'} hồ sơ {vendor.legal_name}")
    return True


def verify_vendor(vendor: Vendor, *, actor: User | None = None) -> None:
    """Mark a pending vendor verified: it appears in the public directory."""
    if vendor.status != "pending":
        raise VendorError("Chỉ xác minh được hồ sơ đang chờ xác minh.")
    vendor.status, vendor.reviewed_at, vendor.rejection_reason = "verified", utcnow(), None
    record_event("vendor.verify", "vendor", vendor.tax_code, user=actor,
                 summary=f"Xác minh nhà cung cấp {vendor.legal_name}",
                 changes={"status": ["pending", "verified"]})


def reject_vendor(vendor: Vendor, reason: str, *, actor: User | None = None) -> None:
    """Refuse a pending vendor with a reason the vendor will read."""
    reason = (reason or "").strip()
    if not reason:
        raise VendorError("Vui lòng nêu lý do từ chối để doanh nghiệp biết cần sửa gì.", "reason")
    if vendor.status != "pending":
        raise VendorError("Chỉ từ chối được hồ sơ đang chờ xác minh.")
    vendor.status, vendor.reviewed_at, vendor.rejection_reason = "rejected", utcnow(), reason
    record_event("vendor.reject", "vendor", vendor.tax_code, user=actor,
                 summary=f"Từ chối nhà cung cấp {vendor.legal_name}: {reason}",
                 changes={"status": ["pending", "rejected"], "rejection_reason": [None, reason]})


def vendors_by_status(status: str) -> Select:
    """Vendors of one status, oldest submission first (the admin's queue)."""
    return (select(Vendor).where(Vendor.status == status).options(joinedload(Vendor.province))
            .order_by(Vendor.submitted_at, Vendor.id))


def vendor_query(q: str = "", service: Service | None = None, category=None,
                 province: Province | None = None) -> Select:
    """Verified vendors matching a Vietnamese query and filters, best matches first."""
    stmt = select(Vendor).where(Vendor.status == "verified")
    if province is not None:
        stmt = stmt.where(Vendor.province_id == province.id)
    if service is not None or category is not None:
        offered = (select(Offering.vendor_id).join(Offering.service)
                   .where(Offering.status == "published", Service.retired_at.is_(None)))
        if service is not None:
            offered = offered.where(Offering.service_id == service.id)
        if category is not None:
            offered = offered.where(Service.category_id == category.id)
        stmt = stmt.where(Vendor.id.in_(offered))
    if q and q.strip():
        stmt = search.matching(stmt, "vendor", Vendor.id, q)
    return stmt.order_by(Vendor.name_folded, Vendor.id)


def vendor_users(vendor: Vendor) -> list[User]:
    """The vendor's own user accounts."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == vendor.organisation_id).order_by(User.id)))


def add_vendor_user(vendor: Vendor, name: str, email: str, password: str, *,
                    actor: User | None = None) -> User:
    """Add another vendor_staff user to the vendor (raises AccountError when refused)."""
    return create_user(email, name, password, "vendor_staff", vendor.organisation, actor=actor)


# --- certifications ------------------------------------------------------------------------

def add_certification(vendor: Vendor, data: dict[str, Any], pdf: bytes, file_name: str, *,
                      actor: User | None = None) -> Certification:
    """Store the PDF by its SHA-256 and record the certification."""
    if data["expires_on"] <= data["issued_on"]:
        raise VendorError("Ngày hết hạn phải sau ngày cấp.", "expires_on")
    digest, size = files.store(pdf, upload_folder(), ".pdf")
    cert = Certification(vendor=vendor, file_sha256=digest, file_size=size,
                         file_name=file_name[:255] or "chung-chi.pdf",
                         **{f: data[f] for f in CERTIFICATION_FIELDS})
    db.session.add(cert)
    db.session.flush()
    record_event("certification.create", "certification", cert.id, user=actor,
                 summary=f"Thêm chứng chỉ {cert.kind_label} số {cert.number} – {vendor.legal_name}",
                 changes=diff_fields({}, certification_snapshot(cert)))
    return cert


def certification_snapshot(cert: Certification) -> dict[str, Any]:
    """A plain-dict copy of a certification (dates as ISO text)."""
    data = {f: getattr(cert, f) for f in CERTIFICATION_FIELDS}
    data.update(issued_on=cert.issued_on.isoformat(), expires_on=cert.expires_on.isoformat(),
                file_sha256=cert.file_sha256, file_size=cert.file_size)
    return data


def delete_certification(cert: Certification, *, actor: User | None = None) -> None:
    """Remove a certification; its stored PDF stays, as every stored copy is immutable."""
    record_event("certification.delete", "certification", cert.id, user=actor,
                 summary=f"Xóa chứng chỉ {cert.kind_label} số {cert.number}",
                 changes=diff_fields(certification_snapshot(cert), {}))
    db.session.delete(cert)
    db.session.flush()


def expiring_certifications(days: int, day: date | None = None
                            ) -> tuple[list[Certification], list[Certification]]:
    """Certifications expiring within `days` from `day`, and those already expired."""
    day = day or clock.today()
    stmt = select(Certification).join(Certification.vendor).order_by(
        Certification.expires_on, Vendor.name_folded)
    expiring = db.session.scalars(stmt.where(
        Certification.expires_on >= day, Certification.expires_on <= day + timedelta(days=days)))
    expired = db.session.scalars(stmt.where(Certification.expires_on < day))
    return list(expiring), list(expired)


def valid_certifications(vendor: Vendor, day: date | None = None) -> list[Certification]:
    """The vendor's certifications that have not expired."""
    day = day or clock.today()
    return [c for c in vendor.certifications if not c.expired_on(day)]


# --- offerings -----------------------------------------------------------------------------

def offering_snapshot(offering: Offering) -> dict[str, Any]:
    """A plain-dict copy of an offering, for archives and audit diffs."""
    data = {f: getattr(offering, f) for f in OFFERING_FIELDS if f != "service"}
    data.update(service=offering.service.code if offering.service else None,
                service_levels=[dict(item) for item in offering.service_levels or []],
                status=offering.status)
    return data


def _check_offering(data: dict[str, Any]) -> None:
    service = data["service"]
    if service is None or service.retired_at is not None:
        raise VendorError("Dịch vụ này không còn trong danh mục.", "service")
    if data.get("price_public") and data.get("unit_price") is None:
        raise VendorError("Nhập đơn giá trước khi chọn công khai giá.", "unit_price")
    if problem := price_rule_error(data.get("common_software", False), data.get("unit_price"),
                                   data.get("price_public", False)):
        raise VendorError(problem, "price_public")
    if problem := measure_problem(data.get("service_levels") or []):
        raise VendorError(problem, "service_levels")


def _archive(offering: Offering, data: dict, actor: User | None) -> None:
    db.session.add(OfferingArchive(offering_id=offering.id, version=offering.version, data=data,
                                   archived_by_id=actor.id if actor else None))
    offering.version += 1


def create_offering(vendor: Vendor, data: dict[str, Any], *,
                    actor: User | None = None) -> Offering:
    """Create a draft offering from validated data (service given as a Service)."""
    _check_offering(data)
    offering = Offering(vendor=vendor, status="draft", **{f: data[f] for f in OFFERING_FIELDS})
    db.session.add(offering)
    db.session.flush()
    record_event("offering.create", "offering", offering.id, user=actor,
                 summary=f"Thêm gói dịch vụ {offering.service.code} – {vendor.legal_name}",
                 changes=diff_fields({}, offering_snapshot(offering)))
    return offering


def update_offering(offering: Offering, data: dict[str, Any], *,
                    actor: User | None = None) -> bool:
    """Apply changes, archiving the previous version; False when nothing changed."""
    merged = {f: data.get(f, getattr(offering, f)) for f in OFFERING_FIELDS}
    _check_offering(merged)
    before = offering_snapshot(offering)
    after = dict(before, **{f: merged[f] for f in OFFERING_FIELDS if f != "service"},
                 service=merged["service"].code)
    changes = diff_fields(before, after)
    if not changes:
        return False
    _archive(offering, before, actor)
    for field in OFFERING_FIELDS:
        setattr(offering, field, merged[field])
    db.session.flush()
    record_event("offering.update", "offering", offering.id, user=actor, changes=changes,
                 summary=f"Sửa gói dịch vụ {offering.service.code}")
    return True


def set_offering_published(offering: Offering, published: bool, *,
                           actor: User | None = None) -> bool:
    """Publish a draft or take it back to draft; False when already in that state."""
    if (offering.status == "published") == published:
        return False
    if published:
        _check_offering({f: getattr(offering, f) for f in OFFERING_FIELDS})
    _archive(offering, offering_snapshot(offering), actor)
    offering.status = "published" if published else "draft"
    offering.published_at = utcnow() if published else None
    action, verb = ("offering.publish", "Công bố") if published else ("offering.unpublish", "Gỡ")
    record_event(action, "offering", offering.id, user=actor,
                 summary=f"{verb} gói dịch vụ {offering.service.code}")
    return True


def offering_history(offering: Offering) -> list[OfferingArchive]:
    """Archived versions of an offering, newest first."""
    return list(db.session.scalars(
        select(OfferingArchive).where(OfferingArchive.offering_id == offering.id)
        .order_by(OfferingArchive.version.desc())))


def public_offerings() -> Select:
    """Published offerings of verified vendors for services still in the catalog."""
    return (select(Offering).join(Offering.vendor).join(Offering.service)
            .where(Offering.status == "published", Vendor.status == "verified",
                   Service.retired_at.is_(None)))


def listed_offerings() -> Select:
    """Public offerings with a price their vendor published: the listed prices (plans)."""
    return public_offerings().where(Offering.price_public.is_(True),
                                    Offering.unit_price.is_not(None))


def service_offerings_query(service: Service) -> Select:
    """Public offerings for one catalog service (their vendor loaded), by vendor name."""
    return (public_offerings().where(Offering.service_id == service.id)
            .options(contains_eager(Offering.vendor))
            .order_by(Vendor.name_folded, Offering.id))


def service_offerings(service: Service) -> list[Offering]:
    """Every public offering for one catalog service, by vendor name."""
    return list(db.session.scalars(service_offerings_query(service)))


def vendor_public_offerings(vendor: Vendor) -> list[Offering]:
    """A verified vendor's public offerings, by service code."""
    return list(db.session.scalars(public_offerings().where(Offering.vendor_id == vendor.id)
                                   .options(contains_eager(Offering.service))
                                   .order_by(Service.code, Offering.id)))


def compare_offerings(service: Service, ids: list[int]) -> list[Offering]:
    """The chosen public offerings of one service, at most MAX_COMPARE."""
    if not ids:
        return []
    return list(db.session.scalars(
        public_offerings().where(Offering.service_id == service.id, Offering.id.in_(ids))
        .options(contains_eager(Offering.vendor).selectinload(Vendor.certifications))
        .order_by(Vendor.name_folded, Offering.id).limit(MAX_COMPARE)))


def published_service_codes(vendor_ids: list[int]) -> dict[int, list[str]]:
    """For each vendor, the codes of services it publicly offers, in one query."""
    codes: dict[int, set[str]] = {vid: set() for vid in vendor_ids}
    if vendor_ids:
        # Retired services are skipped here rather than in SQL: given "retired_at IS NULL",
        # SQLite without statistics starts from the services index and reads every offering.
        rows = db.session.execute(
            select(Offering.vendor_id, Service.code, Service.retired_at).join(Offering.service)
            .where(Offering.vendor_id.in_(vendor_ids), Offering.status == "published"))
        for vendor_id, code, retired_at in rows:
            if retired_at is None:
                codes[vendor_id].add(code)
    return {vid: sorted(found) for vid, found in codes.items()}
