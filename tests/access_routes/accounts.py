"""Access-matrix rows (tests/test_access_matrix.py) for the work queue, notices, e-mail
preferences, the language switcher and the administrators' change of role."""
from accounts import notices
from accounts.models import User
from extensions import db
from tests.access_cases import ADMIN, EVERYONE, SIGNED_IN, U, Case

ROUTES: dict[str, list[Case]] = {
    "GET /accounts/work": [Case(SIGNED_IN)],
    "GET /accounts/notices/": [Case(SIGNED_IN)],
    "POST /accounts/notices/read": [Case(SIGNED_IN)],
    "POST /accounts/notices/<int:notice_id>/open": [
        Case(frozenset({"staff_a"}), lambda w: {"notice_id": w.notice},
             why="a notice is its addressee's alone")],
    "POST /accounts/language": [Case(EVERYONE, data=lambda w: {"language": "en",
                                                               "next": "/catalog/"},
                                     why="the switcher on every page, signed in or not")],
    "GET /accounts/preferences": [Case(SIGNED_IN)],
    "POST /accounts/preferences": [Case(SIGNED_IN)],
    "GET /accounts/users/<int:user_id>/role": [Case(ADMIN, U)],
    "POST /accounts/users/<int:user_id>/role": [
        Case(ADMIN, U, data=lambda w: {"role": "agency_approver"})],
}


def extend(world) -> None:
    """A notice for staff_a."""
    staff = db.session.get(User, world.users["staff_a"].id)
    world.notice = notices.notify([staff], "vendor.awaiting_verification", "Thử", "Nội dung",
                                  "/accounts/work", key="world:notice")[0].id
