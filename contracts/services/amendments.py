"""Amendments (phụ lục hợp đồng) to signed contracts: terms, comparison, document, applying.

An amendment carries the full set of amendable terms (months, price lines, service levels,
special clauses). `previous_terms` freezes the version it replaces; once it is signed the
contract's own columns take the amended terms.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from accounts.audit import diff_fields, jsonable, record_event
from accounts.models import User
from catalog.legal_bases import label
from contracts.access import may_amend
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import RUNNING, Contract, ContractLine, line_values
from contracts.services import lifecycle, terms
from contracts.services.document import party, party_a_on
from contracts.services.legal_basis import citations
from contracts.services.lifecycle import LifecycleError
from contracts.services.terms import lease_end
from contracts.services.within_plan import within_estimate
from core import clock
from core.formats import dmy, lines_of
from core.i18n import in_vietnamese
from core.money import format_vnd
from core.vat import vat_label
from documents import storage
from documents.engine import render_docx
from documents.models import GeneratedDocument
from extensions import db

TERM_KEYS = ("months", "lines", "service_levels", "special_clauses")


class AmendmentError(LifecycleError):
    """A refused amendment operation; the message is shown to the user."""


def current_terms(contract: Contract) -> dict:
    """The contract's amendable terms as they stand, JSON-safe."""
    return jsonable({
        "months": contract.months,
        "lines": [line_values(line) for line in contract.lines],
        "service_levels": [dict(item) for item in contract.service_levels or []],
        "special_clauses": contract.special_clauses or "",
    })


def amendments_of(contract: Contract) -> list[ContractAmendment]:
    """The contract's amendments by number."""
    return list(db.session.scalars(select(ContractAmendment).where(
        ContractAmendment.contract_id == contract.id).order_by(ContractAmendment.number)))


def open_amendment(contract: Contract) -> ContractAmendment | None:
    """The amendment still being prepared (not yet signed), if any."""
    return db.session.scalar(select(ContractAmendment).where(
        ContractAmendment.contract_id == contract.id, ContractAmendment.is_open))


def get_amendment(contract: Contract, number: int) -> ContractAmendment | None:
    """Amendment number `number` of the contract."""
    return db.session.scalar(select(ContractAmendment).where(
        ContractAmendment.contract_id == contract.id, ContractAmendment.number == number))


def start_amendment(contract: Contract, *, actor: User, today: date) -> ContractAmendment:
    """Open the next numbered amendment of a signed or active contract."""
    if not may_amend(actor, contract):
        raise AmendmentError(_("Bạn không có quyền lập phụ lục cho hợp đồng này."))
    if contract.status not in RUNNING:
        raise AmendmentError(_("Chỉ lập phụ lục cho hợp đồng đã ký hoặc đang thực hiện; hợp "
                               "đồng đang ở trạng thái “%(state)s”.",
                               state=contract.status_label))
    if (pending := open_amendment(contract)) is not None:
        raise AmendmentError(_(
            "Phụ lục số %(number)s đã được lập %(by)s và chưa ký xong; hãy hoàn tất phụ lục đó "
            "trước khi lập phụ lục mới.", number=pending.number_label,
            by=clock.done_by(pending.created_by.name, pending.created_at)))
    last = db.session.scalar(select(func.max(ContractAmendment.number)).where(
        ContractAmendment.contract_id == contract.id)) or 0
    now = current_terms(contract)
    amendment = ContractAmendment(contract_id=contract.id, number=last + 1, status="draft",
                                  place=contract.place, amendment_date=today, terms=now,
                                  previous_terms=now, created_by_id=actor.id, signatories={})
    db.session.add(amendment)
    db.session.flush()
    record_event("amendment.create", "amendment", amendment.id, user=actor,
                 summary=f"Lập phụ lục số {amendment.number_label} của hợp đồng {contract.number}")
    return amendment


