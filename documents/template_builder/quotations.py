"""The annex "Bảng tổng hợp báo giá" of a request for quotations (issue 16, point 4), per pack,
in our own words: every vendor's quote per line, the figures of the valid ones, the method the
agency chose, and who made it. The context is PREVIEW_QUOTATIONS of documents/preview; it
cites nothing (like the acceptance forms): it is an annex of the plan's estimate.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt

from documents.template_builder import kit

TITLE = "BẢNG TỔNG HỢP BÁO GIÁ"
# What the annex is for under each basis: the source of prices each one names.
PURPOSE = {
    "qd80-2014": "Bảng tổng hợp này là căn cứ xác định chi phí thuê dịch vụ trên cơ sở báo giá "
                 "của các nhà cung cấp, để so sánh với phương án tự đầu tư.",
    "nd73-2019": "Bảng tổng hợp này là căn cứ xác định chi phí thuê dịch vụ theo phương pháp "
                 "thu thập báo giá thị trường.",
    "nd224-2026": "Bảng tổng hợp này là căn cứ xác định chi phí thuê dịch vụ theo phương pháp "
                  "thu thập báo giá công khai; các báo giá được niêm phong đến khi hết hạn nhận "
                  "báo giá và chỉ được mở sau thời điểm đó.",
}
QUOTE_HEADER = ["STT", "Nhà cung cấp", "Đơn giá trước thuế (đồng)", "Thuế suất GTGT",
                "Hiệu lực đến", "Tính vào so sánh", "Ghi chú"]
QUOTE_WIDTHS = [9, 45, 27, 18, 20, 16, 30]
FIGURE_ROWS = [
    ("Giá thấp nhất", "lowest"),
    ("Giá trung vị", "median"),
    ("Giá trung bình", "average"),
    ("Giá cao nhất", "highest"),
    ("Chênh lệch giữa giá cao nhất và thấp nhất", "spread"),
]
NONE = "—"


def _money(expression: str) -> str:
    """An amount that may be missing: figures grouped by dots, else a dash."""
    return f"{{{{ {expression}|vnd if {expression} is not none else '{NONE}' }}}}"


def _header(doc: DocumentObject) -> None:
    """The agency on the left, national header and the place and date on the right."""
    table = kit.table(doc, [65, 100], grid=False)
    left, right = table.add_row().cells
    kit.first_paragraph(left, "{{ agency.parent_body|upper }}", align="center")
    kit.para(left, "{{ agency.name|upper }}", align="center", bold=True, style=kit.TABLE_STYLE)
    kit.first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True)
    kit.para(right, "Độc lập - Tự do - Hạnh phúc", align="center", bold=True, underline=True,
             style=kit.TABLE_STYLE)
    kit.place_date(right, align="center").style = doc.styles[kit.TABLE_STYLE]


def _title(doc: DocumentObject) -> None:
    kit.para(doc, TITLE, align="center", bold=True, size=Pt(14), after=Pt(0))
    kit.para(doc, "{{ request.title }}", align="center", bold=True, after=Pt(0))
    kit.tag(doc, "{%p if plan %}")
    kit.para(doc, "(Kèm theo Kế hoạch thuê dịch vụ “{{ plan.title }}”"
                  "{{ (' số ' ~ plan.number) if plan.number else '' }})",
             align="center", italic=True, after=Pt(0))
    kit.tag(doc, "{%p endif %}")
    kit.para(doc, "", after=Pt(6))


def _introduction(doc: DocumentObject, pack: str) -> None:
    kit.para(doc, "Căn cứ Yêu cầu báo giá số {{ request.code }} của {{ agency.name }}, với hạn "
                  "nhận báo giá lúc {{ request.deadline_time }} {{ request.deadline|date_vn }} "
                  "và địa điểm cung cấp dịch vụ tại {{ request.place }};")
    kit.para(doc, "{{ agency.name }} đã mời {{ request.invited }} nhà cung cấp và nhận được "
                  "{{ request.answered }} phản hồi (kể cả phản hồi từ chối báo giá). "
                  f"{PURPOSE[pack]} Các báo giá được tổng hợp theo từng hạng mục như sau:")


def _quotes(doc: DocumentObject) -> None:
    """Every vendor who answered, valid or not, with what keeps a quote out of the count."""
    table = kit.table(doc, QUOTE_WIDTHS)
    kit.add_row(table, QUOTE_HEADER, bold=True, aligns="ccccccc", header=True, size=Pt(11))
    kit.tag_row(table, "{%tr for quote in line.quotes %}")
    note = ("{{ quote.flags|join('; ') }}"
            "{% if quote.decline_reason %}. Lý do: {{ quote.decline_reason }}{% endif %}"
            "{% if quote.note %}{{ '. ' if quote.flags or quote.decline_reason else '' }}"
            "{{ quote.note }}{% endif %}")
    kit.add_row(table, [
        "{{ loop.index }}", "{{ quote.vendor.name }} (MST {{ quote.vendor.tax_code }})",
        _money("quote.unit_price"),
        "{{ quote.vat_label or '" + NONE + "' }}",
        "{{ quote.valid_until|dmy if quote.valid_until else '" + NONE + "' }}",
        "{{ 'Có' if quote.valid else 'Không' }}", note], aligns="clrccc" + "l", size=Pt(11))
    kit.tag_row(table, "{%tr endfor %}")
    kit.para(doc, "", after=Pt(0))


def _figures(doc: DocumentObject) -> None:
    """The figures of the valid quotes, the count against the minimum."""
    kit.para(doc, "Tổng hợp các báo giá hợp lệ ({{ line.valid_count }} báo giá; số tối thiểu "
                  "cần có: {{ minimum }}):", keep_next=True)
    table = kit.table(doc, [105, 60])
    kit.add_row(table, ["Chỉ tiêu", "Đơn giá trước thuế (đồng)"], bold=True, aligns="cc",
                header=True)
    for label, key in FIGURE_ROWS:
        kit.add_row(table, [label, _money(f"line.figures.{key}")], aligns="lr")
    kit.add_row(table, ["Tỷ lệ chênh lệch so với giá thấp nhất",
                        "{{ (line.figures.spread_percent|num ~ '%') if line.figures."
                        "spread_percent is not none else '" + NONE + "' }}"], aligns="lr")
    kit.para(doc, "", after=Pt(0))
    kit.tag(doc, "{%p if not line.enough %}")
    kit.para(doc, "Lưu ý: hạng mục này chưa đủ số báo giá hợp lệ tối thiểu; cơ quan cần giải "
                  "trình hoặc bổ sung nguồn giá khác khi xác định đơn giá.", italic=True)
    kit.tag(doc, "{%p endif %}")


def _choice(doc: DocumentObject) -> None:
    """The method the agency chose for the line, its unit price and why, or that none is."""
    kit.tag(doc, "{%p if line.choice %}")
    kit.para(doc, "Phương pháp xác định đơn giá: **{{ line.choice.method_label }}**"
                  "{{ (' (' ~ line.choice.vendor ~ ')') if line.choice.vendor else '' }}; "
                  "đơn giá được chọn: **{{ line.choice.unit_price|vnd }} đồng** (chưa gồm thuế "
                  "GTGT; thuế suất {{ line.choice.vat_label }}).")
    kit.tag(doc, "{%p if line.choice.reason %}")
    kit.para(doc, "Lý do lựa chọn: {{ line.choice.reason|lines }}")
    kit.tag(doc, "{%p endif %}")
    kit.tag(doc, "{%p else %}")
    kit.para(doc, "Phương pháp xác định đơn giá: chưa lựa chọn.", italic=True)
    kit.tag(doc, "{%p endif %}")


def _lines(doc: DocumentObject) -> None:
    kit.tag(doc, "{%p for line in lines %}")
    kit.para(doc, "{{ line.no }}. {{ line.service.name }} (mã {{ line.service.code }}): "
                  "{{ line.quantity }} × {{ line.unit }} trong {{ line.months }} tháng",
             bold=True, indent=False, keep_next=True)
    _quotes(doc)
    _figures(doc)
    _choice(doc)
    kit.tag(doc, "{%p endfor %}")


def _notes(doc: DocumentObject) -> None:
    kit.para(doc, "Ghi chú:", bold=True, indent=False, keep_next=True, after=Pt(2))
    for text in (
        "1. Đơn giá là giá chào cho một đơn vị tính, chưa gồm thuế giá trị gia tăng (GTGT); "
        "thuế suất GTGT ghi riêng theo từng báo giá. Các báo giá được so sánh trên giá trước "
        "thuế.",
        "2. Báo giá hợp lệ là báo giá gửi đúng hạn, có chào giá cho hạng mục và còn hiệu lực. "
        "Báo giá gửi sau hạn, báo giá từ chối, báo giá không chào hạng mục hoặc đã hết hiệu lực "
        "được ghi nhận trong bảng nhưng không tính vào số báo giá hợp lệ.",
        "3. Giá trung bình và giá trung vị được làm tròn đến đồng (từ 0,5 đồng trở lên làm tròn "
        "lên); khi số báo giá hợp lệ là số chẵn, giá trung vị là trung bình cộng của hai giá ở "
        "giữa.",
    ):
        kit.para(doc, text, after=Pt(2))
    kit.para(doc, "", after=Pt(0))


def _signature_side(cell, heading: str, note: str, name: str) -> None:
    kit.first_paragraph(cell, heading, bold=True, align="center")
    kit.para(cell, note, align="center", italic=True, style=kit.TABLE_STYLE)
    for _ in range(4):
        kit.para(cell, "", style=kit.TABLE_STYLE)
    kit.para(cell, name, align="center", bold=True, style=kit.TABLE_STYLE)


def _signatures(doc: DocumentObject) -> None:
    """Who made the table on the left; the head of the agency signs on the right."""
    table = kit.table(doc, [82, 83], grid=False)
    left, right = table.add_row().cells
    _signature_side(left, "NGƯỜI LẬP BẢNG", "(Ký, ghi rõ họ tên)", "{{ signer.name }}")
    _signature_side(right, "THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)", "")


def build_quotations(pack: str, version: int) -> DocumentObject:
    """The annex template for a pack."""
    doc = kit.new_document(f"Bảng tổng hợp báo giá ({pack})",
                           f"thue-dv-cntt template {pack}/quotations v{version}")
    _header(doc)
    _title(doc)
    _introduction(doc, pack)
    _lines(doc)
    _notes(doc)
    _signatures(doc)
    kit.footer(doc, "Bảng tổng hợp báo giá {{ request.code }}")
    return doc
