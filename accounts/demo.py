"""Demo organisations and users for `flask seed-demo` (idempotent)."""
from sqlalchemy import select

from accounts import services
from accounts.models import Organisation, Province, User
from extensions import db

DEMO_PASSWORD = "demo-2026-thue"
ORGANISATIONS = [
    {"kind": "operator", "name": "Trung tâm vận hành Thuê DV CNTT"},
    {"kind": "agency", "name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
     "short_name": "SKHCN-TN", "province": "thai-nguyen", "parent_body": "UBND tỉnh Thái Nguyên",
     "address": "Số 1 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
     "budget_code": "1023456"},
    {"kind": "agency", "name": "Văn phòng UBND thành phố Đà Nẵng", "short_name": "VP-DN",
     "province": "da-nang", "parent_body": "UBND thành phố Đà Nẵng",
     "address": "24 Trần Phú, phường Hải Châu, thành phố Đà Nẵng", "budget_code": "1034567"},
]
USERS = [
    ("quantri@demo.thuedv.vn", "Nguyễn Quản Trị", "admin", 0),
    ("phapche@demo.thuedv.vn", "Trần Thị Pháp Chế", "legal_drafter", 0),
    ("canbo@thainguyen.demo.thuedv.vn", "Lê Văn Cán Bộ", "agency_staff", 1),
    ("lanhdao@thainguyen.demo.thuedv.vn", "Phạm Thị Lãnh Đạo", "agency_approver", 1),
    ("canbo@danang.demo.thuedv.vn", "Hoàng Minh Đức", "agency_staff", 2),
    ("lanhdao@danang.demo.thuedv.vn", "Ngô Thị Thanh Hương", "agency_approver", 2),
]


def seed() -> dict[str, int]:
    """Provinces, the operator and two agencies with their users; counts what was created."""
    counts = {"tỉnh, thành phố mới": services.load_provinces()["created"]}
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    orgs, created = [], 0
    for spec in ORGANISATIONS:
        spec = dict(spec)
        org = db.session.scalar(select(Organisation).where(Organisation.name == spec["name"]))
        if org is None:
            province = provinces.get(spec.pop("province", None))
            org = services.create_organisation(spec.pop("kind"), spec.pop("name"),
                                               province=province, **spec)
            created += 1
        orgs.append(org)
    counts["tổ chức mới"] = created
    created = 0
    for email, name, role, org_index in USERS:
        if not db.session.scalar(select(User.id).where(User.email == email)):
            services.create_user(email, name, DEMO_PASSWORD, role, orgs[org_index])
            created += 1
    counts["tài khoản mới"] = created
    return counts
