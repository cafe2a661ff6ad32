"""Plain helpers shared across the suite: the vendor registry's small catalog, a minimal PDF,
made-up tax codes, a response's text and a vendor's first user."""
import os

from accounts.tax_code import check_digit
from vendors import services

CATALOG = """
categories:
  - {code: HT, name: Hạ tầng, description: Hạ tầng kỹ thuật.}
  - {code: PM, name: Phần mềm dịch vụ, description: Phần mềm thuê theo dịch vụ.}
services:
  - code: HT-001
    category: HT
    name: Điện toán đám mây chính phủ
    description: Máy chủ ảo và lưu trữ.
    availability: market
    unit: máy chủ ảo/tháng
    security_level: 3
    service_levels: [{name: Tính sẵn sàng, target: "≥ 99,9%/tháng",
                      measure: "Giám sát tự động, theo tháng"}]
    legal_bases: [nd73-2019]
  - code: HT-002
    category: HT
    name: Hội nghị truyền hình trực tuyến
    description: Phòng họp trực tuyến.
    availability: market
    unit: điểm cầu/tháng
    security_level: 2
    service_levels: [{name: Độ trễ, target: "≤ 300 ms", measure: "Thống kê từng phiên họp"}]
    legal_bases: [nd73-2019]
  - code: PM-001
    category: PM
    name: Dịch vụ công trực tuyến
    description: Cổng dịch vụ công và một cửa điện tử.
    availability: custom
    unit: tháng
    security_level: 3
    service_levels: [{name: Thời gian phản hồi, target: "< 5 giây",
                      measure: "Giám sát hiệu năng, trung bình tháng"}]
    legal_bases: [nd73-2019]
  - code: PM-002
    category: PM
    name: Quản lý văn bản và điều hành
    description: Văn bản đến, văn bản đi.
    availability: custom
    unit: người dùng/tháng
    security_level: 2
    service_levels: [{name: Tính sẵn sàng, target: "≥ 99,5%/tháng",
                      measure: "Giám sát tự động, theo tháng"}]
    legal_bases: [nd73-2019]
"""


def pdf_by_hand(*bodies: bytes, root: int = 1, version: bytes = b"1.7") -> bytes:
    """A PDF made of these object bodies (numbered from 1) with a cross-reference table of
    exact offsets and the trailer."""
    out, offsets = bytearray(b"%%PDF-%s\n" % version), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, root, xref)
    return bytes(out)


# The smallest PDF that pypdf reads strictly: a catalog, its page tree, one blank A4 page.
MINIMAL_PDF = pdf_by_hand(
    b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    version=b"1.4")


def valid_tax_code(n: int) -> str:
    """A made-up tax code that passes the check digit, different for each n."""
    base = 310000000 + n * 7
    while check_digit(f"{base:09d}") is None:
        base += 1
    first_nine = f"{base:09d}"
    return first_nine + str(check_digit(first_nine))


def text(response) -> str:
    return response.get_data(as_text=True)


def first_user(vendor):
    return services.vendor_users(vendor)[0]


def services_required() -> bool:
    """.ci/run sets THUE_CI_SERVICES=1: there a missing server (PostgreSQL's, redis-server,
    LibreOffice) fails the test that needs it, never skips it."""
    return os.environ.get("THUE_CI_SERVICES") == "1"
