"""Who may see, edit, amend, accept and pay a contract: every page and service asks here."""
from contracts.models.contract import RUNNING, SIGNED, Contract

SHARED = ("approved", *SIGNED)  # what the vendor's staff see of their contracts


def _agency(user, contract: Contract) -> bool:
    """Staff or an approver of the contract's agency."""
    return getattr(user, "is_authenticated", False) and user.works_for_agency(
        contract.organisation_id)


def can_view(user, contract: Contract) -> bool:
    """Anyone of the agency, the operator's legal drafters, and the vendor once the contract
    is approved (until the vendor's side of the contract gets its own sharing step)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.organisation_id == contract.organisation_id:
        return True
    if user.role == "legal_drafter" and user.organisation.kind == "operator":
        return True
    return (user.role == "vendor_staff" and contract.status in SHARED
            and contract.vendor is not None
            and contract.vendor.organisation_id == user.organisation_id)


def can_edit(user, contract: Contract) -> bool:
    """Only the agency's own staff and approvers edit, and only a draft."""
    return _agency(user, contract) and contract.status == "draft"


def may_amend(user, contract: Contract) -> bool:
    """The agency's staff and approvers prepare amendments (whatever the state)."""
    return _agency(user, contract)


def may_handle_signed_copies(user, contract: Contract) -> bool:
    """The agency's staff and approvers upload the signed copies."""
    return _agency(user, contract)


def can_record(user, contract: Contract) -> bool:
    """The agency's staff and approvers accept and pay periods while the lease runs."""
    return _agency(user, contract) and contract.status in RUNNING


def can_make_acceptance_documents(user, contract: Contract) -> bool:
    """The same people make the acceptance documents, also once the lease has ended."""
    return _agency(user, contract) and contract.status in SIGNED
