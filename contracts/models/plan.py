"""Lease plans (Kế hoạch thuê dịch vụ CNTT), their estimate lines and the sections they hold."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, CheckConstraint, Column, ForeignKey, String, Table)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import Organisation, User
from core.clock import utcnow
from core.sql import in_list
from core.vat import VAT_RATES
from catalog.models import Service
from extensions import db

PLAN_STATUSES = {"draft": "Bản nháp", "approved": "Đã phê duyệt"}
ALL_PACKS = ("qd80-2014", "nd73-2019", "nd224-2026")  # oldest first, as shown to users
FROM_ND73 = ("nd73-2019", "nd224-2026")
ND224_ONLY = ("nd224-2026",)

COST_PARTS = {
    "lease": "Chi phí thuê dịch vụ",
    "management": "Chi phí quản lý",
    "consultancy": "Chi phí tư vấn",
    "other": "Chi phí khác",
    "contingency": "Chi phí dự phòng",
}
ESTIMATE_METHODS = {
    "comparison": "Phương pháp so sánh",
    "expert": "Phương pháp chuyên gia",
    "quotations": "Thu thập báo giá thị trường",
    "calculation": "Phương pháp tính toán chi phí",
    "combination": "Kết hợp các phương pháp",
    "prior_awards": "Sử dụng kết quả trúng thầu trước đó",
    "listed_prices": "Sử dụng giá niêm yết",
    "sector_norms": "Sử dụng định mức của ngành",
}
ND224_METHODS = frozenset({"prior_awards", "listed_prices", "sector_norms"})


@dataclass(frozen=True)
class SectionText:
    """One text of a plan section: its key in the document context, label and the packs using it."""

    key: str
    label: str
    required: bool = True
    packs: tuple[str, ...] = ALL_PACKS


@dataclass(frozen=True)
class PlanSection:
    """A numbered section of domain.md §3 with the texts it holds."""

    number: str
    title: str
    texts: tuple[SectionText, ...]
    packs: tuple[str, ...] = ALL_PACKS


# Section 8 (the estimate) has its own page; 6 and 7a also hold non-text fields.
PLAN_SECTIONS = (
    PlanSection("1", "Hiện trạng và sự cần thiết thuê dịch vụ", (
        SectionText("current_state", "Hiện trạng"),
        SectionText("necessity", "Sự cần thiết thuê dịch vụ"))),
    PlanSection("2", "Mục tiêu, nội dung, quy mô và phạm vi thuê dịch vụ", (
        SectionText("items", "Các hạng mục chính thuê dịch vụ"),
        SectionText("objectives", "Mục tiêu"),
        SectionText("scope", "Nội dung, quy mô, phạm vi và địa điểm triển khai"),
        SectionText("users", "Đơn vị sử dụng dịch vụ"))),
    PlanSection("3", "Sự phù hợp với Khung kiến trúc số và kế hoạch chuyển đổi số", (
        SectionText("conformity", "Đánh giá sự phù hợp với Khung kiến trúc số và kế hoạch "
                                  "chuyển đổi số 05 năm, hằng năm",
                    packs=ND224_ONLY),
    ), packs=ND224_ONLY),
    PlanSection("4", "Yêu cầu đối với dịch vụ", (
        SectionText("quality", "Yêu cầu về chất lượng dịch vụ"),
        SectionText("technical", "Yêu cầu kỹ thuật để bảo đảm chất lượng dịch vụ"),
        SectionText("connection", "Yêu cầu kết nối, chia sẻ dữ liệu với các hệ thống khác"),
        SectionText("in_house_software", "Yêu cầu đối với phần mềm nội bộ", required=False),
        SectionText("security", "Yêu cầu về an toàn thông tin và bảo vệ dữ liệu"),
        SectionText("other_requirements", "Các yêu cầu khác", required=False),
        SectionText("vendor_requirements", "Yêu cầu về năng lực, kinh nghiệm và bảo mật của nhà "
                                           "cung cấp", packs=("qd80-2014",)))),
    PlanSection("5", "Quyền sở hữu, quản lý và bàn giao dữ liệu", (
        SectionText("data_ownership", "Quản lý và bàn giao dữ liệu hình thành khi sử dụng "
                                      "dịch vụ"),)),
    PlanSection("6", "Thời gian thuê và tiến độ thực hiện", (
        SectionText("period_text", "Diễn giải thời gian thuê", required=False),
        SectionText("schedule", "Tiến độ thực hiện"))),
    PlanSection("7", "Phương án xử lý các thay đổi trong quá trình sử dụng dịch vụ", (
        SectionText("changes", "Phương án xử lý các thay đổi"),)),
    PlanSection("7a", "Đề xuất cấp độ an toàn hệ thống thông tin", (
        SectionText("security_reasons", "Lý do đề xuất cấp độ", required=False,
                    packs=FROM_ND73),), packs=FROM_ND73),
)
SECTION_TEXTS = tuple(text for section in PLAN_SECTIONS for text in section.texts)


def sections_for(pack_id: str) -> list[PlanSection]:
    """The sections a plan under this pack has, in order, each with only its pack's texts."""
    return [PlanSection(s.number, s.title, tuple(t for t in s.texts if pack_id in t.packs),
                        s.packs) for s in PLAN_SECTIONS if pack_id in s.packs]


def methods_for(pack_id: str) -> dict[str, str]:
    """Estimate methods a pack allows: nd224-2026 adds prior awards, listed prices, norms."""
    return {k: v for k, v in ESTIMATE_METHODS.items()
            if pack_id == "nd224-2026" or k not in ND224_METHODS}


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
    # What the document's header and signature block need besides the sections.
    number: Mapped[str] = mapped_column(String(60), default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    signer_title: Mapped[str] = mapped_column(String(120), default="Giám đốc")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    extra_bases: Mapped[list] = mapped_column(JSON, default=list)
    sections: Mapped[dict] = mapped_column(JSON, default=dict)  # SectionText.key -> text
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    preparation_months: Mapped[int] = mapped_column(default=0)
    short_period_allowed: Mapped[bool] = mapped_column(default=False)
    security_level_proposal: Mapped[int | None]
    estimate_method: Mapped[str | None] = mapped_column(String(20))
    calculator: Mapped[dict | None] = mapped_column(JSON)  # inputs and working, see plan_costs
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

    plan: Mapped[LeasePlan] = relationship(back_populates="lines")

    @property
    def part_label(self) -> str:
        return COST_PARTS[self.part]
