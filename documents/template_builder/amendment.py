"""The contract amendment (phụ lục hợp đồng) template: header, bases, parties, the changed
terms article by article, validity and signatures. Context: PREVIEW_AMENDMENT."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt

from documents.template_builder import kit
from documents.template_builder.bases import basis_lines
from documents.template_builder.contract import (PRICE_HEADER, PRICE_SIZE, PRICE_WIDTHS,
                                                 SLA_HEADER, _party)

TITLE = "PHỤ LỤC HỢP ĐỒNG SỐ {{ amendment.number }}"


def _heading(doc: DocumentObject, key: str, title: str) -> None:
    kit.para(doc, f"Điều {{{{ articles.{key} }}}}. {title}", bold=True, indent=False,
             keep_next=True, align="left", after=Pt(4))


def _term(doc: DocumentObject) -> None:
    kit.tag(doc, "{%p if changes.term is not none %}")
    _heading(doc, "term", "Sửa đổi thời gian thuê dịch vụ")
    kit.para(doc, "Thời gian thuê dịch vụ quy định tại Hợp đồng số {{ contract.number }} được "
                  "sửa đổi từ {{ changes.term.months_before }} tháng (từ ngày "
                  "{{ changes.term.start|dmy }} đến hết ngày {{ changes.term.end_before|dmy }}) "
                  "thành **{{ changes.term.months }} tháng, từ ngày {{ changes.term.start|dmy }} "
                  "đến hết ngày {{ changes.term.end|dmy }}**.")
    kit.para(doc, "Các kỳ thanh toán được tính lại theo thời gian thuê mới; các kỳ đã nghiệm thu "
                  "và thanh toán trước ngày phụ lục có hiệu lực giữ nguyên.")
    kit.tag(doc, "{%p endif %}")


def _price(doc: DocumentObject) -> None:
    kit.tag(doc, "{%p if changes.lines is not none %}")
    _heading(doc, "lines", "Sửa đổi khối lượng, đơn giá và giá hợp đồng")
    kit.para(doc, "1. Khối lượng, đơn giá và thành tiền của các hạng mục dịch vụ được sửa đổi và "
                  "thay thế toàn bộ như sau:")
    table = kit.table(doc, PRICE_WIDTHS)
    kit.add_row(table, PRICE_HEADER, bold=True, aligns="cccccccc", header=True, size=PRICE_SIZE)
    kit.tag_row(table, "{%tr for line in changes.lines.rows %}")
    kit.add_row(table, ["{{ loop.index }}", "{{ line.name }}", "{{ line.unit }}",
                        "{{ line.quantity }}", "{{ line.months if line.months else '–' }}",
                        "{{ line.unit_price|vnd }}", "{{ line.vat_rate|vat_label }}",
                        "{{ line.amount|vnd }}"], aligns="clcccrcr", size=PRICE_SIZE)
    kit.tag_row(table, "{%tr endfor %}")
    kit.tag_row(table, "{%tr for group in changes.lines.vat_groups %}")
    kit.add_row(table, ["Cộng các hạng mục thuế suất {{ group.label }}", "{{ group.base|vnd }}"],
                merge_to=6, aligns="lr", size=PRICE_SIZE)
    kit.tag_row(table, "{%tr endfor %}")
    for label, value in (("Tổng cộng trước thuế GTGT", "{{ changes.lines.totals.before_vat|vnd }}"),
                         ("Thuế GTGT", "{{ changes.lines.totals.vat|vnd }}"),
                         ("Tổng giá trị hợp đồng sau điều chỉnh (đã gồm thuế GTGT)",
                          "{{ changes.lines.totals.total|vnd }}")):
        kit.add_row(table, [label, value], merge_to=6, aligns="lr", bold=True, size=PRICE_SIZE)
    kit.para(doc, "", after=Pt(0))
    kit.para(doc, "2. **Tổng giá trị hợp đồng sau điều chỉnh: {{ changes.lines.totals.total|vnd }} "
                  "đồng** (Bằng chữ: {{ changes.lines.totals.total|words }}), đã bao gồm thuế giá "
                  "trị gia tăng; giá trị trước điều chỉnh là "
                  "{{ changes.lines.totals_before.total|vnd }} đồng.")
    kit.tag(doc, "{%p if within_plan %}")  # printed only when checked (within_plan.py)
    kit.para(doc, "3. Giá hợp đồng sau điều chỉnh không vượt dự toán và kế hoạch thuê dịch vụ đã "
                  "được phê duyệt (kể cả phần điều chỉnh, nếu có).")
    kit.tag(doc, "{%p endif %}")
    kit.tag(doc, "{%p endif %}")


def _service_levels(doc: DocumentObject) -> None:
    kit.tag(doc, "{%p if changes.service_levels is not none %}")
    _heading(doc, "service_levels", "Sửa đổi chỉ tiêu chất lượng dịch vụ")
    kit.para(doc, "Các chỉ tiêu chất lượng dịch vụ của hợp đồng được sửa đổi và thay thế toàn bộ "
                  "như sau:")
    kit.levels_table(doc, "changes.service_levels", SLA_HEADER)
    kit.tag(doc, "{%p endif %}")


def _special_clauses(doc: DocumentObject) -> None:
    kit.tag(doc, "{%p if changes.special_clauses is not none %}")
    _heading(doc, "special_clauses", "Sửa đổi các điều khoản riêng")
    kit.tag(doc, "{%p if changes.special_clauses %}")
    kit.para(doc, "Các điều khoản riêng của hợp đồng được sửa đổi và thay thế toàn bộ như sau:")
    kit.tag(doc, "{%p for clause in changes.special_clauses %}")
    kit.para(doc, "{{ loop.index }}. {{ clause|lines }}")
    kit.tag(doc, "{%p endfor %}")
    kit.tag(doc, "{%p else %}")
    kit.para(doc, "Hai bên thống nhất bãi bỏ các điều khoản riêng đã thỏa thuận trong hợp đồng.")
    kit.tag(doc, "{%p endif %}")
    kit.tag(doc, "{%p endif %}")


def build_amendment(pack: str, version: int) -> DocumentObject:
    """The whole amendment template for a pack."""
    doc = kit.new_document(f"Phụ lục hợp đồng thuê dịch vụ CNTT ({pack})",
                           f"thue-dv-cntt template {pack}/amendment v{version}")
    kit.national_header(doc)
    kit.place_date(doc)
    kit.para(doc, TITLE, align="center", bold=True, size=Pt(14), after=Pt(0))
    kit.para(doc, "Kèm theo Hợp đồng thuê dịch vụ công nghệ thông tin số {{ contract.number }} "
                  "ký {{ contract.date|date_vn }}", align="center", italic=True, after=Pt(0))
    kit.para(doc, "Về việc: {{ contract.title }}", align="center", bold=True, after=Pt(12))
    basis_lines(doc, italic=True)
    kit.para(doc, "Căn cứ Hợp đồng thuê dịch vụ công nghệ thông tin số {{ contract.number }} ký "
                  "{{ contract.date|date_vn }} giữa {{ party_a.name }} và {{ party_b.name }};",
             italic=True)
    kit.para(doc, "Căn cứ nhu cầu điều chỉnh hợp đồng và thỏa thuận của hai bên.", italic=True)
    kit.para(doc, "Hôm nay, {{ document.date|date_vn }}, tại {{ document.place }}, chúng tôi "
                  "gồm:")
    _party(doc, "BÊN THUÊ DỊCH VỤ (Bên A)", "party_a")
    _party(doc, "BÊN CUNG CẤP DỊCH VỤ (Bên B)", "party_b")
    kit.para(doc, "Hai bên thống nhất ký Phụ lục hợp đồng số {{ amendment.number }} sửa đổi, bổ "
                  "sung Hợp đồng số {{ contract.number }}. Lý do điều chỉnh: "
                  "{{ amendment.reason|lines }}")
    kit.para(doc, "Nội dung sửa đổi, bổ sung như sau:")
    _term(doc)
    _price(doc)
    _service_levels(doc)
    _special_clauses(doc)
    _heading(doc, "validity", "Hiệu lực của phụ lục")
    kit.para(doc, "1. Phụ lục này là bộ phận không tách rời của Hợp đồng số {{ contract.number }} "
                  "và có hiệu lực kể từ ngày ký. Các nội dung khác của hợp đồng không được sửa "
                  "đổi tại phụ lục này giữ nguyên hiệu lực.")
    kit.para(doc, "2. Phụ lục được lập thành {{ copies }} bản có giá trị pháp lý như nhau, mỗi bên "
                  "giữ {{ copies_each }} bản.")
    signatures = kit.table(doc, [82, 83], grid=False)
    left, right = signatures.add_row().cells
    kit.signature_cell(left, "ĐẠI DIỆN BÊN A", "{{ party_a.position|upper }}",
                       "{{ party_a.representative }}")
    kit.signature_cell(right, "ĐẠI DIỆN BÊN B", "{{ party_b.position|upper }}",
                       "{{ party_b.representative }}")
    kit.footer(doc, "Phụ lục số {{ amendment.number }} – Hợp đồng số {{ contract.number }}")
    return doc
