"""Preview data of the lease plan (see the package docstring for every key)."""

from __future__ import annotations

from datetime import date

from core.money import format_vnd
from core.months import add_months as _add_months
from core.months import last_day
from documents.preview.contract import PACK, TERM_START

# The Circular 12/2020 working of Td = 1 tỷ, S = 0, N = 6%, k = 4, n = 20, no VAT, as
# plans.calculator.explain_lease_payment computes it (tests/plans/test_calculator.py checks);
# written out because documents does not import plans.
_WORKING = {
    "build_cost": 1_000_000_000, "residual": 0, "annual_rate": "0.06", "periods_per_year": 4,
    "periods": 20, "vat_rate": "0", "in_advance": False, "periodic_rate": "0.015",
    "growth": "1.3468550065500560376005930177624101149376919175148",
    "payment": 58_245_736, "total": 1_164_914_720,
}


def _part(part: str, label: str, lines: list[tuple[str, str, int]]) -> dict:
    """A cost-estimate part with its lines and subtotal."""
    rows = [{"name": name, "basis": basis, "amount": amount} for name, basis, amount in lines]
    return {"part": part, "label": label, "lines": rows,
            "subtotal": sum(row["amount"] for row in rows)}


_PARTS = [
    _part("lease", "Chi phí thuê dịch vụ", [
        ("Thuê phần mềm phòng họp không giấy tờ (Gtdv)",
         f"Gdv × n = {format_vnd(_WORKING['payment'])} × {_WORKING['periods']} kỳ",
         _WORKING["total"]),
        ("Thuê máy chủ ảo tại Trung tâm dữ liệu tỉnh", "2 máy × 60 tháng × 2.750.000 (gồm "
         "thuế GTGT)", 330_000_000),
    ]),
    _part("management", "Chi phí quản lý", [
        ("Quản lý việc thuê dịch vụ", "Theo định mức, dự toán chi tiết kèm theo", 18_500_000),
    ]),
    _part("consultancy", "Chi phí tư vấn", [
        ("Khảo sát, lập kế hoạch thuê dịch vụ", "Theo báo giá", 25_000_000),
        ("Thẩm tra kế hoạch thuê dịch vụ", "Theo báo giá", 8_000_000),
        ("Tư vấn lựa chọn nhà thầu", "Theo định mức", 12_000_000),
        ("Giám sát giai đoạn chuẩn bị dịch vụ", "Theo định mức", 20_000_000),
    ]),
    _part("other", "Chi phí khác", [
        ("Thẩm định giá", "Theo báo giá", 10_000_000),
        ("Kiểm toán, quyết toán", "Theo quy định", 15_000_000),
        ("Vận hành thử", "Theo dự toán", 5_000_000),
    ]),
]
_BEFORE_CONTINGENCY = sum(part["subtotal"] for part in _PARTS)
_PARTS.append(_part("contingency", "Chi phí dự phòng", [
    ("Dự phòng cho khối lượng phát sinh", "5% × tổng các chi phí trên",
     _BEFORE_CONTINGENCY * 5 // 100),
]))
PLAN_TOTAL = sum(part["subtotal"] for part in _PARTS)


def _year_totals() -> list[dict]:
    """One-off costs in 2026, the lease spread by the year each quarter is paid."""
    years = {2026: PLAN_TOTAL - _PARTS[0]["subtotal"]}
    for number in range(20):
        year = _add_months(TERM_START, 3 * number + 3).year
        years[year] = years.get(year, 0) + _WORKING["payment"] + 330_000_000 // 20
    return [{"year": year, "amount": amount} for year, amount in sorted(years.items())]


PREVIEW_PLAN: dict = {
    "pack": PACK,
    "document": {"number": "15/KH-SKHCN", "place": "Thái Nguyên", "date": date(2026, 2, 5)},
    "citations": [
        "Luật Công nghệ thông tin số 67/2006/QH11",
        "Luật Đấu thầu số 22/2023/QH15",
        "Nghị định số 73/2019/NĐ-CP ngày 05 tháng 9 năm 2019 của Chính phủ quy định quản lý "
        "đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước",
    ],
    "extra_bases": [
        "Kế hoạch chuyển đổi số giai đoạn 2026–2030 của Sở Khoa học và Công nghệ tỉnh "
        "Thái Nguyên",
    ],
    "agency": {"name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
               "parent_body": "Ủy ban nhân dân tỉnh Thái Nguyên",
               "address": "Số 18 đường Nha Trang, phường Phan Đình Phùng, tỉnh Thái Nguyên"},
    "signer": {"title": "Giám đốc", "name": "Nguyễn Văn Minh"},
    "recipients": ["Ủy ban nhân dân tỉnh (để báo cáo)", "Sở Tài chính", "Lưu: VT, CNTT"],
    "subject": "Thuê dịch vụ phần mềm phòng họp không giấy tờ",
    "current_state": "Sở tổ chức khoảng 120 cuộc họp mỗi năm; tài liệu họp vẫn được in và "
                     "phát bằng giấy.\nHạ tầng tại Trung tâm dữ liệu tỉnh còn dư năng lực.",
    "necessity": "Thuê dịch vụ giúp triển khai nhanh, không phải đầu tư phần cứng và bảo đảm "
                 "phần mềm luôn được cập nhật.",
    "items": "Phần mềm phòng họp không giấy tờ dạng dịch vụ.\nMáy chủ ảo vận hành dịch vụ.",
    "objectives": "Số hóa toàn bộ tài liệu họp; giảm ít nhất 80% giấy in cho cuộc họp.",
    "scope": "Triển khai tại trụ sở Sở và 3 đơn vị trực thuộc; khoảng 150 người sử dụng.",
    "users": "Lãnh đạo Sở, các phòng chuyên môn và đơn vị trực thuộc.",
    "conformity": "Phù hợp với Khung kiến trúc số của tỉnh (lớp ứng dụng dùng chung) và Kế "
                  "hoạch chuyển đổi số 05 năm của Sở.",
    "service_levels": [
        {"name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng",
         "measure": "Tỷ lệ thời gian hệ thống hoạt động trong tháng, đo bằng công cụ giám sát "
                    "tự động; không tính thời gian bảo trì đã thông báo trước"},
        {"name": "Thời gian phản hồi trang", "target": "≤ 5 giây",
         "measure": "Trung bình thời gian tải trang của các lượt truy cập trong tháng, lấy từ "
                    "nhật ký máy chủ"},
    ],
    "quality": "Thời gian phản hồi trung bình dưới 5 giây; không quá 3 lần gián đoạn mỗi năm; "
               "khôi phục dịch vụ trong 24 giờ.",
    "technical": "Chạy trên trình duyệt và ứng dụng di động; TLS 1.2 trở lên; sẵn sàng IPv6.",
    "connection": "Kết nối hệ thống quản lý văn bản và điều hành qua nền tảng LGSP của tỉnh.",
    "in_house_software": "Không có phần mềm nội bộ phải xây dựng riêng.",
    "security": "Đáp ứng yêu cầu an toàn hệ thống thông tin cấp độ 3; bảo vệ dữ liệu cá nhân "
                "của người dùng.",
    "other_requirements": "Hỗ trợ quản trị 24/7; báo cáo dịch vụ 06 tháng một lần.",
    "vendor_requirements": "Nhà cung cấp có ít nhất 03 hợp đồng tương tự trong 05 năm gần đây "
                           "và chứng chỉ ISO/IEC 27001 còn hiệu lực.",
    "data_ownership": "Dữ liệu hình thành trong quá trình sử dụng dịch vụ thuộc sở hữu của Sở; "
                      "nhà cung cấp bàn giao đầy đủ khi kết thúc thời gian thuê.",
    "period": {"text": "Thuê trong 05 năm kể từ ngày nghiệm thu, bàn giao đưa dịch vụ vào sử "
                       "dụng.",
               "start": TERM_START, "end": last_day(TERM_START, 60),
               "months": 60, "preparation_months": 3},
    "schedule": "Quý II/2026: lựa chọn nhà thầu.\nTháng 6–8/2026: chuẩn bị dịch vụ, vận hành "
                "thử và đào tạo.\nTừ tháng 9/2026: sử dụng dịch vụ.",
    "changes": "Thay đổi số người dùng hoặc chức năng trong phạm vi 10% giá trị được điều "
               "chỉnh bằng phụ lục hợp đồng; vượt mức này thì điều chỉnh kế hoạch.",
    "security_level_proposal": {"level": 3, "reasons": "Hệ thống xử lý thông tin nội bộ của "
                                "cơ quan nhà nước cấp tỉnh, phục vụ nhiều đơn vị."},
    "method": "Kết hợp phương pháp tính chi phí và báo giá thị trường.",
    "cost_parts": _PARTS,
    "year_totals": _year_totals(),
    "total": PLAN_TOTAL,
    "working": _WORKING,
}
