"""The vendor's side of a request for quotations: its answer (a price per line, VAT rate,
validity, notes and the signed quotation PDF), revised in place until the deadline, or its
decline with a reason. An answer given after the deadline is kept, marked late, never counted
(plans.quotations.rules.is_valid_answer). The requesting agency is told who answered, never
what. Flush, never commit."""
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import contains_eager

from accounts.audit import diff_fields, record_event
from accounts.models import User
from accounts.notices import notify, recipients
from core import files
from core.clock import vietnam_time
from core.errors import NotPermitted
from core.formats import dmy
from core.i18n import lazy_join
from core.money import MAX_AMOUNT
from core.pdf import pdf_problem
from core.vat import VAT_RATES
from extensions import db
from plans.queue import QUIET
from plans.quotations.links import show_link
from plans.quotations.models import (QuotationAnswer, QuotationAnswerLine, QuotationInvitation,
                                     QuotationRequest)
from plans.quotations import rules
from plans.quotations.rules import QuotationError, state_of
from vendors.models import Offering, Vendor

ANSWERED = "quotation_answered"  # the notice kind (registered by plans.quotations.queue)
AGENCY = ("agency_staff", "agency_approver")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NOTE = 2000
CLOSED_FOR_REVISION = _l("Đã hết hạn nhận báo giá: không thể sửa báo giá.")
CANCELLED = _l("Yêu cầu báo giá đã bị hủy: không thể gửi hoặc sửa câu trả lời.")


# --- reading ---------------------------------------------------------------------------------


def answer_of(request: QuotationRequest, vendor: Vendor) -> QuotationAnswer | None:
    """The vendor's own answer to the request, if it gave one."""
    return db.session.scalar(select(QuotationAnswer).where(
        QuotationAnswer.request_id == request.id, QuotationAnswer.vendor_id == vendor.id))


def invitations_query(vendor: Vendor, *, state: str = "", answer: str = "",
                      now: datetime | None = None) -> Select:
    """The requests the vendor is invited to, the latest deadline first, filtered by state
    (rules.in_state) and by its own answer ("none", "answered", "declined")."""
    stmt = (select(QuotationRequest)
            .join(QuotationInvitation, and_(QuotationInvitation.request_id == QuotationRequest.id,
                                            QuotationInvitation.vendor_id == vendor.id))
            .join(QuotationRequest.organisation)
            .options(contains_eager(QuotationRequest.organisation)))
    if state:
        stmt = stmt.where(rules.in_state(state, now))
    own = exists().where(QuotationAnswer.request_id == QuotationRequest.id,
                         QuotationAnswer.vendor_id == vendor.id)
    if answer == "none":
        stmt = stmt.where(~own)
    elif answer:
        stmt = stmt.where(own.where(QuotationAnswer.status == answer))
    return stmt.order_by(QuotationRequest.deadline.desc(), QuotationRequest.id.desc())


def answers_of(vendor: Vendor, requests) -> dict[int, QuotationAnswer]:
    """request id → the vendor's answer, for the requests listed."""
    ids = [item.id for item in requests]
    if not ids:
        return {}
    return {a.request_id: a for a in db.session.scalars(select(QuotationAnswer).where(
        QuotationAnswer.vendor_id == vendor.id, QuotationAnswer.request_id.in_(ids)))}


def offerings_of(vendor: Vendor, request: QuotationRequest) -> dict[int, Offering]:
    """service id → the vendor's published offering of it, for pre-filling its prices."""
    service_ids = {line.service_id for line in request.lines}
    if not service_ids:
        return {}
    rows = db.session.scalars(select(Offering).where(
        Offering.vendor_id == vendor.id, Offering.service_id.in_(service_ids),
        Offering.status == "published").order_by(Offering.id))
    return {offering.service_id: offering for offering in rows}


def _folder() -> Path:
    """Where signed quotations live, under the backed-up uploads folder, by SHA-256."""
    return Path(current_app.instance_path) / "uploads" / "quotations"


def max_bytes() -> int:
    config = current_app.config
    return config.get("QUOTATION_PDF_MAX_BYTES", config.get("SIGNED_PDF_MAX_BYTES",
                                                            DEFAULT_MAX_BYTES))


def read_pdf(answer: QuotationAnswer) -> bytes:
    return files.stored_path(_folder(), answer.pdf_sha256, ".pdf").read_bytes()


# --- checks ----------------------------------------------------------------------------------


def _may_answer(request: QuotationRequest, vendor: Vendor, actor: User) -> None:
    if actor.role != "vendor_staff" or actor.organisation_id != vendor.organisation_id:
        raise NotPermitted(_("Chỉ nhân viên của nhà cung cấp được mời mới trả lời yêu cầu "
                             "này."))
    if not any(invitation.vendor_id == vendor.id for invitation in request.invitations):
        raise QuotationError(_("Nhà cung cấp không được mời báo giá cho yêu cầu này."))


