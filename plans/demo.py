"""Demo lease plans for `flask seed-demo`: one per legal basis, built through the same services."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from accounts.demo import DEMO_PASSWORD
from accounts.models import Organisation, User
from accounts.services import create_user
from catalog.services import get_service
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from plans import transitions as plan_transitions
from plans import working as plan_working
from plans.models import LeasePlan
from plans.queue import quietly

THAI_NGUYEN = "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"
DA_NANG = "Văn phòng UBND thành phố Đà Nẵng"


def yearly(content: str, unit: str, quantity: int, price: int, vat: str, start: date,
           months: int) -> list[tuple]:
    """A monthly-priced lease split into one estimate line per budget year."""
    rows, year, month, left = [], start.year, start.month, months
    while left:
        span = min(left, 13 - month)
        rows.append(("lease", f"{content} năm {year}", unit, quantity, span, price, vat, year))
        left, year, month = left - span, year + 1, 1
    return rows


COMMON = {
    "quality": "Dịch vụ sẵn sàng tối thiểu 99,5% thời gian mỗi tháng; thời gian phản hồi trung "
               "bình dưới 5 giây; không quá 3 lần gián đoạn mỗi năm.\nKhôi phục dịch vụ và dữ "
               "liệu trong vòng 24 giờ; xác định nguyên nhân sự cố trong vòng 8 giờ.",
    "technical": "Chạy trên trình duyệt phổ biến và thiết bị di động; mã hóa đường truyền "
                 "TLS 1.2 trở lên; sẵn sàng IPv6.\nHệ thống đặt tại Trung tâm dữ liệu của tỉnh "
                 "hoặc trung tâm dữ liệu đạt tiêu chuẩn TCVN 9250:2021 tại Việt Nam.",
    "connection": "Kết nối, chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của "
                  "tỉnh; đăng nhập một lần với hệ thống xác thực tập trung.",
    "in_house_software": "Không có phần mềm nội bộ phải xây dựng riêng.",
    "security": "Bảo đảm an toàn hệ thống thông tin theo cấp độ đề xuất; giám sát an toàn "
                "thông tin 24/7; bảo vệ dữ liệu cá nhân theo quy định hiện hành.",
    "other_requirements": "Hỗ trợ kỹ thuật 24/7 qua điện thoại, thư điện tử; đào tạo người "
                          "sử dụng và quản trị; báo cáo tình hình cung cấp dịch vụ 06 tháng "
                          "một lần.",
    "data_ownership": "Nhà cung cấp bàn giao toàn bộ dữ liệu theo định dạng mở kèm tài liệu mô "
                      "tả cấu trúc khi kết thúc thời gian thuê; hai bên đối soát số lượng bản "
                      "ghi và mã băm, sau đó nhà cung cấp xóa dữ liệu khỏi hệ thống của mình.",
    "changes": "Thay đổi số người sử dụng hoặc chức năng trong phạm vi 10% giá trị được điều "
               "chỉnh bằng phụ lục hợp đồng; vượt mức này thì trình điều chỉnh kế hoạch.",
}

DEMO = [
    {"agency": THAI_NGUYEN, "title": "Thuê dịch vụ phần mềm quản lý văn bản và điều hành",
     "pack": "qd80-2014", "date": date(2018, 1, 15), "services": ["PM-002"],
     "period": (date(2018, 4, 1), date(2021, 3, 31)), "prep": 2, "level": None,
     "approve": ("12/QĐ-STTTT", date(2018, 2, 2)), "method": "comparison",
     "levels": [
         {"name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng",
          "measure": "Tỷ lệ thời gian phần mềm truy cập được trong tháng, đo bằng công cụ giám "
                     "sát tự động của nhà cung cấp, đối chiếu nhật ký sự cố; không tính thời "
                     "gian bảo trì đã báo trước"},
         {"name": "Thời gian xử lý sự cố nghiêm trọng", "target": "≤ 4 giờ",
          "measure": "Từ lúc Sở báo sự cố qua đường dây hỗ trợ đến lúc khôi phục dịch vụ, theo "
                     "phiếu yêu cầu hỗ trợ; lấy giá trị lớn nhất trong tháng"}],
     "signer": ("Giám đốc", "Nguyễn Văn Minh"), "number": "05/KH-STTTT",
     "sections": {
         "current_state": "Sở đang dùng phần mềm quản lý văn bản cài đặt từ năm 2012, không "
                          "còn được nhà sản xuất hỗ trợ; văn bản liên thông với các sở, ngành "
                          "phải gửi kèm bản giấy.",
         "necessity": "So sánh hai phương án cho thấy thuê dịch vụ có tổng chi phí 03 năm thấp "
                      "hơn khoảng 20% so với tự đầu tư, triển khai nhanh hơn và luôn được cập "
                      "nhật.",
         "items": "Phần mềm quản lý văn bản và điều hành dạng dịch vụ cho 150 người sử dụng.",
         "objectives": "100% văn bản đi, đến được xử lý trên môi trường mạng; liên thông văn "
                       "bản với các cơ quan trong tỉnh.",
         "scope": "Trụ sở Sở và 02 đơn vị trực thuộc tại thành phố Thái Nguyên.",
         "users": "Lãnh đạo Sở, văn phòng, các phòng chuyên môn và đơn vị trực thuộc.",
         "vendor_requirements": "Nhà cung cấp có ít nhất 02 hợp đồng tương tự trong 03 năm gần "
                                "đây, do phía Việt Nam nắm quyền chi phối; cam kết bảo mật "
                                "thông tin của cơ quan.",
         "schedule": "Quý I/2018: lựa chọn nhà cung cấp.\nTháng 3/2018: khởi tạo dịch vụ, "
                     "chuyển dữ liệu và đào tạo.\nTừ 01/4/2018: sử dụng dịch vụ."},
     "lines": [*yearly("Thuê phần mềm quản lý văn bản và điều hành", "người dùng/tháng", 150,
                       35_000, "kct", date(2018, 4, 1), 36),
               ("consultancy", "Khảo sát, lập phương án thuê dịch vụ", "gói", 1, 1, 18_000_000,
                "10", 2018),
               ("other", "Thẩm định giá dịch vụ", "gói", 1, 1, 6_000_000, "10", 2018),
               ("contingency", "Dự phòng khối lượng phát sinh", "gói", 1, 1, 5_000_000, "kct",
                2019)]},
    {"agency": THAI_NGUYEN, "title": "Thuê dịch vụ phòng họp không giấy tờ",
     "pack": "nd73-2019", "date": date(2025, 3, 10), "services": ["PM-008", "HT-002"],
     "period": (date(2025, 7, 1), date(2030, 6, 30)), "prep": 3, "level": 3,
     "approve": ("87/QĐ-SKHCN", date(2025, 4, 2)), "method": "combination",
     "levels": [
         {"name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng",
          "measure": "Tỷ lệ thời gian hệ thống hoạt động trong tháng, đo bằng công cụ giám sát "
                     "tự động; không tính thời gian bảo trì đã báo trước"},
         {"name": "Độ trễ đồng bộ tài liệu phiên họp", "target": "≤ 30 giây",
          "measure": "Thời gian từ khi thư ký đưa tài liệu lên đến khi hiện trên máy tính bảng "
                     "của đại biểu, đo ở mỗi phiên họp thử nghiệm đầu kỳ"}],
     "signer": ("Giám đốc", "Nguyễn Văn Minh"), "number": "15/KH-SKHCN",
     "sections": {
         "current_state": "Sở tổ chức khoảng 120 cuộc họp mỗi năm; tài liệu họp vẫn được in và "
                          "phát bằng giấy, trung bình 40 trang mỗi người một cuộc họp.",
         "necessity": "Thuê dịch vụ giúp số hóa tài liệu họp mà không phải đầu tư phần cứng, "
                      "phù hợp chủ trương giảm giấy tờ trong cơ quan nhà nước.",
         "items": "Phần mềm phòng họp không giấy tờ dạng dịch vụ.\nMáy chủ ảo vận hành dịch vụ "
                  "tại Trung tâm dữ liệu tỉnh.",
         "objectives": "Số hóa toàn bộ tài liệu họp; giảm ít nhất 80% giấy in phục vụ họp.",
         "scope": "Trụ sở Sở và 03 đơn vị trực thuộc; khoảng 150 người sử dụng.",
         "users": "Lãnh đạo Sở, các phòng chuyên môn và đơn vị trực thuộc.",
         "period_text": "Thuê trong 05 năm kể từ ngày nghiệm thu, bàn giao đưa dịch vụ vào sử "
                        "dụng.",
         "schedule": "Tháng 4–6/2025: lựa chọn nhà thầu, chuẩn bị dịch vụ, vận hành thử và đào "
                     "tạo.\nTừ 01/7/2025: sử dụng dịch vụ.",
         "security_reasons": "Hệ thống xử lý thông tin nội bộ của cơ quan nhà nước cấp tỉnh, "
                             "phục vụ nhiều đơn vị."},
     "lines": [*yearly("Thuê phần mềm phòng họp không giấy tờ", "gói/tháng", 1, 15_000_000,
                       "kct", date(2025, 7, 1), 60),
               *yearly("Thuê máy chủ ảo tại Trung tâm dữ liệu tỉnh", "máy chủ ảo/tháng", 2,
                       2_500_000, "10", date(2025, 7, 1), 60),
               ("management", "Quản lý việc thuê dịch vụ", "gói", 1, 1, 18_500_000, "kct", 2025),
               ("consultancy", "Khảo sát, lập kế hoạch thuê dịch vụ", "gói", 1, 1, 25_000_000,
                "10", 2025),
               ("consultancy", "Thẩm tra kế hoạch thuê dịch vụ", "gói", 1, 1, 8_000_000, "10",
                2025),
               ("other", "Kiểm toán, quyết toán", "gói", 1, 1, 15_000_000, "10", 2026),
               ("contingency", "Dự phòng khối lượng phát sinh", "gói", 1, 1, 12_000_000, "kct",
                2026)]},
    {"agency": DA_NANG, "title": "Thuê dịch vụ công trực tuyến và một cửa điện tử thành phố",
     "pack": "nd224-2026", "date": date(2026, 8, 10), "services": ["PM-001", "NT-005"],
     "period": (date(2027, 1, 1), date(2031, 12, 31)), "prep": 4, "level": 4,
     "approve": ("1301/QĐ-VP", date(2026, 10, 20)), "method": "calculation",
     "levels": [
         {"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng",
          "measure": "Tỷ lệ thời gian cổng dịch vụ công hoạt động trong tháng, đo bằng công cụ "
                     "giám sát độc lập của Văn phòng từ hai điểm truy cập"},
         {"name": "Thời gian phản hồi trang", "target": "≤ 3 giây",
          "measure": "Giá trị phân vị 95 của thời gian tải trang trong tháng, lấy từ nhật ký "
                     "máy chủ ứng dụng"},
         {"name": "Hồ sơ trực tuyến được xử lý đúng hạn", "target": "≥ 98%",
          "measure": "Số hồ sơ xử lý đúng hạn chia cho tổng số hồ sơ tiếp nhận trong tháng, theo "
                     "báo cáo của hệ thống một cửa điện tử"}],
     "signer": ("Chánh Văn phòng", "Trần Văn Hòa"),
     "calculator": {"build_cost": 3_200_000_000, "residual": 0, "annual_rate": Decimal("0.058"),
                    "periods_per_year": 4, "periods": 20, "vat_rate": "kct",
                    "in_advance": False},
     "sections": {
         "current_state": "Hệ thống một cửa điện tử hiện tại được đầu tư năm 2019, chưa đáp ứng "
                          "yêu cầu dịch vụ công trực tuyến toàn trình và tích hợp Cổng Dịch vụ "
                          "công quốc gia.",
         "necessity": "Dịch vụ chưa sẵn có trên thị trường với đầy đủ nghiệp vụ đặc thù của "
                      "thành phố nên cần thuê dịch vụ xây dựng theo yêu cầu riêng.",
         "items": "Hệ thống dịch vụ công trực tuyến và một cửa điện tử.\nKết nối nền tảng tích "
                  "hợp, chia sẻ dữ liệu của thành phố.",
         "objectives": "100% thủ tục đủ điều kiện được cung cấp trực tuyến toàn trình; tỷ lệ hồ "
                       "sơ trực tuyến đạt trên 80%.",
         "scope": "Các sở, ngành và 94 phường, xã của thành phố Đà Nẵng.",
         "users": "Cán bộ tiếp nhận, xử lý hồ sơ; người dân và doanh nghiệp.",
         "conformity": "Phù hợp Khung kiến trúc số của thành phố (lớp ứng dụng và lớp dữ liệu "
                       "dùng chung) và Kế hoạch chuyển đổi số 05 năm 2026–2030 của thành phố.",
         "period_text": "Thuê trong 05 năm, thanh toán theo quý vào cuối mỗi quý.",
         "schedule": "Quý IV/2026: lựa chọn nhà thầu, xây dựng và vận hành thử.\nTừ 01/01/2027: "
                     "sử dụng dịch vụ.",
         "security_reasons": "Hệ thống xử lý hồ sơ của người dân, doanh nghiệp trên phạm vi "
                             "toàn thành phố, có dữ liệu cá nhân."},
     "lines": [("management", "Quản lý việc thuê dịch vụ", "gói", 1, 1, 45_000_000, "kct", 2026),
               ("consultancy", "Khảo sát, lập kế hoạch thuê dịch vụ", "gói", 1, 1, 60_000_000,
                "10", 2026),
               ("consultancy", "Giám sát giai đoạn xây dựng dịch vụ", "gói", 1, 1, 40_000_000,
                "10", 2027),
               ("other", "Thẩm định giá", "gói", 1, 1, 20_000_000, "10", 2026),
               ("contingency", "Dự phòng khối lượng phát sinh", "gói", 1, 1, 150_000_000, "kct",
                2027)]},
]

# Sent for appraisal and waiting for the appraiser (the queue's and the clocks' example).
IN_APPRAISAL = {
    "agency": THAI_NGUYEN, "title": "Thuê dịch vụ hệ thống thông tin báo cáo kinh tế – xã hội",
    "pack": "nd224-2026", "date": date(2026, 11, 16), "services": ["PM-001"],
    "period": (date(2027, 4, 1), date(2030, 3, 31)), "prep": 3, "level": 2, "approve": None,
    "method": "quotations", "signer": ("Giám đốc", "Nguyễn Văn Minh"), "number": "42/KH-SKHCN",
    "sections": {
        "current_state": "Số liệu báo cáo kinh tế – xã hội hằng tháng được tổng hợp thủ công "
                         "từ 18 sở, ngành bằng bảng tính gửi qua thư điện tử.",
        "necessity": "Cần hệ thống báo cáo trực tuyến theo mẫu riêng của tỉnh, chưa có sẵn "
                     "trên thị trường.",
        "items": "Hệ thống thông tin báo cáo kinh tế – xã hội của tỉnh dạng dịch vụ.",
        "objectives": "100% báo cáo định kỳ của sở, ngành được gửi và tổng hợp trực tuyến.",
        "scope": "18 sở, ngành và 9 huyện, thành phố của tỉnh.",
        "users": "Cán bộ tổng hợp của sở, ngành; lãnh đạo tỉnh.",
        "conformity": "Phù hợp Khung kiến trúc số của tỉnh (lớp dữ liệu dùng chung) và Kế "
                      "hoạch chuyển đổi số năm 2027 của tỉnh.",
        "period_text": "Thuê trong 03 năm kể từ ngày đưa dịch vụ vào sử dụng.",
        "schedule": "Quý I/2027: lựa chọn nhà thầu, xây dựng dịch vụ.\nTừ 01/4/2027: sử dụng "
                    "dịch vụ.",
        "security_reasons": "Hệ thống xử lý số liệu tổng hợp của cơ quan nhà nước cấp tỉnh."},
    "lines": [*yearly("Thuê hệ thống báo cáo kinh tế – xã hội", "gói/tháng", 1, 22_000_000,
                      "kct", date(2027, 4, 1), 36),
              ("management", "Quản lý việc thuê dịch vụ", "gói", 1, 1, 15_000_000, "kct", 2027),
              ("consultancy", "Khảo sát, lập kế hoạch thuê dịch vụ", "gói", 1, 1, 30_000_000,
               "10", 2026),
              ("contingency", "Dự phòng khối lượng phát sinh", "gói", 1, 1, 20_000_000, "kct",
               2027)]}
DEMO.append(IN_APPRAISAL)
# The demo's appraiser, at the operator: appraises every agency's plans (plans.appraisal).
APPRAISER = ("thamdinh@demo.thuedv.vn", "Đỗ Thị Thẩm Định")
OPINION = ("Kế hoạch có đủ nội dung theo quy định; dự toán được xác định theo phương pháp phù "
           "hợp, có căn cứ. Đủ điều kiện trình phê duyệt.")


def demo_user(org: Organisation, role: str) -> User | None:
    return db.session.scalar(select(User).where(User.organisation_id == org.id,
                                                User.role == role, User.active.is_(True)))


def create_demo_plan(spec: dict, org: Organisation, author: User) -> LeasePlan | None:
    services = [get_service(code) for code in spec["services"]]
    if None in services:
        return None  # the catalog is not loaded
    start, end = spec["period"]
    plan = plan_services.create_plan(org, {
        "title": spec["title"], "plan_date": spec["date"], "pack_id": spec["pack"],
        "place": org.province.name if org.province else "", "signer_title": spec["signer"][0],
        "signer_name": spec["signer"][1], "number": spec.get("number", ""),
        "recipients": ["Ủy ban nhân dân (để báo cáo)", "Sở Tài chính", "Lưu: VT"],
        "sections": {**COMMON, **spec["sections"]}, "services": services,
        "period_start": start, "period_end": end, "preparation_months": spec["prep"],
        "short_period_allowed": False, "security_level_proposal": spec["level"],
        "service_levels": spec.get("levels", []),
    }, actor=author)
    lines = [dict(zip(("part", "content", "unit", "quantity", "months", "unit_price",
                       "vat_rate", "budget_year"), row)) for row in spec["lines"]]
    plan_estimate.save_estimate(plan, lines, spec["method"], "", actor=author)
    if spec.get("calculator"):
        plan_working.save_calculator(plan, spec["calculator"], actor=author)
        plan_working.add_calculator_lines(plan, actor=author)
    return plan


def _appraiser() -> User | None:
    """The demo's appraiser (accounts.demo's users have none), created once at the operator."""
    email, name = APPRAISER
    found = db.session.scalar(select(User).where(User.email == email))
    operator = db.session.scalar(select(Organisation).where(Organisation.kind == "operator")
                                 .order_by(Organisation.id))
    if found is None and operator is not None:
        found = create_user(email, name, DEMO_PASSWORD, "appraiser", operator)
    return found


def seed() -> dict[str, int]:
    """Create the demo plans that are not there yet (keyed by title and agency); counts them.
    Each goes the road its spec says: approved ones through appraisal, one left in appraisal."""
    created = 0
    for spec in DEMO:
        org = db.session.scalar(select(Organisation).where(Organisation.name == spec["agency"]))
        author = demo_user(org, "agency_staff") if org else None
        if author is None or db.session.scalar(select(LeasePlan.id).where(
                LeasePlan.organisation_id == org.id, LeasePlan.title == spec["title"])):
            continue
        plan = create_demo_plan(spec, org, author)
        if plan is None:
            continue
        approver = demo_user(org, "agency_approver")
        appraiser = _appraiser()
        if appraiser is not None:
            with quietly():  # seeding e-mails no one
                plan_transitions.submit_plan(plan, actor=author)
                if spec["approve"] and approver is not None:
                    plan_transitions.record_opinion(plan, OPINION, actor=appraiser)
                    plan_services.approve_plan(plan, *spec["approve"], actor=approver)
        created += 1
    return {"kế hoạch thuê mới": created}
