"""Preview data for the Word templates, and the specification of the document context.

The code that builds a context from the database must produce exactly these keys. Values are
raw: amounts are ``int`` đồng, dates ``datetime.date``, decimal rates are strings such as
"0.06" (exact, unlike float), text is plain ``str`` whose "\\n" become line breaks through the
``lines`` filter. Only str, int, bool, None, date, list and dict appear. The engine adds
``laws`` itself (contracts.documents.laws_for): civil_code, it, digital and bidding (the Law on
Bidding in force on ``document.date``).

Both kinds
    pack: {id "nd73-2019", short_name, template_version int}
    document: {number "12/2026/HĐ-THDV" (plan "15/KH-SKHCN"), place "Thái Nguyên", date}
    extra_bases: [str] "Căn cứ" lines after the pack's own, without "Căn cứ" and the ";"

Contract (PREVIEW_CONTRACT)
    party_a, party_b: {name, address, phone, email, tax_code, account, bank,
        representative, position}; A leases (the agency), B provides (the vendor)
    service: {code, name, description, unit, security_level int 1-5}
    offering: {name, hosting_location, support, technical} (the vendor's offering; technical
        = the agreed technical requirements, text)
    lines: [{name, unit, quantity int, months int|None (None for a one-off item),
        unit_price, vat_rate "kct"|"0"|"5"|"8"|"10", amount (before VAT), vat, total}]
    vat_groups: [{rate, label "Không chịu thuế"|"10%"..., base, vat}], one per rate used
    totals: {before_vat, vat, total}
    service_levels: [{name, target, measure}]
    term: {preparation_months, start, end (lease period dates), months, handover_days}
    payment: {schedule "monthly"|"quarterly"|"milestone", schedule_label, method,
        days (days to pay after a complete payment file), periods [{no, label, due, amount}]}
    data_handover: str, the agreed handover method, tools and timing
    special_clauses: [str], may be empty
    copies: int originals in all; copies_each: int kept by each party

Plan (PREVIEW_PLAN)
    agency: {name, parent_body, address}; signer: {title "GIÁM ĐỐC", name}; recipients: [str]
    subject: str, what is leased, shown under the title
    Section texts (str): current_state, necessity, items, objectives, scope, users,
        conformity (nd224-2026 only), quality, technical, connection, in_house_software,
        security, other_requirements, vendor_requirements (qd80-2014 only), data_ownership,
        schedule, changes
    period: {text, start, end, months, preparation_months}
    security_level_proposal: {level int 1-5, reasons str} (nd73-2019 and later)
    method: str, how the estimate was made
    cost_parts: [{part "lease"|"management"|"consultancy"|"other"|"contingency", label,
        lines [{name, basis (how computed), amount (VAT included)}], subtotal}], five parts
    year_totals: [{year int, amount}]; total: int, the whole estimate
    working: None, or the Circular 12/2020 calculator {build_cost, residual, annual_rate,
        periods_per_year, periods, vat_rate, in_advance bool, periodic_rate, growth, payment,
        total} (rates and growth as decimal strings)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from contracts.costs import explain_lease_payment
from core.money import format_vnd
from core.months import add_months as _add_months
from core.vat import line_amounts


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
TOTALS = {key: sum(line[key] for line in LINES) for key in ("amount", "vat", "total")}
TERM_START = date(2026, 9, 1)
TERM_MONTHS = 60


def _payment_periods() -> list[dict]:
    """Twenty quarterly payments, each due 15 days after its quarter ends."""
    count = TERM_MONTHS // 3
    share, rest = divmod(TOTALS["total"], count)
    periods = []
    for number in range(1, count + 1):
        first = _add_months(TERM_START, 3 * (number - 1))
        last = _add_months(TERM_START, 3 * number) - timedelta(days=1)
        periods.append({
            "no": number,
            "label": f"Kỳ {number}: từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}",
            "due": last + timedelta(days=15),
            # Any rounding remainder goes to the last period so the sum is exact.
            "amount": share + (rest if number == count else 0),
        })
    return periods


PREVIEW_CONTRACT: dict = {
    "pack": PACK,
    "document": {"number": "12/2026/HĐ-THDV", "place": "Thái Nguyên", "date": date(2026, 5, 14)},
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
        "tax_code": "4600123459", "account": "9527.1.1012345",
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
    "vat_groups": [
        {"rate": rate, "label": label,
         "base": sum(x["amount"] for x in LINES if x["vat_rate"] == rate),
         "vat": sum(x["vat"] for x in LINES if x["vat_rate"] == rate)}
        for rate, label in (("kct", "Không chịu thuế"), ("10", "10%"))
    ],
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
             "end": _add_months(TERM_START, TERM_MONTHS) - timedelta(days=1),
             "months": TERM_MONTHS, "handover_days": 30},
    "payment": {"schedule": "quarterly", "schedule_label": "Theo quý", "method": "Chuyển khoản",
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

WORKING = explain_lease_payment(1_000_000_000, 0, Decimal("0.06"), 4, 20, 0)
_WORKING = {
    "build_cost": 1_000_000_000, "residual": 0, "annual_rate": "0.06", "periods_per_year": 4,
    "periods": WORKING.periods, "vat_rate": "0", "in_advance": WORKING.in_advance,
    "periodic_rate": str(WORKING.periodic_rate), "growth": str(WORKING.growth),
    "payment": WORKING.payment, "total": WORKING.total,
}


def _part(part: str, label: str, lines: list[tuple[str, str, int]]) -> dict:
    """A cost-estimate part with its lines and subtotal."""
    rows = [{"name": name, "basis": basis, "amount": amount} for name, basis, amount in lines]
    return {"part": part, "label": label, "lines": rows,
            "subtotal": sum(row["amount"] for row in rows)}


_PARTS = [
    _part("lease", "Chi phí thuê dịch vụ", [
        ("Thuê phần mềm phòng họp không giấy tờ (Gtdv)",
         f"Gdv × n = {format_vnd(WORKING.payment)} × {WORKING.periods} kỳ", WORKING.total),
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
        years[year] = years.get(year, 0) + WORKING.payment + 330_000_000 // 20
    return [{"year": year, "amount": amount} for year, amount in sorted(years.items())]


PREVIEW_PLAN: dict = {
    "pack": PACK,
    "document": {"number": "15/KH-SKHCN", "place": "Thái Nguyên", "date": date(2026, 2, 5)},
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
               "start": TERM_START, "end": _add_months(TERM_START, 60) - timedelta(days=1),
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
                 "end": _add_months(TERM_START, TERM_MONTHS) - timedelta(days=1),
                 "months": TERM_MONTHS},
    "party_a": PREVIEW_CONTRACT["party_a"],
    "party_b": PREVIEW_CONTRACT["party_b"],
    "service": {"code": "SAAS-HOP-01", "name": "Phần mềm phòng họp không giấy tờ"},
    "period": {"no": 2, "label": "Quý 2", "start": _add_months(TERM_START, 3),
               "end": _add_months(TERM_START, 6) - timedelta(days=1),
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

PREVIEWS: dict[str, dict] = {"plan": PREVIEW_PLAN, "contract": PREVIEW_CONTRACT,
                             **{kind: PREVIEW_ACCEPTANCE for kind in ACCEPTANCE_KINDS}}

# --- amendments (phụ lục hợp đồng) -----------------------------------------------------------
# Amendment (PREVIEW_AMENDMENT)
#     pack, extra_bases, party_a, party_b, copies, copies_each: as for the contract
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
_AMENDED_TOTALS = {"before_vat": sum(line["amount"] for line in _AMENDED_LINES),
                   "vat": sum(line["vat"] for line in _AMENDED_LINES),
                   "total": sum(line["total"] for line in _AMENDED_LINES)}

PREVIEW_AMENDMENT: dict = {
    "pack": PACK,
    "document": {"number": "01/12/2026/HĐ-THDV", "place": "Thái Nguyên",
                 "date": date(2027, 4, 12)},
    "amendment": {"number": "01",
                  "reason": "Bổ sung 01 máy chủ ảo do số người sử dụng tăng và kéo dài thời "
                            "gian thuê thêm 12 tháng."},
    "contract": {"number": "12/2026/HĐ-THDV", "date": date(2026, 5, 14),
                 "title": "Thuê dịch vụ phần mềm phòng họp không giấy tờ"},
    "extra_bases": PREVIEW_CONTRACT["extra_bases"],
    "party_a": PREVIEW_CONTRACT["party_a"],
    "party_b": PREVIEW_CONTRACT["party_b"],
    "changes": {
        "term": {"months_before": TERM_MONTHS, "months": 72, "start": TERM_START,
                 "end_before": _add_months(TERM_START, TERM_MONTHS) - timedelta(days=1),
                 "end": _add_months(TERM_START, 72) - timedelta(days=1)},
        "lines": {"rows": _AMENDED_LINES,
                  "vat_groups": [{"rate": "kct", "label": "Không chịu thuế",
                                  "base": LINES[0]["amount"], "vat": 0},
                                 {"rate": "10", "label": "10%",
                                  "base": _AMENDED_LINES[1]["amount"],
                                  "vat": _AMENDED_LINES[1]["vat"]}],
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
PREVIEWS["amendment"] = PREVIEW_AMENDMENT
