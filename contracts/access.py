"""Who may see, edit, amend, accept and pay a contract: every page and service asks here."""
from contracts.models.contract import RUNNING, SIGNED, Contract

SHARED = ("approved", *SIGNED)  # what the vendor's staff see even if never shared (older ones)


def _agency(user, contract: Contract) -> bool:
    """Staff or an approver of the contract's agency."""
    return getattr(user, "is_authenticated", False) and user.works_for_agency(
        contract.organisation_id)


def shared_with_vendor(contract: Contract) -> bool:
    """The vendor's staff see the contract: since a draft was first shared with them (or, for
    a contract approved before drafts were shared, since its approval)."""
    record = contract.lifecycle
    return contract.status in SHARED or (record is not None and record.vendor_since is not None)


def is_vendor(user, contract: Contract) -> bool:
    """A member of the contract's vendor (Bên B)."""
    return (getattr(user, "is_authenticated", False) and user.role == "vendor_staff"
            and contract.vendor is not None
            and contract.vendor.organisation_id == user.organisation_id)


def can_view(user, contract: Contract) -> bool:
    """Anyone of the agency, the operator's legal drafters, and the vendor's staff once the
    contract is shared with them (never another vendor's)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.organisation_id == contract.organisation_id:
        return True
    if user.role == "legal_drafter" and user.organisation.kind == "operator":
        return True
    return is_vendor(user, contract) and shared_with_vendor(contract)


def sees_internal(user) -> bool:
    """Whether the user reads the agency's internal notes (the legal drafters' and the
    approver's comments, the audit history): everyone who may view but the vendor's staff."""
    return user.role != "vendor_staff"


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
