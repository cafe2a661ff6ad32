"""Lease plans (Kế hoạch thuê dịch vụ CNTT) and their estimate lines."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, BigInteger, CheckConstraint, Column, ForeignKey, String, Table,
                        Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import Organisation, User
from catalog.models import Service
from core.clock import utcnow
from core.i18n import in_vietnamese
from core.sql import in_list
from core.vat import VAT_RATES
from extensions import db

PLAN_STATUSES = {
    "draft": _l("Bản nháp"),
    "appraisal": _l("Chờ thẩm định"),
    "supplement": _l("Bổ sung hồ sơ"),
    "appraised": _l("Đã thẩm định"),
    "approved": _l("Đã phê duyệt"),
    "refused": _l("Không phê duyệt"),
}
# The states in which the agency writes the plan: a draft, or a file the appraiser asked to
# complete (plans.transitions moves a plan between the states).
EDITABLE_STATUSES = ("draft", "supplement")

COST_PARTS = {
    "lease": _l("Chi phí thuê dịch vụ"),
    "management": _l("Chi phí quản lý"),
    "consultancy": _l("Chi phí tư vấn"),
    "other": _l("Chi phí khác"),
    "contingency": _l("Chi phí dự phòng"),
}
ESTIMATE_METHODS = {
    "comparison": _l("Phương pháp so sánh"),
    "expert": _l("Phương pháp chuyên gia"),
    "quotations": _l("Thu thập báo giá thị trường"),
    "calculation": _l("Phương pháp tính toán chi phí"),
    "combination": _l("Kết hợp các phương pháp"),
    "prior_awards": _l("Sử dụng kết quả trúng thầu trước đó"),
    "listed_prices": _l("Sử dụng giá niêm yết"),
    "sector_norms": _l("Sử dụng định mức của ngành"),
}
ND224_METHODS = frozenset({"prior_awards", "listed_prices", "sector_norms"})


@in_vietnamese
def document_defaults() -> dict[str, str]:
    """What a new plan's document says until the agency writes otherwise: the text of the
    document, which stays Vietnamese whatever language the page speaks."""
    return {"signer_title": "Giám đốc", "recipients": "Lưu: VT"}


DEFAULT_SIGNER_TITLE = document_defaults()["signer_title"]
DEFAULT_RECIPIENTS = (document_defaults()["recipients"],)


plan_services = Table(
    "plan_services", db.metadata,
    Column("plan_id", ForeignKey("lease_plans.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id"), primary_key=True),
)


class LeasePlan(db.Model):
    """An agency's lease plan; approved plans are frozen, pack included."""

    __tablename__ = "lease_plans"
    __table_args__ = (
        CheckConstraint(in_list("status", PLAN_STATUSES), name="status"),
        CheckConstraint("security_level_proposal IS NULL OR security_level_proposal "
                        "BETWEEN 1 AND 5", name="security_level_proposal"),
        CheckConstraint("period_end IS NULL OR period_start IS NULL OR "
                        "period_end >= period_start", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(255))
    plan_date: Mapped[date]
    pack_id: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    approval_number: Mapped[str | None] = mapped_column(String(60))
    approved_on: Mapped[date | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The last (re)submission of the complete file for appraisal: the appraisal clocks start
    # here (plans.appraisal); set once, the appraisers may read the plan from then on.
    submitted_at: Mapped[datetime | None]
    status_since: Mapped[datetime | None]  # when the plan entered its current state
    # What the document's header and signature block need besides the sections.
    number: Mapped[str] = mapped_column(String(60), default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    signer_title: Mapped[str] = mapped_column(String(120), default=DEFAULT_SIGNER_TITLE)
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    extra_bases: Mapped[list] = mapped_column(JSON, default=list)
    sections: Mapped[dict] = mapped_column(JSON, default=dict)  # SectionText.key -> text
    # The required service levels [{name, target, measure}]: proposed in the contract's draft.
    service_levels: Mapped[list] = mapped_column(JSON, default=list)
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    preparation_months: Mapped[int] = mapped_column(default=0)
    short_period_allowed: Mapped[bool] = mapped_column(default=False)
    security_level_proposal: Mapped[int | None]
    estimate_method: Mapped[str | None] = mapped_column(String(20))
    calculator: Mapped[dict | None] = mapped_column(JSON)  # inputs and working, see plans.working
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    services: Mapped[list[Service]] = relationship(secondary=plan_services,
                                                   order_by=Service.code)
    lines: Mapped[list["PlanCostLine"]] = relationship(
        back_populates="plan", order_by="PlanCostLine.position", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return PLAN_STATUSES[self.status]

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def method_label(self) -> str:
        return ESTIMATE_METHODS.get(self.estimate_method or "", "")


class PlanCostLine(db.Model):
    """One line of a plan's estimate: quantity × months × unit price, VAT per line."""

    __tablename__ = "plan_cost_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 1 AND months >= 1 AND unit_price >= 0", name="positive"),
        CheckConstraint(in_list("vat_rate", VAT_RATES), name="vat_rate"),
        CheckConstraint(in_list("part", COST_PARTS), name="part"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("lease_plans.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(default=0)
    part: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(String(255))
    unit: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int]
    months: Mapped[int]
    unit_price: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[str] = mapped_column(String(4))
    budget_year: Mapped[int]
    from_calculator: Mapped[bool] = mapped_column(default=False)
    # Where the unit price came from, when it was not typed: a request for quotations' choice
    # or a reference figure (plans.quotations.choices); {"method", "label", "request_id", ...}.
    # Dropped when the line's price is changed by hand (plans.estimate.save_estimate).
    price_source: Mapped[dict | None] = mapped_column(JSON)

    plan: Mapped[LeasePlan] = relationship(back_populates="lines")

    @property
    def part_label(self) -> str:
        return COST_PARTS[self.part]


class PlanTransition(db.Model):
    """One move of a plan from a state to another: who, when, and the comment (the appraisal
    opinion, the documents asked for, the reason of a return or a refusal)."""

    __tablename__ = "plan_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("lease_plans.id", ondelete="CASCADE"),
                                         index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
