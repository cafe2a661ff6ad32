"""A plan's road, each move by whom. Flush, never commit.

    submit            draft or supplement → appraisal       agency staff or approver
    supplement        appraisal → supplement                 appraiser (documents listed)
    appraisal_return  appraisal → draft                      appraiser (opinion required)
    appraise          appraisal → appraised                  appraiser (opinion required)
    approve           appraised → approved                   agency approver (number, date)
    return            appraised → draft                      agency approver (reason required)
    refuse            appraised → refused (final)            agency approver (reason required)

The agency's staff and approvers send a complete plan for appraisal (`submit`, also after
completing a file); the appraiser (plans.appraisal says whose plans) asks for more documents,
returns the plan with the appraisal opinion, or records a favourable opinion; the agency's
approver then approves (services.approve_plan: number and date), returns it or refuses it, a
reason required for the last two. Every move is a row of PlanTransition, an audit event and
notices (plans.queue).
"""
from dataclasses import dataclass

from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from accounts.audit import record_event
from accounts.models import User
from core.clock import done_by, utcnow
from core.i18n import DEFAULT_LANGUAGE
from extensions import db
from plans import queue
from plans.appraisal import may_appraise
from plans.models import PLAN_STATUSES, LeasePlan, PlanTransition
from plans.rules import PlanError, approval_problems, can_decide, may_author


@dataclass(frozen=True)
class Step:
    """One kind of move: from which states, to which, by whom, and its words."""

    sources: tuple[str, ...]
    target: str
    who: str  # "author" (agency staff or approver), "appraiser", "approver"
    label: str  # in the history and on buttons (lazy, as verb and needs_comment)
    verb: str  # "Không thể {verb} kế hoạch…"
    needs_comment: str = ""  # the message when the required comment is missing


ACTIONS = {
    "submit": Step(("draft", "supplement"), "appraisal", "author", _l("Gửi thẩm định"),
                   _l("gửi thẩm định")),
    "supplement": Step(("appraisal",), "supplement", "appraiser", _l("Yêu cầu bổ sung hồ sơ"),
                       _l("yêu cầu bổ sung hồ sơ"),
                       _l("Vui lòng ghi các hồ sơ, tài liệu cần bổ sung.")),
    "appraisal_return": Step(("appraisal",), "draft", "appraiser",
                             _l("Trả lại kèm ý kiến thẩm định"), _l("trả lại"),
                             _l("Vui lòng ghi ý kiến thẩm định khi trả lại kế hoạch.")),
    "appraise": Step(("appraisal",), "appraised", "appraiser",
                     _l("Thẩm định (ý kiến thẩm định)"), _l("thẩm định"),
                     _l("Vui lòng ghi ý kiến thẩm định.")),
    "approve": Step(("appraised",), "approved", "approver", _l("Phê duyệt"), _l("phê duyệt")),
    "return": Step(("appraised",), "draft", "approver", _l("Trả lại để chỉnh sửa"),
                   _l("trả lại"), _l("Vui lòng ghi lý do trả lại kế hoạch.")),
    "refuse": Step(("appraised",), "refused", "approver", _l("Không phê duyệt"),
                   _l("quyết định không phê duyệt"),
                   _l("Vui lòng ghi lý do không phê duyệt.")),
}
APPRAISER_ACTIONS = ("supplement", "appraisal_return", "appraise")


def may(user, action: str, plan: LeasePlan) -> bool:
    """Whether the user's role and organisation allow the action (state aside)."""
    who = ACTIONS[action].who
    if who == "appraiser":
        return may_appraise(user, plan)
    if who == "approver":
        return can_decide(user, plan)
    return may_author(user, plan)


def transitions_of(plan: LeasePlan) -> list[PlanTransition]:
    """The plan's moves, oldest first, with who made them."""
    return list(db.session.scalars(select(PlanTransition).options(
        joinedload(PlanTransition.actor)).where(PlanTransition.plan_id == plan.id)
        .order_by(PlanTransition.id)))


def _already_done(action: str, plan: LeasePlan) -> str | None:
    """"Kế hoạch đã được thẩm định bởi … lúc …" when the refused action is what put the plan
    in its state (a double click, two tabs, a retried request), else None."""
    moves = transitions_of(plan)
    last = moves[-1] if moves else None
    if last is None or last.action != action or last.to_status != plan.status:
        return None
    by = done_by(last.actor.name if last.actor else None, last.created_at)
    return {
        "submit": _("Kế hoạch đã được gửi thẩm định %(by)s.", by=by),
        "supplement": _("Kế hoạch đã được yêu cầu bổ sung hồ sơ %(by)s.", by=by),
        "appraisal_return": _("Kế hoạch đã được trả lại %(by)s.", by=by),
        "appraise": _("Kế hoạch đã được thẩm định %(by)s.", by=by),
        "approve": _("Kế hoạch đã được phê duyệt %(by)s.", by=by),
        "return": _("Kế hoạch đã được trả lại %(by)s.", by=by),
        "refuse": _("Kế hoạch đã được quyết định không phê duyệt %(by)s.", by=by),
    }[action]