def money_problem(contract: Contract, terms_dict: dict) -> str | None:
    """Why these terms cannot replace the contract's, given its accepted periods: they keep
    their amounts, so the amended value must cover them and the periods left must carry the
    rest (contracts.services.terms.Schedule)."""
    accepted = terms.accepted_of(Contract.id == contract.id).get(contract.id, {})
    if not accepted:
        return None
    after = terms.compute(terms_dict.get("lines", []), start=contract.start_date,
                          months=terms_dict.get("months"), schedule=contract.schedule,
                          milestones=contract.milestones, accepted=accepted)
    taken = sum(value if isinstance(value, int) else sum(b + v for b, v in value.values())
                for value in accepted.values())
    if after.total < taken:
        return _("Tổng giá trị sau điều chỉnh (%(total)s đồng) thấp hơn số tiền các kỳ đã "
                 "nghiệm thu (%(taken)s đồng): phụ lục chỉ thay đổi các kỳ chưa nghiệm thu, các "
                 "kỳ đã nghiệm thu giữ nguyên số tiền.", total=format_vnd(after.total),
                 taken=format_vnd(taken))
    if after.schedule.problem:
        return _("%(problem)s Phụ lục chỉ thay đổi các kỳ chưa nghiệm thu; các kỳ đã nghiệm thu "
                 "giữ nguyên số tiền và thuế suất.", problem=after.schedule.problem)
    return None


def save_amendment(amendment: ContractAmendment, values: dict, *, actor: User) -> None:
    """Save the reason, place, date and changed terms of a draft amendment."""
    if amendment.status != "draft" or not may_amend(actor, amendment.contract):
        raise AmendmentError(_("Phụ lục không còn là bản nháp nên không thể sửa."))
    if not values.get("lines"):
        raise AmendmentError(_("Phụ lục cần ít nhất một dòng dịch vụ có giá."))
    new_terms = jsonable({k: values[k] for k in TERM_KEYS})
    if problem := money_problem(amendment.contract, new_terms):
        raise AmendmentError(problem)
    before = {"reason": amendment.reason, "place": amendment.place,
              "amendment_date": amendment.amendment_date, **amendment.terms}
    after = {"reason": values["reason"], "place": values["place"],
             "amendment_date": values["amendment_date"], **new_terms}
    amendment.reason, amendment.place = values["reason"], values["place"]
    amendment.amendment_date, amendment.terms = values["amendment_date"], new_terms
    if changes := diff_fields(before, after):
        record_event("amendment.update", "amendment", amendment.id, user=actor,
                     summary=f"Cập nhật phụ lục số {amendment.number_label}", changes=changes)
    db.session.flush()


def _end(contract: Contract, months: int | None) -> date | None:
    return lease_end(contract.start_date, months)


def _term_text(contract: Contract, months: int | None) -> str:
    end = _end(contract, months)
    if contract.start_date and end:
        return _("%(months)s tháng, từ ngày %(start)s đến hết ngày %(end)s", months=months,
                 start=dmy(contract.start_date), end=dmy(end))
    return _("%(months)s tháng", months=months)


def _line_text(line: dict | None) -> str:
    if not line:
        return _("(không có)")
    return _("%(name)s: %(quantity)s %(unit)s × %(months)s tháng × %(price)s đồng, thuế GTGT "
             "%(vat)s", name=line["name"], quantity=line["quantity"], unit=line["unit"],
             months=line["months"], price=format_vnd(line["unit_price"]),
             vat=vat_label(line["vat_rate"]))


def _terms(contract: Contract, terms_dict: dict) -> terms.Terms:
    """What the contract's terms come to with these months and lines (an amendment's, or the
    version it replaces): the contract's own computation, on them."""
    return terms.compute(terms_dict.get("lines", []), start=contract.start_date,
                         months=terms_dict.get("months"), schedule=contract.schedule,
                         milestones=contract.milestones)


def _levels(items: list[dict]) -> dict[str, str]:
    return {i["name"]: i["target"] + (f" ({i['measure']})" if i.get("measure") else "")
            for i in items}


