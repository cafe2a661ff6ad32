"""Demo requests for quotations (`flask seed-demo`), built through the same services: Thái
Nguyên's closed request with four answers (one late, one declined) that priced a draft plan,
and Đà Nẵng's open one, still sealed."""
from datetime import date, timedelta

from sqlalchemy import select

from accounts.models import Organisation
from core.clock import today, utcnow
from extensions import db
from plans.demo import COMMON, DA_NANG, THAI_NGUYEN, create_demo_plan, demo_user
from plans.queue import quietly
from plans.quotations import answers, choices, requests
from plans.quotations.models import QuotationRequest
from vendors.models import Vendor

SAO_VIET, MAY_XANH = "0109876500", "0409876519"
LAC_HONG, LA_CHAN_BAC = "0319876521", "0109876532"

PLAN = {
    "agency": THAI_NGUYEN, "title": "Thuê máy chủ ảo và sao lưu dữ liệu cho các hệ thống của Sở",
    "pack": "nd224-2026", "date": date(2026, 11, 20), "services": ["HT-002", "HT-005"],
    "period": (date(2027, 1, 1), date(2029, 12, 31)), "prep": 1, "level": 3,
    "method": None, "signer": ("Giám đốc", "Nguyễn Văn Minh"), "number": "",
    "sections": {
        "current_state": "Các hệ thống thông tin của Sở chạy trên 04 máy chủ vật lý mua năm "
                         "2016, đã hết bảo hành; dữ liệu chỉ được sao lưu thủ công mỗi tuần.",
        "necessity": "Thuê máy chủ ảo và dịch vụ sao lưu giúp Sở không phải đầu tư thay thế "
                     "máy chủ, có sao lưu tự động hằng ngày tại địa điểm khác.",
        "items": "04 máy chủ ảo vận hành các hệ thống của Sở.\nSao lưu 2.000 GB dữ liệu hằng "
                 "ngày, lưu 30 bản gần nhất.",
        "objectives": "Các hệ thống sẵn sàng tối thiểu 99,9% mỗi tháng; khôi phục được dữ liệu "
                      "trong vòng 4 giờ.",
        "scope": "Các hệ thống thông tin dùng chung của Sở.",
        "users": "Các phòng chuyên môn và đơn vị trực thuộc Sở.",
        "conformity": "Phù hợp Khung kiến trúc số của tỉnh (lớp hạ tầng) và Kế hoạch chuyển đổi "
                      "số năm 2027 của tỉnh.",
        "period_text": "Thuê trong 03 năm, từ 01/01/2027 đến 31/12/2029.",
        "schedule": "Tháng 12/2026: lựa chọn nhà cung cấp, chuyển hệ thống.\nTừ 01/01/2027: sử "
                    "dụng dịch vụ.",
        "security_reasons": "Hạ tầng của các hệ thống thông tin nội bộ cấp sở."},
    "lines": [("management", "Quản lý việc thuê dịch vụ", "gói", 1, 1, 10_000_000, "kct", 2027),
              ("contingency", "Dự phòng khối lượng phát sinh", "gói", 1, 1, 15_000_000, "kct",
               2027)]}
CLOSED_TITLE = "Báo giá thuê máy chủ ảo và sao lưu dữ liệu năm 2027–2029"
OPEN_TITLE = "Báo giá thư điện tử công vụ cho các sở, ngành thành phố"


def _vendor(tax_code: str) -> Vendor | None:
    return db.session.scalar(select(Vendor).where(Vendor.tax_code == tax_code))


def _prices(request: QuotationRequest, *prices: int | None) -> list[dict]:
    valid = today() + timedelta(days=90)
    return [{"request_line_id": line.id, "unit_price": price, "vat_rate": "10",
             "valid_until": valid, "note": ""}
            for line, price in zip(request.lines, prices) if price is not None]


def _exists(org: Organisation, title: str) -> bool:
    return db.session.scalar(select(QuotationRequest.id).where(
        QuotationRequest.organisation_id == org.id, QuotationRequest.title == title)) is not None


def _happened_earlier(request: QuotationRequest, days: int) -> None:
    """Move what was just done `days` back, as if the request had been sent then."""
    back = timedelta(days=days)
    request.created_at -= back
    for row in (*request.invitations, *request.answers):
        for name in ("invited_at", "submitted_at", "updated_at"):
            if hasattr(row, name):
                setattr(row, name, getattr(row, name) - back)


