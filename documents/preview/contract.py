"""Preview data of the contract, its acceptance forms and an amendment (see the package
docstring for every key). Derived figures come from core (VAT, months, splitting)."""

from __future__ import annotations

from datetime import date, timedelta

from core.money import split_evenly
from core.months import add_months as _add_months
from core.months import last_day, period_bounds, period_count
from core.vat import line_amounts, totals_by_rate


def _line(name: str, unit: str, quantity: int, months: int | None, unit_price: int,
          vat_rate: str) -> dict:
    """A price line with its amounts, as core.vat works them out."""
    line = {"name": name, "unit": unit, "quantity": quantity, "months": months,
            "unit_price": unit_price, "vat_rate": vat_rate}
    return {**line, **line_amounts(line)}


PACK = {"id": "nd73-2019", "short_name": "Nghị định 73/2019/NĐ-CP", "template_version": 1}

LINES = [
    _line("Dịch vụ phần mềm phòng họp không giấy tờ (SaaS), gồm cập nhật và hỗ trợ kỹ thuật",
          "Gói/tháng", 1, 60, 15_000_000, "kct"),
    _line("Máy chủ ảo đặt tại Trung tâm dữ liệu tỉnh để vận hành dịch vụ",
          "Máy chủ ảo/tháng", 2, 60, 2_500_000, "10"),
    _line("Khởi tạo dịch vụ, chuyển đổi dữ liệu ban đầu và đào tạo người sử dụng",
          "Gói", 1, None, 20_000_000, "kct"),
]
_TOTALS = totals_by_rate((line["vat_rate"], line) for line in LINES)
TOTALS = {"amount": _TOTALS["before_vat"], "vat": _TOTALS["vat"], "total": _TOTALS["total"]}
TERM_START = date(2026, 9, 1)
TERM_MONTHS = 60


def _payment_periods() -> list[dict]:
    """Twenty quarterly payments, each due on its quarter's last day, the remainder last: the
    schedule contracts.services.terms computes (tests/contracts/test_terms.py checks)."""
    amounts = split_evenly(TOTALS["total"], period_count(TERM_MONTHS, 3))
    return [{"no": index + 1, "label": f"Quý {index + 1}",
             "due": period_bounds(TERM_START, TERM_MONTHS, 3, index)[1], "amount": amount}
            for index, amount in enumerate(amounts)]


