"""What plans contribute to the work queue (accounts.work) and the notices their moves send."""
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from accounts import work
from accounts.models import User
from accounts.notices import notify, recipients, register_kind
from core import clock
from core.formats import dmy
from core.i18n import lazy_join
from extensions import db
from plans import bp
from plans.appraisal import appraisable, appraisers_of, clocks_of
from plans.models import LeasePlan, PlanTransition

AGENCY = ("agency_staff", "agency_approver")
register_kind("plan.appraisal_requested", _l("Kế hoạch thuê gửi đến để thẩm định"),
              "appraiser")
register_kind("plan.supplement_requested", _l("Yêu cầu bổ sung hồ sơ kế hoạch thuê"), *AGENCY)
register_kind("plan.returned", _l("Kế hoạch thuê bị trả lại kèm ý kiến"), *AGENCY)
register_kind("plan.appraised", _l("Kế hoạch thuê đã có ý kiến thẩm định"), *AGENCY)
register_kind("plan.approved", _l("Kế hoạch thuê được phê duyệt"), *AGENCY)
register_kind("plan.refused", _l("Kế hoạch thuê không được phê duyệt"), *AGENCY)

KINDS = {"submit": "plan.appraisal_requested", "supplement": "plan.supplement_requested",
         "appraisal_return": "plan.returned", "return": "plan.returned",
         "appraise": "plan.appraised", "approve": "plan.approved", "refuse": "plan.refused"}
SAYS = {
    "supplement": _l("Hồ sơ cần bổ sung"), "appraisal_return": _l("Ý kiến thẩm định"),
    "return": _l("Lý do trả lại"), "appraise": _l("Ý kiến thẩm định"),
    "refuse": _l("Lý do không phê duyệt"),
}


def title_of(action: str, title: str):
    """A move's notice title (lazy: written in each recipient's language)."""
    return {
        "submit": _l("Kế hoạch chờ thẩm định: %(title)s", title=title),
        "supplement": _l("Yêu cầu bổ sung hồ sơ kế hoạch: %(title)s", title=title),
        "appraisal_return": _l("Kế hoạch bị trả lại kèm ý kiến thẩm định: %(title)s",
                               title=title),
        "return": _l("Kế hoạch bị trả lại để chỉnh sửa: %(title)s", title=title),
        "appraise": _l("Kế hoạch đã có ý kiến thẩm định, chờ phê duyệt: %(title)s",
                       title=title),
        "approve": _l("Kế hoạch đã được phê duyệt: %(title)s", title=title),
        "refuse": _l("Kế hoạch không được phê duyệt: %(title)s", title=title),
    }[action]


def plan_link(plan: LeasePlan) -> str:
    """The plan page's path (a notice is made outside requests too: the demo, the CLI)."""
    return f"{bp.url_prefix}/{plan.id}"


QUIET = "plans.quiet"  # session.info: moves made now tell no one


@contextmanager
def quietly() -> Iterator[None]:
    """Moves made inside send no notice and no e-mail (seeding the demo data tells no one)."""
    db.session.info[QUIET] = True
    try:
        yield
    finally:
        db.session.info.pop(QUIET, None)


