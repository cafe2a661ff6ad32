"""The road of a contract or amendment, as data: its actions (who takes each, from which
state to which), what each needs of the current round (legal clearance, the vendor's
confirmation), who may take it, and how states are named."""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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
    """A transition: its button label, the verb for messages, states it leaves and reaches,
    and the sentence saying it was already taken (%(name)s: what, %(by)s: by whom, when)."""

    label: str
    verb: str
    sources: tuple[str, ...]
    target: str
    who: str  # agency | approver | legal | vendor
    done: str = ""


ACTIONS = {
    "submit": Action(_l("Gửi rà soát pháp lý"), _l("gửi rà soát pháp lý"), ("draft",), "review",
                     "agency", _l("%(name)s đã được gửi rà soát pháp lý %(by)s.")),
    "return": Action(_l("Trả lại để chỉnh sửa"), _l("trả lại"), ("review",), "draft", "legal",
                     _l("%(name)s đã được trả lại %(by)s.")),
    "clear": Action(_l("Xác nhận đã rà soát pháp lý"), _l("xác nhận rà soát pháp lý"),
                    ("review",), "review", "legal",
                    _l("%(name)s đã được xác nhận rà soát pháp lý %(by)s.")),
    "share": Action(_l("Gửi nhà cung cấp xác nhận"), _l("gửi nhà cung cấp xác nhận"),
                    ("review",), "review", "agency",
                    _l("%(name)s đã được gửi nhà cung cấp xác nhận %(by)s.")),
    "confirm": Action(_l("Xác nhận dự thảo"), _l("xác nhận dự thảo"), ("review",), "review",
                      "vendor", _l("%(name)s đã được xác nhận dự thảo %(by)s.")),
    "vendor_return": Action(_l("Trả lại kèm ý kiến"), _l("trả lại kèm ý kiến"), ("review",),
                            "draft", "vendor",
                            _l("%(name)s đã được trả lại kèm ý kiến %(by)s.")),
    "approve": Action(_l("Phê duyệt"), _l("phê duyệt"), ("review",), "approved", "approver",
                      _l("%(name)s đã được phê duyệt %(by)s.")),
    "approver_return": Action(_l("Trả lại, yêu cầu chỉnh sửa"), _l("trả lại để chỉnh sửa"),
                              ("review",), "draft", "approver",
                              _l("%(name)s đã được trả lại để chỉnh sửa %(by)s.")),
    "refuse": Action(_l("Không phê duyệt"), _l("từ chối phê duyệt"), ("review",), "refused",
                     "approver", _l("%(name)s đã được từ chối phê duyệt %(by)s.")),
    "sign": Action(_l("Ghi nhận ký kết"), _l("ghi nhận ký kết"), ("approved",), "signed",
                   "agency", _l("%(name)s đã được ghi nhận ký kết %(by)s.")),
    "activate": Action(_l("Đưa vào sử dụng"), _l("đưa vào sử dụng"), ("signed",), "active",
                       "agency", _l("%(name)s đã được đưa vào sử dụng %(by)s.")),
    "expire": Action(_l("Ghi nhận hết hạn"), _l("ghi nhận hết hạn"), ("active",), "expired",
                     "agency", _l("%(name)s đã được ghi nhận hết hạn %(by)s.")),
    "terminate": Action(_l("Chấm dứt hợp đồng"), _l("chấm dứt"), ("signed", "active"),
                        "terminated", "approver", _l("%(name)s đã được chấm dứt %(by)s.")),
}
AMENDMENT_ACTIONS = ("submit", "return", "clear", "share", "confirm", "vendor_return", "approve",
                     "approver_return", "refuse", "sign")
RETURNS = ("return", "vendor_return", "approver_return")  # back to draft, with a comment
# Whose comments the vendor's staff never see: the legal drafters' and the approver's.
INTERNAL_COMMENTS = ("return", "clear", "approver_return", "refuse")

_CLEARED = ("legal_cleared", True,
            _l("%(name)s chưa được cán bộ pháp chế xác nhận rà soát pháp lý"))
_CONFIRMED = ("vendor_confirmed", True, _l("%(name)s chưa được nhà cung cấp xác nhận dự thảo"))
_SHARED = ("shared", True, _l("%(name)s chưa được gửi nhà cung cấp xác nhận"))
# What an action needs of the round besides its state: (flag of the record, value needed, why
# not: a lazy text of %(name)s). A flag that must still be False names what the action itself
# sets: when it is already set, the action has been taken (a double click) and `None` lets the
# caller say by whom.
NEEDS: dict[str, tuple[tuple[str, bool, str | None], ...]] = {
    "clear": (("legal_cleared", False, None),),
    "share": (_CLEARED, ("shared", False, None)),
    "confirm": (_SHARED, ("vendor_confirmed", False, None)),
    "vendor_return": (_SHARED, ("vendor_confirmed", False,
                                _l("nhà cung cấp đã xác nhận dự thảo %(name)s"))),
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
    """“hợp đồng” or “phụ lục số 01” (lazy: notices read it in each recipient's language)."""
    if amendment is None:
        return _l("hợp đồng")
    return _l("phụ lục số %(number)s", number=amendment.number_label)


def capital(text) -> str:
    """The text with its first letter upper case (the rest as it is, unlike str.capitalize)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def state_label(contract: Contract, amendment: ContractAmendment | None = None) -> str:
    """The current state in the page's language, with the round's marks while in review."""
    subject, record = subject_of(contract, amendment)
    label = statuses(amendment)[subject.status]
    if subject.status != "review" or not record.legal_cleared:
        return str(label)
    if record.vendor_confirmed:
        return _("%(state)s – đã rà soát pháp lý, nhà cung cấp đã xác nhận, chờ phê duyệt",
                 state=label)
    if record.shared:
        return _("%(state)s – đã rà soát pháp lý, chờ nhà cung cấp xác nhận", state=label)
    return _("%(state)s – đã rà soát pháp lý", state=label)


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
