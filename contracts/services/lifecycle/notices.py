"""Who is told of each move of a contract or amendment, in the application and by e-mail.

`announce` runs at the end of every move (`_move`), so no move forgets it; each notice's key
holds the transition's id, so a move is told once."""
from flask import url_for

from accounts import notices
from accounts.models import AGENCY_ROLES, User
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import Contract
from contracts.models.lifecycle import ContractTransition
from contracts.services.lifecycle.rules import name_of

REVIEW = notices.register_kind("contract.review_requested",
                               "Hợp đồng, phụ lục chờ rà soát pháp lý", "legal_drafter")
RETURNED = notices.register_kind("contract.returned",
                                 "Hợp đồng, phụ lục bị trả lại hoặc không được phê duyệt",
                                 *AGENCY_ROLES)
CLEARED = notices.register_kind("contract.cleared",
                                "Hợp đồng, phụ lục đã rà soát pháp lý, chờ gửi nhà cung cấp",
                                *AGENCY_ROLES)
SHARED = notices.register_kind("contract.shared", "Dự thảo hợp đồng, phụ lục chờ xác nhận",
                               "vendor_staff")
CONFIRMED = notices.register_kind("contract.confirmed", "Hợp đồng, phụ lục chờ phê duyệt",
                                  "agency_approver")
APPROVED = notices.register_kind("contract.approved", "Hợp đồng, phụ lục đã được phê duyệt",
                                 *AGENCY_ROLES, "vendor_staff")


def link_of(contract: Contract, amendment: ContractAmendment | None) -> str:
    """The page of the contract, or of the amendment."""
    if amendment is None:
        return url_for("contracts.show", contract_id=contract.id)
    return url_for("contracts.amendment_show", contract_id=contract.id, number=amendment.number)


def title_of(contract: Contract, amendment: ContractAmendment | None) -> str:
    """"Hợp đồng “Thuê …”" or "Phụ lục số 01 của hợp đồng số 01/2026/HĐ-…"."""
    if amendment is None:
        return f"Hợp đồng “{contract.display_title}”"
    return f"{name_of(contract, amendment).capitalize()} của hợp đồng số {contract.number}"


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


def _message(action: str, what: str, who: str, comment: str, agency: str, number: str):
    """(kind, title, body) of a told move."""
    return {
        "submit": (REVIEW, f"Chờ rà soát pháp lý: {what}",
                   f"{what} của {agency} đã được {who} gửi rà soát pháp lý."),
        "return": (RETURNED, f"Bị trả lại: {what}",
                   f"{what} đã được cán bộ pháp chế {who} trả lại để chỉnh sửa.{comment}"),
        "vendor_return": (RETURNED, f"Nhà cung cấp trả lại: {what}",
                          f"{what} đã được {who} (nhà cung cấp) trả lại kèm ý kiến.{comment}"),
        "approver_return": (RETURNED, f"Người phê duyệt trả lại: {what}",
                            f"{what} đã được {who} trả lại để chỉnh sửa.{comment}"),
        "refuse": (RETURNED, f"Không phê duyệt: {what}",
                   f"{what} không được {who} phê duyệt.{comment}"),
        "clear": (CLEARED, f"Đã rà soát pháp lý: {what}",
                  f"{what} đã được cán bộ pháp chế {who} xác nhận rà soát pháp lý. Hãy gửi "
                  "nhà cung cấp xác nhận dự thảo."),
        "share": (SHARED, f"Dự thảo chờ xác nhận: {what}",
                  f"{agency} gửi quý công ty dự thảo: {what}. Hãy xem và xác nhận dự thảo, "
                  "hoặc trả lại kèm ý kiến."),
        "confirm": (CONFIRMED, f"Chờ phê duyệt: {what}",
                    f"{what} đã rà soát pháp lý và được nhà cung cấp ({who}) xác nhận; chờ "
                    "phê duyệt."),
        "approve": (APPROVED, f"Đã phê duyệt: {what}", f"{what} đã được {who} phê duyệt{number}."),
    }[action]


TOLD = ("submit", "return", "vendor_return", "approver_return", "refuse", "clear", "share",
        "confirm", "approve")


def announce(row: ContractTransition, contract: Contract,
             amendment: ContractAmendment | None) -> None:
    """Tell whoever the move puts something in front of (nothing for the other moves); the
    one who moved it is not told."""
    if row.action not in TOLD:
        return
    who = row.actor.name if row.actor else "Hệ thống"
    comment = f" Ý kiến: {row.comment}" if row.comment else ""
    number = f", số {contract.number}" if amendment is None and contract.number else ""
    kind, title, body = _message(row.action, title_of(contract, amendment), who, comment,
                                 contract.organisation.name, number)
    users = [u for u in _recipients(row.action, contract)
             if row.actor_id is None or u.id != row.actor_id]
    subject = amendment or contract
    notices.notify(users, kind.name, title, body, link_of(contract, amendment),
                   key=f"{'amendment' if amendment else 'contract'}:{subject.id}:{row.action}:"
                       f"{row.id}")
