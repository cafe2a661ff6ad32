"""Demo vendors for `flask seed-demo`: fictitious companies, idempotent by tax code."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from catalog import services as catalog_services
from core import clock
from extensions import db
from vendors import services
from vendors.models import PROFILE_FIELDS

# Fictitious companies. Their tax codes were made up and computed to pass the N10 check
# digit (domain.md §7); none is a real enterprise's code.
VENDORS = [
    {"tax_code": "0109876500", "slug": "saoviet", "status": "verified",
     "legal_name": "Công ty Cổ phần Giải pháp Số Sao Việt", "short_name": "Sao Việt",
     "address": "Tầng 9, số 18 phố Duy Tân, phường Cầu Giấy, Hà Nội", "province": "ha-noi",
     "phone": "024 3795 1234", "website": "https://saoviet.demo.thuedv.vn",
     "representative": "Nguyễn Minh Khôi", "representative_position": "Tổng Giám đốc",
     "bank_account": "1020304050607", "bank_name": "Ngân hàng TMCP Ngoại thương Việt Nam",
     "certifications": [("iso27001", 400), ("iso9001", 20)],
     "offerings": [("HT-002", 850_000, True, "10", False, True),
                   ("HT-003", 12_500_000, False, "10", False, True),
                   ("PM-007", 60_000, True, "kct", False, False),
                   ("HT-005", 2_800, True, "10", False, True)]},
    {"tax_code": "0409876519", "slug": "mayxanh", "status": "verified",
     "legal_name": "Công ty TNHH Công nghệ Mây Xanh Đà Nẵng", "short_name": "Mây Xanh",
     "address": "Lô A2 Khu công viên phần mềm, phường Hải Châu, Đà Nẵng", "province": "da-nang",
     "phone": "0236 3888 456", "website": None,
     "representative": "Trần Thị Thu Hà", "representative_position": "Giám đốc",
     "bank_account": "0041000987654", "bank_name": "Ngân hàng TMCP Ngoại thương Việt Nam",
     "certifications": [("iso20000", -10), ("iso27001", 700)],
     "offerings": [("NT-001", 45_000, True, "10", False, True),
                   ("NT-003", None, False, "10", False, True),
                   ("HT-004", 3_000, False, "10", False, False),
                   ("HT-002", 790_000, True, "10", False, True)]},
    {"tax_code": "0319876521", "slug": "lachong", "status": "verified",
     "legal_name": "Công ty Cổ phần Phần mềm Hành chính Lạc Hồng", "short_name": "Lạc Hồng Soft",
     "address": "68 Nguyễn Huệ, phường Sài Gòn, Thành phố Hồ Chí Minh",
     "province": "ho-chi-minh", "phone": "028 3822 7788",
     "website": "https://lachong.demo.thuedv.vn",
     "representative": "Lê Quang Vinh", "representative_position": "Chủ tịch Hội đồng quản trị",
     "bank_account": "0071000123456", "bank_name": "Ngân hàng TMCP Công Thương Việt Nam",
     "certifications": [("iso9001", 500)],
     "offerings": [("PM-002", 35_000, True, "kct", True, True),
                   ("PM-001", 48_000_000, False, "kct", False, True),
                   ("PM-008", None, False, "kct", False, False),
                   ("HT-002", None, False, "10", False, True)]},
    {"tax_code": "0109876532", "slug": "lachanbac", "status": "verified",
     "legal_name": "Công ty TNHH An ninh mạng Lá Chắn Bạc", "short_name": "Lá Chắn Bạc",
     "address": "25 Láng Hạ, phường Giảng Võ, Hà Nội", "province": "ha-noi",
     "phone": "024 3514 2020", "website": None,
     "representative": "Phạm Đức Anh", "representative_position": "Giám đốc",
     "bank_account": "19034567890123", "bank_name": "Ngân hàng TMCP Kỹ thương Việt Nam",
     "certifications": [("attt", 900), ("iso27001", 300)],
     "offerings": [("AT-001", 95_000_000, True, "10", False, True),
                   ("AT-003", None, False, "10", False, True),
                   ("HT-005", None, False, "10", False, True)]},
    {"tax_code": "1809876547", "slug": "phuongnamso", "status": "pending",
     "legal_name": "Công ty TNHH Dữ liệu Phương Nam Số", "short_name": None,
     "address": "112 đường 30 Tháng 4, phường Ninh Kiều, Cần Thơ", "province": "can-tho",
     "phone": "0292 3761 555", "website": None,
     "representative": "Võ Thị Mỹ Linh", "representative_position": "Giám đốc",
     "bank_account": "7110201004567",
     "bank_name": "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
     "certifications": [],
     "offerings": [("DL-002", 1_200, True, "kct", False, True),
                   ("DL-001", None, False, "kct", False, False)]},
    {"tax_code": "4609876552", "slug": "truongan", "status": "rejected",
     "legal_name": "Công ty Cổ phần Thiết bị Văn phòng Trường An", "short_name": "Trường An",
     "address": "Số 5 đường Hoàng Văn Thụ, phường Phan Đình Phùng, Thái Nguyên",
     "province": "thai-nguyen", "phone": "0208 3855 999", "website": None,
     "representative": "Hoàng Văn Tuấn", "representative_position": "Giám đốc",
     "bank_account": "39010000876543", "bank_name": "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam",
     "rejection_reason": "Tên doanh nghiệp không khớp với mã số thuế trên Cổng thông tin quốc "
                         "gia về đăng ký doanh nghiệp; đề nghị kiểm tra lại tên đầy đủ.",
     "certifications": [],
     "offerings": [("TB-001", 450_000, False, "10", False, False),
                   ("TB-002", None, False, "10", False, False)]},
]
CERT_DETAILS = {
    "iso27001": ("Tổ chức chứng nhận Demo Quốc tế", 3 * 365),
    "iso9001": ("Trung tâm Chứng nhận Phù hợp Demo", 3 * 365),
    "iso20000": ("Tổ chức chứng nhận Demo Quốc tế", 3 * 365),
    "attt": ("Bộ Công an (mẫu thử)", 5 * 365),
}


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF saying it is demo data."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"\
        .encode()
    return bytes(out)


# What a demo offering promises when its catalog service lists no level, and how a level the
# catalog left without a measure (a database seeded before measures existed) is measured.
DEFAULT_LEVELS = [{
    "name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng",
    "measure": "Tỷ lệ thời gian dịch vụ hoạt động trong tháng, đo bằng hệ thống giám sát tự "
               "động của nhà cung cấp, đối chiếu với nhật ký sự cố; không tính thời gian bảo "
               "trì đã báo trước.",
}]
DEFAULT_MEASURE = ("Nhà cung cấp đo bằng hệ thống giám sát và nhật ký vận hành, báo cáo hằng "
                   "tháng; cơ quan đối chiếu khi nghiệm thu từng kỳ.")


def _demo_levels(service) -> list[dict[str, str]]:
    """The catalog's levels of the service, each with a measure."""
    return [dict(level, measure=level.get("measure") or DEFAULT_MEASURE)
            for level in service.service_levels or []] or [dict(DEFAULT_LEVELS[0])]


