"""What the vendor registry contributes to the work queue (accounts.work) and the notices it
sends: vendors awaiting verification for administrators, certificates expiring for vendors."""
from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts import notices, work
from accounts.models import User
from core import clock
from core.formats import dmy
from extensions import db
from vendors.models import CERTIFICATION_KINDS, Certification, Vendor

CERTIFICATE_DAYS = 30  # a certificate this close to its end is in the vendor's queue
QUEUE_LIMIT = 200  # a section lists at most this many items

VERIFY = notices.register_kind("vendor.awaiting_verification",
                               _l("Doanh nghiệp mới đăng ký chờ xác minh"), "admin")
EXPIRING = notices.register_kind("vendor.certificate_expiring",
                                 _l("Chứng chỉ của doanh nghiệp sắp hết hạn"), "vendor_staff")


@work.section("vendors.verification", _l("Doanh nghiệp chờ xác minh"), "admin", position=10)
def awaiting_verification(user: User) -> list[work.WorkItem]:
    """Registered vendors not yet verified nor rejected, oldest first."""
    pending = db.session.scalars(select(Vendor).where(Vendor.status == "pending")
                                 .order_by(Vendor.submitted_at, Vendor.id).limit(QUEUE_LIMIT))
    return [work.WorkItem(_("%(name)s (MST %(tax_code)s)", name=vendor.legal_name,
                            tax_code=vendor.tax_code),
                          url_for("vendors.admin_verify", tax_code=vendor.tax_code),
                          since=vendor.submitted_at) for vendor in pending]


def expiring_of(organisation_id: int | None, day: date, days: int = CERTIFICATE_DAYS,
                ended_since: date | None = None) -> list[Certification]:
    """Certificates ending within `days` of `day` or already ended (since `ended_since`, if
    given), of one vendor's organisation (every vendor with None), soonest first."""
    query = (select(Certification).join(Certification.vendor)
             .where(Certification.expires_on <= day + timedelta(days=days))
             .order_by(Certification.expires_on, Certification.id))
    if organisation_id is not None:
        query = query.where(Vendor.organisation_id == organisation_id)
    if ended_since is not None:
        query = query.where(Certification.expires_on >= ended_since)
    return list(db.session.scalars(query.limit(QUEUE_LIMIT)))


def _describe(cert: Certification, day: date) -> tuple[str, bool]:
    """The certificate's line (lazy: a notice is written in each recipient's language)."""
    ended = cert.expires_on < day
    values = {"kind": CERTIFICATION_KINDS[cert.kind], "number": cert.number,
              "day": dmy(cert.expires_on)}
    if ended:
        return _l("%(kind)s số %(number)s đã hết hạn ngày %(day)s", **values), ended
    return _l("%(kind)s số %(number)s hết hạn ngày %(day)s", **values), ended


@work.section("vendors.certificates", _l("Chứng chỉ sắp hết hạn"), "vendor_staff", position=60)
def certificates_expiring(user: User) -> list[work.WorkItem]:
    """The user's company's certificates ending within CERTIFICATE_DAYS, or ended."""
    day, items = clock.today(), []
    for cert in expiring_of(user.organisation_id, day):
        title, ended = _describe(cert, day)
        items.append(work.WorkItem(title, url_for("vendors.profile"),
                                   since=cert.expires_on - timedelta(days=CERTIFICATE_DAYS),
                                   overdue=ended))
    return items


def tell_admins_of(vendor: Vendor) -> None:
    """A vendor registered: every administrator is told (once per vendor)."""
    notices.notify(notices.recipients("admin"), VERIFY.name,
                   _l("Doanh nghiệp %(name)s chờ xác minh", name=vendor.legal_name),
                   _l("Doanh nghiệp %(name)s (mã số thuế %(tax_code)s) đã đăng ký và chờ xác "
                      "minh hồ sơ.", name=vendor.legal_name, tax_code=vendor.tax_code),
                   url_for("vendors.admin_verify", tax_code=vendor.tax_code),
                   key=f"vendor:{vendor.id}:registered")


def remind_expiring(days: int, day: date | None = None) -> int:
    """The daily reminder (`flask vendors expiring`): each vendor's staff are told of each
    certificate ending within `days` or ended, once per certificate and day. How many
    notices were added. One ended more than CERTIFICATE_DAYS ago is no longer reminded of
    (it stays in the vendor's queue)."""
    day, added = day or clock.today(), 0
    recent = day - timedelta(days=CERTIFICATE_DAYS)
    for cert in expiring_of(None, day, days, ended_since=recent):
        title, _ended = _describe(cert, day)
        staff = notices.recipients("vendor_staff", organisation_id=cert.vendor.organisation_id)
        added += len(notices.notify(
            staff, EXPIRING.name, title,
            _l("%(title)s. Hãy cập nhật chứng chỉ mới trong hồ sơ doanh nghiệp để tiếp tục đủ "
               "điều kiện cung cấp dịch vụ.", title=title), url_for("vendors.profile"),
            key=f"certificate:{cert.id}:expiring:{day.isoformat()}"))
    return added
