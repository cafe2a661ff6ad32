"""Requests for quotations, the agency's side: create (from a plan or from the catalog), amend,
extend and cancel; every invited vendor is told of each. Flush, never commit.

Who may see or do what, and when answers open, is plans.quotations.rules' alone.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload, selectinload

from accounts.audit import diff_fields, record_event
from accounts.models import AGENCY_ROLES, Organisation, User
from accounts.notices import notify, recipients, register_kind
from catalog.legal_bases import in_force_on
from catalog.models import Service
from core.clock import today, utcnow, vietnam_time
from core.months import months_spanned
from core.service_levels import measure_problem
from extensions import db
from plans import rules as plan_rules
from plans.models import LeasePlan
from plans.queue import QUIET
from plans.quotations import rules
from plans.quotations.links import answer_link
from plans.quotations.models import (REQUEST_STATES, QuotationAnswer, QuotationInvitation,
                                     QuotationRequest, QuotationRequestLine)
from plans.quotations.rules import QuotationError
from vendors.models import Offering, Vendor

VENDOR_ROLE = "vendor_staff"
register_kind("quotation_invited", _l("Lời mời gửi báo giá"), VENDOR_ROLE)
register_kind("quotation_amended", _l("Yêu cầu báo giá được sửa đổi hoặc gia hạn"), VENDOR_ROLE)
register_kind("quotation_cancelled", _l("Yêu cầu báo giá bị hủy"), VENDOR_ROLE)

NO_VENDOR = _l("Chưa có nhà cung cấp nào đã xác minh có dịch vụ này được công bố trong danh "
               "bạ: không thể gửi yêu cầu báo giá. Hãy chọn dịch vụ khác hoặc để lại sau.")
NOT_OPEN = {"closed": _l("Yêu cầu báo giá đã hết hạn nhận báo giá nên không thể thay đổi."),
            "cancelled": _l("Yêu cầu báo giá đã bị hủy nên không thể thay đổi.")}
LOADED = (selectinload(QuotationRequest.lines).joinedload(QuotationRequestLine.service),
          selectinload(QuotationRequest.invitations).joinedload(QuotationInvitation.vendor),
          selectinload(QuotationRequest.answers).joinedload(QuotationAnswer.vendor),
          joinedload(QuotationRequest.plan), joinedload(QuotationRequest.organisation),
          joinedload(QuotationRequest.created_by))


# --- reading ----------------------------------------------------------------------------


def eligible_vendors(service_ids) -> list[Vendor]:
    """Verified vendors with a published offering of at least one of these services, by name."""
    ids = {int(i) for i in service_ids or () if i}
    if not ids:
        return []
    offered = exists().where(Offering.vendor_id == Vendor.id, Offering.service_id.in_(ids),
                             Offering.status == "published")
    return list(db.session.scalars(select(Vendor).where(Vendor.status == "verified", offered)
                                   .order_by(Vendor.name_folded, Vendor.id)))


def active_services(request: QuotationRequest | None = None,
                    plan: LeasePlan | None = None) -> list[Service]:
    """The services a request may name: active ones, plus any retired one it already has."""
    kept = {line.service for line in (request.lines if request else [])}
    kept |= set(plan.services if plan else [])
    active = list(db.session.scalars(select(Service).where(Service.retired_at.is_(None))))
    return sorted(set(active) | kept, key=lambda s: s.code)


@dataclass
class RequestRow:
    """A request as a list shows it (state and counts computed in the view, not the page)."""

    request: QuotationRequest
    state: str
    state_label: str
    invited: int
    answered: int  # answers and declines: who did is shown even while sealed


def rows_of(requests) -> list[RequestRow]:
    now = utcnow()
    return [RequestRow(r, rules.state_of(r, now), rules.state_label(r, now), len(r.invitations),
                       len(r.answers)) for r in requests]


def requests_query(organisation_id: int, *, state: str = "", service_id: int | None = None,
                   q: str = "") -> Select:
    """A select of an organisation's requests, newest first, with the list's filters."""
    now = utcnow()
    query = select(QuotationRequest).where(QuotationRequest.organisation_id == organisation_id)
    if state in REQUEST_STATES:
        query = query.where(rules.in_state(state, now))
    if service_id:
        query = query.where(exists().where(QuotationRequestLine.request_id == QuotationRequest.id,
                                           QuotationRequestLine.service_id == service_id))
    if q:
        query = query.where(QuotationRequest.title.ilike(f"%{q}%"))
    return query.options(*LOADED).order_by(QuotationRequest.created_at.desc(),
                                           QuotationRequest.id.desc())


def requests_of_plan(plan: LeasePlan) -> list[RequestRow]:
    """The plan's requests, newest first, for the plan's page."""
    return rows_of(db.session.scalars(
        select(QuotationRequest).where(QuotationRequest.plan_id == plan.id)
        .options(*LOADED).order_by(QuotationRequest.id.desc())))


def request_defaults(organisation: Organisation, plan: LeasePlan | None = None,
                     service: Service | None = None) -> dict:
    """What a new request's form starts with: the plan's levels and services, or one service."""
    data = {"title": "", "place": organisation.address or "", "security_level": None,
            "service_levels": [], "lines": [], "invite_all": True}
    if plan is not None:
        months = (months_spanned(plan.period_start, plan.period_end)
                  if plan.period_start and plan.period_end else 12)
        data.update(title=_("Thu thập báo giá cho kế hoạch “%(plan)s”", plan=plan.title)[:255],
                    security_level=plan.security_level_proposal,
                    service_levels=list(plan.service_levels or []),
                    lines=[_default_line(s, min(months, 240)) for s in plan.services])
    if service is not None:
        data["title"] = data["title"] or _("Thu thập báo giá dịch vụ %(service)s",
                                           service=service.name)[:255]
        if service.id not in {line["service_id"] for line in data["lines"]}:
            data["lines"].append(_default_line(service, 12))
        data["security_level"] = data["security_level"] or service.security_level
        data["service_levels"] = data["service_levels"] or list(service.service_levels or [])
    return data


def _default_line(service: Service, months: int) -> dict:
    return {"service_id": service.id, "unit": service.unit, "quantity": 1, "months": months,
            "specification": ""}


# --- writing ----------------------------------------------------------------------------


def create_request(organisation: Organisation, data: dict, *, actor: User,
                   plan: LeasePlan | None = None) -> QuotationRequest:
    """A new open request of an agency, and the invitations it sends."""
    if organisation.kind != "agency" or actor.organisation_id != organisation.id \
            or actor.role not in AGENCY_ROLES:
        raise QuotationError(_("Chỉ cán bộ, lãnh đạo của cơ quan nhà nước mới gửi yêu cầu báo "
                               "giá."))
    if plan is not None:
        if plan.organisation_id != organisation.id or not plan_rules.can_edit(actor, plan):
            raise QuotationError(plan_rules.locked_reason(plan) or
                                 _("Chỉ lập yêu cầu báo giá từ kế hoạch của cơ quan mình."))
        defaults = request_defaults(organisation, plan)
        data = {**data, **{k: defaults[k] for k in ("security_level", "service_levels", "lines")
                           if data.get(k) in (None, [])}}
    request = QuotationRequest(
        organisation_id=organisation.id, organisation=organisation, plan=plan,
        created_by_id=actor.id, pack_id=plan.pack_id if plan else in_force_on(today()),
        status="open", version=1, invite_all=bool(data.get("invite_all")),
        title="", deadline=_future(data.get("deadline")))
    _apply(request, data)
    _set_lines(request, data.get("lines") or [])
    db.session.add(request)
    added, _removed = _invite(request, data)
    db.session.flush()
    record_event("quotation_request.create", "quotation_request", request.id, user=actor,
                 summary=f"Gửi yêu cầu báo giá {request.code} “{request.title}” đến "
                         f"{len(request.invitations)} nhà cung cấp",
                 changes=diff_fields({}, snapshot(request)))
    _tell(request, added, "quotation_invited", "invited")
    return request


def amend_request(request: QuotationRequest, data: dict, *, actor: User) -> bool:
    """Change an open request (lines, place, levels, notes, deadline, vendors); every invited
    vendor is told. False when nothing changed."""
    _ensure_open(request, actor)
    before = snapshot(request)
    if data.get("deadline") and data["deadline"] != request.deadline:
        request.deadline = _future(data["deadline"])
    request.invite_all = bool(data.get("invite_all"))
    _apply(request, data)
    _set_lines(request, data.get("lines") or [], keep=request.lines)
    added, removed = _invite(request, data)
    db.session.flush()
    changes = diff_fields(before, snapshot(request))
    if not changes:
        return False
    request.version += 1
    record_event("quotation_request.amend", "quotation_request", request.id, user=actor,
                 summary=f"Sửa đổi yêu cầu báo giá {request.code} (lần {request.version - 1})",
                 changes=changes)
    db.session.flush()
    _tell(request, added, "quotation_invited", "invited")
    _tell(request, [i.vendor for i in request.invitations if i.vendor not in added],
          "quotation_amended", "amended")
    _tell(request, removed, "quotation_cancelled", "withdrawn")
    return True


def extend_deadline(request: QuotationRequest, new_deadline: datetime, *, actor: User) -> None:
    """Move an open request's deadline later; every invited vendor is told."""
    _ensure_open(request, actor)
    if new_deadline is None or new_deadline <= request.deadline:
        raise QuotationError(_("Hạn mới phải sau hạn hiện tại (%(deadline)s).",
                               deadline=vietnam_time(request.deadline)), "deadline_day")
    before = request.deadline
    request.deadline = new_deadline
    request.version += 1
    record_event("quotation_request.extend", "quotation_request", request.id, user=actor,
                 summary=f"Gia hạn nhận báo giá {request.code} đến {vietnam_time(new_deadline)}",
                 changes=diff_fields({"deadline": before}, {"deadline": new_deadline}))
    db.session.flush()
    _tell(request, [i.vendor for i in request.invitations], "quotation_amended", "extended")


