"""A lease plan's document context (documents/preview, PREVIEW_PLAN) and its generation.

The document carries legal force in Vietnamese: its context is built and rendered inside
`in_vietnamese` (core.i18n), whatever language the page that asked for it speaks; only the
refusal shown to the user speaks the page's language."""
from typing import Any

from flask_babel import gettext as _

from accounts.models import User
from accounts.audit import record_event
from catalog.legal_bases import label
from core.i18n import in_vietnamese
from core.months import months_spanned
from documents import storage
from documents.engine import render_docx
from documents.instruments import body_name_on, citations_for, since_approval
from documents.models import GeneratedDocument
from plans.estimate import estimate
from plans.models import COST_PARTS, DEFAULT_RECIPIENTS, LeasePlan
from plans.rules import PlanError
from plans.sections import SECTION_TEXTS
from plans.working import working_context


def lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


@in_vietnamese
def sources_text(plan: LeasePlan) -> str:
    """What the method states of the lines priced from a source (plans.quotations.choices):
    "đơn giá “Thuê máy chủ ảo” xác định theo giá chào thấp nhất …; chi tiết tại Phụ lục …"."""
    sourced = [line for line in plan.lines if line.price_source]
    if not sourced:
        return ""
    parts = [f"đơn giá “{line.content}” xác định theo "
             f"{lowered(line.price_source.get('label', ''))}" for line in sourced]
    if any(line.price_source.get("request_id") for line in sourced):
        parts.append("chi tiết tại Phụ lục Bảng tổng hợp báo giá kèm theo")
    return "; ".join(parts)


@in_vietnamese
def method_text(plan: LeasePlan) -> str:
    """The plan's method: its label, what its sourced lines rest on, then the agency's note."""
    method = str(plan.method_label)
    if sources := sources_text(plan):
        method = f"{method}: {sources}" if method else sources[:1].upper() + sources[1:]
    if note := (plan.sections or {}).get("method_note", "").strip():
        method = f"{method}. {note}" if method else note
    return method


@in_vietnamese
def line_basis_text(row: dict) -> str:
    """A cost line's basis in the document, with where its unit price came from."""
    return f"{row['basis']}. Nguồn đơn giá: {row['source']}" if row.get("source") \
        else row["basis"]


@in_vietnamese
def plan_context(plan: LeasePlan, template_version: int) -> dict[str, Any]:
    """The plain-dict context of PREVIEW_PLAN (documents/preview), from the plan."""
    org = plan.organisation
    texts = plan.sections or {}
    costs = estimate(plan)
    method = method_text(plan)
    return {
        "pack": {"id": plan.pack_id, "short_name": str(label(plan.pack_id)),
                 "template_version": template_version},
        "document": {"number": plan.number or f"      /KH-{org.short_name or ''}".rstrip("-"),
                     "place": plan.place or (org.province.name if org.province else ""),
                     "date": plan.plan_date},
        "citations": citations_for(plan.pack_id, "plan", plan.plan_date,
                                   since=since_approval(plan.approved_on)),
        "extra_bases": list(plan.extra_bases or []),
        # The department's name as it was on the plan's date (domain.md §1a: mergers).
        "agency": {"name": body_name_on(org.name, plan.plan_date),
                   "parent_body": org.parent_body or "",
                   "address": org.address or ""},
        "signer": {"title": plan.signer_title, "name": plan.signer_name},
        "recipients": list(plan.recipients or []) or list(DEFAULT_RECIPIENTS),
        "subject": plan.title,
        "service_levels": [{k: level.get(k, "") for k in ("name", "target", "measure")}
                           for level in plan.service_levels or []],
        **{t.key: texts.get(t.key, "") for t in SECTION_TEXTS
           if t.key not in ("period_text", "security_reasons")},
        "period": {"text": texts.get("period_text", ""), "start": plan.period_start,
                   "end": plan.period_end,
                   "months": months_spanned(plan.period_start, plan.period_end),
                   "preparation_months": plan.preparation_months},
        "security_level_proposal": {"level": plan.security_level_proposal,
                                    "reasons": texts.get("security_reasons", "")},
        "method": method,
        "cost_parts": [{"part": p["part"], "label": str(COST_PARTS[p["part"]]),
                        "lines": [{"name": row["line"].content, "basis": line_basis_text(row),
                                   "amount": row["total"]} for row in p["lines"]],
                        "subtotal": p["total"]} for p in costs["parts"]],
        "year_totals": [{"year": y["year"], "amount": y["total"]} for y in costs["years"]],
        "total": costs["totals"]["total"],
        "working": working_context(plan),
    }


@in_vietnamese
def render_plan(plan: LeasePlan, template) -> bytes:
    """The plan's .docx from its pack's template, in Vietnamese."""
    return render_docx(storage.template_path(template), plan_context(plan, template.version))


def generate_plan_document(plan: LeasePlan, *, actor: User | None = None) -> GeneratedDocument:
    """Render the plan from its pack's template and keep the copy (an identical one is reused)."""
    if not (plan.period_start and plan.period_end):
        raise PlanError(_("Kế hoạch chưa có thời gian thuê dịch vụ nên chưa tạo được văn bản."))
    template = storage.template_for(plan.pack_id, "plan", plan.plan_date)
    data = render_plan(plan, template)
    if unchanged := storage.latest_unchanged("plan", plan.id, template, data):
        return unchanged
    document = storage.store_document(
        "plan", plan.id, "plan", template, data,
        f"ke-hoach-thue-dv-cntt-{plan.id}-v{plan.version}.docx", actor=actor)
    record_event("lease_plan.generate", "lease_plan", plan.id, user=actor,
                 summary=f"Tạo văn bản kế hoạch thuê (mẫu {plan.pack_id} phiên bản "
                         f"{template.version})",
                 changes={"document": [None, document.sha256]})
    return document
