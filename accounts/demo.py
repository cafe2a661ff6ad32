"""Demo organisations and users for `flask seed-demo` (idempotent)."""
from sqlalchemy import select

from accounts import services
from accounts.models import Organisation, Province, User
from extensions import db

DEMO_PASSWORD = "demo-2026-thue"
# Fictitious agencies with complete profiles (their tax codes pass the check digit, domain.md
# §7, and belong to no real body): their contracts' "Bên A" is read from them.
ORGANISATIONS = [
    {"kind": "operator", "name": "Trung tâm vận hành Thuê DV CNTT"},
    {"kind": "agency", "name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
     "short_name": "SKHCN-TN", "province": "thai-nguyen", "parent_body": "UBND tỉnh Thái Nguyên",
     "address": "Số 1 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
     "phone": "0208 3855 123", "email": "skhcn@thainguyen.demo.thuedv.vn",
     "tax_code": "4600987667", "budget_code": "1023456",
     "treasury_account": "9523.2.1023456", "treasury_branch": "Kho bạc Nhà nước khu vực VI",
     "representative": "Nguyễn Văn Minh", "representative_position": "Giám đốc"},
    {"kind": "agency", "name": "Văn phòng UBND thành phố Đà Nẵng", "short_name": "VP-DN",
     "province": "da-nang", "parent_body": "UBND thành phố Đà Nẵng",
     "address": "24 Trần Phú, phường Hải Châu, thành phố Đà Nẵng",
     "phone": "0236 3821 456", "email": "vanphong@danang.demo.thuedv.vn",
     "tax_code": "0400987655", "budget_code": "1034567",
     "treasury_account": "9523.1.1034567", "treasury_branch": "Kho bạc Nhà nước khu vực XII",
     "representative": "Trần Văn Hòa", "representative_position": "Chánh Văn phòng"},
]
USERS = [
    ("quantri@demo.thuedv.vn", "Nguyễn Quản Trị", "admin", 0),
    ("phapche@demo.thuedv.vn", "Trần Thị Pháp Chế", "legal_drafter", 0),
    ("thamdinh@demo.thuedv.vn", "Đỗ Văn Thẩm Định", "appraiser", 0),
    ("canbo@thainguyen.demo.thuedv.vn", "Lê Văn Cán Bộ", "agency_staff", 1),
    ("lanhdao@thainguyen.demo.thuedv.vn", "Phạm Thị Lãnh Đạo", "agency_approver", 1),
    ("canbo@danang.demo.thuedv.vn", "Hoàng Minh Đức", "agency_staff", 2),
    ("lanhdao@danang.demo.thuedv.vn", "Ngô Thị Thanh Hương", "agency_approver", 2),
]


def seed() -> dict[str, int]:
    """Provinces, the operator and two agencies with their users; counts what was created."""
    counts = {"tỉnh, thành phố mới": services.load_provinces()["created"]}
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    orgs, created, completed = [], 0, 0
    for spec in ORGANISATIONS:
        spec = dict(spec)
        org = db.session.scalar(select(Organisation).where(Organisation.name == spec["name"]))
        province = provinces.get(spec.pop("province", None))
        if org is None:
            org = services.create_organisation(spec.pop("kind"), spec.pop("name"),
                                               province=province, **spec)
            created += 1
        else:
            completed += _complete_profile(org, spec, province)
        orgs.append(org)
    counts["tổ chức mới"] = created
    counts["hồ sơ cơ quan được bổ sung"] = completed
    created = 0
    for email, name, role, org_index in USERS:
        if not db.session.scalar(select(User.id).where(User.email == email)):
            services.create_user(email, name, DEMO_PASSWORD, role, orgs[org_index])
            created += 1
    counts["tài khoản mới"] = created
    return counts


def _complete_profile(org: Organisation, spec: dict, province: Province | None) -> int:
    """Fill the empty fields of a demo agency seeded before profiles had them (1 if any was
    empty); what someone typed since is kept."""
    empty = {k: v for k, v in spec.items() if k not in ("kind", "name") and not getattr(org, k)}
    if province is not None and org.province_id is None:
        empty["province"] = province
    for key, value in empty.items():
        setattr(org, key, value)
    return 1 if empty else 0
