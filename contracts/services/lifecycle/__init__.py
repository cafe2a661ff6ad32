"""Who may move a contract or amendment between states, and the moves: flush, never commit.

draft → review (agency) → legal drafter returns it to draft with a comment, or clears it
(status stays review, `legal_cleared_at` set) → the agency shares the cleared draft with the
vendor ("Gửi nhà cung cấp xác nhận", `shared_at`) → the vendor's staff confirm it
(`vendor_confirmed_at`) or return it to draft with their comments → the agency approver
approves it (only once cleared and confirmed; the number is given then), returns it to draft
or refuses it (a final state), each with a reason → signed (date and signatories recorded) →
active (on or after the start date) → expired (scheduled job or the agency, after the end date);
signed or active → terminated (approver, with a reason). A return to draft clears the round:
clearance, sharing and confirmation are asked for again, on a newly generated document.
Amendments follow the same road up to signed (or refused).

The road as data (ACTIONS, NEEDS, who may) is in `rules`; transitions, comments and the
vendor's list in `history`; who is told of each move in `notices`.
"""
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from accounts.models import User
from accounts.audit import record_event
from contracts.models.contract import Contract
from contracts.models.amendment import ContractAmendment
from contracts.models.lifecycle import ContractTransition
from contracts.services.document import number_on_approval
from contracts.services.lifecycle import notices
from contracts.services.lifecycle.history import (  # noqa: F401  (the package's interface)
    comment_shown, comments, history_of, legal_comments, reviewed_contracts, transitions_of,
    vendor_contracts)
from contracts.services.lifecycle.rules import (  # noqa: F401  (the package's interface)
    ACTIONS, AMENDMENT_ACTIONS, INTERNAL_COMMENTS, RETURNS, Action, LifecycleError,
    NotPermitted, capital, lifecycle_of, may, name_of, round_problem, state_label,
    statuses, subject_of)
from contracts.services.parties import parties_problem
from contracts.services.within_plan import plan_problems
from contracts.services.terms import lease_end
from documents import storage
from core import clock
from core.clock import done_by, utcnow
from core.formats import dmy
from core.i18n import DEFAULT_LANGUAGE, lazy_join, text_in
from extensions import db

SIGNATORY_PARTIES = ("a", "b")
_BY_WHOM = {"return": _l("ý kiến rà soát"), "vendor_return": _l("ý kiến của nhà cung cấp"),
            "approver_return": _l("ý kiến của người phê duyệt")}


def check(action: str, contract: Contract, user: User,
          amendment: ContractAmendment | None = None) -> None:
    """Raise NotPermitted or LifecycleError (naming the current state, or who already did
    it) unless allowed now."""
    if action not in ACTIONS or (amendment is not None and action not in AMENDMENT_ACTIONS):
        raise LifecycleError(_("Thao tác không hợp lệ."))
    step = ACTIONS[action]
    if not may(user, action, contract):
        raise NotPermitted(_("Bạn không có quyền %(action)s %(name)s.", action=step.verb,
                             name=name_of(contract, amendment)))
    subject, record = subject_of(contract, amendment)
    problem = round_problem(action, record) if subject.status in step.sources else (True, None)
    if problem is None:
        return
    done, why = problem
    if done and (already := _already_done(action, contract, amendment)):
        raise LifecycleError(already)
    if why is not None:
        raise LifecycleError(_("Chưa thể %(action)s: %(why)s.", action=step.verb,
                               why=why % {"name": name_of(contract, amendment)}))
    raise LifecycleError(_("Không thể %(action)s %(name)s đang ở trạng thái “%(state)s”.",
                           action=step.verb, name=name_of(contract, amendment),
                           state=state_label(contract, amendment)))


def _already_done(action: str, contract: Contract, amendment: ContractAmendment | None
                  ) -> str | None:
    """"Hợp đồng đã được phê duyệt bởi … lúc …" when the refused action is what put it in the
    state it is in (a double click, two tabs, a retried request), else None."""
    subject = amendment if amendment is not None else contract
    moves = transitions_of(contract, amendment)
    last = next((t for t in reversed(moves) if t.action == action), None)
    # Only while nothing else moved it since (a vendor's confirmation follows the clearance:
    # clearing again is still "already cleared" until a return reopens the round).
    if last is None or last.to_status != subject.status or any(
            t.action in RETURNS for t in moves[moves.index(last) + 1:]):
        return None
    return str(ACTIONS[action].done) % {
        "name": capital(name_of(contract, amendment)),
        "by": done_by(last.actor.name if last.actor else None, last.created_at)}


