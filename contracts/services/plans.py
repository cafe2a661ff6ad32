"""Lease plans: create, edit, approve, who may see them, and the .docx. Flush, never commit."""
import hashlib
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from accounts.models import Organisation, User
from accounts.services import diff_fields, record_event
from catalog.legal_bases import in_force_on, label, legal_bases
from catalog.models import Service
from documents.engine import render_docx
from documents.models import GeneratedDocument
from contracts.models.plan import (COST_PARTS, FROM_ND73, SECTION_TEXTS, LeasePlan,
                                   methods_for, sections_for)
from documents import storage
from contracts.services.plan_costs import (PlanError, changed, ensure_draft, estimate,
                                           working_context)
from core.months import last_day, months_spanned
from extensions import db

__all__ = ["PlanError", "ensure_draft"]  # re-exported: views and the CLI import them from here

PLAN_FIELDS = ("title", "plan_date", "pack_id", "number", "place", "signer_title",
               "signer_name", "recipients", "extra_bases", "period_start", "period_end",
               "preparation_months", "short_period_allowed", "security_level_proposal")
AUTHOR_ROLES = ("agency_staff", "agency_approver")
DEFAULT_RECIPIENTS = ["Lưu: VT"]


# --- who may do what ---------------------------------------------------------------------


def can_view(user, plan: LeasePlan) -> bool:
    """Agency staff, approvers and legal drafters of the plan's own organisation."""
    return (getattr(user, "is_authenticated", False)
            and user.organisation_id == plan.organisation_id
            and user.role in (*AUTHOR_ROLES, "legal_drafter"))


def may_author(user, plan: LeasePlan) -> bool:
    """Staff and approvers of the plan's organisation write plans (drafts only)."""
    return can_view(user, plan) and user.role in AUTHOR_ROLES


def can_edit(user, plan: LeasePlan) -> bool:
    """An author, while the plan is a draft."""
    return may_author(user, plan) and not plan.is_approved


def can_approve(user, plan: LeasePlan) -> bool:
    """An approver of the plan's organisation, while the plan is a draft."""
    return can_edit(user, plan) and user.role == "agency_approver"


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


# --- the lease period --------------------------------------------------------------------


def period_problem(pack_id: str, start: date | None, end: date | None,
                   short_allowed: bool) -> str | None:
    """Why a lease period breaks its pack's rule (nd73-2019: 1 to 5 years), or None."""
    if not (start and end):
        return None
    if end < start:
        return "Ngày kết thúc thời gian thuê phải sau ngày bắt đầu."
    if pack_id != "nd73-2019":
        return None  # qd80-2014 sets no bound; nd224-2026 allows multi-year leases freely
    if end > last_day(start, 60):
        return "Theo Nghị định 73/2019/NĐ-CP, thời gian thuê dịch vụ không được quá 05 năm."
    if end < last_day(start, 12) and not short_allowed:
        return ("Theo Nghị định 73/2019/NĐ-CP, thời gian thuê dưới 01 năm chỉ được chấp nhận "
                "khi người có thẩm quyền phê duyệt kế hoạch cho phép; hãy đánh dấu ô xác nhận "
                "đã được cho phép.")
    return None


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
        raise PlanError("Căn cứ pháp lý không hợp lệ.")
    if not data.get("services"):
        raise PlanError("Kế hoạch cần ít nhất một dịch vụ trong danh mục.")
    if problem := period_problem(pack_id, data.get("period_start"), data.get("period_end"),
                                 bool(data.get("short_period_allowed"))):
        raise PlanError(problem)
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
        raise PlanError("Chỉ cơ quan nhà nước mới lập kế hoạch thuê dịch vụ.")
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
        raise PlanError(f"Phương pháp lập dự toán “{plan.method_label}” không áp dụng theo "
                        f"{label(pack_id)}; hãy đổi phương pháp ở trang dự toán trước.")
    before = plan_snapshot(plan)
    _apply(plan, data, pack_id)
    changes = diff_fields(before, plan_snapshot(plan))
    if not changes:
        return False
    changed(plan, "lease_plan.update", f"Sửa kế hoạch thuê “{plan.title}”", changes, actor)
    return True


def approval_problems(plan: LeasePlan) -> list[str]:
    """What must be completed before the plan can be approved."""
    problems = []
    missing = [t.label for s in sections_for(plan.pack_id) for t in s.texts
               if t.required and not (plan.sections or {}).get(t.key, "").strip()]
    if missing:
        problems.append("Chưa nhập các mục: " + "; ".join(missing) + ".")
    if not (plan.period_start and plan.period_end):
        problems.append("Chưa nhập thời gian thuê dịch vụ.")
    if plan.pack_id in FROM_ND73 and not plan.security_level_proposal:
        problems.append("Chưa đề xuất cấp độ an toàn hệ thống thông tin.")
    if not plan.lines:
        problems.append("Dự toán chưa có dòng chi phí nào.")
    if not plan.estimate_method:
        problems.append("Chưa chọn phương pháp xác định chi phí của dự toán.")
    return problems


