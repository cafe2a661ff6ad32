"""Walk the contract wizard through the real pages, step by step."""
from datetime import date

from sqlalchemy import select

from contracts.models.contract import Contract
from core import clock
from extensions import db

# Both parties complete: a contract goes to review only then (contracts.services.parties).
PARTY_A = {"party_a-name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
           "party_a-address": "Số 18 đường Nha Trang, tỉnh Thái Nguyên",
           "party_a-phone": "0208 3855 123", "party_a-email": "skhcn@thainguyen.example.vn",
           "party_a-tax_code": "4600987667", "party_a-budget_code": "1023456",
           "party_a-representative": "Nguyễn Văn Minh", "party_a-position": "Giám đốc",
           "party_a-account": "9527.1.1012345", "party_a-bank": "Kho bạc Nhà nước khu vực VI"}
LINES = {"lines-0-name": "Dịch vụ điện toán đám mây", "lines-0-unit": "máy chủ ảo/tháng",
         "lines-0-quantity": "2", "lines-0-months": "60", "lines-0-unit_price": "2500000",
         "lines-0-vat_rate": "10",
         "lines-1-name": "", "lines-1-unit": "", "lines-1-quantity": "", "lines-1-months": "",
         "lines-1-unit_price": "", "lines-1-vat_rate": "kct",
         "service_levels": "Tính sẵn sàng: ≥ 99,9%/tháng | giám sát tự động\n"
                           "Khôi phục: 24 giờ | từ lúc báo sự cố đến lúc dịch vụ chạy lại",
         "technical": "Máy chủ ảo 8 vCPU, 32 GB RAM; mã hóa TLS 1.2 trở lên."}
TERM = {"start_date": "2026-09-01", "months": "60", "preparation_months": "3",
        "schedule": "quarterly", "milestones": "", "payment_method": "Chuyển khoản",
        "payment_days": "15"}
CLAUSES = {"title": "Thuê dịch vụ điện toán đám mây", "pack_id": "nd224-2026",
           "place": "Thái Nguyên", "contract_date": "2026-11-20",
           "extra_bases": "Quyết định số 215/QĐ-SKHCN ngày 20/3/2026 phê duyệt kế hoạch thuê",
           "data_handover": "Bàn giao toàn bộ dữ liệu theo định dạng mở.",
           "handover_days": "30", "special_clauses": "Báo cáo 06 tháng một lần.",
           "copies": "6", "copies_each": "3"}


def latest_contract() -> Contract:
    return db.session.scalar(select(Contract).order_by(Contract.id.desc()))


def party_b_for(vendor) -> dict:
    return {"party_b-name": vendor.legal_name, "party_b-address": vendor.address,
            "party_b-phone": vendor.phone, "party_b-email": vendor.email,
            "party_b-tax_code": vendor.tax_code,
            "party_b-account": vendor.bank_account or "0071000123456",
            "party_b-bank": vendor.bank_name or "Ngân hàng TMCP Công Thương Việt Nam",
            "party_b-representative": "Trần Thị Lan", "party_b-position": "Tổng Giám đốc"}


def run_wizard(client, offering, *, clauses=None, lines=None, term=None,
               parties=None) -> Contract:
    """Go through every step with valid data and return the (uncommitted-view) contract;
    `parties` replaces what step 2 sends (both parties complete unless told)."""
    response = client.post("/contracts/new")
    assert response.status_code == 302
    contract = latest_contract()
    base = f"/contracts/{contract.id}/wizard"
    steps = [
        ("offering", {"service": offering.service.code, "offering": str(offering.id),
                      "plan": "0"}),
        ("parties", parties if parties is not None else {**PARTY_A, **party_b_for(
            offering.vendor)}),
        ("lines", lines or LINES),
        ("term", term or TERM),
        ("clauses", clauses or CLAUSES),
    ]
    for step, data in steps:
        response = client.post(f"{base}/{step}", data={**data, "direction": "next"})
        assert response.status_code == 302, (step, response.get_data(as_text=True)[-3000:])
    db.session.expire_all()
    return db.session.get(Contract, contract.id)


def today() -> date:
    return clock.today()
