"""Access-matrix rows (tests/test_access_matrix.py) for the plans' road: submission, appraisal,
return and refusal. The world's plan P stays a draft never sent; `extend` adds a plan awaiting
appraisal (PA) and one appraised, awaiting the approver's decision (PD), both of agency A, and
appraiser_op (the operator's) may appraise every agency's plans."""
from catalog.services import get_service
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from plans import transitions
from plans.models import LeasePlan
from plans.queue import quietly
from tests.access_cases import A_EDIT, A_PLANS, Case, P

PA = lambda w: {"plan_id": w.plan_in_appraisal}  # noqa: E731
PD = lambda w: {"plan_id": w.plan_appraised}  # noqa: E731
APPRAISER = frozenset({"appraiser_op"})
APPROVER_A = frozenset({"approver_a"})


def _copy_of(plan: LeasePlan, title: str, staff) -> LeasePlan:
    """A complete plan of the same agency, with the same sections and estimate."""
    copy = plan_services.create_plan(plan.organisation, {
        **{field: getattr(plan, field) for field in plan_services.PLAN_FIELDS},
        "title": title, "sections": dict(plan.sections), "services": [get_service("PM-001")]},
        actor=staff)
    plan_estimate.save_estimate(copy, [{
        "part": "lease", "content": "Thuê", "unit": "tháng", "quantity": 1, "months": 12,
        "unit_price": 1_000_000, "vat_rate": "kct", "budget_year": 2025}], "combination", "",
        actor=staff)
    return copy


def extend(world) -> None:
    """PA: sent for appraisal by staff_a; PD: also appraised by appraiser_op."""
    staff, appraiser = world.users["staff_a"], world.users["appraiser_op"]
    plan = db.session.get(LeasePlan, world.plan)
    with quietly():
        waiting = _copy_of(plan, "Kế hoạch chờ thẩm định", staff)
        transitions.submit_plan(waiting, actor=staff)
        appraised = _copy_of(plan, "Kế hoạch đã thẩm định", staff)
        transitions.submit_plan(appraised, actor=staff)
        transitions.record_opinion(appraised, "Đủ điều kiện phê duyệt.", actor=appraiser)
    db.session.flush()
    world.plan_in_appraisal, world.plan_appraised = waiting.id, appraised.id


ROUTES: dict[str, list[Case]] = {
    # added to the rows tests/test_access_matrix.py has for these routes
    "GET /plans/<int:plan_id>": [Case(A_PLANS | APPRAISER, PA)],
    "GET /plans/<int:plan_id>/approve": [Case(APPROVER_A, PD)],
    "POST /plans/<int:plan_id>/approve": [Case(APPROVER_A, PD, data=lambda w: {
        "approval_number": "1/QĐ", "approved_on": "2024-03-20"})],
    "POST /plans/<int:plan_id>/generate": [Case(A_PLANS | APPRAISER, PA)],
    # the plans' road
    "POST /plans/<int:plan_id>/submit": [Case(A_EDIT, P)],
    "GET /plans/<int:plan_id>/appraise": [Case(APPRAISER, PA)],
    "POST /plans/<int:plan_id>/appraise": [Case(APPRAISER, PA, data=lambda w: {
        "decision": "appraise", "opinion": "Đủ điều kiện phê duyệt."})],
    "POST /plans/<int:plan_id>/return": [Case(APPROVER_A, PD, data=lambda w: {
        "reason": "Cần điều chỉnh dự toán."})],
    "POST /plans/<int:plan_id>/refuse": [Case(APPROVER_A, PD, data=lambda w: {
        "reason": "Không bố trí được kinh phí."})],
}
