"""What a contract's pages read of its life: transitions, comments (and which of them the
vendor may read), the audit history, and the contracts a vendor's staff see."""
from sqlalchemy import Select, String, cast, or_, select
from sqlalchemy.orm import joinedload

from accounts.models import AuditEvent
from contracts.access import SHARED
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import Contract
from contracts.models.lifecycle import ContractLifecycle, ContractTransition
from contracts.services.lifecycle.rules import INTERNAL_COMMENTS
from extensions import db
from vendors.models import Vendor

COMMENTED = ("return", "clear", "vendor_return", "approver_return", "refuse")


def transitions_of(contract: Contract, amendment: ContractAmendment | None = None
                   ) -> list[ContractTransition]:
    """The contract's own transitions (or one amendment's), oldest first."""
    query = select(ContractTransition).where(ContractTransition.contract_id == contract.id)
    query = query.where(ContractTransition.amendment_id == amendment.id if amendment
                        else ContractTransition.amendment_id.is_(None))
    return list(db.session.scalars(query.options(joinedload(ContractTransition.actor))
                                   .order_by(ContractTransition.id)))


def legal_comments(transitions: list[ContractTransition]) -> list[ContractTransition]:
    """What the legal drafters wrote when returning or clearing, among `transitions_of`."""
    return [t for t in transitions if t.action in ("return", "clear") and t.comment]


def comments(transitions: list[ContractTransition], *, internal: bool
             ) -> list[ContractTransition]:
    """The comments of the review round (legal drafters, the vendor, the approver) someone
    reads: the agency all of them, the vendor only its own."""
    return [t for t in transitions if t.action in COMMENTED and t.comment
            and (internal or t.action not in INTERNAL_COMMENTS)]


def comment_shown(transition: ContractTransition, *, internal: bool) -> str:
    """A transition's note in the history table: the agency's internal ones hidden from the
    vendor."""
    return transition.comment if internal or transition.action not in INTERNAL_COMMENTS else ""


def history_of(contract: Contract, limit: int = 200) -> list[AuditEvent]:
    """Audit events of the contract and of its amendments, newest first."""
    amendment_ids = (select(cast(ContractAmendment.id, String))
                     .where(ContractAmendment.contract_id == contract.id))
    condition = or_((AuditEvent.object_type == "contract")
                    & (AuditEvent.object_id == str(contract.id)),
                    (AuditEvent.object_type == "amendment")
                    & AuditEvent.object_id.in_(amendment_ids))
    return list(db.session.scalars(select(AuditEvent).where(condition)
                                   .options(joinedload(AuditEvent.user))
                                   .order_by(AuditEvent.id.desc()).limit(limit)))


def vendor_contracts(organisation_id: int) -> Select:
    """The contracts a vendor's staff see, newest first: their company's, from the moment a
    draft was first shared with it (or approved, for contracts approved before sharing)."""
    return (select(Contract).join(Vendor, Contract.vendor_id == Vendor.id)
            .outerjoin(ContractLifecycle, ContractLifecycle.contract_id == Contract.id)
            .where(Vendor.organisation_id == organisation_id,
                   or_(Contract.status.in_(SHARED), ContractLifecycle.vendor_since.is_not(None)))
            .order_by(Contract.id.desc()))


def reviewed_contracts() -> Select:
    """What the operator's legal drafters list, newest first: every agency's contracts sent to
    legal review at least once (a draft never sent is the agency's own business)."""
    sent = select(ContractTransition.contract_id).where(ContractTransition.action == "submit")
    return select(Contract).where(Contract.id.in_(sent)).order_by(Contract.id.desc())