def cancel_request(request: QuotationRequest, reason: str, *, actor: User) -> None:
    """Cancel a request with its reason (also after the deadline); invited vendors are told."""
    if not rules.may_manage(actor, request):
        raise QuotationError(_("Chỉ cán bộ, lãnh đạo của cơ quan gửi yêu cầu mới hủy được."))
    if request.status == "cancelled":
        raise QuotationError(_("Yêu cầu báo giá này đã bị hủy trước đó."))
    reason = (reason or "").strip()
    if not reason:
        raise QuotationError(_("Vui lòng ghi lý do hủy yêu cầu báo giá."), "reason")
    request.status, request.cancelled_at, request.cancel_reason = "cancelled", utcnow(), reason
    record_event("quotation_request.cancel", "quotation_request", request.id, user=actor,
                 summary=f"Hủy yêu cầu báo giá {request.code}",
                 changes={"status": ["open", "cancelled"], "cancel_reason": ["", reason]})
    db.session.flush()
    _tell(request, [i.vendor for i in request.invitations], "quotation_cancelled", "cancelled")


# --- the parts --------------------------------------------------------------------------


def snapshot(request: QuotationRequest) -> dict:
    """The request's fields as a flat dict, for audit diffs."""
    return {
        "title": request.title, "place": request.place, "deadline": request.deadline,
        "security_level": request.security_level,
        "service_levels": list(request.service_levels or []), "notes": request.notes,
        "invite_all": request.invite_all, "pack_id": request.pack_id,
        "lines": [[db.session.get(Service, line.service_id).code, line.unit, line.quantity,
                   line.months, line.specification] for line in request.lines],
        "vendors": sorted(i.vendor_id for i in request.invitations)}