PREVIEW_CONTRACT: dict = {
    "pack": PACK,
    "document": {"number": "12/2026/HĐ-THDV", "place": "Thái Nguyên", "date": date(2026, 5, 14)},
    "within_plan": True,  # checked against its approved plan (contracts.services.within_plan)
    # What the registry (documents/instruments.py) cites on the preview's date.
    "citations": [
        "Bộ luật Dân sự số 91/2015/QH13",
        "Luật Công nghệ thông tin số 67/2006/QH11",
        "Luật Đấu thầu số 22/2023/QH15",
        "Nghị định số 45/2026/NĐ-CP ngày 26 tháng 01 năm 2026 của Chính phủ quy định quản lý "
        "đầu tư ứng dụng công nghệ thông tin và thuê dịch vụ công nghệ thông tin sử dụng ngân "
        "sách nhà nước",
    ],
    "extra_bases": [
        "Quyết định số 215/QĐ-SKHCN ngày 20 tháng 3 năm 2026 của Giám đốc Sở Khoa học và Công "
        "nghệ tỉnh Thái Nguyên phê duyệt Kế hoạch thuê dịch vụ phần mềm phòng họp không giấy tờ",
        "Quyết định số 301/QĐ-SKHCN ngày 05 tháng 5 năm 2026 của Giám đốc Sở Khoa học và Công "
        "nghệ tỉnh Thái Nguyên phê duyệt kết quả lựa chọn nhà thầu",
    ],
    "party_a": {
        "name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        "address": "Số 18 đường Nha Trang, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "phone": "0208 3855 123", "email": "skhcn@thainguyen.gov.vn",
        "tax_code": "4600123459", "budget_code": "1023456", "account": "9527.1.1012345",
        "bank": "Kho bạc Nhà nước khu vực VI",
        "representative": "Nguyễn Văn Minh", "position": "Giám đốc",
    },
    "party_b": {
        "name": "Công ty Cổ phần Công nghệ số Sông Cầu",
        "address": "Số 25 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "phone": "0208 3766 456", "email": "hopdong@songcau.vn",
        "tax_code": "4601582737", "account": "0123 4567 8901",
        "bank": "Ngân hàng TMCP Ngoại thương Việt Nam, chi nhánh Thái Nguyên",
        "representative": "Trần Thị Lan", "position": "Tổng Giám đốc",
    },
    "service": {
        "code": "SAAS-HOP-01", "name": "Phần mềm phòng họp không giấy tờ",
        "description": "Tổ chức cuộc họp, phát hành tài liệu họp, biểu quyết và ghi kết luận "
                       "trên máy tính và thiết bị di động.\nKết nối với hệ thống quản lý văn bản "
                       "và điều hành của tỉnh.",
        "unit": "Gói/tháng", "security_level": 3,
    },
    "offering": {
        "name": "Phòng họp số Sông Cầu",
        "hosting_location": "Trung tâm dữ liệu tỉnh Thái Nguyên",
        "support": "Hỗ trợ quản trị 24/7 qua điện thoại, thư điện tử và tại chỗ khi cần",
        "technical": "Giao diện web và ứng dụng di động; mã hóa đường truyền TLS 1.2 trở lên; "
                     "sẵn sàng IPv6.\nKết nối nền tảng tích hợp, chia sẻ dữ liệu (LGSP) "
                     "của tỉnh.",
    },
    "lines": LINES,
    "vat_groups": _TOTALS["vat_groups"],
    "totals": {"before_vat": TOTALS["amount"], "vat": TOTALS["vat"], "total": TOTALS["total"]},
    "service_levels": [
        {"name": "Thời gian phản hồi trung bình", "target": "Dưới 5 giây",
         "measure": "Hệ thống giám sát ghi nhận, tổng hợp theo tháng"},
        {"name": "Số lần gián đoạn dịch vụ", "target": "Không quá 3 lần/năm",
         "measure": "Nhật ký sự cố được hai bên xác nhận"},
        {"name": "Khôi phục dịch vụ và dữ liệu", "target": "Trong vòng 24 giờ",
         "measure": "Tính từ khi Bên A thông báo sự cố đến khi dịch vụ hoạt động bình thường"},
        {"name": "Xác định nguyên nhân sự cố", "target": "Trong vòng 8 giờ",
         "measure": "Báo cáo sự cố của Bên B"},
    ],
    "term": {"preparation_months": 3, "start": TERM_START,
             "end": last_day(TERM_START, TERM_MONTHS),
             "months": TERM_MONTHS, "handover_days": 30},
    "payment": {"schedule": "quarterly", "schedule_label": "Hằng quý", "method": "Chuyển khoản",
                "days": 15, "periods": _payment_periods()},
    "data_handover": "Bên B xuất toàn bộ dữ liệu và tệp đính kèm theo định dạng mở (JSON, PDF) "
                     "kèm tài liệu mô tả cấu trúc.\nHai bên đối soát số lượng bản ghi và mã "
                     "băm trước khi Bên B xóa dữ liệu khỏi hệ thống của mình.",
    "special_clauses": [
        "Bên B bố trí một cán bộ đầu mối làm việc tại trụ sở Bên A trong giai đoạn chuẩn bị "
        "dịch vụ.",
        "Báo cáo tình hình cung cấp dịch vụ được gửi 06 tháng một lần.",
    ],
    "copies": 6,
    "copies_each": 3,
}

# --- acceptance documents (forms 1-5, domain.md §5) ------------------------------------------
# One context serves all five forms. Forms 2, 3 and 5 describe one accepted period; forms 1
# (handover into use) and 4 (data handover) describe the whole lease: period.no is 0, the
# measured values are "" and met is None.
#
# Acceptance (PREVIEW_ACCEPTANCE)
#     document: {number (the contract's number), place, date (of the record or report)}
#     contract: {number, date, title, total, start, end, months}
#     party_a, party_b: as for the contract; service: {code, name}
#     period: {no int, label, start, end, amount}
#     service_levels: [{name, target, measure, measured, met bool|None}]
#     deductions: {amount, reason}; accepted_amount: int (period.amount - deductions.amount)
#     handover: {method (the agreed data handover, text), days int, date (latest handover)}
#     notes: str, other remarks of the parties, may be empty

ACCEPTANCE_KINDS = tuple(f"acceptance-{number}" for number in range(1, 6))
_PERIOD = _payment_periods()[1]
_DEDUCTION = 1_500_000