def approve_plan(plan: LeasePlan, approval_number: str, approved_on: date,
                 *, actor: User) -> None:
    """Approve a complete draft; its pack and every field are frozen from now on."""
    ensure_draft(plan)
    if actor.role != "agency_approver" or actor.organisation_id != plan.organisation_id:
        raise PlanError("Chỉ lãnh đạo của cơ quan lập kế hoạch mới phê duyệt được.")
    if problems := approval_problems(plan):
        raise PlanError(" ".join(problems))
    if approved_on < plan.plan_date:
        raise PlanError("Ngày phê duyệt không được trước ngày lập kế hoạch.")
    plan.status = "approved"
    plan.approval_number = approval_number.strip()
    plan.approved_on = approved_on
    plan.approved_by_id = actor.id
    after = {"status": "approved", "approval_number": plan.approval_number,
             "approved_on": approved_on, "pack_id": plan.pack_id}
    changed(plan, "lease_plan.approve",
            f"Phê duyệt kế hoạch thuê theo quyết định số {plan.approval_number}",
            diff_fields({"status": "draft"}, after), actor)


# --- the document ------------------------------------------------------------------------


def plan_context(plan: LeasePlan, template_version: int) -> dict[str, Any]:
    """The plain-dict context of documents/preview's PREVIEW_PLAN, from the plan."""
    org = plan.organisation
    texts = plan.sections or {}
    costs = estimate(plan)
    method = plan.method_label
    if note := texts.get("method_note", "").strip():
        method = f"{method}. {note}" if method else note
    return {
        "pack": {"id": plan.pack_id, "short_name": label(plan.pack_id),
                 "template_version": template_version},
        "document": {"number": plan.number or f"      /KH-{org.short_name or ''}".rstrip("-"),
                     "place": plan.place or (org.province.name if org.province else ""),
                     "date": plan.plan_date},
        "extra_bases": list(plan.extra_bases or []),
        "agency": {"name": org.name, "parent_body": org.parent_body or "",
                   "address": org.address or ""},
        "signer": {"title": plan.signer_title, "name": plan.signer_name},
        "recipients": list(plan.recipients or []) or DEFAULT_RECIPIENTS,
        "subject": plan.title,
        **{t.key: texts.get(t.key, "") for t in SECTION_TEXTS
           if t.key not in ("period_text", "security_reasons")},
        "period": {"text": texts.get("period_text", ""), "start": plan.period_start,
                   "end": plan.period_end,
                   "months": months_spanned(plan.period_start, plan.period_end),
                   "preparation_months": plan.preparation_months},
        "security_level_proposal": {"level": plan.security_level_proposal,
                                    "reasons": texts.get("security_reasons", "")},
        "method": method,
        "cost_parts": [{"part": p["part"], "label": COST_PARTS[p["part"]],
                        "lines": [{"name": row["line"].content, "basis": row["basis"],
                                   "amount": row["total"]} for row in p["lines"]],
                        "subtotal": p["total"]} for p in costs["parts"]],
        "year_totals": [{"year": y["year"], "amount": y["total"]} for y in costs["years"]],
        "total": costs["totals"]["total"],
        "working": working_context(plan),
    }


def generate_plan_document(plan: LeasePlan, *, actor: User | None = None) -> GeneratedDocument:
    """Render the plan from its pack's template and keep the copy (an identical one is reused)."""
    if not (plan.period_start and plan.period_end):
        raise PlanError("Kế hoạch chưa có thời gian thuê dịch vụ nên chưa tạo được văn bản.")
    template = storage.template_for(plan.pack_id, "plan", plan.plan_date)
    data = render_docx(storage.template_path(template), plan_context(plan, template.version))
    latest = next(iter(storage.documents_of("plan", plan.id)), None)
    if latest is not None and latest.template_id == template.id:
        if latest.sha256 == hashlib.sha256(data).hexdigest():
            return latest  # nothing changed since the last copy: keep one record of it
    document = storage.store_document(
        "plan", plan.id, "plan", template, data,
        f"ke-hoach-thue-dv-cntt-{plan.id}-v{plan.version}.docx", actor=actor)
    record_event("lease_plan.generate", "lease_plan", plan.id, user=actor,
                 summary=f"Tạo văn bản kế hoạch thuê (mẫu {plan.pack_id} phiên bản "
                         f"{template.version})",
                 changes={"document": [None, document.sha256]})
    return document
