"""Access-matrix rows (tests/test_access_matrix.py) for the comparison of a closed request and
the choice of its prices for the plan. `extend` adds QC: a request of agency A for plan P whose
deadline passed, answered by V and W (two valid answers: a choice needs a reason)."""
from sqlalchemy import select

from extensions import db
from plans.models import LeasePlan
from tests.access_cases import A_EDIT, A_PLANS, Case
from tests.plans.quotations.factories import make_answer, make_request
from vendors.models import Vendor

QC = lambda w: {"request_id": w.quotation_closed}  # noqa: E731


def extend(world) -> None:
    staff = world.users["staff_a"]
    plan = db.session.get(LeasePlan, world.plan)
    vendors = [db.session.scalar(select(Vendor).where(
        Vendor.organisation_id == world.users[name].organisation_id))
        for name in ("vendor_v", "vendor_w")]
    request = make_request(staff.organisation, staff, ("HT-001",), vendors=vendors, hours=-1,
                           plan=plan, title="Yêu cầu báo giá đã hết hạn")
    for vendor, price in zip(vendors, (1_900_000, 2_100_000)):
        make_answer(request, vendor, [price])
    world.quotation_closed, world.quotation_closed_line = request.id, request.lines[0].id


ROUTES: dict[str, list[Case]] = {
    "GET /plans/quotations/<int:request_id>/comparison": [Case(A_PLANS, QC)],
    "POST /plans/quotations/<int:request_id>/choices": [Case(A_EDIT, QC, data=lambda w: {
        "lines-0-request_line_id": w.quotation_closed_line, "lines-0-method": "lowest",
        "lines-0-vat_rate": "10", "lines-0-reason": "Chỉ hai nhà cung cấp trả lời."})],
}
