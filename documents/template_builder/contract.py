"""The lease contract template: header, bases, parties, articles, tables and signatures."""

from __future__ import annotations

import re

from docx.document import Document as DocumentObject
from docx.shared import Mm, Pt

from documents.template_builder import kit
from documents.template_builder.bases import basis_lines
from documents.requirements import clause_marker
from documents.template_builder.contract_articles import articles

TITLE = "HỢP ĐỒNG THUÊ DỊCH VỤ CÔNG NGHỆ THÔNG TIN"
PRICE_HEADER = ["STT", "Nội dung dịch vụ", "Đơn vị tính", "Số lượng", "Số tháng",
                "Đơn giá (đồng)", "Thuế GTGT", "Thành tiền (đồng)"]
PRICE_WIDTHS = [9, 41, 17, 13, 14, 23, 21, 27]
PRICE_SIZE = Pt(11)  # eight columns on 165 mm: one point smaller than other tables
PAYMENT_HEADER = ["Kỳ", "Nội dung", "Thời hạn thanh toán", "Số tiền (đồng)"]
SLA_HEADER = ["STT", "Chỉ tiêu", "Mức cam kết", "Cách đo lường"]


def _party(doc: DocumentObject, heading: str, key: str) -> None:
    """A party block: name in bold, then its details."""
    kit.para(doc, f"**{heading}: {{{{ {key}.name }}}}**", indent=False, keep_next=True,
             after=Pt(2))
    for label, field in (("Địa chỉ", "address"), ("Điện thoại", "phone"),
                         ("Thư điện tử", "email"), ("Mã số thuế", "tax_code")):
        kit.para(doc, f"{label}: {{{{ {key}.{field} }}}}", indent=False, after=Pt(2))
    kit.para(doc, f"Số tài khoản: {{{{ {key}.account }}}} tại {{{{ {key}.bank }}}}",
             indent=False, after=Pt(2))
    if key == "party_a":  # a state agency pays through the State Treasury under its code
        kit.tag(doc, "{%p if party_a.budget_code %}")
        kit.para(doc, "Mã số đơn vị có quan hệ với ngân sách: {{ party_a.budget_code }}",
                 indent=False, after=Pt(2))
        kit.tag(doc, "{%p endif %}")
    person = kit.para(doc, f"Đại diện: Ông/Bà **{{{{ {key}.representative }}}}**"
                      f"\tChức vụ: {{{{ {key}.position }}}}", indent=False)
    person.paragraph_format.tab_stops.add_tab_stop(Mm(95))


def _price_table(doc: DocumentObject) -> None:
    """Price lines, a subtotal and VAT row per VAT group, then the totals."""
    table = kit.table(doc, PRICE_WIDTHS)
    kit.add_row(table, PRICE_HEADER, bold=True, aligns="cccccccc", header=True,
                size=PRICE_SIZE)
    kit.tag_row(table, "{%tr for line in lines %}")
    kit.add_row(table, ["{{ loop.index }}", "{{ line.name }}", "{{ line.unit }}",
                        "{{ line.quantity }}", "{{ line.months if line.months else '–' }}",
                        "{{ line.unit_price|vnd }}", "{{ line.vat_rate|vat_label }}",
                        "{{ line.amount|vnd }}"], aligns="clcccrcr", size=PRICE_SIZE)
    kit.tag_row(table, "{%tr endfor %}")
    kit.tag_row(table, "{%tr for group in vat_groups %}")
    kit.add_row(table, ["Cộng các hạng mục thuế suất {{ group.label }}",
                        "{{ group.base|vnd }}"], merge_to=6, aligns="lr", size=PRICE_SIZE)
    kit.tag_row(table, "{%tr if group.vat %}")
    kit.add_row(table, ["Thuế GTGT {{ group.label }}", "{{ group.vat|vnd }}"], merge_to=6,
                aligns="lr", size=PRICE_SIZE)
    kit.tag_row(table, "{%tr endif %}")
    kit.tag_row(table, "{%tr endfor %}")
    for label, value in (("Tổng cộng trước thuế GTGT", "{{ totals.before_vat|vnd }}"),
                         ("Thuế GTGT", "{{ totals.vat|vnd }}"),
                         ("Tổng giá trị hợp đồng (đã gồm thuế GTGT)", "{{ totals.total|vnd }}")):
        kit.add_row(table, [label, value], merge_to=6, aligns="lr", bold=True, size=PRICE_SIZE)
    kit.para(doc, "", after=Pt(0))


