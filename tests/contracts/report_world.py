"""A small country for the report's tests: two agencies in two provinces, two vendors of two
service groups, signed contracts in every signed state (accepted and paid through the
services), and drafts that must never count. Amounts are worked out by hand below."""
from datetime import date, timedelta
from types import SimpleNamespace

from contracts.models.contract import Contract, ContractLine
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import acceptance, payments
from extensions import db
from vendors.services import get_province

TODAY = date(2027, 3, 10)


def lease(user, offering, status, *, start, months, price, vat="kct", schedule="quarterly",
          milestones=(), accept=(), deduct=0, pay=None, signed_on=None) -> Contract:
    """A contract of `user`'s agency on `offering`, signed 10 days before it starts, periods
    `accept` accepted on TODAY through acceptance (the first with `deduct`), paid in full or
    `pay` đồng each, then left in `status`."""
    contract = Contract(
        organisation_id=user.organisation_id, created_by_id=user.id, status="active",
        title=f"Thuê {offering.service.name}", number=None, pack_id="nd73-2019",
        offering_id=offering.id, vendor_id=offering.vendor_id, start_date=start,
        contract_date=signed_on or start - timedelta(days=10), months=months,
        schedule=schedule, milestones=list(milestones), place="Hà Nội", service_levels=[],
        lines=[ContractLine(position=0, name="Dịch vụ", unit="tháng", quantity=1,
                            months=months, unit_price=price, vat_rate=vat)])
    db.session.add(contract)
    db.session.flush()
    db.session.add(ContractLifecycle(contract_id=contract.id,
                                     signed_on=signed_on or start - timedelta(days=10)))
    db.session.flush()
    for index, no in enumerate(accept):
        cut = deduct if index == 0 else 0
        record = acceptance.record_acceptance(contract, no, [], cut, "Gián đoạn." if cut else "",
                                              TODAY, "", actor=user)
        payments.record_payment(record, pay or record.accepted_amount, TODAY, f"UNC-{no}",
                                actor=user)
    contract.status = status
    db.session.commit()
    return contract


def build(make_user, make_vendor, make_offering) -> SimpleNamespace:
    hanoi, thai = get_province("ha-noi"), get_province("thai-nguyen")
    a = make_user("agency_staff", name="Sở Khoa học và Công nghệ Hà Nội", province_id=hanoi.id)
    b = make_user("agency_staff", name="Sở Khoa học và Công nghệ Thái Nguyên",
                  province_id=thai.id)
    cloud_vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số")
    soft_vendor = make_vendor(legal_name="Công ty TNHH Phần mềm Sông Hồng")
    cloud = make_offering(cloud_vendor, "HT-001")
    software = make_offering(soft_vendor, "PM-001")
    world = SimpleNamespace(a=a, b=b, hanoi=hanoi, thai=thai, cloud=cloud, software=software,
                            cloud_vendor=cloud_vendor, soft_vendor=soft_vendor)
    # 12 months × 10.000.000 + VAT 10% = 132.000.000, quarterly from 01/09/2026: 33.000.000
    # due 30/11/2026 (accepted less 1.000.000, paid 20.000.000), 28/02, 31/05, 31/08/2027.
    world.active = lease(a, cloud, "active", start=date(2026, 9, 1), months=12,
                         price=10_000_000, vat="10", accept=(1,), deduct=1_000_000,
                         pay=20_000_000)
    # 12 × 5.000.000 = 60.000.000 (no VAT), monthly in 2025, all accepted and paid.
    world.expired = lease(a, software, "expired", start=date(2025, 1, 1), months=12,
                          price=5_000_000, schedule="monthly", accept=range(1, 13))
    # 24 × 2.000.000 = 48.000.000 quarterly from 01/07/2025: 6.000.000 a quarter; quarters 1-2
    # (2025) and 3 (31/03/2026) accepted and paid, then terminated: it commits those 18.000.000.
    world.terminated = lease(b, cloud, "terminated", start=date(2025, 7, 1), months=24,
                             price=2_000_000, accept=(1, 2, 3))
    # 6 × 3.000.000 = 18.000.000 by milestones, all due when the lease ends, 30/06/2027.
    world.milestone = lease(b, software, "signed", start=date(2027, 1, 1), months=6,
                            price=3_000_000, schedule="milestone",
                            milestones=[{"label": "Tạm ứng", "percent": 40},
                                        {"label": "Hoàn thành", "percent": 60}],
                            signed_on=date(2026, 12, 22))
    # Never counted: a draft and a contract under review, worth a lot.
    world.draft = lease(a, cloud, "draft", start=date(2026, 1, 1), months=12, price=99_000_000)
    world.review = lease(b, cloud, "review", start=date(2026, 1, 1), months=12,
                         price=99_000_000)
    return world