def available_actions(user: User, contract: Contract,
                      amendment: ContractAmendment | None = None) -> list[str]:
    """The actions this user could take now, for the page's buttons."""
    names = AMENDMENT_ACTIONS if amendment is not None else tuple(ACTIONS)
    allowed = []
    for action in names:
        try:
            check(action, contract, user, amendment)
        except LifecycleError:
            continue
        allowed.append(action)
    return allowed


def _move(action: str, contract: Contract, amendment: ContractAmendment | None, actor: User | None,
          comment: str = "", *, tell: bool = True) -> ContractTransition:
    """Change the state, add the transitions row and the audit event, tell who is concerned
    (`tell=False`: the caller tells, once its work after the move is done).

    The state changes by compare-and-set: UPDATE … WHERE status = the state this request
    read. A second request that read the same state (a double click, two tabs) finds the row
    changed, updates nothing and is refused, so a move is recorded once and a number given
    once, on SQLite and PostgreSQL alike (PostgreSQL makes the second UPDATE wait for the
    first to commit and then re-reads the row)."""
    subject, _record = subject_of(contract, amendment)
    before, after = subject.status, ACTIONS[action].target
    model = type(subject)
    changed = db.session.execute(
        update(model).where(model.id == subject.id, model.status == before)
        .values(status=after).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise LifecycleError(_("%(name)s vừa được thao tác ở một yêu cầu khác; hãy tải lại "
                               "trang để xem trạng thái hiện tại.",
                               name=capital(name_of(contract, amendment))))
    subject.status = after
    row = ContractTransition(contract_id=contract.id,
                             amendment_id=amendment.id if amendment else None,
                             action=action, from_status=before, to_status=after,
                             actor_id=actor.id if actor else None, actor=actor, comment=comment)
    db.session.add(row)
    labels = statuses(amendment)
    summary = text_in(DEFAULT_LANGUAGE, lazy_join(  # the audit trail's language
        [ACTIONS[action].label, " ", name_of(contract, amendment), ": ", labels[before], " → ",
         labels[after]]))
    if comment:
        summary += f". Ý kiến: {comment}"
    kind = "amendment" if amendment else "contract"
    record_event(f"{kind}.{action}", kind, subject.id, user=actor, summary=summary,
                 changes={"status": [before, after], **({"comment": comment} if comment else {})})
    db.session.flush()
    if tell:
        notices.announce(row, contract, amendment)
    return row


def submit(contract: Contract, *, actor: User, amendment: ContractAmendment | None = None) -> None:
    """Send a draft to legal review: within its plan, both parties complete, with a document
    generated since any return."""
    check("submit", contract, actor, amendment)
    if amendment is None:
        problems = plan_problems(contract)
        if parties := parties_problem(contract):
            problems.append(parties)
        if problems:
            raise LifecycleError(_("Chưa thể gửi rà soát: %(problems)s",
                                   problems=" ".join(problems)))
    owner = ("amendment", amendment.id) if amendment else ("contract", contract.id)
    documents = storage.documents_of(*owner)
    if not documents:
        raise LifecycleError(_("Chưa tạo văn bản %(name)s: hãy tạo văn bản trước khi gửi rà "
                               "soát pháp lý.", name=name_of(contract, amendment)))
    returns = [t for t in transitions_of(contract, amendment) if t.action in RETURNS]
    if returns and documents[0].created_at < returns[-1].created_at:
        # Someone asked for changes: what goes back must be a document made after that.
        raise LifecycleError(_("Hãy tạo lại văn bản %(name)s sau khi chỉnh sửa theo %(whose)s "
                               "rồi mới gửi rà soát lại.", name=name_of(contract, amendment),
                               whose=_BY_WHOM[returns[-1].action]))
    _move("submit", contract, amendment, actor)


def _required(comment: str, message: str) -> str:
    if not (comment or "").strip():
        raise LifecycleError(message)
    return comment.strip()


def _reopen(action: str, contract: Contract, amendment: ContractAmendment | None, actor: User,
            comment: str) -> None:
    """Back to draft with the comment saying why: the round starts again."""
    subject_of(contract, amendment, create=True)[1].reopen()
    _move(action, contract, amendment, actor, comment)


def send_back(contract: Contract, comment: str, *, actor: User,
              amendment: ContractAmendment | None = None) -> None:
    """The legal drafter returns it to draft; the comment saying why is required."""
    check("return", contract, actor, amendment)
    comment = _required(comment, _("Vui lòng ghi ý kiến rà soát khi trả lại để chỉnh sửa."))
    _reopen("return", contract, amendment, actor, comment)


def clear_legally(contract: Contract, *, actor: User, comment: str = "",
                  amendment: ContractAmendment | None = None) -> None:
    """The legal drafter clears it: who and when are kept, the state stays review."""
    check("clear", contract, actor, amendment)
    record = subject_of(contract, amendment, create=True)[1]
    record.legal_cleared_at = utcnow()
    record.legal_cleared_by_id = actor.id
    _move("clear", contract, amendment, actor, (comment or "").strip())


def share(contract: Contract, *, actor: User, amendment: ContractAmendment | None = None) -> None:
    """The agency sends the cleared draft to the vendor for confirmation; the vendor's staff
    see the contract from then on."""
    check("share", contract, actor, amendment)
    record = subject_of(contract, amendment, create=True)[1]
    record.shared_at, record.shared_by_id = utcnow(), actor.id
    contract_record = lifecycle_of(contract)
    contract_record.vendor_since = contract_record.vendor_since or record.shared_at
    _move("share", contract, amendment, actor)


def confirm(contract: Contract, *, actor: User, amendment: ContractAmendment | None = None
            ) -> None:
    """The vendor's staff confirm the shared draft: the approver may now approve it."""
    check("confirm", contract, actor, amendment)
    record = subject_of(contract, amendment, create=True)[1]
    record.vendor_confirmed_at, record.vendor_confirmed_by_id = utcnow(), actor.id
    _move("confirm", contract, amendment, actor)


def vendor_return(contract: Contract, comment: str, *, actor: User,
                  amendment: ContractAmendment | None = None) -> None:
    """The vendor returns the shared draft to the agency with its comments (required)."""
    check("vendor_return", contract, actor, amendment)
    comment = _required(comment, _("Vui lòng ghi ý kiến của nhà cung cấp khi trả lại dự thảo."))
    _reopen("vendor_return", contract, amendment, actor, comment)


def approve(contract: Contract, *, actor: User, amendment: ContractAmendment | None = None) -> None:
    """The agency approver approves, only once legally cleared and confirmed by the vendor."""
    check("approve", contract, actor, amendment)
    row = _move("approve", contract, amendment, actor, tell=False)
    if amendment is None:
        number_on_approval(contract, actor=actor)
    # Told once numbered: the notice gives the number, and no e-mail is queued before the
    # numbering's savepoint (whose commit must not send the jobs queued so far).
    notices.announce(row, contract, amendment)


def approver_return(contract: Contract, reason: str, *, actor: User,
                    amendment: ContractAmendment | None = None) -> None:
    """The approver sends it back to draft for changes; the reason is required."""
    check("approver_return", contract, actor, amendment)
    reason = _required(reason, _("Vui lòng ghi lý do trả lại để chỉnh sửa."))
    _reopen("approver_return", contract, amendment, actor, reason)


def refuse(contract: Contract, reason: str, *, actor: User,
           amendment: ContractAmendment | None = None) -> None:
    """The approver refuses it: a final state, no number given; the reason is required."""
    check("refuse", contract, actor, amendment)
    reason = _required(reason, _("Vui lòng ghi lý do không phê duyệt."))
    _move("refuse", contract, amendment, actor, reason)


def sign(contract: Contract, signed_on: date, signatories: dict, *, actor: User,
         amendment: ContractAmendment | None = None) -> None:
    """Record the signing date and who signed for each party (name and position)."""
    check("sign", contract, actor, amendment)
    clean = {}
    for party in SIGNATORY_PARTIES:
        person = signatories.get(party) or {}
        name, position = (person.get("name") or "").strip(), (person.get("position") or "").strip()
        if not (name and position):
            raise LifecycleError(_("Vui lòng ghi họ tên và chức vụ người ký của Bên %(party)s.",
                                   party=party.upper()))
        clean[party] = {"name": name, "position": position}
    earliest = amendment.amendment_date if amendment else contract.contract_date
    if earliest and signed_on < earliest:
        raise LifecycleError(_("Ngày ký (%(day)s) không được trước ngày của %(name)s "
                               "(%(earliest)s).", day=dmy(signed_on),
                               name=name_of(contract, amendment), earliest=dmy(earliest)))
    if amendment is not None and contract.lifecycle and contract.lifecycle.signed_on \
            and signed_on < contract.lifecycle.signed_on:
        raise LifecycleError(_("Ngày ký phụ lục (%(day)s) không được trước ngày ký hợp đồng "
                               "(%(signed)s).", day=dmy(signed_on),
                               signed=dmy(contract.lifecycle.signed_on)))
    if signed_on > clock.today():
        raise LifecycleError(_("Ngày ký (%(day)s) không được sau ngày hôm nay.",
                               day=dmy(signed_on)))
    owner = ("amendment", amendment.id) if amendment else ("contract", contract.id)
    documents = storage.documents_of(*owner)
    if not documents:
        raise LifecycleError(_("Chưa có văn bản %(name)s để ký.",
                               name=name_of(contract, amendment)))
    record = subject_of(contract, amendment, create=True)[1]
    record.signed_on, record.signatories = signed_on, clean
    record.signed_document_id = documents[0].id  # the text approved is the text signed
    comment = (f"Ngày ký {dmy(signed_on)}; Bên A: {clean['a']['name']} ({clean['a']['position']}); "
               f"Bên B: {clean['b']['name']} ({clean['b']['position']})")
    _move("sign", contract, amendment, actor, comment)


def activate(contract: Contract, today: date, *, actor: User) -> None:
    """“Đưa vào sử dụng”: the lease starts, on or after the contract's start date."""
    check("activate", contract, actor)
    if contract.start_date and today < contract.start_date:
        raise LifecycleError(_("Chưa đến ngày bắt đầu thời gian thuê (%(day)s) nên chưa thể "
                               "đưa vào sử dụng.", day=dmy(contract.start_date)))
    lifecycle_of(contract).activated_on = today
    _move("activate", contract, None, actor)


def _expire(contract: Contract, today: date, actor: User | None, comment: str) -> None:
    lifecycle_of(contract).ended_on = today
    _move("expire", contract, None, actor, comment)


def mark_expired(contract: Contract, today: date, *, actor: User) -> None:
    """The agency records that the lease is over, once its last day has passed."""
    check("expire", contract, actor)
    last = lease_end(contract.start_date, contract.months)
    if last and today <= last:
        raise LifecycleError(_("Thời gian thuê kéo dài đến hết ngày %(day)s nên chưa thể ghi "
                               "nhận hết hạn.", day=dmy(last)))
    _expire(contract, today, actor, "")


def expire_due(today: date) -> list[Contract]:
    """Mark expired every active contract whose lease ended before today (for cron)."""
    expired = []
    for contract in db.session.scalars(select(Contract).where(Contract.status == "active")
                                       .order_by(Contract.id)):
        last = lease_end(contract.start_date, contract.months)
        if last and last < today:
            _expire(contract, today, None, f"Tự động ghi nhận hết hạn: thời gian thuê kết thúc "
                                           f"ngày {dmy(last)}")
            expired.append(contract)
    return expired


def terminate(contract: Contract, reason: str, *, actor: User, today: date) -> None:
    """End a signed or active contract early; the reason is required."""
    check("terminate", contract, actor)
    if not (reason or "").strip():
        raise LifecycleError(_("Vui lòng ghi lý do chấm dứt hợp đồng."))
    lifecycle_of(contract).ended_on = today
    _move("terminate", contract, None, actor, reason.strip())
