"""The sections a contract page and an amendment page share, built before the page renders (a
page template runs no queries): the lifecycle panel (the acceptance overview: acceptance_panel)."""
from flask_login import current_user

from contracts import access
from contracts.forms.lifecycle import (ApproverReturnForm, ClearForm, RefuseForm, ReturnForm,
                                       VendorReturnForm)
from contracts.forms.signed_copies import SignedCopyForm
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import RUNNING, Contract
from contracts.services import amendments, lifecycle, signed_copies
from contracts.services.parties import missing_party_fields
from documents import storage


def lifecycle_panel(contract: Contract, amendment: ContractAmendment | None = None) -> dict:
    """What the lifecycle section of a contract or amendment page shows to this user."""
    owner = ("amendment", amendment.id) if amendment else ("contract", contract.id)
    subject = amendment or contract
    transitions = lifecycle.transitions_of(contract, amendment)
    copies = signed_copies.signed_copies_of(*owner)
    record = amendment or lifecycle.lifecycle_of(contract, create=False)
    documents = storage.documents_of(*owner)
    internal = access.sees_internal(current_user)
    data = {
        "subject": subject, "state": lifecycle.state_label(contract, amendment),
        "actions": lifecycle.available_actions(current_user, contract, amendment),
        "labels": lifecycle.ACTIONS, "status_labels": lifecycle.statuses(amendment),
        "transitions": [(t, lifecycle.comment_shown(t, internal=internal)) for t in transitions],
        "comments": lifecycle.comments(transitions, internal=internal),
        "record": record, "signed": signed_mark(record, copies),
        "copies": [(copy, signed_copies.describe(copy.signatures)) for copy in copies],
        "can_upload": (access.may_handle_signed_copies(current_user, contract)
                       and subject.status in signed_copies.SIGNED_STATUSES[owner[0]]),
        "documents": documents,
        "internal": internal,
        # The actions that ask for a comment, each with its form (required but for "clear").
        "forms": {"return": ReturnForm(), "clear": ClearForm(),
                  "vendor_return": VendorReturnForm(), "approver_return": ApproverReturnForm(),
                  "refuse": RefuseForm()},
        "upload_form": SignedCopyForm(),
        "amendment": amendment, "amendments": [], "can_amend": False, "history": [],
        "party_gaps": [],
    }
    if amendment is None:
        data["party_gaps"] = missing_party_fields(contract) if "submit" in data["actions"] else []
        data["amendments"] = amendments.amendments_of(contract)
        data["can_amend"] = (access.may_amend(current_user, contract)
                             and contract.status in RUNNING
                             and not any(a.is_open for a in data["amendments"]))
        data["history"] = lifecycle.history_of(contract) if data["internal"] else []
    return data


def signed_mark(record, copies) -> dict | None:
    """Which generated document was signed, when, and the SHA-256 of each signed PDF uploaded
    for it; None while nothing is signed, or when no document was made before signing (the
    migration that began keeping the signed document found none): nothing is marked then
    rather than a guess."""
    if record is None or record.signed_document_id is None:
        return None
    return {"document_id": record.signed_document_id, "on": record.signed_on,
            "copies": [copy.sha256 for copy in copies]}