def _ensure_open(request: QuotationRequest, actor: User) -> None:
    if not rules.may_manage(actor, request):
        raise QuotationError(_("Chỉ cán bộ, lãnh đạo của cơ quan gửi yêu cầu mới thay đổi "
                               "được."))
    if (state := rules.state_of(request)) != "open":
        raise QuotationError(str(NOT_OPEN[state]))


def _future(deadline: datetime | None) -> datetime:
    days = int(rules.settings().get("minimum_days_to_answer", 1))
    earliest = utcnow() + timedelta(days=days)
    if deadline is None:
        raise QuotationError(_("Vui lòng nhập hạn nhận báo giá."), "deadline_day")
    if deadline < earliest:
        raise QuotationError(_("Hạn nhận báo giá phải cách hiện tại ít nhất %(days)s ngày để "
                               "nhà cung cấp kịp trả lời: từ %(earliest)s trở đi.", days=days,
                               earliest=vietnam_time(earliest)), "deadline_day")
    return deadline


def _apply(request: QuotationRequest, data: dict) -> None:
    title = (data.get("title") or "").strip()
    if not title:
        raise QuotationError(_("Vui lòng nhập tên yêu cầu báo giá."), "title")
    level = data.get("security_level")
    if level is not None and not 1 <= int(level) <= 5:
        raise QuotationError(_("Cấp độ an toàn hệ thống thông tin từ 1 đến 5."),
                             "security_level")
    levels = list(data.get("service_levels") or [])
    if problem := measure_problem(levels):
        raise QuotationError(problem, "service_levels")
    request.title, request.place = title[:255], (data.get("place") or "").strip()[:255]
    request.security_level = int(level) if level is not None else None
    request.service_levels, request.notes = levels, (data.get("notes") or "").strip()


