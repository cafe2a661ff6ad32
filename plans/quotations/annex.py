"""The annex "Bảng tổng hợp báo giá" of a closed request: its context (documents/preview,
PREVIEW_QUOTATIONS), its generation and what the request's page shows of it.

Every figure comes from plans.quotations.comparison.compare, which asks the sealing rule
first: no annex exists of a request whose answers are still sealed.
"""
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from accounts.audit import record_event
from accounts.models import User
from catalog.legal_bases import label
from core.clock import in_vietnam, today
from core.i18n import in_vietnamese
from core.vat import vat_label
from documents import storage
from documents.engine import render_docx
from documents.instruments import body_name_on
from documents.models import GeneratedDocument
from plans.quotations import rules
from plans.quotations.choices import choices_of
from plans.quotations.comparison import LineComparison, Quote, compare
from plans.quotations.models import QuotationChoice, QuotationRequest

KIND = "quotations"  # the document kind (documents.models.DOCUMENT_KINDS)
OWNER = "quotations"  # GeneratedDocument.owner_type of a request's annexes


def annex_refusal(request: QuotationRequest) -> str | None:
    """Why no annex can be made of this request now, or None (in the page's language)."""
    if rules.state_of(request) == "cancelled":
        return _("Yêu cầu báo giá đã hủy nên không lập bảng tổng hợp báo giá.")
    if rules.is_sealed(request):
        return _("Chưa đến hạn nhận báo giá: bảng tổng hợp báo giá chỉ lập được sau khi hết "
                 "hạn, khi các báo giá được mở.")
    return None


def _quote(quote: Quote) -> dict[str, Any]:
    answer, price = quote.answer, quote.price
    declined = answer.status == "declined"
    return {"vendor": {"name": quote.vendor.legal_name, "tax_code": quote.vendor.tax_code},
            "declined": declined, "late": answer.late,
            "decline_reason": answer.decline_reason if declined else "",
            "unit_price": price.unit_price if price else None,
            "vat_label": str(price.vat_label) if price else "",
            "valid_until": price.valid_until if price else None,
            "note": price.note if price else "",
            "valid": quote.valid, "flags": [str(flag) for flag in quote.flag_labels]}


def _choice(choice: QuotationChoice | None) -> dict[str, Any] | None:
    if choice is None:
        return None
    vendor = choice.vendor.legal_name if choice.method == "vendor" and choice.vendor else ""
    return {"method": choice.method, "method_label": str(choice.method_label),
            "unit_price": choice.unit_price, "vat_label": str(vat_label(choice.vat_rate)),
            "vendor": vendor, "reason": choice.reason}


def _line(number: int, compared: LineComparison,
          choice: QuotationChoice | None) -> dict[str, Any]:
    line, figures = compared.line, compared.figures
    percent = figures.spread_percent
    return {"no": number, "service": {"code": line.service.code, "name": line.service.name},
            "unit": line.unit, "quantity": line.quantity, "months": line.months,
            "quotes": [_quote(q) for q in compared.quotes],
            "figures": {"count": figures.count, "lowest": figures.lowest,
                        "median": figures.median, "average": figures.average,
                        "highest": figures.highest, "spread": figures.spread,
                        "spread_percent": None if percent is None else str(percent)},
            "valid_count": figures.count, "enough": compared.enough,
            "choice": _choice(choice)}


def _place(request: QuotationRequest) -> str:
    org = request.organisation
    if request.plan is not None and request.plan.place:
        return request.plan.place
    return org.province.name if org.province else request.place


@in_vietnamese
def annex_context(request: QuotationRequest, template_version: int, *,
                  signer: User | None = None) -> dict[str, Any]:
    """The plain-dict context of PREVIEW_QUOTATIONS (documents/preview), from the request and
    its comparison; refused (QuotationError) while the request is sealed. `signer` is who
    made the table (by default who made the request). Always Vietnamese: the annex is a
    document, whatever language the page that asks for it speaks (its labels are read as
    text here)."""
    compared = compare(request)  # asks the sealing rule first
    chosen = choices_of(request)
    day = today()
    deadline = in_vietnam(request.deadline)
    org, plan = request.organisation, request.plan
    return {
        "pack": {"id": request.pack_id, "short_name": str(label(request.pack_id)),
                 "template_version": template_version},
        "document": {"place": _place(request), "date": day},
        "agency": {"name": body_name_on(org.name, day), "parent_body": org.parent_body or ""},
        "request": {"code": request.code, "title": request.title,
                    "deadline": deadline.date(), "deadline_time": deadline.strftime("%H:%M"),
                    "place": request.place, "invited": len(request.invitations),
                    "answered": len(request.answers)},
        "plan": {"title": plan.title, "number": plan.number or ""} if plan else None,
        "minimum": rules.minimum_valid(request.pack_id),
        "lines": [_line(number, line, chosen.get(line.line.id))
                  for number, line in enumerate(compared, start=1)],
        "signer": {"name": (signer or request.created_by).name},
    }


def annexes_of(request: QuotationRequest) -> list[GeneratedDocument]:
    """The annexes made of a request, newest first."""
    return storage.documents_of(OWNER, request.id)


def generate_annex(request: QuotationRequest, *, actor: User) -> GeneratedDocument:
    """Render the annex from the pack's template and keep the copy; an identical one is reused.
    Refused (QuotationError) while the request is sealed, and once it is cancelled."""
    if why := annex_refusal(request):
        raise rules.QuotationError(why)
    template = storage.template_for(request.pack_id, KIND, today())
    data = render_docx(storage.template_path(template),
                       annex_context(request, template.version, signer=actor))
    if unchanged := storage.latest_unchanged(OWNER, request.id, template, data):
        return unchanged
    document = storage.store_document(
        OWNER, request.id, KIND, template, data,
        f"bang-tong-hop-bao-gia-{request.code.lower()}.docx", actor=actor)
    record_event("quotation_request.annex", "quotation_request", request.id, user=actor,
                 summary=f"Lập bảng tổng hợp báo giá của yêu cầu {request.code} (mẫu "
                         f"{request.pack_id} phiên bản {template.version})",
                 changes={"document": [None, document.sha256]})
    return document


def annex_panel(request: QuotationRequest, user) -> dict:
    """What the request's page shows of its annex: the copies made (for the requesting agency's
    people once the answers are opened), whether this user may make one now, and where."""
    readable = rules.is_requester(user, request) and not rules.is_sealed(request)
    refusal = annex_refusal(request)
    return {
        "visible": rules.is_requester(user, request),
        "documents": annexes_of(request) if readable else [],
        "may_generate": rules.may_manage(user, request) and refusal is None,
        "why_not": refusal or "",
        "generate_url": url_for("plans.quotation_annex_generate", request_id=request.id),
        "request_id": request.id,
    }