def term_changes(amendment: ContractAmendment) -> list[dict]:
    """What changed term by term: [{"term", "before", "after"}], for the comparison table (in
    the page's language; OCDS reads it in Vietnamese)."""
    contract, old, new = amendment.contract, amendment.previous_terms, amendment.terms
    rows = []
    if old.get("months") != new.get("months"):
        rows.append({"term": _("Thời gian thuê"),
                     "before": _term_text(contract, old.get("months")),
                     "after": _term_text(contract, new.get("months"))})
    old_lines, new_lines = old.get("lines", []), new.get("lines", [])
    for index in range(max(len(old_lines), len(new_lines))):
        before = old_lines[index] if index < len(old_lines) else None
        after = new_lines[index] if index < len(new_lines) else None
        if before != after:
            rows.append({"term": _("Giá dịch vụ – dòng %(no)s", no=index + 1),
                         "before": _line_text(before), "after": _line_text(after)})
    if old_lines != new_lines:
        rows.append({"term": _("Tổng giá trị hợp đồng (gồm thuế GTGT)"),
                     "before": _("%(amount)s đồng", amount=format_vnd(_terms(contract, old).total)),
                     "after": _("%(amount)s đồng", amount=format_vnd(_terms(contract, new).total))})
    old_levels, new_levels = _levels(old.get("service_levels", [])), _levels(
        new.get("service_levels", []))
    for name in list(old_levels) + [n for n in new_levels if n not in old_levels]:
        if old_levels.get(name) != new_levels.get(name):
            rows.append({"term": _("Chỉ tiêu chất lượng – %(name)s", name=name),
                         "before": old_levels.get(name, _("(không có)")),
                         "after": new_levels.get(name, _("(bỏ chỉ tiêu này)"))})
    if (old.get("special_clauses") or "").strip() != (new.get("special_clauses") or "").strip():
        rows.append({"term": _("Điều khoản riêng"),
                     "before": old.get("special_clauses") or _("(không có)"),
                     "after": new.get("special_clauses") or _("(không có)")})
    return rows


@in_vietnamese
def amendment_context(amendment: ContractAmendment, template_version: int) -> dict:
    """The plain-dict context of PREVIEW_AMENDMENT in documents/preview."""
    contract, old, new = amendment.contract, amendment.previous_terms, amendment.terms
    after = _terms(contract, new)
    changes: dict = {"term": None, "lines": None, "service_levels": None, "special_clauses": None}
    if old.get("months") != new.get("months"):
        changes["term"] = {"months_before": old.get("months"), "months": new.get("months"),
                           "start": contract.start_date,
                           "end_before": _end(contract, old.get("months")),
                           "end": _end(contract, new.get("months"))}
    if old.get("lines") != new.get("lines"):
        before = _terms(contract, old)
        changes["lines"] = {
            "rows": [dict(line) for line in after.lines],
            "vat_groups": [{**group, "label": str(group["label"])}
                           for group in after.vat_groups],
            "totals": {k: after.totals[k] for k in ("before_vat", "vat", "total")},
            "totals_before": {k: before.totals[k] for k in ("before_vat", "vat", "total")}}
    if old.get("service_levels") != new.get("service_levels"):
        changes["service_levels"] = [{"name": i["name"], "target": i["target"],
                                      "measure": i.get("measure", "")}
                                     for i in new["service_levels"]]
    if (old.get("special_clauses") or "").strip() != (new.get("special_clauses") or "").strip():
        changes["special_clauses"] = lines_of(new.get("special_clauses", ""))
    articles, number = {}, 0
    for key in ("term", "lines", "service_levels", "special_clauses"):
        articles[key] = (number := number + 1) if changes[key] is not None else None
    articles["validity"] = number + 1
    return {
        "pack": {"id": contract.pack_id, "short_name": label(contract.pack_id),
                 "template_version": template_version},
        "document": {"number": f"{amendment.number_label}/{contract.number}",
                     "place": amendment.place, "date": amendment.amendment_date},
        "amendment": {"number": amendment.number_label, "reason": amendment.reason},
        "contract": {"number": contract.number, "title": contract.title,
                     "date": contract.signed_date},
        "citations": citations(contract, "amendment", amendment.amendment_date),
        "extra_bases": list(contract.extra_bases),
        "party_a": party_a_on(contract, amendment.amendment_date),
        "party_b": party(contract.party_b),
        "changes": changes,
        # Its price clause says it stays within the approved estimate only when checked.
        "within_plan": within_estimate(contract, after.totals["total"]),
        "articles": articles,
        "copies": contract.copies,
        "copies_each": contract.copies_each,
    }


