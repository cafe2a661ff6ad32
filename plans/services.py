"""Lease plans: create, edit, approve (plans.transitions: the road to approval); the list of an
agency's plans. Flush, never commit."""
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select

from accounts.models import Organisation, User
from accounts.audit import diff_fields, record_event
from catalog.legal_bases import in_force_on, label, legal_bases
from catalog.models import Service
from core import clock
from core.formats import dmy
from core.service_levels import measure_problem
from extensions import db
from plans import transitions
from plans.models import LeasePlan
from plans.rules import PlanError, approval_problems, ensure_draft, methods_for, period_problem
from plans.sections import FROM_ND73, SECTION_TEXTS

PLAN_FIELDS = ("title", "plan_date", "pack_id", "number", "place", "signer_title",
               "signer_name", "recipients", "extra_bases", "period_start", "period_end",
               "preparation_months", "short_period_allowed", "security_level_proposal",
               "service_levels")


def plans_of(organisation_id: int) -> Select:
    """A select of an organisation's plans, newest first."""
    return (select(LeasePlan).where(LeasePlan.organisation_id == organisation_id)
            .order_by(LeasePlan.plan_date.desc(), LeasePlan.id.desc()))


def selectable_services(plan: LeasePlan | None = None) -> list[Service]:
    """Active catalog services, plus any retired one the plan already names."""
    active = list(db.session.scalars(select(Service).where(Service.retired_at.is_(None))
                                     .order_by(Service.code)))
    kept = [s for s in (plan.services if plan else []) if s not in active]
    return sorted(active + kept, key=lambda s: s.code)


# --- writing -----------------------------------------------------------------------------


def plan_snapshot(plan: LeasePlan) -> dict[str, Any]:
    """The plan's fields as a flat dict (one key per section text) for audit diffs."""
    data = {field: getattr(plan, field) for field in PLAN_FIELDS}
    data["recipients"] = list(plan.recipients or [])
    data["extra_bases"] = list(plan.extra_bases or [])
    data["services"] = sorted(s.code for s in plan.services)
    for text in SECTION_TEXTS:
        data[f"sections.{text.key}"] = (plan.sections or {}).get(text.key, "")
    return data


def _check(data: dict) -> str:
    """The pack the data resolves to, after refusing what no form should let through."""
    pack_id = data.get("pack_id") or in_force_on(data["plan_date"])
    if pack_id not in legal_bases():
        raise PlanError(_("Căn cứ pháp lý không hợp lệ."))
    if not data.get("services"):
        raise PlanError(_("Kế hoạch cần ít nhất một dịch vụ trong danh mục."))
    if problem := period_problem(pack_id, data.get("period_start"), data.get("period_end"),
                                 bool(data.get("short_period_allowed"))):
        raise PlanError(problem)
    if problem := measure_problem(data.get("service_levels") or []):
        raise PlanError(problem, "service_levels")
    return pack_id


def _apply(plan: LeasePlan, data: dict, pack_id: str) -> None:
    for field in PLAN_FIELDS:
        if field in data:
            setattr(plan, field, data[field])
    plan.pack_id = pack_id
    if pack_id not in FROM_ND73:
        plan.security_level_proposal = None  # 7a does not exist before nd73-2019
    plan.services = list(data["services"])
    texts = {t.key: (data.get("sections") or {}).get(t.key, "") for t in SECTION_TEXTS}
    plan.sections = {**(plan.sections or {}), **texts}


def create_plan(organisation: Organisation, data: dict, *, actor: User) -> LeasePlan:
    """A new draft plan of an agency; the pack defaults to the one in force on its date."""
    if organisation.kind != "agency":
        raise PlanError(_("Chỉ cơ quan nhà nước mới lập kế hoạch thuê dịch vụ."))
    pack_id = _check(data)
    plan = LeasePlan(organisation_id=organisation.id, created_by_id=actor.id, sections={},
                     recipients=[], extra_bases=[], title=data["title"],
                     plan_date=data["plan_date"], pack_id=pack_id)
    db.session.add(plan)
    _apply(plan, data, pack_id)
    db.session.flush()
    record_event("lease_plan.create", "lease_plan", plan.id, user=actor,
                 summary=f"Lập kế hoạch thuê “{plan.title}”",
                 changes=diff_fields({}, plan_snapshot(plan)))
    return plan


def update_plan(plan: LeasePlan, data: dict, *, actor: User) -> bool:
    """Apply edits to a draft plan; returns False when nothing changed."""
    ensure_draft(plan)
    pack_id = _check(data)
    if plan.estimate_method and plan.estimate_method not in methods_for(pack_id):
        raise PlanError(_("Phương pháp lập dự toán “%(method)s” không áp dụng theo %(basis)s; hãy "
                          "đổi phương pháp ở trang dự toán trước.",
                          method=plan.method_label, basis=label(pack_id)))
    before = plan_snapshot(plan)
    _apply(plan, data, pack_id)
    changes = diff_fields(before, plan_snapshot(plan))
    if not changes:
        return False
    changed(plan, "lease_plan.update", summary=f"Sửa kế hoạch thuê “{plan.title}”",
            changes=changes, actor=actor)
    return True


def approve_plan(plan: LeasePlan, approval_number: str, approved_on: date,
                 *, actor: User) -> None:
    """Approve an appraised plan; its pack and every field are frozen from now on."""
    if actor.role != "agency_approver" or actor.organisation_id != plan.organisation_id:
        raise PlanError(_("Chỉ lãnh đạo của cơ quan lập kế hoạch mới phê duyệt được."))
    if problems := approval_problems(plan):
        raise PlanError(" ".join(problems))
    if plan.status in ("draft", "appraisal", "supplement"):
        raise PlanError(_("Kế hoạch chưa có ý kiến thẩm định: chỉ phê duyệt được kế hoạch đã "
                          "được thẩm định."))
    transitions.check("approve", plan, actor)  # approved or refused: who did it, and when
    if approved_on < plan.plan_date:
        raise PlanError(_("Ngày phê duyệt không được trước ngày lập kế hoạch."))
    if approved_on > clock.today():
        raise PlanError(_("Ngày phê duyệt (%(day)s) không được sau ngày hôm nay (%(today)s): chỉ "
                          "ghi nhận quyết định đã ký.",
                          day=dmy(approved_on), today=dmy(clock.today())))
    number = approval_number.strip()
    transitions.move("approve", plan, actor, values={
        "approval_number": number, "approved_on": approved_on, "approved_by_id": actor.id,
        "version": plan.version + 1}, changes=diff_fields({}, {
            "approval_number": number, "approved_on": approved_on, "pack_id": plan.pack_id}))
    plan.approved_by = actor


def changed(plan: LeasePlan, action: str, summary: str, changes: dict, actor: User | None) -> None:
    """Bump the plan's version and write the audit event of a change."""
    plan.version += 1
    record_event(action, "lease_plan", plan.id, user=actor, summary=summary, changes=changes)
    db.session.flush()
