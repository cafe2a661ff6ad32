"""What a plan's page shows about its road (built before the page renders: a page template runs
no queries): the state, the appraisal clocks, the opinion and requests, the moves open to the
user and the history."""
from plans import transitions
from plans.appraisal import clocks_of
from plans.models import PLAN_STATUSES, LeasePlan


def appraisal_panel(plan: LeasePlan, user) -> dict:
    """The plan page's "Thẩm định và phê duyệt" section."""
    moves = transitions.transitions_of(plan)
    actions = transitions.available_actions(user, plan)
    return {
        "clocks": clocks_of(plan),
        "moves": [{"row": row, "label": transitions.label_of(row),
                   "before": PLAN_STATUSES[row.from_status],
                   "after": PLAN_STATUSES[row.to_status]} for row in moves],
        "opinion": transitions.latest(moves, "appraise", "appraisal_return"),
        "request": transitions.latest(moves, "supplement") if plan.status == "supplement"
        else None,
        "decision": transitions.latest(moves, "return", "refuse")
        if plan.status in ("draft", "refused") else None,
        "can_submit": "submit" in actions,
        "can_appraise": any(a in actions for a in transitions.APPRAISER_ACTIONS),
        "can_decide": "approve" in actions,
        "resubmit": plan.status == "supplement",
    }