def _set_lines(request: QuotationRequest, lines: list[dict],
               keep: list[QuotationRequestLine] = ()) -> None:
    """The request's lines, in order; an amendment updates its lines in place (the answers'
    prices stay with their line) and drops those beyond the new count."""
    if not lines:
        raise QuotationError(_("Vui lòng nhập ít nhất một dịch vụ cần báo giá."), "lines")
    had = {line.service_id for line in keep}
    rows = []
    for number, line in enumerate(lines, start=1):
        service = db.session.get(Service, int(line.get("service_id") or 0))
        if service is None:
            raise QuotationError(_("Dòng %(number)s: dịch vụ không có trong danh mục.",
                                   number=number), "lines")
        if service.retired_at is not None and service.id not in had:
            raise QuotationError(_("Dòng %(number)s: dịch vụ “%(service)s” đã ngừng trong danh "
                                   "mục.", number=number, service=service.name), "lines")
        quantity, months = int(line.get("quantity") or 0), int(line.get("months") or 0)
        if quantity < 1 or not 1 <= months <= 240:
            raise QuotationError(_("Dòng %(number)s: số lượng từ 1 trở lên, số tháng từ 1 đến "
                                   "240.", number=number), "lines")
        rows.append({"position": number - 1, "service_id": service.id, "quantity": quantity,
                     "months": months, "unit": (line.get("unit") or service.unit).strip()[:60],
                     "specification": (line.get("specification") or "").strip()})
    kept = list(keep)
    for row, line in zip(rows, kept):
        for field, value in row.items():
            setattr(line, field, value)
    for line in kept[len(rows):]:
        request.lines.remove(line)
    for row in rows[len(kept):]:
        request.lines.append(QuotationRequestLine(**row))


