"""The road of a contract or amendment, as data: its actions (who takes each, from which
state to which), what each needs of the current round (legal clearance, the vendor's
confirmation), who may take it, and how states are named."""
from dataclasses import dataclass

from accounts.models import AGENCY_ROLES, User
from contracts.access import is_vendor
from contracts.models.amendment import AMENDMENT_STATUSES, ContractAmendment
from contracts.models.contract import CONTRACT_STATUSES, Contract
from contracts.models.lifecycle import ContractLifecycle
from core.errors import NotPermitted as _NotPermitted
from core.errors import Refused
from extensions import db


@dataclass(frozen=True)
class Action:
    """A transition: its button label, the verb for messages, states it leaves and reaches."""

    label: str
    verb: str
    sources: tuple[str, ...]
    target: str
    who: str  # agency | approver | legal | vendor


ACTIONS = {
    "submit": Action("Gửi rà soát pháp lý", "gửi rà soát pháp lý", ("draft",), "review", "agency"),
    "return": Action("Trả lại để chỉnh sửa", "trả lại", ("review",), "draft", "legal"),
    "clear": Action("Xác nhận đã rà soát pháp lý", "xác nhận rà soát pháp lý", ("review",),
                    "review", "legal"),
    "share": Action("Gửi nhà cung cấp xác nhận", "gửi nhà cung cấp xác nhận", ("review",),
                    "review", "agency"),
    "confirm": Action("Xác nhận dự thảo", "xác nhận dự thảo", ("review",), "review", "vendor"),
    "vendor_return": Action("Trả lại kèm ý kiến", "trả lại kèm ý kiến", ("review",), "draft",
                            "vendor"),
    "approve": Action("Phê duyệt", "phê duyệt", ("review",), "approved", "approver"),
    "approver_return": Action("Trả lại, yêu cầu chỉnh sửa", "trả lại để chỉnh sửa", ("review",),
                              "draft", "approver"),
    "refuse": Action("Không phê duyệt", "từ chối phê duyệt", ("review",), "refused", "approver"),
    "sign": Action("Ghi nhận ký kết", "ghi nhận ký kết", ("approved",), "signed", "agency"),
    "activate": Action("Đưa vào sử dụng", "đưa vào sử dụng", ("signed",), "active", "agency"),
    "expire": Action("Ghi nhận hết hạn", "ghi nhận hết hạn", ("active",), "expired", "agency"),
    "terminate": Action("Chấm dứt hợp đồng", "chấm dứt", ("signed", "active"), "terminated",
                        "approver"),
}
AMENDMENT_ACTIONS = ("submit", "return", "clear", "share", "confirm", "vendor_return", "approve",
                     "approver_return", "refuse", "sign")
RETURNS = ("return", "vendor_return", "approver_return")  # back to draft, with a comment
# Whose comments the vendor's staff never see: the legal drafters' and the approver's.
INTERNAL_COMMENTS = ("return", "clear", "approver_return", "refuse")

_CLEARED = ("legal_cleared", True, "{name} chưa được cán bộ pháp chế xác nhận rà soát pháp lý")
_CONFIRMED = ("vendor_confirmed", True, "{name} chưa được nhà cung cấp xác nhận dự thảo")
_SHARED = ("shared", True, "{name} chưa được gửi nhà cung cấp xác nhận")
# What an action needs of the round besides its state: (flag of the record, value needed, why
# not). A flag that must still be False names what the action itself sets: when it is already
# set, the action has been taken (a double click) and `None` lets the caller say by whom.
NEEDS: dict[str, tuple[tuple[str, bool, str | None], ...]] = {
    "clear": (("legal_cleared", False, None),),
    "share": (_CLEARED, ("shared", False, None)),
    "confirm": (_SHARED, ("vendor_confirmed", False, None)),
    "vendor_return": (_SHARED, ("vendor_confirmed", False,
                                "nhà cung cấp đã xác nhận dự thảo {name}")),
    "approve": (_CLEARED, _CONFIRMED),
    "approver_return": (_CLEARED, _CONFIRMED),
    "refuse": (_CLEARED, _CONFIRMED),
}


class LifecycleError(Refused):
    """A refused transition; the message is shown to the user as is."""


class NotPermitted(LifecycleError, _NotPermitted):
    """The user's role or organisation may not take this action."""


def lifecycle_of(contract: Contract, *, create: bool = True) -> ContractLifecycle:
    """The contract's clearance and signing record; a blank unsaved one for reading."""
    record = contract.lifecycle
    if record is None and not create:
        return ContractLifecycle(signatories={})
    if record is None:
        record = ContractLifecycle(contract_id=contract.id, signatories={})
        contract.lifecycle = record
        db.session.flush()
    return record


def subject_of(contract: Contract, amendment: ContractAmendment | None, create: bool = False):
    """What moves (the contract or the amendment) and where its signing details live."""
    if amendment is None:
        return contract, lifecycle_of(contract, create=create)
    return amendment, amendment


def statuses(amendment: ContractAmendment | None) -> dict[str, str]:
    """The state labels of a contract, or of an amendment."""
    return AMENDMENT_STATUSES if amendment is not None else CONTRACT_STATUSES


def name_of(contract: Contract, amendment: ContractAmendment | None) -> str:
    if amendment is None:
        return "hợp đồng"
    return f"phụ lục số {amendment.number_label}"


def state_label(contract: Contract, amendment: ContractAmendment | None = None) -> str:
    """The current state in Vietnamese, with the round's marks while in review."""
    subject, record = subject_of(contract, amendment)
    label = statuses(amendment)[subject.status]
    if subject.status == "review" and record.legal_cleared:
        label += " – đã rà soát pháp lý"
        if record.vendor_confirmed:
            label += ", nhà cung cấp đã xác nhận, chờ phê duyệt"
        elif record.shared:
            label += ", chờ nhà cung cấp xác nhận"
    return label


def may(user: User, action: str, contract: Contract) -> bool:
    """Whether the user's role and organisation allow the action (state aside)."""
    if not getattr(user, "is_authenticated", False):
        return False
    who = ACTIONS[action].who
    own = user.organisation_id == contract.organisation_id
    if who == "legal":
        return user.role == "legal_drafter" and (own or user.organisation.kind == "operator")
    if who == "vendor":
        return is_vendor(user, contract)
    if who == "approver":
        return own and user.role == "agency_approver"
    return own and user.role in AGENCY_ROLES


def round_problem(action: str, record) -> tuple[bool, str | None] | None:
    """None when the round allows the action; else (already done, the reason's template)."""
    for flag, wanted, why in NEEDS.get(action, ()):
        if bool(getattr(record, flag)) != wanted:
            return (not wanted and why is None), why
    return None