def closed_reason(request: QuotationRequest, existing: QuotationAnswer | None) -> str | None:
    """Why the vendor can no longer answer or decline, or None: the request was cancelled, or
    its deadline passed after the vendor had answered (a first answer is still taken, late)."""
    state = state_of(request)
    if state == "cancelled":
        if request.cancel_reason:
            return _("Yêu cầu báo giá đã bị hủy: không thể gửi hoặc sửa câu trả lời. Lý do: "
                     "%(reason)s", reason=request.cancel_reason)
        return str(CANCELLED)
    if state == "closed" and existing is not None:
        return str(CLOSED_FOR_REVISION)
    return None


def _lateness(request: QuotationRequest, existing: QuotationAnswer | None) -> bool:
    """Whether the answer now given is late; refused when closed_reason says so."""
    if why := closed_reason(request, existing):
        raise QuotationError(why)
    return state_of(request) == "closed"


def _checked_lines(request: QuotationRequest, lines: list[dict]) -> dict[int, dict]:
    """request line id → {unit_price, vat_rate, valid_until, note} of every priced line; a line
    without a price is not offered. Refused with the line's number when a value is wrong."""
    numbers = {line.id: n for n, line in enumerate(request.lines, start=1)}
    earliest, priced = rules.earliest_validity(request), {}
    for given in lines:
        line_id = given.get("request_line_id")
        if line_id not in numbers:
            raise QuotationError(_("Yêu cầu báo giá vừa được điều chỉnh: có dòng không còn "
                                   "trong yêu cầu. Vui lòng tải lại trang và kiểm tra lại."))
        price, n = given.get("unit_price"), numbers[line_id]
        if price is None:
            continue
        if not isinstance(price, int) or not 0 <= price <= MAX_AMOUNT:
            raise QuotationError(_("Dòng %(n)s: đơn giá phải là số đồng nguyên, không âm.",
                                   n=n))
        if str(given.get("vat_rate")) not in VAT_RATES:
            raise QuotationError(_("Dòng %(n)s: vui lòng chọn thuế suất GTGT.", n=n))
        valid_until = given.get("valid_until")
        if not isinstance(valid_until, date):
            raise QuotationError(_("Dòng %(n)s: vui lòng nhập ngày hết hiệu lực của báo giá.",
                                   n=n))
        if valid_until < earliest:
            raise QuotationError(_("Dòng %(n)s: báo giá phải còn hiệu lực ít nhất đến ngày "
                                   "%(day)s.", n=n, day=dmy(earliest)))
        note = (given.get("note") or "").strip()
        if len(note) > MAX_NOTE:
            raise QuotationError(_("Dòng %(n)s: ghi chú dài quá %(max)s ký tự.", n=n,
                                   max=MAX_NOTE))
        priced[line_id] = {"unit_price": price, "vat_rate": str(given["vat_rate"]),
                           "valid_until": valid_until, "note": note}
    if not priced:
        raise QuotationError(_("Vui lòng chào giá ít nhất một dòng của yêu cầu (dòng để trống "
                               "là không chào giá); nếu không báo giá, hãy chọn “Từ chối báo "
                               "giá”."))
    return priced


def _stored_pdf(pdf: bytes | None) -> tuple[str, int] | None:
    if not pdf:
        return None
    if problem := pdf_problem(pdf, max_bytes(), _("báo giá đã ký")):
        raise QuotationError(problem, field="pdf")
    return files.store(pdf, _folder(), ".pdf")


# --- the audit trail -------------------------------------------------------------------------


def snapshot(answer: QuotationAnswer | None, request: QuotationRequest) -> dict:
    """What an answer says, as flat fields ("line_2.unit_price"), for the audit's changes."""
    if answer is None:
        return {}
    numbers = {line.id: n for n, line in enumerate(request.lines, start=1)}
    data = {"status": answer.status, "decline_reason": answer.decline_reason or "",
            "late": answer.late, "pdf_sha256": answer.pdf_sha256, "pdf_name": answer.pdf_name}
    for line in answer.lines:
        n = numbers.get(line.request_line_id, line.request_line_id)
        data.update({f"line_{n}.unit_price": line.unit_price,
                     f"line_{n}.vat_rate": line.vat_rate,
                     f"line_{n}.valid_until": line.valid_until, f"line_{n}.note": line.note})
    return data


def _audit(action: str, answer: QuotationAnswer, request: QuotationRequest, before: dict,
           summary: str, actor: User) -> None:
    changes = diff_fields(before, snapshot(answer, request))
    if before:
        changes["revision"] = [answer.revision - 1, answer.revision]
    record_event(action, "quotation_answer", answer.id, user=actor, summary=summary,
                 changes=changes)


# --- telling the agency ----------------------------------------------------------------------