def _add_offerings(vendor, spec: dict, missing: list[str]) -> int:
    created = 0
    for code, price, public, vat, common, publish in spec["offerings"]:
        service = catalog_services.get_service(code)
        if service is None or service.retired_at is not None:
            missing.append(code)  # the catalog file changed: skip rather than fail the seed
            continue
        offering = services.create_offering(vendor, {
            "service": service, "unit": service.unit, "security_level": service.security_level,
            "description": f"{service.name} do {spec['short_name'] or spec['legal_name']} "
                           "cung cấp (dữ liệu minh họa).",
            "service_levels": _demo_levels(service),
            "hosting_location": f"Trung tâm dữ liệu tại {vendor.province.name}",
            "min_term_months": 12, "unit_price": price, "vat_rate": vat,
            "price_public": public, "common_software": common,
        })
        if publish:
            services.set_offering_published(offering, True)
        created += 1
    return created


def _add_certifications(vendor, spec: dict) -> int:
    today = clock.today()
    for index, (kind, days_left) in enumerate(spec["certifications"], start=1):
        issuer, lifetime = CERT_DETAILS[kind]
        expires = today + timedelta(days=days_left)
        number = f"{kind.upper()}-{vendor.tax_code[-4:]}-{index:02d}"
        services.add_certification(vendor, {
            "kind": kind, "number": number, "issuer": issuer,
            "issued_on": expires - timedelta(days=lifetime), "expires_on": expires,
        }, demo_pdf(f"Demo certificate {number} - {spec['slug']}"), f"{number}.pdf")
    return len(spec["certifications"])


def seed() -> dict[str, int]:
    """Six vendors (four verified, one pending, one rejected) with users, offers, certificates."""
    counts = {"nhà cung cấp mới": 0, "gói dịch vụ mới": 0, "chứng chỉ mới": 0}
    missing: list[str] = []
    for spec in VENDORS:
        email = f"kinhdoanh@{spec['slug']}.demo.thuedv.vn"
        if services.get_vendor(spec["tax_code"]) is not None or db.session.scalar(
                select(User.id).where(User.email == email)):
            continue
        profile = {f: spec.get(f) for f in PROFILE_FIELDS}
        profile.update(tax_code=spec["tax_code"], email=f"lienhe@{spec['slug']}.demo.thuedv.vn",
                       province=services.get_province(spec["province"]))
        vendor, _user = services.register_vendor(profile, {
            "name": f"Phòng Kinh doanh {spec['short_name'] or spec['legal_name']}",
            "email": email, "password": DEMO_PASSWORD})
        counts["chứng chỉ mới"] += _add_certifications(vendor, spec)
        counts["gói dịch vụ mới"] += _add_offerings(vendor, spec, missing)
        if spec["status"] == "verified":
            services.verify_vendor(vendor)
        elif spec["status"] == "rejected":
            services.reject_vendor(vendor, spec["rejection_reason"])
        counts["nhà cung cấp mới"] += 1
    if missing:
        current_app.logger.warning("Bỏ qua gói dịch vụ của mã không có trong danh mục: %s",
                                   ", ".join(missing))
        counts["gói dịch vụ bỏ qua (mã dịch vụ không có trong danh mục)"] = len(missing)
    return counts