def _closed(org: Organisation, vendors: dict[str, Vendor]) -> None:
    """Asked of four vendors; two answer on time, one declines, one answers after the deadline;
    the agency prices its plan's two lines from the answers."""
    author = demo_user(org, "agency_staff")
    plan = create_demo_plan({**PLAN, "sections": {**COMMON, **PLAN["sections"]}}, org, author)
    request = requests.create_request(org, {
        "title": CLOSED_TITLE, "place": "Trung tâm dữ liệu tỉnh Thái Nguyên",
        "deadline": utcnow() + timedelta(days=2), "invite_all": False,
        "vendor_ids": [v.id for v in vendors.values()],
        "notes": "Giá chào theo tháng, chưa gồm thuế GTGT; kèm báo giá có chữ ký, đóng dấu.",
        "lines": [{"service_id": service.id, "unit": service.unit, "quantity": quantity,
                   "months": 36, "specification": spec}
                  for service, quantity, spec in (
                      (plan.services[0], 4, "4 vCPU, 16 GB RAM, 200 GB SSD mỗi máy"),
                      (plan.services[1], 2000, "Sao lưu hằng ngày, lưu 30 bản"))],
    }, actor=author, plan=plan)
    answers.submit_answer(request, vendors[SAO_VIET], _prices(request, 850_000, 2_600),
                          actor=demo_user(vendors[SAO_VIET].organisation, "vendor_staff"))
    answers.submit_answer(request, vendors[MAY_XANH], _prices(request, 790_000, None),
                          actor=demo_user(vendors[MAY_XANH].organisation, "vendor_staff"))
    answers.decline_request(request, vendors[LA_CHAN_BAC],
                            "Chưa bố trí được hạ tầng sao lưu tại Thái Nguyên trong năm 2027.",
                            actor=demo_user(vendors[LA_CHAN_BAC].organisation, "vendor_staff"))
    _happened_earlier(request, days=10)  # the demo's clock: asked and answered 10 days ago,
    request.deadline = utcnow() - timedelta(days=2)  # and the deadline passed two days ago
    db.session.flush()
    answers.submit_answer(request, vendors[LAC_HONG], _prices(request, 820_000, None),
                          actor=demo_user(vendors[LAC_HONG].organisation, "vendor_staff"))
    server, backup = request.lines
    short = "Chỉ có {n} báo giá hợp lệ (dưới mức tối thiểu 03); đã mời 04 nhà cung cấp."
    choices.choose(request, [
        {"request_line_id": server.id, "method": "lowest", "reason": short.format(n="02")},
        {"request_line_id": backup.id, "method": "vendor", "vendor_id": vendors[SAO_VIET].id,
         "reason": short.format(n="01") + " Giá chào thấp hơn giá niêm yết của chính nhà "
                                          "cung cấp."},
    ], actor=author)


def _open(org: Organisation, vendor: Vendor) -> None:
    """Asked of every vendor offering the service; one has answered, sealed till the deadline."""
    author = demo_user(org, "agency_staff")
    service = next(o.service for o in vendor.offerings if o.service.code == "NT-001")
    request = requests.create_request(org, {
        "title": OPEN_TITLE, "place": "Các sở, ngành thành phố Đà Nẵng",
        "deadline": utcnow() + timedelta(days=10), "invite_all": True, "security_level": 3,
        "lines": [{"service_id": service.id, "unit": service.unit, "quantity": 1500,
                   "months": 24, "specification": "Hộp thư 10 GB, chống thư rác, lọc mã độc"}],
    }, actor=author)
    answers.submit_answer(request, vendor, _prices(request, 42_000),
                          actor=demo_user(vendor.organisation, "vendor_staff"))


def seed() -> dict[str, int]:
    """Create the demo requests not there yet (by agency and title); counts them."""
    created = 0
    vendors = {code: _vendor(code) for code in (SAO_VIET, MAY_XANH, LAC_HONG, LA_CHAN_BAC)}
    if None in vendors.values():
        return {"yêu cầu báo giá mới": 0}  # the vendors' demo is not loaded
    with quietly():  # seeding e-mails no one
        for name, title, make in ((THAI_NGUYEN, CLOSED_TITLE, lambda org: _closed(org, vendors)),
                                  (DA_NANG, OPEN_TITLE, lambda org: _open(org, vendors[MAY_XANH]))):
            org = db.session.scalar(select(Organisation).where(Organisation.name == name))
            if org is None or demo_user(org, "agency_staff") is None or _exists(org, title):
                continue
            make(org)
            created += 1
    return {"yêu cầu báo giá mới": created}