def _tell_agency(request: QuotationRequest, answer: QuotationAnswer, vendor: Vendor,
                 actor: User) -> None:
    """The agency's staff and approvers learn who answered, never what (no price, no
    reason: the answer is sealed until the deadline)."""
    if db.session.info.get(QUIET):
        return
    # Lazy pieces: each recipient reads the notice in their own language.
    if answer.status == "declined":
        did = _l("đã từ chối báo giá")
    elif answer.revision > 1:
        did = _l("đã cập nhật báo giá")
    else:
        did = _l("đã gửi báo giá")
    values = {"name": vendor.legal_name, "did": did, "code": request.code,
              "title": request.title, "revision": answer.revision}
    title = _l("Nhà cung cấp %(name)s %(did)s cho yêu cầu %(code)s", **values)
    if answer.revision > 1:
        said = _l("Nhà cung cấp %(name)s %(did)s cho yêu cầu %(code)s “%(title)s” (lần "
                  "%(revision)s).", **values)
    else:
        said = _l("Nhà cung cấp %(name)s %(did)s cho yêu cầu %(code)s “%(title)s”.", **values)
    if answer.late:
        then = _l("Câu trả lời gửi sau hạn nhận báo giá nên được lưu lại nhưng không tính vào "
                  "số báo giá hợp lệ.")
    else:
        then = _l("Nội dung các báo giá được niêm phong đến hạn nhận báo giá (%(deadline)s); "
                  "sau thời điểm đó cơ quan mới xem được.",
                  deadline=vietnam_time(request.deadline))
    body = lazy_join([said, then], " ")
    people = recipients(*AGENCY, organisation_id=request.organisation_id)
    notify([p for p in people if p.id != actor.id], ANSWERED, title, body,
           show_link(request.id),
           key=f"quotation:{request.id}:answer:{answer.id}:{answer.revision}:{answer.status}")


# --- answering -------------------------------------------------------------------------------


def _next_revision(request: QuotationRequest, vendor: Vendor,
                   existing: QuotationAnswer | None, late: bool, actor: User) -> QuotationAnswer:
    """The vendor's answer, new or existing, at its next revision, by whom and whether late."""
    answer = existing or QuotationAnswer(vendor_id=vendor.id, vendor=vendor, revision=0,
                                         lines=[])
    if existing is None:
        request.answers.append(answer)  # the loaded request sees it (the comparison reads it)
    answer.revision += 1
    answer.late, answer.submitted_by_id = late, actor.id
    return answer


def submit_answer(request: QuotationRequest, vendor: Vendor, lines: list[dict], *, actor: User,
                  pdf: bytes | None = None, pdf_name: str = "") -> QuotationAnswer:
    """Give or revise the vendor's quotation: `lines` are {request_line_id, unit_price (whole
    đồng before VAT), vat_rate, valid_until, note}, a line without a price is not offered; the
    signed PDF is optional and a revision without one keeps the one given before. Before the
    deadline a second call revises (revision + 1); after it only a first answer is taken, late."""
    _may_answer(request, vendor, actor)
    existing = answer_of(request, vendor)
    late = _lateness(request, existing)
    priced = _checked_lines(request, lines)
    stored = _stored_pdf(pdf)
    before = snapshot(existing, request)
    answer = _next_revision(request, vendor, existing, late, actor)
    answer.status, answer.decline_reason = "answered", ""
    if stored is not None:
        answer.pdf_sha256, answer.pdf_size = stored
        answer.pdf_name = files.clean_file_name(pdf_name, "bao-gia.pdf")
    kept = {line.request_line_id: line for line in answer.lines}
    for line in list(answer.lines):
        if line.request_line_id not in priced:
            answer.lines.remove(line)
    for line_id, values in priced.items():
        line = kept.get(line_id)
        if line is None:
            answer.lines.append(QuotationAnswerLine(request_line_id=line_id, **values))
        else:
            for key, value in values.items():
                setattr(line, key, value)
    db.session.flush()
    if existing is None:
        action, summary = "quotation_answer.submit", f"Gửi báo giá cho yêu cầu {request.code}"
    else:
        action = "quotation_answer.revise"
        summary = f"Cập nhật báo giá cho yêu cầu {request.code} (lần {answer.revision})"
    if late:
        summary += " – gửi sau hạn, không tính"
    _audit(action, answer, request, before, summary, actor)
    _tell_agency(request, answer, vendor, actor)
    return answer


def decline_request(request: QuotationRequest, vendor: Vendor, reason: str, *,
                    actor: User) -> QuotationAnswer:
    """Decline to quote, with a reason: before the deadline (a quotation given is withdrawn),
    or after it when the vendor has not answered yet (then late)."""
    _may_answer(request, vendor, actor)
    reason = (reason or "").strip()
    if not reason:
        raise QuotationError(_("Vui lòng ghi lý do từ chối báo giá."), field="reason")
    if len(reason) > MAX_NOTE:
        raise QuotationError(_("Lý do từ chối dài quá %(max)s ký tự.", max=MAX_NOTE),
                             field="reason")
    existing = answer_of(request, vendor)
    late = _lateness(request, existing)
    before = snapshot(existing, request)
    answer = _next_revision(request, vendor, existing, late, actor)
    answer.status, answer.decline_reason = "declined", reason
    answer.lines.clear()  # a decline offers no price; the audit keeps the withdrawn ones
    answer.pdf_sha256, answer.pdf_name, answer.pdf_size = None, "", None
    db.session.flush()
    summary = f"Từ chối báo giá cho yêu cầu {request.code}" + (" (sau hạn)" if late else "")
    _audit("quotation_answer.decline", answer, request, before, summary, actor)
    _tell_agency(request, answer, vendor, actor)
    return answer
