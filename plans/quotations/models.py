"""Requests for quotations (yêu cầu báo giá), the vendors' answers and the agency's choices.

An agency asks verified vendors for prices of catalog services before it writes its estimate;
answers stay sealed until the deadline (plans.quotations.rules), are compared after it
(plans.quotations.comparison) and feed the plan's lease-cost lines (plans.quotations.choices).
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import Organisation, User
from catalog.models import Service
from core.clock import utcnow
from core.sql import in_list
from core.vat import VAT_RATES, vat_label
from extensions import db
from plans.models import LeasePlan
from vendors.models import Vendor

# Stored states; "closed" is not stored: an open request is closed once its deadline passed
# (plans.quotations.rules.state_of), so no job has to close it on time.
REQUEST_STATUSES = {"open": _l("Đang nhận báo giá"), "cancelled": _l("Đã hủy")}
REQUEST_STATES = {"open": _l("Đang nhận báo giá"), "closed": _l("Đã hết hạn nhận báo giá"),
                  "cancelled": _l("Đã hủy")}
ANSWER_STATUSES = {"answered": _l("Đã gửi báo giá"), "declined": _l("Từ chối báo giá")}
# How a line's unit price is chosen (plans.quotations.choices). Lazy labels: the annex and
# the plan's price sources read them in Vietnamese (core.i18n.in_vietnamese, text_in).
CHOICE_METHODS = {
    "lowest": _l("Giá chào thấp nhất trong các báo giá hợp lệ"),
    "average": _l("Giá trung bình của các báo giá hợp lệ"),
    "vendor": _l("Báo giá của nhà cung cấp được chọn"),
    "prior_award": _l("Đơn giá của hợp đồng đã ký trước đó"),
    "listed_price": _l("Giá niêm yết của nhà cung cấp"),
}
QUOTE_METHODS = ("lowest", "average", "vendor")  # priced from the request's valid quotes
REFERENCE_METHODS = ("prior_award", "listed_price")  # from a figure of plans.price_sources
NEEDS_REASON = ("vendor", *REFERENCE_METHODS)  # the agency writes why (choices, its form)


class QuotationRequest(db.Model):
    """An agency's request for quotations on one or more catalog services."""

    __tablename__ = "quotation_requests"
    __table_args__ = (
        CheckConstraint(in_list("status", REQUEST_STATUSES), name="status"),
        CheckConstraint("security_level IS NULL OR security_level BETWEEN 1 AND 5",
                        name="security_level"),
        Index("ix_quotation_requests_org_status", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("lease_plans.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(255))
    # The legal basis that sets the minimum of valid answers (the plan's, else the one in
    # force on the day the request was made).
    pack_id: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(255), default="")  # place of delivery
    deadline: Mapped[datetime] = mapped_column(index=True)  # naive UTC, as every timestamp
    security_level: Mapped[int | None]
    service_levels: Mapped[list] = mapped_column(JSON, default=list)  # [{name, target, measure}]
    notes: Mapped[str] = mapped_column(Text, default="")
    # True: every verified vendor with a published offering of one of the services is invited
    # (again on each amendment); False: only the vendors the agency chose.
    invite_all: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)  # raised by every amendment or extension
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    plan: Mapped[LeasePlan | None] = relationship()
    created_by: Mapped[User] = relationship()
    lines: Mapped[list["QuotationRequestLine"]] = relationship(
        back_populates="request", order_by="QuotationRequestLine.position",
        cascade="all, delete-orphan")
    invitations: Mapped[list["QuotationInvitation"]] = relationship(
        back_populates="request", order_by="QuotationInvitation.id", cascade="all, delete-orphan")
    answers: Mapped[list["QuotationAnswer"]] = relationship(
        back_populates="request", order_by="QuotationAnswer.id", cascade="all, delete-orphan")

    @property
    def code(self) -> str:
        """How pages, e-mails and the annex name the request: "YCBG-2026-0012"."""
        return f"YCBG-{self.created_at.year if self.created_at else ''}-{self.id or 0:04d}"


class QuotationRequestLine(db.Model):
    """One service asked for: quantity of its unit over a number of months."""

    __tablename__ = "quotation_request_lines"
    __table_args__ = (CheckConstraint("quantity >= 1 AND months >= 1", name="positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_requests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    unit: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int]
    months: Mapped[int]
    specification: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[QuotationRequest] = relationship(back_populates="lines")
    service: Mapped[Service] = relationship()


class QuotationInvitation(db.Model):
    """A vendor asked to answer: it sees the request in its queue and may answer it."""

    __tablename__ = "quotation_invitations"
    __table_args__ = (UniqueConstraint("request_id", "vendor_id",
                                       name="uq_quotation_invitations_vendor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_requests.id", ondelete="CASCADE"), index=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[QuotationRequest] = relationship(back_populates="invitations")
    vendor: Mapped[Vendor] = relationship()


class QuotationAnswer(db.Model):
    """One vendor's answer (a quotation or a decline), revised in place until the deadline;
    each revision is in the audit trail with what changed."""

    __tablename__ = "quotation_answers"
    __table_args__ = (
        UniqueConstraint("request_id", "vendor_id", name="uq_quotation_answers_vendor"),
        CheckConstraint(in_list("status", ANSWER_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_requests.id", ondelete="CASCADE"), index=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="answered")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    # Given after the deadline: kept, shown, never counted as valid.
    late: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(default=1)
    # The signed quotation (PDF), stored by its SHA-256 through core.files.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_name: Mapped[str] = mapped_column(String(255), default="")
    pdf_size: Mapped[int | None]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    request: Mapped[QuotationRequest] = relationship(back_populates="answers")
    vendor: Mapped[Vendor] = relationship()
    lines: Mapped[list["QuotationAnswerLine"]] = relationship(
        back_populates="answer", order_by="QuotationAnswerLine.id", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return str(ANSWER_STATUSES[self.status])


class QuotationAnswerLine(db.Model):
    """A vendor's price for one line of the request, before VAT, with its VAT rate."""

    __tablename__ = "quotation_answer_lines"
    __table_args__ = (
        UniqueConstraint("answer_id", "request_line_id", name="uq_quotation_answer_lines_line"),
        CheckConstraint("unit_price >= 0", name="unit_price"),
        CheckConstraint(in_list("vat_rate", VAT_RATES), name="vat_rate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_answers.id", ondelete="CASCADE"), index=True)
    request_line_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_request_lines.id", ondelete="CASCADE"))
    unit_price: Mapped[int] = mapped_column(BigInteger)  # whole đồng, before VAT
    vat_rate: Mapped[str] = mapped_column(String(4))
    valid_until: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")

    answer: Mapped[QuotationAnswer] = relationship(back_populates="lines")
    request_line: Mapped[QuotationRequestLine] = relationship()

    @property
    def vat_label(self) -> str:
        return vat_label(self.vat_rate)


class QuotationChoice(db.Model):
    """How the agency priced one line of a closed request for its plan, and why."""

    __tablename__ = "quotation_choices"
    __table_args__ = (
        CheckConstraint(in_list("method", CHOICE_METHODS), name="method"),
        CheckConstraint(in_list("vat_rate", VAT_RATES), name="vat_rate"),
        CheckConstraint("unit_price >= 0", name="unit_price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_line_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_request_lines.id", ondelete="CASCADE"), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("lease_plans.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"))  # method "vendor"
    # For prior awards and listed prices: the reference figure chosen, as it was shown
    # ({source, label, unit_price, vat_rate, date, ...}: plans.price_sources.ReferencePrice).
    reference: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")
    unit_price: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[str] = mapped_column(String(4))
    valid_count: Mapped[int] = mapped_column(default=0)  # valid answers when chosen
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)

    request_line: Mapped[QuotationRequestLine] = relationship()
    vendor: Mapped[Vendor | None] = relationship()

    @property
    def method_label(self) -> str:
        return str(CHOICE_METHODS[self.method])
