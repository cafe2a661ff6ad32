"""Demo contracts for `flask seed-demo`: every legal basis and every state, built through the
same services as the pages."""
from datetime import date

from sqlalchemy import select

from accounts.models import Organisation, User
from catalog.services import get_service
from contracts.demo_lifecycle import advance
from contracts.models.contract import Contract
from contracts.models.contract import LINE_FIELDS
from contracts.services import wizard as service
from contracts.services.document import generate_contract_document
from extensions import db
from plans.models import LeasePlan
from vendors.models import Offering
from vendors.services import get_vendor

HANDOVER = service.DEFAULT_HANDOVER
DEMO = [
    {"agency": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "tax_code": "0319876521",
     "service": "PM-002", "pack": "qd80-2014", "date": date(2018, 3, 15),
     "start": date(2018, 4, 1), "months": 36, "prep": 2, "schedule": "monthly",
     "lines": [("Phần mềm quản lý văn bản và điều hành (dịch vụ)", "người dùng/tháng", 150, 36,
                35_000, "kct")],
     # Built to the agency's requirements: made under its approved plan (plans/demo.py).
     "plan": "Thuê dịch vụ phần mềm quản lý văn bản và điều hành", "bases": [],
     "state": "expired", "accepted": 3, "paid": 3},
    {"agency": "Văn phòng UBND thành phố Đà Nẵng", "tax_code": "0409876519",
     "service": "NT-001", "pack": "nd73-2019", "date": date(2023, 6, 1),
     "start": date(2023, 7, 1), "months": 24, "prep": 1, "schedule": "monthly",
     "lines": [("Thư điện tử công vụ", "hộp thư/tháng", 400, 24, 45_000, "10")],
     "bases": ["Quyết định số 845/QĐ-VP ngày 10/5/2023 phê duyệt kế hoạch thuê dịch vụ "
               "thư điện tử công vụ"],
     "state": "terminated", "accepted": 2, "paid": 1,
     # After two months accepted (one paid), 50 more mailboxes from then on; then terminated.
     "amend": {"quantity": 450, "reason": "Bổ sung 50 hộp thư điện tử cho các đơn vị mới "
                                          "thành lập."},
     "reason": "Bên B không bảo đảm chỉ tiêu chất lượng trong hai kỳ liên tiếp."},
    {"agency": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "tax_code": "0109876500",
     "service": "HT-003", "pack": "nd224-2026", "date": date(2026, 8, 20),
     "start": date(2026, 9, 1), "months": 60, "prep": 3, "schedule": "quarterly",
     "lines": [("Máy chủ ảo trên đám mây chính phủ (8 vCPU, 32 GB RAM)", "máy chủ ảo/tháng", 4,
                60, 12_500_000, "10"),
               ("Lưu trữ và sao lưu dữ liệu", "TB/tháng", 10, 60, 1_800_000, "10"),
               ("Khởi tạo, chuyển đổi và đào tạo", "gói", 1, 1, 45_000_000, "kct", "once", 1)],
     "bases": ["Quyết định số 215/QĐ-SKHCN ngày 20/7/2026 phê duyệt kế hoạch thuê dịch vụ "
               "điện toán đám mây", "Quyết định số 301/QĐ-SKHCN ngày 15/8/2026 phê duyệt kết "
               "quả lựa chọn nhà thầu"], "state": "active"},
    {"agency": "Văn phòng UBND thành phố Đà Nẵng", "tax_code": "0409876519",
     "service": "NT-003", "pack": "nd224-2026", "date": date(2026, 11, 10),
     "start": date(2027, 1, 1), "months": 24, "prep": 1, "schedule": "monthly",
     "lines": [("Hội nghị truyền hình trực tuyến", "điểm cầu/tháng", 12, 24, 3_200_000, "10")],
     "bases": ["Quyết định số 1290/QĐ-VP ngày 15/10/2026 phê duyệt kế hoạch thuê dịch vụ"],
     "state": "signed"},
    {"agency": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "tax_code": "0109876532",
     "service": "AT-001", "pack": "nd224-2026", "date": date(2026, 11, 18),
     "start": date(2027, 1, 1), "months": 12, "prep": 1, "schedule": "monthly",
     "lines": [("Giám sát an toàn thông tin (SOC) 24/7", "tháng", 1, 12, 95_000_000, "10")],
     "bases": ["Quyết định số 330/QĐ-SKHCN ngày 02/11/2026 phê duyệt kế hoạch thuê dịch vụ"],
     "state": "approved"},
    {"agency": "Văn phòng UBND thành phố Đà Nẵng", "tax_code": "0109876500",
     "service": "HT-002", "pack": "nd224-2026", "date": date(2026, 11, 20),
     "start": date(2027, 1, 1), "months": 36, "prep": 2, "schedule": "quarterly",
     "lines": [("Máy chủ ảo (4 vCPU, 16 GB RAM)", "máy chủ ảo/tháng", 6, 36, 850_000, "10")],
     "bases": ["Quyết định số 1322/QĐ-VP ngày 05/11/2026 phê duyệt kế hoạch thuê dịch vụ"],
     "state": "review"},
    {"agency": "Văn phòng UBND thành phố Đà Nẵng", "tax_code": "0109876500",
     "service": "HT-002", "pack": "nd224-2026", "date": date(2026, 11, 21),
     "start": date(2027, 1, 1), "months": 36, "prep": 2, "schedule": "quarterly",
     "lines": [("Máy chủ ảo (8 vCPU, 32 GB RAM)", "máy chủ ảo/tháng", 6, 36, 1_650_000, "10")],
     "bases": ["Quyết định số 1322/QĐ-VP ngày 05/11/2026 phê duyệt kế hoạch thuê dịch vụ"],
     "title": "Thuê máy chủ ảo cấu hình cao cho hệ thống thông tin của Văn phòng",
     "state": "refused",
     "reason": "Cấu hình máy chủ vượt nhu cầu đã nêu trong kế hoạch thuê; đề nghị lập lại dự thảo "
               "theo cấu hình 4 vCPU."},
    {"agency": "Văn phòng UBND thành phố Đà Nẵng", "tax_code": "0319876521",
     "service": "PM-001", "pack": "nd224-2026", "date": date(2026, 11, 23),
     "start": date(2027, 1, 1), "months": 60, "prep": 3, "schedule": "quarterly",
     "plan": "Thuê dịch vụ công trực tuyến và một cửa điện tử thành phố",
     "lines": [("Dịch vụ công trực tuyến và một cửa điện tử", "tháng", 1, 60, 48_000_000,
                "kct")],
     "bases": [], "state": "draft"},
]


