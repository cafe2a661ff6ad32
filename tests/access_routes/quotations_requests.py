"""Access-matrix rows (tests/test_access_matrix.py) for the agency's pages of requests for
quotations. `extend` adds R, an open request of agency A for HT-001 inviting vendor V only:
A's people read it, its staff and approvers change it, V is sent to its answer page, everyone
else (agency B, vendor W, the operator) gets 404."""
from datetime import timedelta

from sqlalchemy import select

from accounts.models import Organisation
from catalog.services import get_service
from core.clock import today, utcnow
from extensions import db
from plans.quotations import requests
from tests.access_cases import A_EDIT, A_PLANS, AGENCY_ROLES, AUTHORS, Case
from vendors.models import Vendor

FROM_P = lambda w: {"plan": w.plan}  # noqa: E731  A's draft plan P
R = lambda w: {"request_id": w.quotation_open}  # noqa: E731
R_READ = A_PLANS | {"vendor_v"}  # vendor V is redirected to its answer page


def later(_w) -> dict:
    """An extension's new deadline, well after R's."""
    return {"deadline_day": (today() + timedelta(days=20)).isoformat(), "deadline_time": "10:00"}


def extend(world) -> None:
    staff = world.users["staff_a"]
    vendor_v = db.session.scalar(select(Vendor).where(
        Vendor.organisation_id == world.users["vendor_v"].organisation_id))
    request = requests.create_request(db.session.get(Organisation, world.agency_a), {
        "title": "Báo giá máy chủ ảo", "place": "Hà Nội", "security_level": 3,
        "deadline": utcnow() + timedelta(days=5), "service_levels": [], "notes": "",
        "invite_all": False, "vendor_ids": [vendor_v.id],
        "lines": [{"service_id": get_service("HT-001").id, "quantity": 2, "months": 12}]},
        actor=staff)
    world.quotation_open = request.id


ROUTES: dict[str, list[Case]] = {
    "GET /plans/quotations/": [Case(AGENCY_ROLES, why="each agency lists its own")],
    "GET /plans/quotations/new": [
        Case(AUTHORS),
        Case(A_EDIT, query=FROM_P, why="from A's draft plan P"),
        Case(AUTHORS, query=lambda w: {"service": get_service("HT-001").id}),
    ],
    "POST /plans/quotations/new": [Case(AUTHORS), Case(A_EDIT, query=FROM_P)],
    "GET /plans/quotations/<int:request_id>": [Case(R_READ, R)],
    "GET /plans/quotations/<int:request_id>/edit": [Case(A_EDIT, R)],
    "POST /plans/quotations/<int:request_id>/edit": [Case(A_EDIT, R)],
    "GET /plans/quotations/<int:request_id>/extend": [Case(A_EDIT, R)],
    "POST /plans/quotations/<int:request_id>/extend": [Case(A_EDIT, R, data=later)],
    "GET /plans/quotations/<int:request_id>/cancel": [Case(A_EDIT, R)],
    "POST /plans/quotations/<int:request_id>/cancel": [Case(A_EDIT, R, data=lambda w: {
        "reason": "Không còn nhu cầu.", "confirm": "y"})],
}