def check(action: str, plan: LeasePlan, user: User, comment: str = "") -> None:
    """Raise PlanError (naming the state, or who already did it) unless allowed now."""
    step = ACTIONS[action]
    if not may(user, action, plan):
        raise PlanError(_("Bạn không có quyền %(action)s kế hoạch này.", action=step.verb))
    if plan.status not in step.sources:
        raise PlanError(_already_done(action, plan) or _(
            "Không thể %(action)s kế hoạch đang ở trạng thái “%(state)s”.",
            action=step.verb, state=plan.status_label))
    if step.needs_comment and not comment.strip():
        raise PlanError(str(step.needs_comment))
    if action == "submit" and (problems := approval_problems(plan)):
        raise PlanError(_("Chưa gửi thẩm định được: %(problems)s", problems=" ".join(problems)))


def move(action: str, plan: LeasePlan, actor: User, comment: str = "", *,
         values: dict | None = None, changes: dict | None = None) -> PlanTransition:
    """Change the state, add the transition row, the audit event and the notices.

    The state changes by compare-and-set: UPDATE … WHERE status = the state this request
    read. A second request that read the same state (a double click, two tabs) finds the row
    changed, updates nothing and is refused, so a move is recorded once (PostgreSQL makes the
    second UPDATE wait for the first to commit, then re-reads the row)."""
    before, after = plan.status, ACTIONS[action].target
    now = utcnow()
    new = {"status": after, "status_since": now, **(values or {})}
    if action == "submit":
        new["submitted_at"] = now  # the file is received (again): the clocks start here
    done = db.session.execute(
        update(LeasePlan).where(LeasePlan.id == plan.id, LeasePlan.status == before)
        .values(**new).execution_options(synchronize_session=False)).rowcount
    if done != 1:
        raise PlanError(_("Kế hoạch vừa được thao tác ở một yêu cầu khác; hãy tải lại trang để "
                          "xem trạng thái hiện tại."))
    for key, value in new.items():
        set_committed_value(plan, key, value)
    comment = comment.strip()
    row = PlanTransition(plan_id=plan.id, action=action, from_status=before, to_status=after,
                         actor_id=actor.id, comment=comment, created_at=now)
    db.session.add(row)
    db.session.flush()
    with force_locale(DEFAULT_LANGUAGE):  # the audit trail is written in Vietnamese
        record_event(f"lease_plan.{action}", "lease_plan", plan.id, user=actor,
                     summary=f"{label_of(row)} kế hoạch thuê “{plan.title}”: "
                             f"{PLAN_STATUSES[before]} → {PLAN_STATUSES[after]}"
                             + (f". Ý kiến: {comment}" if comment else ""),
                     changes={"status": [before, after],
                              **({"comment": comment} if comment else {}), **(changes or {})})
    queue.announce(plan, row, actor)
    db.session.flush()
    return row


def label_of(row: PlanTransition) -> str:
    """What a move was, in the history: "Gửi lại hồ sơ đã bổ sung" for a resubmission."""
    if row.action == "submit" and row.from_status == "supplement":
        return _l("Gửi lại hồ sơ đã bổ sung")
    step = ACTIONS.get(row.action)
    return step.label if step else row.action


# --- the moves -------------------------------------------------------------------------------


def submit_plan(plan: LeasePlan, *, actor: User) -> PlanTransition:
    """Send a complete plan (its estimate included) for appraisal, or resend a completed file."""
    check("submit", plan, actor)
    return move("submit", plan, actor)


def request_supplement(plan: LeasePlan, documents: str, *, actor: User) -> PlanTransition:
    """The appraiser asks for more documents (listed): the agency completes and resubmits."""
    check("supplement", plan, actor, documents)
    return move("supplement", plan, actor, documents)


def return_with_opinion(plan: LeasePlan, opinion: str, *, actor: User) -> PlanTransition:
    """The appraiser returns the plan to the agency with the appraisal opinion (→ draft)."""
    check("appraisal_return", plan, actor, opinion)
    return move("appraisal_return", plan, actor, opinion)


def record_opinion(plan: LeasePlan, opinion: str, *, actor: User) -> PlanTransition:
    """The appraiser's favourable opinion (ý kiến thẩm định): the plan awaits approval."""
    check("appraise", plan, actor, opinion)
    return move("appraise", plan, actor, opinion)


APPRAISAL_MOVES = {"supplement": request_supplement, "appraisal_return": return_with_opinion,
                   "appraise": record_opinion}


def return_plan(plan: LeasePlan, reason: str, *, actor: User) -> PlanTransition:
    """The approver returns the appraised plan for changes, with the reason (→ draft)."""
    check("return", plan, actor, reason)
    return move("return", plan, actor, reason)


def refuse_plan(plan: LeasePlan, reason: str, *, actor: User) -> PlanTransition:
    """The approver refuses the plan, with the reason: final (Không phê duyệt)."""
    check("refuse", plan, actor, reason)
    return move("refuse", plan, actor, reason)


def available_actions(user: User, plan: LeasePlan) -> list[str]:
    """The moves this user could make now (state and role), for the page's buttons; submit is
    offered while the plan is incomplete too, and its refusal lists what is missing."""
    return [action for action, step in ACTIONS.items()
            if plan.status in step.sources and may(user, action, plan)]


def latest(moves: list[PlanTransition], *actions: str) -> PlanTransition | None:
    """The newest of the moves of these kinds (the opinion, the documents asked for)."""
    return next((row for row in reversed(moves) if row.action in actions), None)
