"""Preview data for the Word templates, and the specification of the document context.

The code that builds a context from the database must produce exactly these keys. Values are
raw: amounts are ``int`` đồng, dates ``datetime.date``, decimal rates are strings such as
"0.06" (exact, unlike float), text is plain ``str`` whose "\\n" become line breaks through the
``lines`` filter. Only str, int, bool, None, date, list and dict appear. The engine adds
``laws`` itself (documents.laws.laws_for): civil_code, it, digital and bidding (the Law on
Bidding in force on ``document.date``).

Both kinds
    pack: {id "nd73-2019", short_name, template_version int}
    document: {number "12/2026/HĐ-THDV" (plan "15/KH-SKHCN"), place "Thái Nguyên", date}
    citations: [str] the registry's "Căn cứ" lines for the pack, kind and date
        (documents.instruments.citations_for), without "Căn cứ" and the ";"
    extra_bases: [str] "Căn cứ" lines after the pack's own, without "Căn cứ" and the ";"

Contract (PREVIEW_CONTRACT)
    within_plan: bool, the contract was checked against its approved plan (Article 6.4 then
        says the price is within the approved estimate)
    party_a, party_b: {name, address, phone, email, tax_code, account, bank,
        representative, position}; A leases (the agency), B provides (the vendor); party_a
        also has budget_code (mã đơn vị có quan hệ với ngân sách), printed when given
    service: {code, name, description, unit, security_level int 1-5}
    offering: {name, hosting_location, support, technical} (the vendor's offering; technical
        = the agreed technical requirements, text)
    lines: [{name, unit, quantity int, months int|None (None for a one-off item),
        unit_price, vat_rate "kct"|"0"|"5"|"8"|"10", amount (before VAT), vat, total}]
    vat_groups: [{rate, label "Không chịu thuế"|"10%"..., base, vat}], one per rate used
    totals: {before_vat, vat, total}
    service_levels: [{name, target, measure}]
    term: {preparation_months, start, end (lease period dates), months, handover_days}
    payment: {schedule "monthly"|"quarterly"|"milestone", schedule_label, method,
        days (days to pay after a complete payment file), periods [{no, label, due (the
        period's last day; the lease's end for a milestone), amount}]}
    data_handover: str, the agreed handover method, tools and timing
    special_clauses: [str], may be empty
    copies: int originals in all; copies_each: int kept by each party

Plan (PREVIEW_PLAN)
    agency: {name, parent_body, address}; signer: {title "GIÁM ĐỐC", name}; recipients: [str]
    subject: str, what is leased, shown under the title
    Section texts (str): current_state, necessity, items, objectives, scope, users,
        conformity (nd224-2026 only), quality, technical, connection, in_house_software,
        security, other_requirements, vendor_requirements (qd80-2014 only), data_ownership,
        schedule, changes
    service_levels: [{name, target, measure}], the required levels (proposed in the contract)
    period: {text, start, end, months, preparation_months}
    security_level_proposal: {level int 1-5, reasons str} (nd73-2019 and later)
    method: str, how the estimate was made
    cost_parts: [{part "lease"|"management"|"consultancy"|"other"|"contingency", label,
        lines [{name, basis (how computed), amount (VAT included)}], subtotal}], five parts
    year_totals: [{year int, amount}]; total: int, the whole estimate
    working: None, or the Circular 12/2020 calculator {build_cost, residual, annual_rate,
        periods_per_year, periods, vat_rate, in_advance bool, periodic_rate, growth, payment,
        total} (rates and growth as decimal strings)

Annex "Bảng tổng hợp báo giá" (PREVIEW_QUOTATIONS, kind "quotations"; cites nothing)
    pack, document: {place, date} as above (no number); agency: {name (as on the date),
    parent_body}; signer: {name} (the agency's staff who made it)
    request: {code "YCBG-2026-0012", title, deadline (its day in Vietnam), deadline_time
        "17:00", place (of delivery), invited int (vendors invited), answered int (answers
        received, declines included)}
    plan: None, or {title, number} of the plan the request feeds ("Kèm theo Kế hoạch …")
    minimum: int, the valid answers a comparison should rest on under the pack
    lines: [{no, service {code, name}, unit, quantity, months,
        quotes [{vendor {name, tax_code}, declined bool, late bool, decline_reason,
            unit_price int|None (before VAT; None when declined or not priced),
            vat_label ("" when not priced), valid_until date|None, note, valid bool,
            flags [str] (the labels of plans.quotations.comparison.FLAGS)}],
        figures {count, lowest, median, average, highest, spread: int, all None when count
            is 0; spread_percent: decimal string "10.0" or None}, valid_count int,
        enough bool (valid_count reaches minimum),
        choice: None, or {method (CHOICE_METHODS key), method_label, unit_price, vat_label,
            vendor (the chosen vendor's name, "" for other methods), reason}}]
"""
from documents.preview.contract import (ACCEPTANCE_KINDS, PREVIEW_ACCEPTANCE, PREVIEW_AMENDMENT,
                                        PREVIEW_CONTRACT)
from documents.preview.plan import PREVIEW_PLAN
from documents.preview.quotations import PREVIEW_QUOTATIONS

PREVIEWS: dict[str, dict] = {"plan": PREVIEW_PLAN, "contract": PREVIEW_CONTRACT,
                             **{kind: PREVIEW_ACCEPTANCE for kind in ACCEPTANCE_KINDS},
                             "amendment": PREVIEW_AMENDMENT, "quotations": PREVIEW_QUOTATIONS}

__all__ = ["ACCEPTANCE_KINDS", "PREVIEWS", "PREVIEW_ACCEPTANCE", "PREVIEW_AMENDMENT",
           "PREVIEW_CONTRACT", "PREVIEW_PLAN", "PREVIEW_QUOTATIONS"]