def _invite(request: QuotationRequest, data: dict) -> tuple[list[Vendor], list[Vendor]]:
    """Invite the eligible vendors (all, or the chosen ones); drop the invitations no longer
    wanted of vendors that have not answered. Returns (vendors added, vendors dropped)."""
    eligible = eligible_vendors(line.service_id for line in request.lines)
    if request.invite_all:
        wanted = eligible
    else:
        by_id = {i.vendor_id: i.vendor for i in request.invitations} | {v.id: v for v in eligible}
        wanted = []
        for vendor_id in dict.fromkeys(int(i) for i in data.get("vendor_ids") or []):
            if vendor_id not in by_id:
                vendor = db.session.get(Vendor, vendor_id)
                name = (_("“%(name)s”", name=vendor.legal_name) if vendor
                        else _("số %(id)s", id=vendor_id))
                raise QuotationError(_("Nhà cung cấp %(name)s chưa được xác minh hoặc không có "
                                       "gói dịch vụ đã công bố cho các dịch vụ cần báo giá.",
                                       name=name), "vendors")
            wanted.append(by_id[vendor_id])
    answered = {a.vendor_id for a in request.answers}
    wanted_ids = {v.id for v in wanted}
    removed = []
    for invitation in list(request.invitations):
        if invitation.vendor_id not in wanted_ids and invitation.vendor_id not in answered:
            removed.append(invitation.vendor)
            request.invitations.remove(invitation)
    present = {i.vendor_id for i in request.invitations}
    added = [v for v in wanted if v.id not in present]
    request.invitations.extend(QuotationInvitation(vendor_id=v.id, vendor=v) for v in added)
    if not request.invitations:
        raise QuotationError(str(NO_VENDOR) if not eligible else
                             _("Vui lòng chọn ít nhất một nhà cung cấp để gửi yêu cầu."),
                             "vendors")
    return added, removed


# Each event's title and body, lazy: a notice is written in each recipient's language.
TOLD = {
    "invited": lambda v: (
        _l("Mời gửi báo giá %(code)s: %(title)s", **v),
        _l("%(org)s mời quý công ty gửi báo giá cho: %(services)s. Hạn nhận báo giá: "
           "%(deadline)s.", **v)),
    "amended": lambda v: (
        _l("Yêu cầu báo giá %(code)s đã được sửa đổi", **v),
        _l("%(org)s đã sửa đổi yêu cầu báo giá “%(title)s” (%(services)s). Hạn nhận báo giá: "
           "%(deadline)s. Vui lòng xem lại và điều chỉnh báo giá nếu cần.", **v)),
    "extended": lambda v: (
        _l("Yêu cầu báo giá %(code)s được gia hạn", **v),
        _l("%(org)s gia hạn nhận báo giá cho “%(title)s” đến %(deadline)s.", **v)),
    "cancelled": lambda v: (
        _l("Yêu cầu báo giá %(code)s đã bị hủy", **v),
        _l("%(org)s đã hủy yêu cầu báo giá “%(title)s”. Lý do: %(reason)s", **v)),
    "withdrawn": lambda v: (
        _l("Không còn được mời báo giá %(code)s", **v),
        _l("%(org)s đã điều chỉnh danh sách nhà cung cấp được mời của yêu cầu báo giá "
           "“%(title)s”; quý công ty không còn cần gửi báo giá.", **v)),
}


def _tell(request: QuotationRequest, vendors, kind: str, event: str) -> None:
    """Notify the users of each vendor's organisation, once per event and version."""
    if db.session.info.get(QUIET) or not vendors:
        return
    values = {"code": request.code, "title": request.title, "org": request.organisation.name,
              "deadline": vietnam_time(request.deadline), "reason": request.cancel_reason,
              "services": "; ".join(f"{line.service.code} – {line.service.name}"
                                    for line in request.lines)}
    title, body = TOLD[event](values)
    key = (f"quotation:{request.id}:cancelled" if event == "cancelled"
           else f"quotation:{request.id}:v{request.version}:{event}")
    for vendor in vendors:
        notify(recipients(VENDOR_ROLE, organisation_id=vendor.organisation_id), kind,
               title, body, answer_link(request.id), key=key)