def announce(plan: LeasePlan, row: PlanTransition, actor: User) -> None:
    """Tell the right people about a move: the appraisers who may appraise a plan sent to them;
    the agency's staff and approvers and the plan's author about everything else."""
    if db.session.info.get(QUIET):
        return
    title = title_of(row.action, plan.title)
    if row.action == "submit":
        people = appraisers_of(plan)
        clocks = clocks_of(plan)
        values = {"agency": plan.organisation.name, "title": plan.title,
                  "opinion": clocks.opinion_text, "supplement": clocks.supplement_text}
        if row.from_status == "supplement":
            body = _l("%(agency)s gửi kế hoạch thuê “%(title)s” để thẩm định (hồ sơ đã bổ "
                      "sung). %(opinion)s. %(supplement)s.", **values)
        else:
            body = _l("%(agency)s gửi kế hoạch thuê “%(title)s” để thẩm định. %(opinion)s. "
                      "%(supplement)s.", **values)
    else:
        people = [*recipients(*AGENCY, organisation_id=plan.organisation_id), plan.created_by]
        pieces = [actor.name, ": ", title, "."]
        if row.action == "approve":
            pieces += [" ", _l("Quyết định số %(number)s ngày %(day)s.",
                               number=plan.approval_number, day=dmy(plan.approved_on))]
        if row.comment:
            pieces += ["\n\n", SAYS[row.action], ": ", row.comment]
        body = lazy_join(pieces)
    notify([p for p in people if p.id != actor.id], KINDS[row.action], title, body,
           plan_link(plan), key=f"plan:{plan.id}:{row.action}:{row.id}")


# --- the work queue --------------------------------------------------------------------------


def _plans(*conditions) -> list[LeasePlan]:
    return list(db.session.scalars(
        select(LeasePlan).join(LeasePlan.organisation).options(
            contains_eager(LeasePlan.organisation)).where(*conditions)
        .order_by(LeasePlan.status_since, LeasePlan.id)))


@work.section("plans.appraisal", _l("Kế hoạch chờ thẩm định"), "appraiser", position=20)
def awaiting_appraisal(user: User) -> list[work.WorkItem]:
    """Plans of the agencies the appraiser covers, sent for appraisal, with their deadlines."""
    today = clock.today()
    items = []
    for plan in _plans(LeasePlan.status == "appraisal", appraisable(user)):
        clocks = clocks_of(plan, today)
        items.append(work.WorkItem(f"{plan.title} – {plan.organisation.name}",
                                   plan_link(plan), since=plan.submitted_at,
                                   note=f"{clocks.opinion_text}. {clocks.supplement_text}",
                                   overdue=clocks.overdue))
    return items


@work.section("plans.approval", _l("Kế hoạch đã thẩm định chờ phê duyệt"), "agency_approver",
              position=30)
def awaiting_approval(user: User) -> list[work.WorkItem]:
    """The agency's plans with a favourable appraisal opinion."""
    return [work.WorkItem(plan.title, plan_link(plan), since=plan.status_since,
                          note=_("Đã có ý kiến thẩm định"))
            for plan in _plans(LeasePlan.status == "appraised",
                               LeasePlan.organisation_id == user.organisation_id)]


def _with_comments(user: User, status: str, actions: tuple[str, ...], label: str
                   ) -> list[work.WorkItem]:
    """The agency's plans in `status`, each with the comment of the move that put it there."""
    plans = _plans(LeasePlan.status == status, LeasePlan.organisation_id == user.organisation_id,
                   LeasePlan.status_since.is_not(None))
    if not plans:
        return []
    comments = {}
    for row in db.session.scalars(select(PlanTransition).where(
            PlanTransition.plan_id.in_([p.id for p in plans]),
            PlanTransition.action.in_(actions)).order_by(PlanTransition.id)):
        comments[row.plan_id] = row.comment  # the newest wins
    return [work.WorkItem(plan.title, plan_link(plan), since=plan.status_since,
                          note=f"{label}: {comments[plan.id]}" if comments.get(plan.id) else "")
            for plan in plans]


@work.section("plans.returned", _l("Kế hoạch bị trả lại kèm ý kiến"), "agency_staff",
              position=40)
def returned(user: User) -> list[work.WorkItem]:
    """Drafts that came back from the appraiser or the approver (a draft that moved)."""
    return _with_comments(user, "draft", ("appraisal_return", "return"), _("Ý kiến"))


@work.section("plans.supplement", _l("Kế hoạch cần bổ sung hồ sơ"), "agency_staff",
              position=41)
def supplement(user: User) -> list[work.WorkItem]:
    """Plans whose appraiser asked for more documents."""
    return _with_comments(user, "supplement", ("supplement",), _("Hồ sơ cần bổ sung"))