PREVIEW_ACCEPTANCE: dict = {
    "pack": PACK,
    "document": {"number": "12/2026/HĐ-THDV", "place": "Thái Nguyên",
                 "date": date(2027, 3, 5)},
    "contract": {"number": "12/2026/HĐ-THDV", "date": date(2026, 5, 14),
                 "title": "Thuê dịch vụ phần mềm phòng họp không giấy tờ",
                 "total": TOTALS["total"], "start": TERM_START,
                 "end": last_day(TERM_START, TERM_MONTHS),
                 "ended": last_day(TERM_START, TERM_MONTHS),  # the actual end (terminated)
                 "months": TERM_MONTHS},
    "party_a": PREVIEW_CONTRACT["party_a"],
    "party_b": PREVIEW_CONTRACT["party_b"],
    "service": {"code": "SAAS-HOP-01", "name": "Phần mềm phòng họp không giấy tờ"},
    "period": {"no": 2, "label": "Quý 2", "start": _add_months(TERM_START, 3),
               "end": last_day(TERM_START, 6),
               "amount": _PERIOD["amount"]},
    "service_levels": [
        {"name": "Thời gian phản hồi trung bình", "target": "Dưới 5 giây",
         "measure": "Hệ thống giám sát ghi nhận, tổng hợp theo tháng",
         "measured": "2,8 giây", "met": True},
        {"name": "Số lần gián đoạn dịch vụ", "target": "Không quá 3 lần/năm",
         "measure": "Nhật ký sự cố được hai bên xác nhận", "measured": "1 lần", "met": True},
        {"name": "Khôi phục dịch vụ và dữ liệu", "target": "Trong vòng 24 giờ",
         "measure": "Tính từ khi Bên A thông báo sự cố", "measured": "30 giờ (sự cố ngày "
         "12/01/2027)", "met": False},
    ],
    "deductions": {"amount": _DEDUCTION,
                   "reason": "Khôi phục dịch vụ chậm 06 giờ so với cam kết (sự cố ngày "
                             "12/01/2027)."},
    "accepted_amount": _PERIOD["amount"] - _DEDUCTION,
    "handover": {"method": PREVIEW_CONTRACT["data_handover"], "days": 30,
                 "date": _add_months(TERM_START, TERM_MONTHS) + timedelta(days=29)},
    "notes": "Bên B gửi báo cáo sự cố ngày 12/01/2027 đúng hạn.",
}

# --- amendments (phụ lục hợp đồng) -----------------------------------------------------------
# Amendment (PREVIEW_AMENDMENT)
#     pack, citations, extra_bases, party_a, party_b, copies, copies_each: as for the contract
#     within_plan: bool, the amended total was checked within the approved plan's estimate
#     document: {number "01/12/2026/HĐ-THDV", place, date (of the amendment)}
#     amendment: {number "01" (padded), reason}
#     contract: {number, title, date (signed on)}
#     changes: each None when that term is unchanged, else
#         term: {months_before, months, start, end_before, end}
#         lines: {rows [as contract lines], vat_groups, totals, totals_before}
#         service_levels: [{name, target, measure}], the full new list
#         special_clauses: [str], the full new list (may be empty)
#     articles: {term, lines, service_levels, special_clauses: int article number or None,
#         validity: int, the last article}

_AMENDED_LINES = [LINES[0], _line("Máy chủ ảo đặt tại Trung tâm dữ liệu tỉnh để vận hành dịch "
                                  "vụ", "Máy chủ ảo/tháng", 3, 72, 2_500_000, "10")]
_AMENDED = totals_by_rate((line["vat_rate"], line) for line in _AMENDED_LINES)
_AMENDED_TOTALS = {key: _AMENDED[key] for key in ("before_vat", "vat", "total")}

PREVIEW_AMENDMENT: dict = {
    "pack": PACK,
    "document": {"number": "01/12/2026/HĐ-THDV", "place": "Thái Nguyên",
                 "date": date(2027, 4, 12)},
    "amendment": {"number": "01",
                  "reason": "Bổ sung 01 máy chủ ảo do số người sử dụng tăng và kéo dài thời "
                            "gian thuê thêm 12 tháng."},
    "contract": {"number": "12/2026/HĐ-THDV", "date": date(2026, 5, 14),
                 "title": "Thuê dịch vụ phần mềm phòng họp không giấy tờ"},
    "citations": PREVIEW_CONTRACT["citations"],
    "within_plan": True,
    "extra_bases": PREVIEW_CONTRACT["extra_bases"],
    "party_a": PREVIEW_CONTRACT["party_a"],
    "party_b": PREVIEW_CONTRACT["party_b"],
    "changes": {
        "term": {"months_before": TERM_MONTHS, "months": 72, "start": TERM_START,
                 "end_before": last_day(TERM_START, TERM_MONTHS),
                 "end": last_day(TERM_START, 72)},
        "lines": {"rows": _AMENDED_LINES,
                  "vat_groups": _AMENDED["vat_groups"],
                  "totals": _AMENDED_TOTALS,
                  "totals_before": {"before_vat": TOTALS["amount"], "vat": TOTALS["vat"],
                                    "total": TOTALS["total"]}},
        "service_levels": PREVIEW_CONTRACT["service_levels"][:1] + [
            {"name": "Thời gian khôi phục dịch vụ", "target": "Trong vòng 12 giờ",
             "measure": "Tính từ khi Bên A thông báo sự cố"}],
        "special_clauses": ["Bên B bố trí thêm một cán bộ hỗ trợ trong giờ hành chính."],
    },
    "articles": {"term": 1, "lines": 2, "service_levels": 3, "special_clauses": 4,
                 "validity": 5},
    "copies": 6,
    "copies_each": 3,
}
