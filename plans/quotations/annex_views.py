"""The annex "Bảng tổng hợp báo giá": make it, download it and its PDF.

Only the requesting agency's people reach these, and only once the answers are opened (the
sealing rule, plans.quotations.rules); everyone else, and any foreign id, gets 404.
"""
from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required

from core.transaction import attempt, get_for_request
from documents.views import ask_for_pdf, owned_document_or_404, send_document, send_pdf
from plans import bp
from plans.quotations import rules
from plans.quotations.annex import OWNER, generate_annex
from plans.quotations.models import QuotationRequest

BASE = "/quotations/<int:request_id>/annex"


def request_page(request_id: int, anchor: str = "annex") -> str:
    """The request's page, at its annex section."""
    return url_for("plans.quotation_show", request_id=request_id, _anchor=anchor)


def quotation_or_404(request_id: int, allowed) -> QuotationRequest:
    """The request if `allowed(user, request)`, else 404 (no probing of foreign ids)."""
    found = get_for_request(QuotationRequest, request_id)
    if found is None or not allowed(current_user, found):
        abort(404)
    return found


def _reader(user, found: QuotationRequest) -> bool:
    """The requesting agency's people, once the answers are no longer sealed."""
    return rules.is_requester(user, found) and not rules.is_sealed(found)


def annex_or_404(request_id: int, document_id: int):
    found = quotation_or_404(request_id, _reader)
    return found, owned_document_or_404(document_id, {(OWNER, found.id)})


@bp.route(BASE, methods=["POST"])
@login_required
def quotation_annex_generate(request_id):
    """Make the annex as the comparison stands (an identical copy is reused), then send it."""
    found = quotation_or_404(request_id, rules.may_manage)
    with attempt() as done:
        document = generate_annex(found, actor=current_user)
    if not done:
        return redirect(request_page(found.id))
    return redirect(url_for("plans.quotation_annex", request_id=found.id,
                            document_id=document.id))


@bp.route(f"{BASE}/<int:document_id>")
@login_required
def quotation_annex(request_id, document_id):
    _found, document = annex_or_404(request_id, document_id)
    return send_document(document)


@bp.route(f"{BASE}/<int:document_id>/pdf", methods=["GET", "POST"])
@login_required
def quotation_annex_pdf(request_id, document_id):
    """GET: the annex's stored PDF/A; POST: make it, when it has none yet."""
    found, document = annex_or_404(request_id, document_id)
    back = request_page(found.id, f"annex-doc-{document.id}")
    return ask_for_pdf(document, back) if request.method == "POST" else send_pdf(document, back)
