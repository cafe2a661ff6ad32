"""Which legal instruments a contract's documents cite, and whether its pack applies on a
date: the registry (documents.instruments) asked with what the transitional rule looks at."""
from datetime import date

from contracts.models.contract import Contract
from documents.instruments import applicable, citations_for, since_approval


def _since(contract: Contract) -> tuple[str, date] | None:
    """What the transitional rule looks at: the plan's approval, else the contract's signing."""
    plan = contract.plan
    if plan is not None and plan.approved_on:
        return since_approval(plan.approved_on)
    if contract.signed_date:
        return ("hợp đồng được ký", contract.signed_date)
    return None


def citations(contract: Contract, kind: str, day: date) -> list[str]:
    """The registry's "Căn cứ" lines for a contract's (or its amendment's) document on a day."""
    return citations_for(contract.pack_id, kind, day, since=_since(contract))


def pack_problem(contract: Contract, pack_id: str, day: date) -> str | None:
    """Why a contract dated `day` cannot rest on this pack (it does not apply then), or None."""
    return applicable(pack_id, "contract", day, since=_since(contract))
