"""The vendor's pages of requests for quotations: invitations, answer, revise, decline, and the
signed quotation's PDF. Only the invited vendor reaches a request here (anyone else 404), and
nothing on these pages tells of another vendor's answer, not even how many there are."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask import request as http
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from core.clock import utcnow
from core.files import clean_file_name
from core.pagination import paginate
from core.transaction import attempt, get_for_request
from extensions import db
from plans import bp
from plans.quotations import answers as service
from plans.quotations.answer_forms import DeclineForm, answer_form
from plans.quotations.models import (REQUEST_STATES, QuotationInvitation, QuotationRequest,
                                     QuotationRequestLine)
from plans.quotations.rules import earliest_validity, invited_vendor, state_of, visible_answers
from vendors.services import vendor_for_user

STATE_FILTERS = {"": _l("Mọi trạng thái"), **REQUEST_STATES}
ANSWER_FILTERS = {"": _l("Mọi câu trả lời"), "none": _l("Chưa trả lời"),
                  "answered": _l("Đã gửi báo giá"), "declined": _l("Từ chối báo giá")}
STALE = _l("Yêu cầu báo giá vừa được cơ quan điều chỉnh sau khi bạn mở trang. Nội dung bạn đã "
           "nhập vẫn được giữ; vui lòng xem lại yêu cầu rồi gửi lại.")
LOAD = (selectinload(QuotationRequest.lines).joinedload(QuotationRequestLine.service),
        selectinload(QuotationRequest.invitations).joinedload(QuotationInvitation.vendor),
        joinedload(QuotationRequest.organisation))


def _load(request_id: int):
    """The request and the vendor the user works for, if that vendor is invited; else 404."""
    found = get_for_request(QuotationRequest, request_id, options=LOAD)
    if found is None:
        abort(404)
    vendor = invited_vendor(current_user, found)
    if vendor is None:
        abort(404)
    return found, vendor


def _upload(form) -> tuple[bytes | None, str]:
    """The uploaded PDF's bytes (at most one byte over the limit) and its name, if any."""
    upload = form.pdf.data
    if upload is None or not getattr(upload, "filename", ""):
        return None, ""
    return upload.read(service.max_bytes() + 1), clean_file_name(upload.filename, "bao-gia.pdf")


def _initial(asked: QuotationRequest, answer, offerings: dict) -> dict:
    """The form's values: the vendor's own answer, else its published offering of each
    service (the VAT rate, and the unit price when the units are the same)."""
    given = {p.request_line_id: p for p in answer.lines} if answer is not None \
        and answer.status == "answered" else None
    rows = []
    for line in asked.lines:
        row = {"request_line_id": line.id}
        if given is not None:
            if price := given.get(line.id):
                row.update(unit_price=price.unit_price, vat_rate=price.vat_rate,
                           valid_until=price.valid_until, note=price.note)
        elif offering := offerings.get(line.service_id):
            row["vat_rate"] = offering.vat_rate
            if offering.unit_price is not None and offering.unit == line.unit:
                row["unit_price"] = offering.unit_price
        rows.append(row)
    return {"request_version": asked.version, "lines": rows}


def _own_prices(asked: QuotationRequest, answer) -> list[tuple[int, object, object]]:
    """(line number, request line, the vendor's price) of each line it priced, to show its
    answer when it can no longer be changed."""
    if answer is None or answer.status != "answered":
        return []
    given = {p.request_line_id: p for p in answer.lines}
    return [(n, line, given[line.id]) for n, line in enumerate(asked.lines, start=1)
            if line.id in given]


def _saved(made, asked: QuotationRequest) -> str:
    """The message once an answer is sent or revised."""
    if made.revision > 1:
        said = _("Đã cập nhật báo giá cho yêu cầu %(code)s.", code=asked.code)
    else:
        said = _("Đã gửi báo giá cho yêu cầu %(code)s.", code=asked.code)
    if made.late:
        said += " " + _("Báo giá gửi sau hạn: được lưu nhưng không tính vào số báo giá hợp lệ.")
    return said


def _stale(form, asked: QuotationRequest) -> bool:
    return (form.request_version.data != asked.version
            or form.line_ids() != [line.id for line in asked.lines])


