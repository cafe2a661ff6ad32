"""Who is told of each move of a contract or amendment, in the application and by e-mail.

`announce` runs at the end of every move (`_move`), so no move forgets it; each notice's key
holds the transition's id, so a move is told once."""
from flask import url_for
from flask_babel import lazy_gettext as _l

from accounts import notices
from accounts.models import AGENCY_ROLES, User
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import Contract
from contracts.models.lifecycle import ContractTransition
from core.i18n import lazy_join

REVIEW = notices.register_kind("contract.review_requested",
                               _l("Hợp đồng, phụ lục chờ rà soát pháp lý"), "legal_drafter")
RETURNED = notices.register_kind("contract.returned",
                                 _l("Hợp đồng, phụ lục bị trả lại hoặc không được phê duyệt"),
                                 *AGENCY_ROLES)
CLEARED = notices.register_kind("contract.cleared",
                                _l("Hợp đồng, phụ lục đã rà soát pháp lý, chờ gửi nhà cung cấp"),
                                *AGENCY_ROLES)
SHARED = notices.register_kind("contract.shared", _l("Dự thảo hợp đồng, phụ lục chờ xác nhận"),
                               "vendor_staff")
CONFIRMED = notices.register_kind("contract.confirmed", _l("Hợp đồng, phụ lục chờ phê duyệt"),
                                  "agency_approver")
APPROVED = notices.register_kind("contract.approved", _l("Hợp đồng, phụ lục đã được phê duyệt"),
                                 *AGENCY_ROLES, "vendor_staff")
COMMENTED = ("return", "vendor_return", "approver_return", "refuse")  # the body quotes it


def link_of(contract: Contract, amendment: ContractAmendment | None) -> str:
    """The page of the contract, or of the amendment."""
    if amendment is None:
        return url_for("contracts.show", contract_id=contract.id)
    return url_for("contracts.amendment_show", contract_id=contract.id, number=amendment.number)


def title_of(contract: Contract, amendment: ContractAmendment | None) -> str:
    """"Hợp đồng “Thuê …”" or "Phụ lục số 01 của hợp đồng số 01/2026/HĐ-…" (lazy)."""
    if amendment is None:
        return _l("Hợp đồng “%(title)s”", title=contract.display_title)
    return _l("Phụ lục số %(number)s của hợp đồng số %(contract)s",
              number=amendment.number_label, contract=contract.number)


def _agency(contract: Contract) -> list[User]:
    """The creator of the contract and its agency's staff."""
    return [contract.created_by, *notices.recipients("agency_staff",
                                                     organisation_id=contract.organisation_id)]


def _vendor(contract: Contract) -> list[User]:
    if contract.vendor is None:
        return []
    return notices.recipients("vendor_staff", organisation_id=contract.vendor.organisation_id)


def _recipients(action: str, contract: Contract) -> list[User]:
    """Who each told move is for."""
    agency = contract.organisation_id
    if action == "submit":  # the legal drafters who may clear it: the agency's, the operator's
        return notices.recipients("legal_drafter", organisation_id=agency, operator=True)
    if action in ("return", "vendor_return", "approver_return", "refuse"):
        return _agency(contract)
    if action == "clear":
        return notices.recipients("agency_staff", organisation_id=agency)
    if action == "share":
        return _vendor(contract)
    if action == "confirm":
        return notices.recipients("agency_approver", organisation_id=agency)
    return [*notices.recipients(*AGENCY_ROLES, organisation_id=agency), *_vendor(contract)]


def _message(action: str, what, who, agency: str, number: str | None):
    """(kind, title, body) of a told move, lazy: each recipient reads them in their language."""
    if action == "approve":
        body = (_l("%(what)s đã được %(who)s phê duyệt, số %(number)s.", what=what, who=who,
                   number=number) if number else
                _l("%(what)s đã được %(who)s phê duyệt.", what=what, who=who))
        return APPROVED, _l("Đã phê duyệt: %(what)s", what=what), body
    return {
        "submit": (REVIEW, _l("Chờ rà soát pháp lý: %(what)s", what=what),
                   _l("%(what)s của %(agency)s đã được %(who)s gửi rà soát pháp lý.", what=what,
                      agency=agency, who=who)),
        "return": (RETURNED, _l("Bị trả lại: %(what)s", what=what),
                   _l("%(what)s đã được cán bộ pháp chế %(who)s trả lại để chỉnh sửa.",
                      what=what, who=who)),
        "vendor_return": (RETURNED, _l("Nhà cung cấp trả lại: %(what)s", what=what),
                          _l("%(what)s đã được %(who)s (nhà cung cấp) trả lại kèm ý kiến.",
                             what=what, who=who)),
        "approver_return": (RETURNED, _l("Người phê duyệt trả lại: %(what)s", what=what),
                            _l("%(what)s đã được %(who)s trả lại để chỉnh sửa.", what=what,
                               who=who)),
        "refuse": (RETURNED, _l("Không phê duyệt: %(what)s", what=what),
                   _l("%(what)s không được %(who)s phê duyệt.", what=what, who=who)),
        "clear": (CLEARED, _l("Đã rà soát pháp lý: %(what)s", what=what),
                  _l("%(what)s đã được cán bộ pháp chế %(who)s xác nhận rà soát pháp lý. Hãy "
                     "gửi nhà cung cấp xác nhận dự thảo.", what=what, who=who)),
        "share": (SHARED, _l("Dự thảo chờ xác nhận: %(what)s", what=what),
                  _l("%(agency)s gửi quý công ty dự thảo: %(what)s. Hãy xem và xác nhận dự "
                     "thảo, hoặc trả lại kèm ý kiến.", agency=agency, what=what)),
        "confirm": (CONFIRMED, _l("Chờ phê duyệt: %(what)s", what=what),
                    _l("%(what)s đã rà soát pháp lý và được nhà cung cấp (%(who)s) xác nhận; "
                       "chờ phê duyệt.", what=what, who=who)),
    }[action]


TOLD = ("submit", "return", "vendor_return", "approver_return", "refuse", "clear", "share",
        "confirm", "approve")


def announce(row: ContractTransition, contract: Contract,
             amendment: ContractAmendment | None) -> None:
    """Tell whoever the move puts something in front of (nothing for the other moves); the
    one who moved it is not told."""
    if row.action not in TOLD:
        return
    who = row.actor.name if row.actor else _l("Hệ thống")
    number = contract.number if amendment is None else None
    kind, title, body = _message(row.action, title_of(contract, amendment), who,
                                 contract.organisation.name, number)
    if row.comment and row.action in COMMENTED:
        body = lazy_join([body, _l("Ý kiến: %(comment)s", comment=row.comment)], " ")
    users = [u for u in _recipients(row.action, contract)
             if row.actor_id is None or u.id != row.actor_id]
    subject = amendment or contract
    notices.notify(users, kind.name, title, body, link_of(contract, amendment),
                   key=f"{'amendment' if amendment else 'contract'}:{subject.id}:{row.action}:"
                       f"{row.id}")
