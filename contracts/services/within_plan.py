"""A contract stays within its approved lease plan (issue 12, point 4): the plan's legal basis,
services, lease period and the basis's term limits (plans.rules.period_problem, the plans'
own rule), and a total within the plan's estimate of the lease cost; a service built to the
agency's requirements needs an approved plan. Generation and submission ask here, so a text
that asserts the contract is within its plan is only ever made once this was checked."""
from flask_babel import gettext as _

from catalog.legal_bases import label
from contracts.models.contract import Contract
from contracts.services import terms
from core.formats import dmy
from core.money import format_vnd
from plans.estimate import estimate
from plans.rules import period_problem


def lease_budget(plan) -> int:
    """The plan's estimate of the lease cost itself (its "lease" part, VAT included)."""
    return next(p["total"] for p in estimate(plan)["parts"] if p["part"] == "lease")


def within_estimate(contract: Contract, total: int) -> bool:
    """Whether a total (an amendment's, say) is checked to be within the contract's approved
    plan's lease-cost estimate: only then may a text say so."""
    plan = contract.plan
    return bool(plan is not None and plan.status == "approved" and total <= lease_budget(plan))


def plan_problems(contract: Contract, computed: terms.Terms | None = None) -> list[str]:
    """Each rule the contract breaks, named with both figures; empty when it keeps them.
    `computed`: the contract's terms when the caller already has them."""
    service = contract.offering.service if contract.offering else None
    plan = contract.plan
    computed = computed or terms.of_contract(contract)
    start, end = computed.start, computed.end
    problems = []
    if plan is None:
        if service is not None and service.needs_plan:
            problems.append(_("Dịch vụ “%(service)s” được xây dựng theo yêu cầu riêng của cơ "
                              "quan: hợp đồng phải gắn với một kế hoạch thuê đã được phê duyệt "
                              "(chọn ở bước 1).", service=service.name))
        if contract.pack_id and (problem := period_problem(contract.pack_id, start, end, False)):
            problems.append(_("Thời hạn thuê: %(problem)s", problem=problem))
        return problems
    if plan.status != "approved":
        problems.append(_("Kế hoạch thuê “%(plan)s” chưa được phê duyệt.", plan=plan.title))
    if contract.pack_id and contract.pack_id != plan.pack_id:
        problems.append(_("Căn cứ pháp lý: hợp đồng theo %(pack)s, còn kế hoạch thuê đã duyệt "
                          "theo %(plan_pack)s; hợp đồng phải dùng căn cứ của kế hoạch.",
                          pack=label(contract.pack_id), plan_pack=label(plan.pack_id)))
    if service is not None and service.id not in {s.id for s in plan.services}:
        listed = "; ".join(s.name for s in plan.services) or _("không có dịch vụ nào")
        problems.append(_("Dịch vụ: “%(service)s” không có trong kế hoạch thuê đã duyệt (kế "
                          "hoạch gồm: %(listed)s).", service=service.name, listed=listed))
    if start and end and plan.period_start and plan.period_end \
            and (start < plan.period_start or end > plan.period_end):
        problems.append(_("Thời gian thuê: hợp đồng từ %(start)s đến %(end)s, ngoài thời gian "
                          "thuê của kế hoạch (từ %(plan_start)s đến %(plan_end)s).",
                          start=dmy(start), end=dmy(end), plan_start=dmy(plan.period_start),
                          plan_end=dmy(plan.period_end)))
    pack = contract.pack_id or plan.pack_id
    if problem := period_problem(pack, start, end, plan.short_period_allowed):
        problems.append(_("Thời hạn thuê: %(problem)s", problem=problem))
    budget = lease_budget(plan)
    if computed.total > budget:
        problems.append(_("Giá trị: tổng giá trị hợp đồng %(total)s đồng vượt dự toán chi phí "
                          "thuê dịch vụ của kế hoạch %(budget)s đồng.",
                          total=format_vnd(computed.total), budget=format_vnd(budget)))
    return problems
