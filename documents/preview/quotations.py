"""Preview data of the annex "Bảng tổng hợp báo giá" (see the package docstring for every key).

The figures are those plans.quotations.comparison computes for these prices (whole đồng,
half up; the median of an even count is the mean of the middle two); written out because
documents does not import plans (tests/plans/quotations/test_annex.py checks them).
"""

from __future__ import annotations

from datetime import date

from documents.preview.contract import PACK

# The labels of plans.quotations.comparison.FLAGS that appear below.
LATE = "Gửi sau hạn (không tính)"
DECLINED = "Từ chối báo giá"
MISSING = "Không chào giá dòng này"
VALID_UNTIL = date(2026, 9, 30)


def _quote(name: str, tax_code: str, unit_price: int | None, vat_label: str = "10%", *,
           flags: tuple[str, ...] = (), reason: str = "", note: str = "") -> dict:
    """One vendor's quote on a line."""
    declined = DECLINED in flags
    priced = unit_price is not None
    return {"vendor": {"name": name, "tax_code": tax_code}, "declined": declined,
            "late": LATE in flags, "decline_reason": reason, "unit_price": unit_price,
            "vat_label": vat_label if priced else "", "valid_until": VALID_UNTIL if priced
            else None, "note": note, "valid": not flags, "flags": list(flags)}


_VENDORS = [("Công ty Cổ phần Dịch vụ Số Hà Nội", "0109876500"),
            ("Công ty TNHH Điện toán Đám mây Việt", "0312345679"),
            ("Công ty Cổ phần Hạ tầng Dữ liệu Miền Bắc", "0105551234"),
            ("Công ty TNHH Giải pháp Trực tuyến An Phát", "0401234566"),
            ("Công ty Cổ phần Công nghệ Thái Nguyên", "4600123457")]
_REASON = "Không bố trí được nhân sự triển khai trong thời gian yêu cầu."


def _quotes(prices: list[int | None], vat_label: str) -> list[dict]:
    """Five vendors: the given prices for the first, second and fifth; the third answered late,
    the fourth declined."""
    (a, a_tax), (b, b_tax), (c, c_tax), (d, d_tax), (e, e_tax) = _VENDORS
    first, second, late, fifth = prices
    return [
        _quote(a, a_tax, first, vat_label),
        _quote(b, b_tax, second, vat_label, flags=() if second is not None else (MISSING,)),
        _quote(c, c_tax, late, vat_label, flags=(LATE,),
               note="Báo giá gửi lúc 08:15 ngày 21/07/2026."),
        _quote(d, d_tax, None, flags=(DECLINED,), reason=_REASON),
        _quote(e, e_tax, fifth, vat_label, note="Giá đã gồm hỗ trợ kỹ thuật 24/7."),
    ]


PREVIEW_QUOTATIONS: dict = {
    "pack": PACK,
    "document": {"place": "Thái Nguyên", "date": date(2026, 7, 24)},
    "agency": {"name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
               "parent_body": "Ủy ban nhân dân tỉnh Thái Nguyên"},
    "request": {"code": "YCBG-2026-0012",
                "title": "Thu thập báo giá dịch vụ máy chủ ảo và phần mềm phòng họp không giấy tờ",
                "deadline": date(2026, 7, 20), "deadline_time": "17:00",
                "place": "Trụ sở Sở Khoa học và Công nghệ, số 18 đường Nha Trang, Thái Nguyên",
                "invited": 6, "answered": 5},
    "plan": {"title": "Thuê dịch vụ phần mềm phòng họp không giấy tờ", "number": "15/KH-SKHCN"},
    "minimum": 3,
    "lines": [
        {"no": 1, "service": {"code": "HT-001", "name": "Máy chủ ảo"},
         "unit": "Máy chủ ảo/tháng", "quantity": 2, "months": 36,
         "quotes": _quotes([2_500_000, 2_750_000, 2_300_000, 2_650_000], "10%"),
         # valid: 2.500.000, 2.750.000, 2.650.000 (the late 2.300.000 does not count)
         "figures": {"count": 3, "lowest": 2_500_000, "median": 2_650_000,
                     "average": 2_633_333, "highest": 2_750_000, "spread": 250_000,
                     "spread_percent": "10.0"},
         "valid_count": 3, "enough": True,
         "choice": {"method": "lowest",
                    "method_label": "Giá chào thấp nhất trong các báo giá hợp lệ",
                    "unit_price": 2_500_000, "vat_label": "10%", "vendor": "",
                    "reason": "Các báo giá hợp lệ cùng đáp ứng yêu cầu kỹ thuật."}},
        {"no": 2, "service": {"code": "PM-001", "name": "Phần mềm phòng họp không giấy tờ"},
         "unit": "Gói/tháng", "quantity": 1, "months": 36,
         "quotes": _quotes([15_000_000, None, 14_000_000, 16_500_001], "Không chịu thuế"),
         # valid: 15.000.000 and 16.500.001; their mean 15.750.000,5 rounds up
         "figures": {"count": 2, "lowest": 15_000_000, "median": 15_750_001,
                     "average": 15_750_001, "highest": 16_500_001, "spread": 1_500_001,
                     "spread_percent": "10.0"},
         "valid_count": 2, "enough": False, "choice": None},
    ],
    "signer": {"name": "Trần Thị Thu Hà"},
}
