"""The "Căn cứ" lines of each pack, in our own words from domain.md §1.

Laws whose number depends on the document's date come from the engine's ``laws`` context
(documents.laws.laws_for); the pack's own instruments are fixed text. Amending or
replacing instruments whose dates we could not confirm are referred to generically
("và các văn bản sửa đổi, bổ sung"); legal drafters refine the wording in the uploaded packs.
"""

from __future__ import annotations

QD80 = [
    "Quyết định số 80/2014/QĐ-TTg ngày 30 tháng 12 năm 2014 của Thủ tướng Chính phủ quy định "
    "thí điểm về thuê dịch vụ công nghệ thông tin trong cơ quan nhà nước",
    "hướng dẫn của Bộ Thông tin và Truyền thông tại Công văn số 90/BTTTT-CNTT và Công văn số "
    "1047/BTTTT-CNTT năm 2015 về triển khai thuê dịch vụ công nghệ thông tin",
]
ND73 = [
    "Nghị định số 73/2019/NĐ-CP ngày 05 tháng 9 năm 2019 của Chính phủ quy định quản lý đầu tư "
    "ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước (các điều từ Điều 48 "
    "đến Điều 58 về thuê dịch vụ công nghệ thông tin) và các văn bản sửa đổi, bổ sung, trong đó "
    "có Nghị định số 82/2024/NĐ-CP của Chính phủ",
]
ND73_CONTRACT = [
    "Thông tư số 23/2020/TT-BTTTT của Bộ trưởng Bộ Thông tin và Truyền thông về nội dung hợp "
    "đồng thuê dịch vụ công nghệ thông tin và các biểu mẫu nghiệm thu, và văn bản thay thế "
    "(nếu có)",
    "mẫu hợp đồng thuê dịch vụ công nghệ thông tin kèm theo Công văn số 2455A/BTTTT-THH ngày "
    "29 tháng 7 năm 2019 của Bộ Thông tin và Truyền thông",
]
ND73_PLAN = [
    "Thông tư số 12/2020/TT-BTTTT của Bộ trưởng Bộ Thông tin và Truyền thông hướng dẫn xác "
    "định chi phí, trong đó có chi phí thuê dịch vụ công nghệ thông tin, và văn bản thay thế "
    "(nếu có)",
]
SECURITY_LEVELS = [
    "Nghị định số 85/2016/NĐ-CP ngày 01 tháng 7 năm 2016 của Chính phủ về bảo đảm an toàn hệ "
    "thống thông tin theo cấp độ",
]
ND224 = [
    "Nghị định số 224/2026/NĐ-CP của Chính phủ quy định chi tiết thi hành Luật Chuyển đổi số "
    "về đầu tư và thuê dịch vụ công nghệ thông tin, công nghệ số",
    "Thông tư số 39/2026/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ hướng dẫn xác định chi "
    "phí thuê dịch vụ",
    "Thông tư số 41/2026/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ về chất lượng và "
    "nghiệm thu dịch vụ",
]

LAWS = {
    ("qd80-2014", "contract"): ["civil_code", "it", "bidding"],
    ("nd73-2019", "contract"): ["civil_code", "it", "bidding"],
    ("nd224-2026", "contract"): ["civil_code", "digital", "it", "bidding"],
    ("qd80-2014", "plan"): ["it", "bidding"],
    ("nd73-2019", "plan"): ["it", "bidding"],
    ("nd224-2026", "plan"): ["digital", "it", "bidding"],
}
INSTRUMENTS = {
    ("qd80-2014", "contract"): QD80,
    ("nd73-2019", "contract"): ND73 + ND73_CONTRACT,
    ("nd224-2026", "contract"): ND224,
    ("qd80-2014", "plan"): QD80,
    ("nd73-2019", "plan"): ND73 + ND73_PLAN + SECURITY_LEVELS,
    ("nd224-2026", "plan"): ND224 + SECURITY_LEVELS,
}


def basis_lines(pack: str, kind: str) -> list[str]:
    """The "Căn cứ ...;" paragraphs before extra_bases, tags included."""
    laws = [f"Căn cứ {{{{ laws.{key} }}}};" for key in LAWS[(pack, kind)]]
    return laws + [f"Căn cứ {text};" for text in INSTRUMENTS[(pack, kind)]]
