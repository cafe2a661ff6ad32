"""What a lease plan must satisfy and who may do what with it: forms and services both ask here."""
from datetime import date

from flask_babel import gettext as _, lazy_gettext as _l

from accounts.models import AGENCY_ROLES
from core.errors import Refused
from core.months import last_day
from plans.appraisal import may_appraise
from plans.models import ESTIMATE_METHODS, ND224_METHODS, LeasePlan
from plans.sections import FROM_ND73, sections_for

LOCKED = {
    "appraisal": _l("Kế hoạch đang chờ thẩm định nên không thể sửa."),
    "appraised": _l("Kế hoạch đã được thẩm định, đang chờ phê duyệt nên không thể sửa; lãnh "
                    "đạo có thể trả lại để chỉnh sửa."),
    "approved": _l("Kế hoạch đã được phê duyệt nên không thể sửa."),
    "refused": _l("Kế hoạch đã có quyết định không phê duyệt nên không thể sửa."),
}


class PlanError(Refused):
    """A refused plan operation; the message is shown to the user as is."""


def locked_reason(plan: LeasePlan) -> str | None:
    """Why the agency may not change the plan in its state, or None (a draft, or a file the
    appraiser asked to complete)."""
    return None if plan.is_editable else str(LOCKED[plan.status])


def ensure_draft(plan: LeasePlan) -> None:
    """Refuse any change to a plan out of the agency's hands (in appraisal, approved...)."""
    if reason := locked_reason(plan):
        raise PlanError(reason)


# --- who may do what -------------------------------------------------------------------


def is_own(user, plan: LeasePlan) -> bool:
    """Agency staff, approvers and legal drafters of the plan's own organisation."""
    return (getattr(user, "is_authenticated", False)
            and user.organisation_id == plan.organisation_id
            and user.role in (*AGENCY_ROLES, "legal_drafter"))


def can_view(user, plan: LeasePlan) -> bool:
    """The plan's own people; and, once it was sent for appraisal, the appraisers whose scope
    takes in its agency (plans.appraisal), who read it and its documents but never edit."""
    return is_own(user, plan) or (plan.submitted_at is not None and may_appraise(user, plan))


def may_author(user, plan: LeasePlan) -> bool:
    """Staff and approvers of the plan's organisation write plans (in the editable states)."""
    return is_own(user, plan) and user.role in AGENCY_ROLES


def can_edit(user, plan: LeasePlan) -> bool:
    """An author, while the plan is a draft or its file is being completed."""
    return may_author(user, plan) and plan.is_editable


def can_decide(user, plan: LeasePlan) -> bool:
    """An approver of the plan's organisation (approve, return or refuse an appraised plan)."""
    return may_author(user, plan) and user.role == "agency_approver"


def can_approve(user, plan: LeasePlan) -> bool:
    """An approver of the plan's organisation, once the plan has its appraisal opinion."""
    return can_decide(user, plan) and plan.status == "appraised"


# --- the rules of a plan --------------------------------------------------------------


def period_problem(pack_id: str, start: date | None, end: date | None,
                   short_allowed: bool) -> str | None:
    """Why a lease period breaks its pack's rule (nd73-2019: 1 to 5 years), or None."""
    if not (start and end):
        return None
    if end < start:
        return _("Ngày kết thúc thời gian thuê phải sau ngày bắt đầu.")
    if pack_id != "nd73-2019":
        return None  # qd80-2014 sets no bound; nd224-2026 allows multi-year leases freely
    if end > last_day(start, 60):
        return _("Theo Nghị định 73/2019/NĐ-CP, thời gian thuê dịch vụ không được quá 05 năm.")
    if end < last_day(start, 12) and not short_allowed:
        return _("Theo Nghị định 73/2019/NĐ-CP, thời gian thuê dưới 01 năm chỉ được chấp nhận "
                 "khi người có thẩm quyền phê duyệt kế hoạch cho phép; hãy đánh dấu ô xác nhận "
                 "đã được cho phép.")
    return None


def methods_for(pack_id: str) -> dict[str, str]:
    """Estimate methods a pack allows: nd224-2026 adds prior awards, listed prices, norms."""
    return {k: v for k, v in ESTIMATE_METHODS.items()
            if pack_id == "nd224-2026" or k not in ND224_METHODS}


def approval_problems(plan: LeasePlan) -> list[str]:
    """What must be completed before the plan is sent for appraisal (and approved)."""
    problems = []
    missing = [str(t.label) for s in sections_for(plan.pack_id) for t in s.texts
               if t.required and not (plan.sections or {}).get(t.key, "").strip()]
    if missing:
        problems.append(_("Chưa nhập các mục: %(sections)s.", sections="; ".join(missing)))
    if not (plan.period_start and plan.period_end):
        problems.append(_("Chưa nhập thời gian thuê dịch vụ."))
    if plan.pack_id in FROM_ND73 and not plan.security_level_proposal:
        problems.append(_("Chưa đề xuất cấp độ an toàn hệ thống thông tin."))
    if not plan.lines:
        problems.append(_("Dự toán chưa có dòng chi phí nào."))
    if not plan.estimate_method:
        problems.append(_("Chưa chọn phương pháp xác định chi phí của dự toán."))
    return problems