def _title(spec: dict) -> str:
    return spec.get("title") or service.default_title(get_service(spec["service"]).name)


def seed() -> dict[str, int]:
    """Create and generate the demo contracts that are not there yet; counts them."""
    created = 0
    for spec in DEMO:
        org = db.session.scalar(select(Organisation).where(Organisation.name == spec["agency"]))
        vendor = get_vendor(spec["tax_code"])
        if org is None or vendor is None or get_service(spec["service"]) is None:
            continue
        title = _title(spec)
        if db.session.scalar(select(Contract.id).where(Contract.organisation_id == org.id,
                                                       Contract.title == title)):
            continue
        actor = db.session.scalar(select(User).where(User.organisation_id == org.id,
                                                     User.role == "agency_staff"))
        offering = db.session.scalar(select(Offering).where(
            Offering.vendor_id == vendor.id,
            Offering.service_id == get_service(spec["service"]).id))
        if actor is None or offering is None:
            continue
        contract = _build(spec, org, offering, actor, title)
        advance(contract, spec["state"], accepted=spec.get("accepted", 0),
                paid=spec.get("paid", 0), reason=spec.get("reason", ""),
                amend=spec.get("amend"))
        created += 1
    return {"hợp đồng mới": created}


def _build(spec: dict, org: Organisation, offering: Offering, actor: User, title: str
           ) -> Contract:
    contract = service.start_contract(org, actor=actor)
    plan = db.session.scalar(select(LeasePlan).where(
        LeasePlan.organisation_id == org.id, LeasePlan.title == spec["plan"],
        LeasePlan.status == "approved")) if spec.get("plan") else None
    service.choose_offering(contract, offering, plan.id if plan else None, actor=actor)
    contract.title = title
    # Both parties as the agency's profile and the vendor registry give them (accounts.demo,
    # vendors.demo): complete, so every demo contract may go to review.
    service.save_parties(contract, service.agency_party(org), contract.party_b, actor=actor)
    lines = [dict(zip(LINE_FIELDS, line)) for line in spec["lines"]]
    service.save_lines(contract, lines, contract.service_levels,
                       "Theo hồ sơ yêu cầu và đề xuất kỹ thuật của Bên B.", actor=actor)
    service.save_term(contract, {"start_date": spec["start"], "months": spec["months"],
                                 "preparation_months": spec["prep"],
                                 "schedule": spec["schedule"], "milestones": [],
                                 "payment_method": "Chuyển khoản", "payment_days": 15},
                      actor=actor)
    service.save_clauses(contract, {"pack_id": spec["pack"], "place": org.province.name
                                    if org.province else "Hà Nội",
                                    "contract_date": spec["date"],
                                    "extra_bases": service.plan_bases(contract) + spec["bases"],
                                    "data_handover": HANDOVER, "special_clauses": "",
                                    "handover_days": 30, "copies": 6, "copies_each": 3},
                         actor=actor)
    generate_contract_document(contract, actor=actor)
    return contract