def _frozen_reason(amendment_id: int) -> str | None:
    """Why an amendment's text may no longer change: it has been signed."""
    amendment = db.session.get(ContractAmendment, amendment_id)
    if amendment is None or amendment.status != "signed":
        return None
    if amendment.signed_on:
        return _("Phụ lục số %(number)s đã ký ngày %(day)s: văn bản đã ký không bao giờ được tạo "
                 "lại hay thay thế.", number=amendment.number_label,
                 day=dmy(amendment.signed_on))
    return _("Phụ lục số %(number)s đã ký: văn bản đã ký không bao giờ được tạo lại hay thay "
             "thế.", number=amendment.number_label)


storage.register_freeze("amendment", "amendment", _frozen_reason)


def generate_amendment_document(amendment: ContractAmendment, *, actor: User | None = None
                                ) -> GeneratedDocument:
    """Render the amendment from its pack's "amendment" template and keep the copy."""
    if amendment.status != "draft":
        raise AmendmentError(_("Phụ lục không còn là bản nháp nên không tạo lại văn bản được."))
    if not amendment.reason.strip():
        raise AmendmentError(_("Vui lòng ghi lý do điều chỉnh trước khi tạo văn bản phụ lục."))
    if not term_changes(amendment):
        raise AmendmentError(_("Phụ lục chưa thay đổi điều khoản nào so với hợp đồng hiện "
                               "hành."))
    contract = amendment.contract
    day = amendment.amendment_date or clock.today()
    template = storage.template_for(contract.pack_id, "amendment", day)
    amendment.template_id = template.id
    data = in_vietnamese(render_docx)(storage.template_path(template),
                                      amendment_context(amendment, template.version))
    name = f"phu-luc-{amendment.number_label}-hop-dong-{contract.number.replace('/', '-')}.docx"
    document = storage.store_document("amendment", amendment.id, "amendment", template, data,
                                      name, actor=actor)
    record_event("amendment.generate", "amendment", amendment.id, user=actor,
                 summary=f"Tạo văn bản phụ lục số {amendment.number_label} "
                         f"(mẫu {contract.pack_id} phiên bản {template.version})")
    db.session.flush()
    return document


def apply_amendment(amendment: ContractAmendment, *, actor: User | None) -> None:
    """On signing: freeze the terms it replaces and make its terms the contract's own."""
    contract = amendment.contract
    if problem := money_problem(contract, amendment.terms):
        raise AmendmentError(problem)
    previous = current_terms(contract)
    amendment.previous_terms = previous
    new_terms = amendment.terms
    contract.months = new_terms["months"]
    contract.lines = [ContractLine(position=i, **line_values(line))
                      for i, line in enumerate(new_terms["lines"])]
    contract.service_levels = [dict(item) for item in new_terms["service_levels"]]
    contract.special_clauses = new_terms["special_clauses"]
    contract.version += 1
    record_event("contract.amend", "contract", contract.id, user=actor,
                 summary=f"Áp dụng phụ lục số {amendment.number_label}: điều khoản hiện hành "
                         "của hợp đồng là điều khoản đã sửa đổi",
                 changes=diff_fields(previous, new_terms))
    db.session.flush()


def term_versions(contract: Contract) -> list[dict]:
    """Each version of the terms: the original as signed, then after each signed amendment."""
    signed = [a for a in amendments_of(contract) if a.status == "signed"]
    if not signed:
        return [{"label": _("Bản gốc"), "terms": current_terms(contract)}]
    versions = [{"label": _("Bản gốc"), "terms": signed[0].previous_terms}]
    versions += [{"label": _("Sau phụ lục số %(number)s", number=a.number_label), "terms": a.terms}
                 for a in signed]
    return versions


def sign_amendment(contract: Contract, amendment: ContractAmendment, signed_on: date,
                   signatories: dict, *, actor: User) -> None:
    """Record the amendment's signing (lifecycle.sign), then make its terms the contract's;
    refused before anything is recorded when its terms would move money out of accepted
    periods accepted since it was saved."""
    if problem := money_problem(contract, amendment.terms):
        raise AmendmentError(problem)
    lifecycle.sign(contract, signed_on, signatories, actor=actor, amendment=amendment)
    apply_amendment(amendment, actor=actor)