@bp.route("/quotations/invitations")
@login_required
def quotation_invitations():
    vendor = vendor_for_user(current_user)
    if vendor is None:
        abort(403)
    state = http.args.get("state", "")
    state = state if state in STATE_FILTERS else ""
    mine = http.args.get("answer", "")
    mine = mine if mine in ANSWER_FILTERS else ""
    now = utcnow()
    pagination = paginate(service.invitations_query(vendor, state=state, answer=mine, now=now))
    answers = service.answers_of(vendor, pagination.items)
    rows = [{"request": item, "state": state_of(item, now), "answer": answers.get(item.id),
             "state_label": str(REQUEST_STATES[state_of(item, now)])}
            for item in pagination.items]
    return render_template("plans/quotations/invitations.html", vendor=vendor, rows=rows,
                           pagination=pagination, state=state, mine=mine,
                           state_filters=STATE_FILTERS, answer_filters=ANSWER_FILTERS)


@bp.route("/quotations/<int:request_id>/answer", methods=["GET", "POST"])
@login_required
def quotation_answer(request_id):
    asked, vendor = _load(request_id)
    answer = service.answer_of(asked, vendor)
    problem = service.closed_reason(asked, answer)
    offerings = service.offerings_of(vendor, asked)
    earliest = earliest_validity(asked)
    form = answer_form(len(asked.lines), earliest,
                       data=_initial(asked, answer, offerings) if http.method == "GET" else None)
    if http.method == "POST" and problem:
        flash(problem, "error")
    elif form.validate_on_submit():
        if _stale(form, asked):
            flash(str(STALE), "error")
        else:
            data, name = _upload(form)
            with attempt(form) as done:
                made = service.submit_answer(asked, vendor, form.line_values(),
                                             actor=current_user._get_current_object(),
                                             pdf=data, pdf_name=name)
            if done:
                flash(_saved(made, asked), "success")
                return redirect(url_for("plans.quotation_answer", request_id=asked.id))
    state = state_of(asked)
    return render_template(
        "plans/quotations/answer.html", asked=asked, vendor=vendor, answer=answer, form=form,
        own_prices=_own_prices(asked, answer) if problem else [], earliest=earliest,
        rows=list(zip(asked.lines, form.lines.entries)), offerings=offerings, problem=problem,
        state=state, state_label=REQUEST_STATES[state],
        late=state == "closed" and answer is None,
        revising=answer is not None and answer.status == "answered")


@bp.route("/quotations/<int:request_id>/decline", methods=["GET", "POST"])
@login_required
def quotation_decline(request_id):
    asked, vendor = _load(request_id)
    answer = service.answer_of(asked, vendor)
    problem = service.closed_reason(asked, answer)
    form = DeclineForm()
    if http.method == "POST" and problem:
        flash(problem, "error")
    elif form.validate_on_submit():
        with attempt(form) as done:
            service.decline_request(asked, vendor, form.reason.data,
                                    actor=current_user._get_current_object())
        if done:
            flash(_("Đã gửi lời từ chối báo giá cho yêu cầu %(code)s.", code=asked.code),
                  "success")
            return redirect(url_for("plans.quotation_answer", request_id=asked.id))
    state = state_of(asked)
    return render_template("plans/quotations/decline.html", asked=asked, vendor=vendor,
                           answer=answer, form=form, problem=problem, state=state,
                           own_prices=_own_prices(asked, answer) if problem else [],
                           state_label=REQUEST_STATES[state],
                           late=state == "closed" and answer is None)


@bp.route("/quotations/<int:request_id>/answers/<int:answer_id>/pdf")
@login_required
def quotation_answer_pdf(request_id, answer_id):
    asked = db.session.get(QuotationRequest, request_id)
    if asked is None:
        abort(404)
    answer = next((a for a in visible_answers(current_user, asked) if a.id == answer_id), None)
    if answer is None or not answer.pdf_sha256:
        abort(404)
    return send_file(BytesIO(service.read_pdf(answer)), mimetype="application/pdf",
                     as_attachment=True,
                     download_name=clean_file_name(answer.pdf_name, "bao-gia.pdf"))
