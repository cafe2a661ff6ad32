"""Who may move a contract or amendment between states, and the moves: flush, never commit.

draft → review (agency) → legal drafter returns it to draft with a comment, or clears it
(status stays review, `legal_cleared_at` set) → approved (agency approver, only once cleared)
→ signed (date and signatories recorded) → active (on or after the start date) → expired
(scheduled job or the agency, after the end date); signed or active → terminated (approver,
with a reason). Amendments follow the same road up to signed.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, cast, or_, select, update
from sqlalchemy.orm import joinedload

from accounts.models import AGENCY_ROLES, AuditEvent, User
from accounts.audit import record_event
from contracts.models.contract import CONTRACT_STATUSES, Contract
from contracts.models.amendment import AMENDMENT_STATUSES, ContractAmendment
from contracts.models.lifecycle import ContractLifecycle, ContractTransition
from contracts.services.document import number_on_approval
from contracts.services.parties import parties_problem
from contracts.services.within_plan import plan_problems
from contracts.services.terms import lease_end
from documents import storage
from core import clock
from core.clock import done_by, utcnow
from core.errors import NotPermitted as _NotPermitted
from core.errors import Refused
from core.formats import dmy
from extensions import db

SIGNATORY_PARTIES = ("a", "b")


@dataclass(frozen=True)
class Action:
    """A transition: its button label, the verb for messages, states it leaves and reaches."""

    label: str
    verb: str
    sources: tuple[str, ...]
    target: str
    who: str  # agency | approver | legal


ACTIONS = {
    "submit": Action("Gửi rà soát pháp lý", "gửi rà soát pháp lý", ("draft",), "review", "agency"),
    "return": Action("Trả lại để chỉnh sửa", "trả lại", ("review",), "draft", "legal"),
    "clear": Action("Xác nhận đã rà soát pháp lý", "xác nhận rà soát pháp lý", ("review",),
                    "review", "legal"),
    "approve": Action("Phê duyệt", "phê duyệt", ("review",), "approved", "approver"),
    "sign": Action("Ghi nhận ký kết", "ghi nhận ký kết", ("approved",), "signed", "agency"),
    "activate": Action("Đưa vào sử dụng", "đưa vào sử dụng", ("signed",), "active", "agency"),
    "expire": Action("Ghi nhận hết hạn", "ghi nhận hết hạn", ("active",), "expired", "agency"),
    "terminate": Action("Chấm dứt hợp đồng", "chấm dứt", ("signed", "active"), "terminated",
                        "approver"),
}
AMENDMENT_ACTIONS = ("submit", "return", "clear", "approve", "sign")


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


def _subject(contract: Contract, amendment: ContractAmendment | None, create: bool = False):
    """What moves (the contract or the amendment) and where its signing details live."""
    if amendment is None:
        return contract, lifecycle_of(contract, create=create)
    return amendment, amendment


def statuses(amendment: ContractAmendment | None) -> dict[str, str]:
    """The state labels of a contract, or of an amendment."""
    return AMENDMENT_STATUSES if amendment is not None else CONTRACT_STATUSES


def _name(contract: Contract, amendment: ContractAmendment | None) -> str:
    if amendment is None:
        return "hợp đồng"
    return f"phụ lục số {amendment.number_label}"


def state_label(contract: Contract, amendment: ContractAmendment | None = None) -> str:
    """The current state in Vietnamese, with the legal clearance mark while in review."""
    subject, record = _subject(contract, amendment)
    label = statuses(amendment)[subject.status]
    if subject.status == "review" and record.legal_cleared:
        label += " – đã rà soát pháp lý"
    return label


def may(user: User, action: str, contract: Contract) -> bool:
    """Whether the user's role and organisation allow the action (state aside)."""
    if not getattr(user, "is_authenticated", False):
        return False
    who = ACTIONS[action].who
    own = user.organisation_id == contract.organisation_id
    if who == "legal":
        return user.role == "legal_drafter" and (own or user.organisation.kind == "operator")
    if who == "approver":
        return own and user.role == "agency_approver"
    return own and user.role in AGENCY_ROLES


