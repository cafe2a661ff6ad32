"""Lease contracts built by the wizard, their price lines and the per-agency numbering."""
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, BigInteger, CheckConstraint, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import Organisation, User
from core.clock import utcnow
from core.sql import in_list
from core.vat import VAT_RATES
from documents.models import DocumentTemplate
from extensions import db
from vendors.models import Offering, Vendor

if TYPE_CHECKING:
    from contracts.models.lifecycle import ContractLifecycle
    from plans.models import LeasePlan

CONTRACT_STATUSES = {
    "draft": _l("Bản nháp"),
    "review": _l("Đang rà soát pháp lý"),
    "approved": _l("Đã phê duyệt"),
    "signed": _l("Đã ký"),
    "active": _l("Đang thực hiện"),
    "expired": _l("Đã hết hạn"),
    "terminated": _l("Đã chấm dứt"),
    "refused": _l("Không phê duyệt"),  # final: the approver refused it (no number is given)
}
# The states the rules group, each named once: the services, pages and OCDS all use these.
RUNNING = ("signed", "active")  # the lease is on: periods accepted and paid, amendments made
SIGNED = ("signed", "active", "expired", "terminated")  # ever signed: open data, documents
SPENDING = ("signed", "active", "expired")  # the value the agency spends (not terminated)
# Labels lazy: documents read them inside core.i18n.in_vietnamese, pages in their language.
SCHEDULES = {"monthly": _l("Hằng tháng"), "quarterly": _l("Hằng quý"),
             "milestone": _l("Theo mốc")}
# What a priced line and a party block hold.
LINE_FIELDS = ("name", "unit", "quantity", "months", "unit_price", "vat_rate", "billing",
               "billed_month")
# How a line is billed: spread evenly over every period, or once, in the period holding the
# lease month it occurs in (a setup fee in month 1, a data handover in the last month).
BILLINGS = {"periodic": _l("Chia đều các kỳ"), "once": _l("Một lần")}
LINE_DEFAULTS = {"billing": "periodic", "billed_month": 1}


def line_values(line) -> dict:
    """A priced line's LINE_FIELDS from a ContractLine or a dict; terms saved before lines had
    a billing (an amendment's JSON) read as periodic."""
    get = line.get if isinstance(line, dict) else lambda key: getattr(line, key, None)
    values = {key: get(key) for key in LINE_FIELDS}
    for key, default in LINE_DEFAULTS.items():
        if values[key] is None:
            values[key] = default
    return values


# A party block as the contract prints it, every field needed before review
# (contracts.services.parties); the wizard's PartyForm shows the same labels.
PARTY_LABELS = {"name": _l("Tên đơn vị"), "address": _l("Địa chỉ"), "phone": _l("Điện thoại"),
                "email": _l("Thư điện tử"), "tax_code": _l("Mã số thuế"),
                "account": _l("Số tài khoản"), "bank": _l("Mở tại (ngân hàng, kho bạc)"),
                "representative": _l("Người đại diện"), "position": _l("Chức vụ")}
PARTY_FIELDS = tuple(PARTY_LABELS)
# Bên A, a state agency, also gives its budget-relation code (paid through the State Treasury).
AGENCY_PARTY_FIELDS = (*PARTY_FIELDS, "budget_code")
WIZARD_STEPS = (
    ("offering", _l("Dịch vụ")),
    ("parties", _l("Các bên")),
    ("lines", _l("Giá và chất lượng")),
    ("term", _l("Thời hạn, thanh toán")),
    ("clauses", _l("Căn cứ, điều khoản")),
    ("review", _l("Xem lại")),
)


