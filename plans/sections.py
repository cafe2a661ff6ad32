"""The numbered sections of a lease plan (domain.md §3) and which legal basis has each text."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

ALL_PACKS = ("qd80-2014", "nd73-2019", "nd224-2026")  # oldest first, as shown to users
FROM_ND73 = ("nd73-2019", "nd224-2026")
ND224_ONLY = ("nd224-2026",)


@dataclass(frozen=True)
class SectionText:
    """One text of a plan section: its key in the document context, label and the packs using it."""

    key: str
    label: str  # lazy: each page shows it in its own language
    required: bool = True
    packs: tuple[str, ...] = ALL_PACKS


@dataclass(frozen=True)
class PlanSection:
    """A numbered section of domain.md §3 with the texts it holds."""

    number: str
    title: str  # lazy, as the labels
    texts: tuple[SectionText, ...]
    packs: tuple[str, ...] = ALL_PACKS


# Section 8 (the estimate) has its own page; 6 and 7a also hold non-text fields.
PLAN_SECTIONS = (
    PlanSection("1", _l("Hiện trạng và sự cần thiết thuê dịch vụ"), (
        SectionText("current_state", _l("Hiện trạng")),
        SectionText("necessity", _l("Sự cần thiết thuê dịch vụ")))),
    PlanSection("2", _l("Mục tiêu, nội dung, quy mô và phạm vi thuê dịch vụ"), (
        SectionText("items", _l("Các hạng mục chính thuê dịch vụ")),
        SectionText("objectives", _l("Mục tiêu")),
        SectionText("scope", _l("Nội dung, quy mô, phạm vi và địa điểm triển khai")),
        SectionText("users", _l("Đơn vị sử dụng dịch vụ")))),
    PlanSection("3", _l("Sự phù hợp với Khung kiến trúc số và kế hoạch chuyển đổi số"), (
        SectionText("conformity", _l("Đánh giá sự phù hợp với Khung kiến trúc số và kế hoạch "
                                     "chuyển đổi số 05 năm, hằng năm"),
                    packs=ND224_ONLY),
    ), packs=ND224_ONLY),
    PlanSection("4", _l("Yêu cầu đối với dịch vụ"), (
        SectionText("quality", _l("Yêu cầu về chất lượng dịch vụ")),
        SectionText("technical", _l("Yêu cầu kỹ thuật để bảo đảm chất lượng dịch vụ")),
        SectionText("connection", _l("Yêu cầu kết nối, chia sẻ dữ liệu với các hệ thống khác")),
        SectionText("in_house_software", _l("Yêu cầu đối với phần mềm nội bộ"), required=False),
        SectionText("security", _l("Yêu cầu về an toàn thông tin và bảo vệ dữ liệu")),
        SectionText("other_requirements", _l("Các yêu cầu khác"), required=False),
        SectionText("vendor_requirements", _l("Yêu cầu về năng lực, kinh nghiệm và bảo mật của "
                                              "nhà cung cấp"), packs=("qd80-2014",)))),
    PlanSection("5", _l("Quyền sở hữu, quản lý và bàn giao dữ liệu"), (
        SectionText("data_ownership", _l("Quản lý và bàn giao dữ liệu hình thành khi sử dụng "
                                         "dịch vụ")),)),
    PlanSection("6", _l("Thời gian thuê và tiến độ thực hiện"), (
        SectionText("period_text", _l("Diễn giải thời gian thuê"), required=False),
        SectionText("schedule", _l("Tiến độ thực hiện")))),
    PlanSection("7", _l("Phương án xử lý các thay đổi trong quá trình sử dụng dịch vụ"), (
        SectionText("changes", _l("Phương án xử lý các thay đổi")),)),
    PlanSection("7a", _l("Đề xuất cấp độ an toàn hệ thống thông tin"), (
        SectionText("security_reasons", _l("Lý do đề xuất cấp độ"), required=False,
                    packs=FROM_ND73),), packs=FROM_ND73),
)
SECTION_TEXTS = tuple(text for section in PLAN_SECTIONS for text in section.texts)


def sections_for(pack_id: str) -> list[PlanSection]:
    """The sections a plan under this pack has, in order, each with only its pack's texts."""
    return [PlanSection(s.number, s.title, tuple(t for t in s.texts if pack_id in t.packs),
                        s.packs) for s in PLAN_SECTIONS if pack_id in s.packs]