def check(action: str, contract: Contract, user: User,
          amendment: ContractAmendment | None = None) -> None:
    """Raise NotPermitted or LifecycleError (naming the current state) unless allowed now."""
    if action not in ACTIONS or (amendment is not None and action not in AMENDMENT_ACTIONS):
        raise LifecycleError("Thao tác không hợp lệ.")
    step = ACTIONS[action]
    if not may(user, action, contract):
        raise NotPermitted(f"Bạn không có quyền {step.verb} {_name(contract, amendment)}.")
    subject, record = _subject(contract, amendment)
    if subject.status not in step.sources or (action == "clear" and record.legal_cleared):
        if done := _already_done(action, contract, amendment):
            raise LifecycleError(done)
        raise LifecycleError(f"Không thể {step.verb} {_name(contract, amendment)} đang ở trạng "
                             f"thái “{state_label(contract, amendment)}”.")


def _already_done(action: str, contract: Contract, amendment: ContractAmendment | None
                  ) -> str | None:
    """"Hợp đồng đã được phê duyệt bởi … lúc …" when the refused action is what put it in the
    state it is in (a double click, two tabs, a retried request), else None."""
    subject = amendment if amendment is not None else contract
    moves = transitions_of(contract, amendment)
    last = moves[-1] if moves else None
    if last is None or last.action != action or last.to_status != subject.status:
        return None
    return (f"{_name(contract, amendment).capitalize()} đã được {ACTIONS[action].verb} "
            f"{done_by(last.actor.name if last.actor else None, last.created_at)}.")


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
          comment: str = "") -> ContractTransition:
    """Change the state, add the transitions row and the audit event.

    The state changes by compare-and-set: UPDATE … WHERE status = the state this request
    read. A second request that read the same state (a double click, two tabs) finds the row
    changed, updates nothing and is refused, so a move is recorded once and a number given
    once, on SQLite and PostgreSQL alike (PostgreSQL makes the second UPDATE wait for the
    first to commit and then re-reads the row)."""
    subject, _record = _subject(contract, amendment)
    before, after = subject.status, ACTIONS[action].target
    model = type(subject)
    changed = db.session.execute(
        update(model).where(model.id == subject.id, model.status == before)
        .values(status=after).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise LifecycleError(f"{_name(contract, amendment).capitalize()} vừa được thao tác ở "
                             "một yêu cầu khác; hãy tải lại trang để xem trạng thái hiện tại.")
    subject.status = after
    row = ContractTransition(contract_id=contract.id,
                             amendment_id=amendment.id if amendment else None,
                             action=action, from_status=before, to_status=after,
                             actor_id=actor.id if actor else None, comment=comment)
    db.session.add(row)
    labels = statuses(amendment)
    summary = (f"{ACTIONS[action].label} {_name(contract, amendment)}: "
               f"{labels[before]} → {labels[after]}")
    if comment:
        summary += f". Ý kiến: {comment}"
    kind = "amendment" if amendment else "contract"
    record_event(f"{kind}.{action}", kind, subject.id, user=actor, summary=summary,
                 changes={"status": [before, after], **({"comment": comment} if comment else {})})
    db.session.flush()
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
            raise LifecycleError("Chưa thể gửi rà soát: " + " ".join(problems))
    owner = ("amendment", amendment.id) if amendment else ("contract", contract.id)
    documents = storage.documents_of(*owner)
    if not documents:
        raise LifecycleError(f"Chưa tạo văn bản {_name(contract, amendment)}: hãy tạo văn bản "
                             "trước khi gửi rà soát pháp lý.")
    returns = [t for t in transitions_of(contract, amendment) if t.action == "return"]
    if returns and documents[0].created_at < returns[-1].created_at:
        # The reviewer asked for changes: what goes back must be a document made after that.
        raise LifecycleError(f"Hãy tạo lại văn bản {_name(contract, amendment)} sau khi chỉnh "
                             "sửa theo ý kiến rà soát rồi mới gửi rà soát lại.")
    _move("submit", contract, amendment, actor)


def send_back(contract: Contract, comment: str, *, actor: User,
              amendment: ContractAmendment | None = None) -> None:
    """The legal drafter returns it to draft; the comment saying why is required."""
    check("return", contract, actor, amendment)
    if not (comment or "").strip():
        raise LifecycleError("Vui lòng ghi ý kiến rà soát khi trả lại để chỉnh sửa.")
    record = _subject(contract, amendment, create=True)[1]
    record.legal_cleared_at, record.legal_cleared_by_id = None, None
    _move("return", contract, amendment, actor, comment.strip())


def clear_legally(contract: Contract, *, actor: User, comment: str = "",
                  amendment: ContractAmendment | None = None) -> None:
    """The legal drafter clears it: who and when are kept, the state stays review."""
    check("clear", contract, actor, amendment)
    record = _subject(contract, amendment, create=True)[1]
    record.legal_cleared_at = utcnow()
    record.legal_cleared_by_id = actor.id
    _move("clear", contract, amendment, actor, (comment or "").strip())


def approve(contract: Contract, *, actor: User, amendment: ContractAmendment | None = None) -> None:
    """The agency approver approves, only after legal clearance."""
    check("approve", contract, actor, amendment)
    if not _subject(contract, amendment)[1].legal_cleared:
        raise LifecycleError(f"Chưa thể phê duyệt: {_name(contract, amendment)} chưa được cán bộ "
                             "pháp chế xác nhận rà soát pháp lý.")
    _move("approve", contract, amendment, actor)
    if amendment is None:
        number_on_approval(contract, actor=actor)


def sign(contract: Contract, signed_on: date, signatories: dict, *, actor: User,
         amendment: ContractAmendment | None = None) -> None:
    """Record the signing date and who signed for each party (name and position)."""
    check("sign", contract, actor, amendment)
    clean = {}
    for party in SIGNATORY_PARTIES:
        person = signatories.get(party) or {}
        name, position = (person.get("name") or "").strip(), (person.get("position") or "").strip()
        if not (name and position):
            raise LifecycleError("Vui lòng ghi họ tên và chức vụ người ký của "
                                 f"Bên {party.upper()}.")
        clean[party] = {"name": name, "position": position}
    earliest = amendment.amendment_date if amendment else contract.contract_date
    if earliest and signed_on < earliest:
        raise LifecycleError(f"Ngày ký ({dmy(signed_on)}) không được trước ngày của "
                             f"{_name(contract, amendment)} ({dmy(earliest)}).")
    if amendment is not None and contract.lifecycle and contract.lifecycle.signed_on \
            and signed_on < contract.lifecycle.signed_on:
        raise LifecycleError(f"Ngày ký phụ lục ({dmy(signed_on)}) không được trước ngày ký hợp "
                             f"đồng ({dmy(contract.lifecycle.signed_on)}).")
    if signed_on > clock.today():
        raise LifecycleError(f"Ngày ký ({dmy(signed_on)}) không được sau ngày hôm nay.")
    owner = ("amendment", amendment.id) if amendment else ("contract", contract.id)
    documents = storage.documents_of(*owner)
    if not documents:
        raise LifecycleError(f"Chưa có văn bản {_name(contract, amendment)} để ký.")
    record = _subject(contract, amendment, create=True)[1]
    record.signed_on, record.signatories = signed_on, clean
    record.signed_document_id = documents[0].id  # the text approved is the text signed
    comment = (f"Ngày ký {dmy(signed_on)}; Bên A: {clean['a']['name']} ({clean['a']['position']}); "
               f"Bên B: {clean['b']['name']} ({clean['b']['position']})")
    _move("sign", contract, amendment, actor, comment)


def activate(contract: Contract, today: date, *, actor: User) -> None:
    """“Đưa vào sử dụng”: the lease starts, on or after the contract's start date."""
    check("activate", contract, actor)
    if contract.start_date and today < contract.start_date:
        raise LifecycleError(f"Chưa đến ngày bắt đầu thời gian thuê ({dmy(contract.start_date)}) "
                             "nên chưa thể đưa vào sử dụng.")
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
        raise LifecycleError(f"Thời gian thuê kéo dài đến hết ngày {dmy(last)} nên chưa thể ghi "
                             "nhận hết hạn.")
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
        raise LifecycleError("Vui lòng ghi lý do chấm dứt hợp đồng.")
    lifecycle_of(contract).ended_on = today
    _move("terminate", contract, None, actor, reason.strip())


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