class Contract(db.Model):
    """A lease contract; while a draft, the wizard fills it step by step."""

    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint(in_list("status", CONTRACT_STATUSES), name="status"),
        CheckConstraint(f"schedule IS NULL OR {in_list('schedule', SCHEDULES)}", name="schedule"),
        UniqueConstraint("organisation_id", "number_year", "number_seq",
                         name="uq_contracts_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("lease_plans.id"), index=True)
    offering_id: Mapped[int | None] = mapped_column(ForeignKey("offerings.id"))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("document_templates.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    step: Mapped[int] = mapped_column(default=0)  # steps completed in the wizard
    title: Mapped[str] = mapped_column(String(255), default="")
    pack_id: Mapped[str | None] = mapped_column(String(16))
    number: Mapped[str | None] = mapped_column(String(60))
    number_year: Mapped[int | None]
    number_seq: Mapped[int | None]
    place: Mapped[str] = mapped_column(String(120), default="")
    contract_date: Mapped[date | None]
    party_a: Mapped[dict] = mapped_column(JSON, default=dict)
    party_b: Mapped[dict] = mapped_column(JSON, default=dict)
    service_levels: Mapped[list] = mapped_column(JSON, default=list)
    technical: Mapped[str] = mapped_column(Text, default="")  # agreed technical criteria
    start_date: Mapped[date | None]
    months: Mapped[int | None]
    preparation_months: Mapped[int | None]
    schedule: Mapped[str | None] = mapped_column(String(16))
    payment_method: Mapped[str] = mapped_column(String(120), default="")
    payment_days: Mapped[int] = mapped_column(default=15)  # to pay after a complete file
    handover_days: Mapped[int] = mapped_column(default=30)  # data handover after the end
    copies: Mapped[int] = mapped_column(default=6)
    copies_each: Mapped[int] = mapped_column(default=3)
    milestones: Mapped[list] = mapped_column(JSON, default=list)
    extra_bases: Mapped[list] = mapped_column(JSON, default=list)
    data_handover: Mapped[str] = mapped_column(Text, default="")
    special_clauses: Mapped[str] = mapped_column(Text, default="")
    # Frozen copies of the catalog service, offering, vendor and template used, so later
    # edits to those never change a generated or signed contract.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship()
    plan: Mapped["LeasePlan | None"] = relationship()
    offering: Mapped[Offering | None] = relationship()
    vendor: Mapped[Vendor | None] = relationship()
    template: Mapped[DocumentTemplate | None] = relationship()
    lines: Mapped[list["ContractLine"]] = relationship(
        back_populates="contract", order_by="ContractLine.position",
        cascade="all, delete-orphan")
    # Held by the contract once loaded: a page asks for it from several places, and a lookup by
    # key (session.get) queried again each time the weakly held record had been collected.
    lifecycle: Mapped["ContractLifecycle | None"] = relationship()

    @property
    def status_label(self) -> str:
        return CONTRACT_STATUSES[self.status]

    @property
    def schedule_label(self) -> str:
        return SCHEDULES.get(self.schedule or "", "")

    @property
    def display_title(self) -> str:
        return self.title or _l("Hợp đồng nháp #%(id)s", id=self.id)

    @property
    def signed_date(self) -> date | None:
        """The day the parties signed, as recorded; until then the contract's own date. What
        the amendments, the acceptance forms and OCDS cite as the contract's date."""
        record = self.lifecycle
        return (record.signed_on if record else None) or self.contract_date

    @property
    def award_date(self) -> date | None:
        """The day the open data dates the award (OCDS and the prior awards plans compare
        with): the signing, else the start of the lease."""
        return self.signed_date or self.start_date


class ContractLine(db.Model):
    """One priced line of a contract: quantity × months × unit price, VAT per line."""

    __tablename__ = "contract_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 1 AND months >= 1 AND unit_price >= 0", name="positive"),
        CheckConstraint(in_list("vat_rate", VAT_RATES), name="vat_rate"),
        CheckConstraint(in_list("billing", BILLINGS), name="billing"),
        CheckConstraint("billed_month >= 1", name="billed_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(255))
    unit: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int]
    months: Mapped[int]
    unit_price: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[str] = mapped_column(String(4))
    billing: Mapped[str] = mapped_column(String(10), default="periodic", server_default="periodic")
    billed_month: Mapped[int] = mapped_column(default=1, server_default="1")

    @property
    def billing_label(self) -> str:
        return BILLINGS[self.billing]

    contract: Mapped[Contract] = relationship(back_populates="lines")


class ContractCounter(db.Model):
    """The last contract number an agency used in a year, bumped atomically."""

    __tablename__ = "contract_counters"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"),
                                                 primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
