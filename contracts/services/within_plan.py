"""A contract stays within its approved lease plan (issue 12, point 4): the plan's legal basis,
services, lease period and the basis's term limits (plans.rules.period_problem, the plans'
own rule), and a total within the plan's estimate of the lease cost; a service built to the
agency's requirements needs an approved plan. Generation and submission ask here, so a text
that asserts the contract is within its plan is only ever made once this was checked."""
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
            problems.append(f"Dịch vụ “{service.name}” được xây dựng theo yêu cầu riêng của cơ "
                            "quan: hợp đồng phải gắn với một kế hoạch thuê đã được phê duyệt "
                            "(chọn ở bước 1).")
        if contract.pack_id and (problem := period_problem(contract.pack_id, start, end, False)):
            problems.append(f"Thời hạn thuê: {problem}")
        return problems
    if plan.status != "approved":
        problems.append(f"Kế hoạch thuê “{plan.title}” chưa được phê duyệt.")
    if contract.pack_id and contract.pack_id != plan.pack_id:
        problems.append(f"Căn cứ pháp lý: hợp đồng theo {label(contract.pack_id)}, còn kế hoạch "
                        f"thuê đã duyệt theo {label(plan.pack_id)}; hợp đồng phải dùng căn cứ "
                        "của kế hoạch.")
    if service is not None and service.id not in {s.id for s in plan.services}:
        listed = "; ".join(s.name for s in plan.services) or "không có dịch vụ nào"
        problems.append(f"Dịch vụ: “{service.name}” không có trong kế hoạch thuê đã duyệt (kế "
                        f"hoạch gồm: {listed}).")
    if start and end and plan.period_start and plan.period_end \
            and (start < plan.period_start or end > plan.period_end):
        problems.append(f"Thời gian thuê: hợp đồng từ {dmy(start)} đến {dmy(end)}, ngoài thời "
                        f"gian thuê của kế hoạch (từ {dmy(plan.period_start)} đến "
                        f"{dmy(plan.period_end)}).")
    pack = contract.pack_id or plan.pack_id
    if problem := period_problem(pack, start, end, plan.short_period_allowed):
        problems.append(f"Thời hạn thuê: {problem}")
    budget = lease_budget(plan)
    if computed.total > budget:
        problems.append(f"Giá trị: tổng giá trị hợp đồng {format_vnd(computed.total)} đồng vượt "
                        f"dự toán chi phí thuê dịch vụ của kế hoạch {format_vnd(budget)} đồng.")
    return problems
