"""The world tests/test_access_matrix.py walks (its docstring names the actors): every object
its table of routes names, built through the services and committed. tests/test_fuzz_uploads.py
uploads signed copies into it too."""
from datetime import date
from types import SimpleNamespace

from accounts import services as accounts
from accounts.models import Province
from catalog.importer import import_catalog
from catalog.services import get_service
from contracts import tasks as contract_tasks
from contracts.models.contract import Contract
from contracts.services import acceptance, amendments, signed_copies
from contracts.services import wizard as drafting
from contracts.services.numbering import assign_number
from core import clock
from core.jobs import Job
from documents import storage
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from tests import access_routes
from tests.conftest import PASSWORD
from tests.helpers import CATALOG, MINIMAL_PDF, valid_tax_code
from tests.plans.plan_helpers import TEXTS
from vendors import services as vendors


def vendor(n: int, name: str, status: str):
    profile = {"tax_code": valid_tax_code(100 + n), "legal_name": name, "short_name": None,
               "address": f"Số {n} phố Thử", "province": vendors.get_province("ha-noi"),
               "phone": "024 3555 0000", "email": f"lienhe{n}@ncc.example.vn", "website": None,
               "representative": "Nguyễn Văn A", "representative_position": "Giám đốc",
               "bank_account": None, "bank_name": None}
    found, user = vendors.register_vendor(profile, {"name": f"Nhân viên {name}",
                                                    "email": f"nv{n}@ncc.example.vn",
                                                    "password": PASSWORD})
    if status == "verified":
        vendors.verify_vendor(found)
    return found, user


def offering(owner, code: str):
    made = vendors.create_offering(owner, {
        "service": get_service(code), "description": "Gói thử.",
        "service_levels": [{"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng",
                            "measure": "giám sát tự động"},
                           {"name": "Khôi phục", "target": "24 giờ",
                            "measure": "theo phiếu sự cố"}],
        "hosting_location": "Hà Nội", "security_level": 3, "unit": "tháng",
        "min_term_months": 12, "unit_price": 2_000_000, "vat_rate": "10",
        "price_public": True, "common_software": False})
    vendors.set_offering_published(made, True)
    return made


def certificate(owner, number: str):
    today = clock.today()
    return vendors.add_certification(owner, {
        "kind": "iso27001", "number": number, "issuer": "Tổ chức chứng nhận thử",
        "issued_on": today.replace(year=today.year - 1),
        "expires_on": today.replace(year=today.year + 2)}, MINIMAL_PDF, "chung-chi.pdf")


def fake_document(owner_type: str, owner_id: int, kind: str, pack: str, day: date):
    """A stored document without rendering: access checks need a row and a file, not Word."""
    template = storage.template_for(pack, kind, day)
    return storage.store_document(owner_type, owner_id, kind, template,
                                  b"PK\x03\x04 " + f"{owner_type}-{owner_id}".encode(),
                                  f"{owner_type}-{owner_id}.docx")


def contract_of(agency, user, chosen) -> Contract:
    """A numbered contract of the agency with a stored document, built by the wizard's services."""
    contract = drafting.start_contract(agency, actor=user)
    drafting.choose_offering(contract, chosen, None, actor=user)
    drafting.save_parties(contract, dict(drafting.agency_party(agency), representative="A",
                                         position="Giám đốc"), contract.party_b, actor=user)
    drafting.save_lines(contract, [{"name": "Dịch vụ", "unit": "tháng", "quantity": 1,
                                    "months": 60, "unit_price": 2_000_000, "vat_rate": "10"}],
                        contract.service_levels, "Theo hồ sơ.", actor=user)
    drafting.save_term(contract, {"start_date": date(2025, 1, 1), "months": 60,
                                  "preparation_months": 0, "schedule": "quarterly",
                                  "milestones": [], "payment_method": "Chuyển khoản",
                                  "payment_days": 15}, actor=user)
    drafting.save_clauses(contract, {"pack_id": "nd73-2019", "place": "Hà Nội",
                                     "contract_date": date(2024, 11, 20), "extra_bases": [],
                                     "data_handover": drafting.DEFAULT_HANDOVER,
                                     "special_clauses": "", "handover_days": 30, "copies": 6,
                                     "copies_each": 3}, actor=user)
    assign_number(contract)
    return contract