def _payment_table(doc: DocumentObject) -> None:
    """Payment periods: number, what is paid, due date and amount."""
    table = kit.table(doc, [14, 86, 30, 35])
    kit.add_row(table, PAYMENT_HEADER, bold=True, aligns="cccc", header=True)
    kit.tag_row(table, "{%tr for period in payment.periods %}")
    kit.add_row(table, ["{{ period.no }}", "{{ period.label }}", "{{ period.due|dmy }}",
                        "{{ period.amount|vnd }}"], aligns="clcr")
    kit.tag_row(table, "{%tr endfor %}")
    kit.add_row(table, ["Cộng", "{{ totals.total|vnd }}"], merge_to=2, aligns="lr", bold=True)
    kit.para(doc, "", after=Pt(0))


def _service_levels(doc: DocumentObject) -> None:
    """Service levels with their targets and how each is measured."""
    kit.levels_table(doc, "service_levels", SLA_HEADER)


def _special_clauses(doc: DocumentObject) -> None:
    """The clauses the parties added, numbered, or a sentence saying there are none."""
    kit.tag(doc, "{%p for clause in special_clauses %}")
    kit.para(doc, "{{ loop.index }}. {{ clause|lines }}")
    kit.tag(doc, "{%p endfor %}")
    kit.tag(doc, "{%p if not special_clauses %}")
    kit.para(doc, "Hai bên không có thỏa thuận nào khác.")
    kit.tag(doc, "{%p endif %}")


# Each article carries the marker of the domain.md §5 clause it is (documents.requirements).
CLAUSE_OF = {"sla": "service_levels", "term": "timeline", "work_plan": "implementation_plan",
             "inspection": "quality_checks", "data": "data_handover",
             "ip": "intellectual_property", "rights_a": "rights_party_a",
             "rights_b": "rights_party_b", "penalty": "penalties"}
NO_CLAUSE = {"other"}  # the parties' own clauses: no clause of §5 by itself

BLOCKS = {"@price_table": _price_table, "@payment_table": _payment_table,
          "@service_levels": _service_levels, "@special_clauses": _special_clauses}


def _articles(doc: DocumentObject, pack: str) -> None:
    """Numbered articles with cross references resolved to article numbers."""
    items = articles(pack)
    numbers = {key: str(index) for index, (key, _, _) in enumerate(items, start=1)}
    for number, (key, title, paragraphs) in enumerate(items, start=1):
        marker = "" if key in NO_CLAUSE else clause_marker(CLAUSE_OF.get(key, key))
        kit.para(doc, f"Điều {number}. {title}{marker}", bold=True, indent=False, keep_next=True,
                 align="left", after=Pt(4))
        for text in paragraphs:
            if text.startswith("@"):
                BLOCKS[text](doc)
                continue
            if text.startswith("{%p"):  # a condition around the paragraphs that follow
                kit.tag(doc, text)
                continue
            kit.para(doc, re.sub(r"§(\w+)§", lambda m: numbers[m.group(1)], text))


def build_contract(pack: str, version: int) -> DocumentObject:
    """The whole contract template for a pack."""
    doc = kit.new_document(f"Hợp đồng thuê dịch vụ CNTT ({pack})",
                           f"thue-dv-cntt template {pack}/contract v{version}")
    kit.national_header(doc)
    kit.place_date(doc)
    kit.para(doc, TITLE, align="center", bold=True, size=Pt(14), after=Pt(0))
    kit.para(doc, "Dịch vụ: {{ service.name }}", align="center", bold=True, after=Pt(0))
    kit.para(doc, "Số: {{ document.number }}", align="center", after=Pt(12))
    basis_lines(doc, italic=True)
    kit.para(doc, "Căn cứ nhu cầu của Bên A và khả năng cung cấp dịch vụ của Bên B.", italic=True)
    kit.para(doc, "Hôm nay, {{ document.date|date_vn }}, tại {{ document.place }}, chúng tôi "
                  "gồm:" + clause_marker("parties"))
    _party(doc, "BÊN THUÊ DỊCH VỤ (Bên A)", "party_a")
    _party(doc, "BÊN CUNG CẤP DỊCH VỤ (Bên B)", "party_b")
    kit.para(doc, "Hai bên thống nhất ký kết hợp đồng thuê dịch vụ công nghệ thông tin với các "
                  "điều khoản sau đây:")
    _articles(doc, pack)
    signatures = kit.table(doc, [82, 83], grid=False)
    left, right = signatures.add_row().cells
    kit.signature_cell(left, "ĐẠI DIỆN BÊN A" + clause_marker("signatures"),
                       "{{ party_a.position|upper }}", "{{ party_a.representative }}")
    kit.signature_cell(right, "ĐẠI DIỆN BÊN B", "{{ party_b.position|upper }}",
                       "{{ party_b.representative }}")
    kit.footer(doc, "Hợp đồng số {{ document.number }}")
    return doc
