"""What the contracts' lifecycle contributes to the work queue (accounts.work): the contracts
and amendments waiting for each role's next move. The kinds of notice the moves send are
declared and sent by contracts.services.lifecycle.notices.

Each section is "the contracts (and amendments) whose last move is X": waiting for legal
review after "submit", to be shared after "clear", for the vendor's confirmation after "share",
for approval after "confirm", returned with comments after a return. `since` is that move."""
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts import work
from accounts.models import User
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import Contract
from contracts.models.lifecycle import ContractTransition
from contracts.services import lifecycle
from extensions import db
from vendors.models import Vendor

NOTE_CHARS = 160


def _own_agency(user: User):
    return Contract.organisation_id == user.organisation_id


def _of_vendor(user: User):
    return Contract.vendor_id.in_(select(Vendor.id).where(
        Vendor.organisation_id == user.organisation_id))


def _legal_reach(user: User):
    """An agency's legal drafters review its own contracts; the operator's, every agency's."""
    return None if user.organisation.kind == "operator" else _own_agency(user)


def _note(move: ContractTransition) -> str:
    if not move.comment:
        return ""
    who = move.actor.name if move.actor else _("Hệ thống")
    text = move.comment if len(move.comment) <= NOTE_CHARS else move.comment[:NOTE_CHARS] + "…"
    return f"{lifecycle.ACTIONS[move.action].label} ({who}): {text}"


def waiting(actions: tuple[str, ...], condition, *, note: bool = False) -> list[work.WorkItem]:
    """The contracts and amendments whose last move is one of `actions` (and still in the
    state it led to), within `condition` on the contract: one SELECT for each."""
    items = []
    for amendments in (False, True):
        owner = ContractTransition.amendment_id if amendments else ContractTransition.contract_id
        kept = (ContractTransition.amendment_id.is_not(None) if amendments
                else ContractTransition.amendment_id.is_(None))
        latest = (select(owner.label("owner"), func.max(ContractTransition.id).label("id"))
                  .where(kept).group_by(owner).subquery())
        subject = ContractAmendment if amendments else Contract
        query = (select(Contract, ContractTransition,
                        *([ContractAmendment] if amendments else []))
                 .join(ContractTransition, ContractTransition.contract_id == Contract.id)
                 .join(latest, latest.c.id == ContractTransition.id))
        if amendments:
            query = query.join(ContractAmendment,
                               ContractAmendment.id == ContractTransition.amendment_id)
        query = query.where(ContractTransition.action.in_(actions),
                            subject.status == ContractTransition.to_status)
        if condition is not None:
            query = query.where(condition)
        query = query.options(joinedload(ContractTransition.actor))
        for row in db.session.execute(query.order_by(ContractTransition.created_at)):
            contract, move = row[0], row[1]
            if amendments:
                amendment = row[2]
                title = _("Phụ lục số %(number)s – %(contract)s",
                          number=amendment.number_label,
                          contract=contract.number or contract.display_title)
                link = url_for("contracts.amendment_show", contract_id=contract.id,
                               number=amendment.number)
            else:
                title = contract.display_title
                link = url_for("contracts.show", contract_id=contract.id)
            items.append(work.WorkItem(title, link, since=move.created_at,
                                       note=_note(move) if note else ""))
    return items


@work.section("contracts.legal_review", _l("Hợp đồng, phụ lục chờ rà soát pháp lý"),
              "legal_drafter", position=10)
def legal_review(user: User) -> list[work.WorkItem]:
    return waiting(("submit",), _legal_reach(user))


@work.section("contracts.approval", _l("Hợp đồng, phụ lục chờ phê duyệt"), "agency_approver",
              position=20)
def awaiting_approval(user: User) -> list[work.WorkItem]:
    return waiting(("confirm",), _own_agency(user))


@work.section("contracts.returned", _l("Dự thảo bị trả lại kèm ý kiến"), "agency_staff",
              position=15)
def returned(user: User) -> list[work.WorkItem]:
    return waiting(lifecycle.RETURNS, _own_agency(user), note=True)


@work.section("contracts.to_share", _l("Dự thảo đã rà soát pháp lý, chờ gửi nhà cung cấp"),
              "agency_staff", position=16)
def to_share(user: User) -> list[work.WorkItem]:
    return waiting(("clear",), _own_agency(user))


@work.section("contracts.vendor_confirmation", _l("Dự thảo chờ doanh nghiệp xác nhận"),
              "vendor_staff", position=10)
def vendor_confirmation(user: User) -> list[work.WorkItem]:
    return waiting(("share",), _of_vendor(user))
