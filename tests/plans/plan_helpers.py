"""Plain helpers of the lease plan tests: the sections' texts, complete plan values, the
sample estimate, a committed plan, the road through appraisal and the text of a .docx."""
import io
from datetime import date

import docx
from sqlalchemy import select

from accounts import services as account_services
from accounts.models import Organisation, User
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from plans import transitions
from plans.models import LeasePlan
from tests.conftest import PASSWORD

OPINION = "Kế hoạch đủ nội dung theo quy định; dự toán phù hợp. Đề nghị phê duyệt."

TEXTS = {
    "current_state": "Sở tổ chức khoảng 120 cuộc họp mỗi năm bằng tài liệu giấy.",
    "necessity": "Thuê dịch vụ giúp triển khai nhanh, không phải đầu tư phần cứng.",
    "items": "Phần mềm dịch vụ công trực tuyến dạng dịch vụ.",
    "objectives": "Số hóa toàn bộ hồ sơ thủ tục hành chính.",
    "scope": "Trụ sở Sở và 3 đơn vị trực thuộc.",
    "users": "Lãnh đạo Sở và các phòng chuyên môn.",
    "conformity": "Phù hợp Khung kiến trúc số của tỉnh và kế hoạch chuyển đổi số 2026–2030.",
    "quality": "Thời gian phản hồi trung bình dưới 5 giây.",
    "technical": "TLS 1.2 trở lên; sẵn sàng IPv6.",
    "connection": "Kết nối nền tảng LGSP của tỉnh.",
    "in_house_software": "Không có.",
    "security": "Đáp ứng cấp độ 3; bảo vệ dữ liệu cá nhân.",
    "other_requirements": "Hỗ trợ 24/7.",
    "vendor_requirements": "Có chứng chỉ ISO/IEC 27001 còn hiệu lực.",
    "data_ownership": "Dữ liệu thuộc sở hữu của Sở; bàn giao khi kết thúc.",
    "period_text": "Thuê trong 05 năm kể từ ngày nghiệm thu.",
    "schedule": "Quý III/2026: lựa chọn nhà thầu.\nTừ tháng 9/2026: sử dụng dịch vụ.",
    "changes": "Điều chỉnh bằng phụ lục hợp đồng.",
    "security_reasons": "Hệ thống phục vụ nhiều đơn vị của tỉnh.",
}
PLAN_DATES = {"qd80-2014": date(2018, 3, 1), "nd73-2019": date(2024, 3, 1),
              "nd224-2026": date(2026, 8, 1)}
LINES = [  # part, content, unit, quantity, months, unit price, VAT, budget year
    ("lease", "Thuê phần mềm dịch vụ công", "gói/tháng", 1, 12, 15_000_000, "kct", 2026),
    ("lease", "Thuê máy chủ ảo", "máy chủ ảo/tháng", 2, 12, 2_500_000, "10", 2027),
    ("management", "Quản lý việc thuê dịch vụ", "gói", 1, 1, 18_500_000, "kct", 2026),
    ("consultancy", "Lập kế hoạch thuê", "gói", 1, 1, 25_000_000, "8", 2026),
    ("other", "Thẩm định giá", "gói", 1, 1, 10_000_000, "5", 2027),
    ("contingency", "Dự phòng", "gói", 1, 1, 9_999, "10", 2027),
]


def plan_values(pack: str, services: list, **overrides) -> dict:
    """Complete data for services.plan_services.create_plan under a pack."""
    day = PLAN_DATES[pack]
    values = {
        "title": "Thuê dịch vụ công trực tuyến", "plan_date": day, "pack_id": pack,
        "number": "15/KH-SKHCN", "place": "Thái Nguyên", "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn Minh", "recipients": ["Sở Tài chính", "Lưu: VT"],
        "extra_bases": [], "sections": dict(TEXTS), "services": services,
        "period_start": date(day.year, 9, 1), "period_end": date(day.year + 5, 8, 31),
        "preparation_months": 3, "short_period_allowed": False,
        "security_level_proposal": 3 if pack != "qd80-2014" else None,
    }
    values.update(overrides)
    return values


def line_dicts(rows=LINES) -> list[dict]:
    keys = ("part", "content", "unit", "quantity", "months", "unit_price", "vat_rate",
            "budget_year")
    return [dict(zip(keys, row)) for row in rows]


def make_plan(agency, plan_catalog, pack="nd73-2019", lines=True, **overrides) -> LeasePlan:
    """A committed draft plan of the agency, with the sample estimate unless lines=False."""
    values = plan_values(pack, [plan_catalog.custom], **overrides)
    plan = plan_services.create_plan(agency.org, values, actor=agency.staff)
    if lines:
        plan_estimate.save_estimate(plan, line_dicts(), "combination", "", actor=agency.staff)
    db.session.commit()
    return plan


def operator_appraiser() -> User:
    """The operator's appraiser (who appraises every agency's plans), created the first time."""
    email = "thamdinh@van-hanh.example.vn"
    found = db.session.scalar(select(User).where(User.email == email))
    if found is not None:
        return found
    operator = db.session.scalar(select(Organisation).where(Organisation.kind == "operator"))
    if operator is None:
        operator = account_services.create_organisation("operator", "Trung tâm vận hành")
    return account_services.create_user(email, "Đỗ Thị Thẩm Định", PASSWORD, "appraiser",
                                        operator)


def send_through_appraisal(plan: LeasePlan, author: User, appraiser: User | None = None,
                           opinion: str = OPINION) -> LeasePlan:
    """Walk a complete draft to "appraised": the author submits it, the appraiser (by default
    the operator's) records a favourable opinion; committed. Then approve_plan approves it."""
    transitions.submit_plan(plan, actor=author)
    transitions.record_opinion(plan, opinion, actor=appraiser or operator_appraiser())
    db.session.commit()
    return plan


def approve_through_appraisal(plan: LeasePlan, author: User, approver: User,
                              number: str = "215/QĐ-SKHCN", on: date | None = None,
                              appraiser: User | None = None) -> LeasePlan:
    """submit → appraise → approve, committed: the whole road of an approved plan."""
    send_through_appraisal(plan, author, appraiser)
    plan_services.approve_plan(plan, number, on or plan.plan_date, actor=approver)
    db.session.commit()
    return plan


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, headers and footers included."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
                for inner in cell.tables:
                    parts += [c.text for r in inner.rows for c in r.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
    return "\n".join(parts)