def build_world() -> SimpleNamespace:
    """Every object the table names, committed; returns their ids and the actors' users."""
    db.session.add(Province(code="ha-noi", name="Thành phố Hà Nội", kind="city", position=0))
    import_catalog(CATALOG)
    operator = accounts.create_organisation("operator", "Trung tâm vận hành")
    agency_a = accounts.create_organisation("agency", "Cơ quan A", short_name="CQA")
    agency_b = accounts.create_organisation("agency", "Cơ quan B", short_name="CQB")
    users = {}
    for name, role, org in [("staff_a", "agency_staff", agency_a),
                            ("approver_a", "agency_approver", agency_a),
                            ("legal_a", "legal_drafter", agency_a),
                            ("staff_b", "agency_staff", agency_b),
                            ("legal_op", "legal_drafter", operator),
                            ("appraiser_op", "appraiser", operator),
                            ("admin", "admin", operator)]:
        users[name] = accounts.create_user(f"{name}@example.vn", name, PASSWORD, role, org)
    v, users["vendor_v"] = vendor(1, "Nhà cung cấp V", "verified")
    w, users["vendor_w"] = vendor(2, "Nhà cung cấp W", "verified")
    pending, _ = vendor(3, "Nhà cung cấp P", "pending")
    offering_v, _ = offering(v, "HT-001"), offering(w, "HT-001")
    cert_v, spare_cert_v, _ = (certificate(v, "V-1"), certificate(v, "V-2"),
                               certificate(w, "W-1"))

    staff = users["staff_a"]
    plan = plan_services.create_plan(agency_a, {
        "title": "Thuê dịch vụ công trực tuyến", "plan_date": date(2024, 3, 1),
        "pack_id": "nd73-2019", "number": "", "place": "Hà Nội", "signer_title": "Giám đốc",
        "signer_name": "A", "recipients": ["Lưu: VT"], "extra_bases": [],
        "sections": dict(TEXTS), "services": [get_service("PM-001")],
        "period_start": date(2024, 9, 1), "period_end": date(2029, 8, 31),
        "preparation_months": 3, "short_period_allowed": False,
        "security_level_proposal": 3}, actor=staff)
    plan_estimate.save_estimate(plan, [{"part": "lease", "content": "Thuê", "unit": "tháng",
                                        "quantity": 1, "months": 12, "unit_price": 1_000_000,
                                        "vat_rate": "kct", "budget_year": 2025}],
                                "combination", "", actor=staff)
    plan_document = fake_document("plan", plan.id, "plan", "nd73-2019", plan.plan_date)

    draft = contract_of(agency_a, staff, offering_v)
    draft_document = fake_document("contract", draft.id, "contract", "nd73-2019",
                                   draft.contract_date)
    active = contract_of(agency_a, staff, offering_v)
    active_document = fake_document("contract", active.id, "contract", "nd73-2019",
                                    active.contract_date)
    active.status = "active"  # the lifecycle's own tests walk the states; only access here
    db.session.flush()
    acceptance.record_acceptance(active, 1, [{"measured": "99,95%", "met": True}] * len(
        active.service_levels), 0, "", clock.today(), "", actor=staff)
    amendments.start_amendment(active, actor=staff, today=clock.today())
    copy = signed_copies.upload_signed_copy(active, MINIMAL_PDF, "ban-ky.pdf", actor=staff)
    job = Job(kind="contracts.reminders", user_id=staff.id, state="done", progress_done=1,
              progress_total=1, result={"lines": []}, message="Xong.")
    db.session.add(job)
    export = contract_tasks.start_ocds_export(users["admin"], site="http://localhost/")
    db.session.commit()  # the export runs here (jobs are eager in tests)
    world = SimpleNamespace(
        users=users, agency_a=agency_a.id, tax_v=v.tax_code, tax_p=pending.tax_code,
        offering_v=offering_v.id,
        cert_v=cert_v.id, spare_cert_v=spare_cert_v.id, plan=plan.id,
        plan_document=plan_document.id, draft=draft.id, draft_document=draft_document.id,
        active=active.id, active_document=active_document.id, signed_copy=copy.id,
        job=job.id, export=export.id)
    access_routes.extend(world)  # each part's own objects (tests/access_routes)
    db.session.commit()
    return world
