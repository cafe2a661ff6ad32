"""Loading what a contract URL names, with the access check: 404 for anyone who may not see it
(never 403, so nobody can probe which ids exist). A write request locks the contract's row
(core.transaction.get_for_request): every change to a contract, its lifecycle, amendments,
documents, acceptance and payments queues behind the one before it."""
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from contracts import access
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import Contract
from contracts.services import amendments
from core.transaction import get_for_request


def contract_or_404(contract_id: int, *, edit: bool = False) -> Contract:
    """The contract if this user may see it (or edit it, with `edit`)."""
    contract = get_for_request(Contract, contract_id, options=[joinedload(Contract.template)])
    allowed = access.can_edit if edit else access.can_view
    if contract is None or not allowed(current_user, contract):
        abort(404)
    return contract


def target_or_404(contract_id: int, number: int | None
                  ) -> tuple[Contract, ContractAmendment | None]:
    """The contract and, with a number, its amendment of that number."""
    contract = contract_or_404(contract_id)
    if number is None:
        return contract, None
    amendment = amendments.get_amendment(contract, number)
    if amendment is None:
        abort(404)
    return contract, amendment


def owners(contract: Contract) -> set[tuple[str, int]]:
    """Whose stored documents and signed copies a contract's pages may send: the contract's
    own and its amendments'."""
    return {("contract", contract.id)} | {("amendment", a.id)
                                          for a in amendments.amendments_of(contract)}
