"""The lease plan template (domain.md §3): header, bases, sections, cost estimate, signature."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt

from core.formats import roman
from documents.template_builder import kit
from documents.template_builder.bases import basis_lines

Section = tuple[str, list[str]]  # title, paragraphs ("## " starts a numbered sub-heading)

PERIOD_RULE = {
    "qd80-2014": "",
    "nd73-2019": "Thời gian thuê dịch vụ từ 01 năm đến 05 năm; trường hợp thuê dưới 01 năm "
                 "phải được người có thẩm quyền phê duyệt kế hoạch cho phép.",
    "nd224-2026": "Dịch vụ được thuê nhiều năm theo nhu cầu sử dụng; thời gian thuê không bị "
                  "giới hạn ở mức 05 năm, kinh phí từng năm được bố trí theo dự toán ngân sách "
                  "hằng năm.",
}
METHODS = {
    "qd80-2014": "Chi phí được xác định trên cơ sở báo giá của các nhà cung cấp và so sánh với "
                 "chi phí của phương án tự đầu tư.",
    "nd73-2019": "Các phương pháp được áp dụng: so sánh, chuyên gia, thu thập báo giá thị "
                 "trường, tính toán chi phí hoặc kết hợp các phương pháp này.",
    "nd224-2026": "Các phương pháp được áp dụng: so sánh, chuyên gia, thu thập báo giá thị "
                  "trường, tính toán chi phí, sử dụng kết quả trúng thầu trước đó, giá niêm yết, "
                  "định mức của ngành hoặc kết hợp các phương pháp này.",
}
FORMULA_SOURCE = {
    "qd80-2014": "theo phương pháp tính chi phí, trả đều theo kỳ",
    # The circular guiding the cost follows the plan's date (documents/laws.py).
    "nd73-2019": "{{ ('theo hướng dẫn tại ' ~ laws.cost_guide) if laws.cost_guide else "
                 "'theo phương pháp tính chi phí, trả đều theo kỳ' }}",
    "nd224-2026": "theo phương pháp tính chi phí, trả đều theo kỳ",
}
WORKING_ROWS = [
    ("Td", "Chi phí xây dựng dịch vụ (trước thuế)", "{{ working.build_cost|vnd }} đồng"),
    ("S", "Giá trị còn lại của tài sản khi hết thời gian thuê", "{{ working.residual|vnd }} đồng"),
    ("N", "Lãi suất tiền gửi bình quân năm", "{{ working.annual_rate|percent }}"),
    ("k", "Số kỳ thanh toán trong năm", "{{ working.periods_per_year }}"),
    ("n", "Tổng số kỳ thanh toán", "{{ working.periods }}"),
    ("r = N/k", "Lãi suất mỗi kỳ", "{{ working.periodic_rate|percent }}"),
    ("(1 + r)ⁿ", "Hệ số tích lũy sau n kỳ", "{{ working.growth|num }}"),
    ("T", "Thuế suất thuế GTGT", "{{ working.vat_rate|percent }}"),
    ("Gdv", "Chi phí thuê mỗi kỳ, đã gồm thuế GTGT, trả "
     "{{ 'đầu' if working.in_advance else 'cuối' }} kỳ", "{{ working.payment|vnd }} đồng"),
    ("Gtdv = Gdv × n", "Tổng chi phí thuê dịch vụ", "{{ working.total|vnd }} đồng"),
]


def sections(pack: str) -> list[Section]:
    """Every section of the plan for a pack, in the order of domain.md §3."""
    necessity = ["## Sự cần thiết thuê dịch vụ", "{{ necessity|lines }}"]
    if pack == "qd80-2014":
        necessity.append("Phương án thuê dịch vụ được lựa chọn thay cho phương án tự đầu tư "
                         "sau khi so sánh hiệu quả kinh tế, kỹ thuật của hai phương án.")
    result: list[Section] = [
        ("HIỆN TRẠNG VÀ SỰ CẦN THIẾT THUÊ DỊCH VỤ",
         ["## Hiện trạng", "{{ current_state|lines }}", *necessity]),
        ("MỤC TIÊU, NỘI DUNG VÀ PHẠM VI THUÊ DỊCH VỤ",
         ["## Các hạng mục chính thuê dịch vụ", "{{ items|lines }}",
          "## Mục tiêu", "{{ objectives|lines }}",
          "## Nội dung, quy mô, phạm vi và địa điểm triển khai", "{{ scope|lines }}",
          "## Đơn vị sử dụng dịch vụ", "{{ users|lines }}"]),
    ]
    if pack == "nd224-2026":
        result.append(("SỰ PHÙ HỢP VỚI KHUNG KIẾN TRÚC SỐ VÀ KẾ HOẠCH CHUYỂN ĐỔI SỐ",
                       ["Đánh giá sự phù hợp của việc thuê dịch vụ với Khung kiến trúc số và kế "
                        "hoạch chuyển đổi số 05 năm, hằng năm của cơ quan:",
                        "{{ conformity|lines }}"]))
    requirements = [
        "## Yêu cầu về chất lượng dịch vụ", "{{ quality|lines }}", "@levels",
        "## Yêu cầu kỹ thuật để bảo đảm chất lượng dịch vụ", "{{ technical|lines }}",
        "## Yêu cầu kết nối, chia sẻ dữ liệu với các hệ thống khác", "{{ connection|lines }}",
        "## Yêu cầu đối với phần mềm nội bộ", "{{ in_house_software|lines }}",
        "## Yêu cầu về an toàn thông tin và bảo vệ dữ liệu", "{{ security|lines }}",
        "## Các yêu cầu khác", "{{ other_requirements|lines }}",
    ]
    if pack == "qd80-2014":
        requirements += [
            "## Yêu cầu về năng lực, kinh nghiệm và bảo mật của nhà cung cấp",
            "{{ vendor_requirements|lines }}",
            "Ưu tiên nhà cung cấp do phía Việt Nam nắm quyền chi phối.",
        ]
    result += [
        ("YÊU CẦU ĐỐI VỚI DỊCH VỤ", requirements),
        ("QUYỀN SỞ HỮU, QUẢN LÝ VÀ BÀN GIAO DỮ LIỆU",
         ["Dữ liệu hình thành trong quá trình sử dụng dịch vụ thuộc quyền sở hữu của "
          "{{ agency.name }}.", "{{ data_ownership|lines }}"]),
        ("THỜI GIAN THUÊ VÀ TIẾN ĐỘ THỰC HIỆN",
         ["## Thời gian thuê dịch vụ",
          "{{ period.months }} tháng, dự kiến từ ngày {{ period.start|dmy }} đến ngày "
          "{{ period.end|dmy }}. {{ period.text|lines }}",
          *([PERIOD_RULE[pack]] if PERIOD_RULE[pack] else []),
          "## Tiến độ thực hiện",
          "Thời gian xây dựng, khởi tạo dịch vụ trước khi đưa vào sử dụng: "
          "{{ period.preparation_months }} tháng.", "{{ schedule|lines }}"]),
        ("PHƯƠNG ÁN XỬ LÝ CÁC THAY ĐỔI TRONG QUÁ TRÌNH SỬ DỤNG DỊCH VỤ",
         ["{{ changes|lines }}"]),
    ]
    if pack != "qd80-2014":
        result.append(("ĐỀ XUẤT CẤP ĐỘ AN TOÀN HỆ THỐNG THÔNG TIN",
                       ["Đề xuất hệ thống thông tin cung cấp dịch vụ thuộc **cấp độ "
                        "{{ security_level_proposal.level }}** theo Nghị định số "
                        "85/2016/NĐ-CP; hồ sơ đề xuất cấp độ được trình cùng kế hoạch này.",
                        "Lý do: {{ security_level_proposal.reasons|lines }}"]))
    result.append(("DỰ TOÁN CHI PHÍ THUÊ DỊCH VỤ", ["@estimate"]))
    return result


def _cost_table(doc: DocumentObject) -> None:
    """Five parts, each with its subtotal and lines, then the grand total."""
    table = kit.table(doc, [14, 68, 50, 33])
    kit.add_row(table, ["STT", "Nội dung chi phí", "Cách tính", "Thành tiền (đồng)"],
                bold=True, aligns="cccc", header=True)
    kit.tag_row(table, "{%tr for part in cost_parts %}")
    kit.add_row(table, ["{{ loop.index|roman }}", "{{ part.label }}", "",
                        "{{ part.subtotal|vnd }}"], bold=True, aligns="cllr")
    kit.tag_row(table, "{%tr for line in part.lines %}")
    kit.add_row(table, ["{{ loop.index }}", "{{ line.name }}", "{{ line.basis }}",
                        "{{ line.amount|vnd }}"], aligns="cllr")
    kit.tag_row(table, "{%tr endfor %}")
    kit.tag_row(table, "{%tr endfor %}")
    kit.add_row(table, ["Tổng cộng", "{{ total|vnd }}"], merge_to=2, bold=True, aligns="lr")
    kit.para(doc, "", after=Pt(0))


def _levels(doc: DocumentObject) -> None:
    """The required service levels with how each is measured (carried into the contract)."""
    kit.tag(doc, "{%p if service_levels %}")
    kit.para(doc, "Các chỉ tiêu chất lượng dịch vụ yêu cầu và cách đo lường:")
    kit.levels_table(doc, "service_levels", ["STT", "Chỉ tiêu", "Mức yêu cầu", "Cách đo lường"])
    kit.tag(doc, "{%p endif %}")


def _estimate(doc: DocumentObject, pack: str) -> None:
    """Methods, the cost table, totals in figures and words, years, and the working."""
    kit.para(doc, "1. Phương pháp xác định chi phí", bold=True, indent=False, keep_next=True)
    kit.para(doc, METHODS[pack])
    kit.para(doc, "Phương pháp áp dụng cho kế hoạch này: {{ method|lines }}")
    kit.para(doc, "2. Dự toán chi phí", bold=True, indent=False, keep_next=True)
    kit.para(doc, "Dự toán gồm chi phí thuê dịch vụ, chi phí quản lý, chi phí tư vấn, chi phí "
                  "khác và chi phí dự phòng, cụ thể như sau:")
    _cost_table(doc)
    kit.para(doc, "**Tổng dự toán: {{ total|vnd }} đồng** (Bằng chữ: {{ total|words }}).")
    kit.para(doc, "3. Phân bổ theo năm ngân sách", bold=True, indent=False, keep_next=True)
    years = kit.table(doc, [40, 60])
    kit.add_row(years, ["Năm ngân sách", "Số tiền (đồng)"], bold=True, aligns="cc",
                header=True)
    kit.tag_row(years, "{%tr for year in year_totals %}")
    kit.add_row(years, ["{{ year.year }}", "{{ year.amount|vnd }}"], aligns="cr")
    kit.tag_row(years, "{%tr endfor %}")
    kit.add_row(years, ["Tổng cộng", "{{ total|vnd }}"], bold=True, aligns="cr")
    kit.para(doc, "", after=Pt(0))
    kit.tag(doc, "{%p if working %}")
    kit.para(doc, "4. Cách tính chi phí thuê dịch vụ", bold=True, indent=False, keep_next=True)
    kit.para(doc, f"Chi phí thuê mỗi kỳ được tính {FORMULA_SOURCE[pack]}:")
    kit.para(doc, "Gdv = [Td × r × (1 + r)ⁿ − S × r] / [(1 + r)ⁿ − 1] × (1 + T)",
             align="center", bold=True)
    kit.para(doc, "Khi thanh toán vào đầu mỗi kỳ, kết quả trên được chia thêm cho (1 + r). "
                  "Các giá trị sử dụng:")
    working = kit.table(doc, [35, 85, 45])
    kit.add_row(working, ["Ký hiệu", "Ý nghĩa", "Giá trị"], bold=True, aligns="ccc",
                header=True)
    for row in WORKING_ROWS:
        kit.add_row(working, list(row), aligns="clr")
    kit.para(doc, "", after=Pt(0))
    kit.tag(doc, "{%p endif %}")


def _header(doc: DocumentObject) -> None:
    """Agency and number on the left, national header and date on the right."""
    table = kit.table(doc, [65, 100], grid=False)
    left, right = table.add_row().cells
    kit.first_paragraph(left, "{{ agency.parent_body|upper }}", align="center")
    kit.para(left, "{{ agency.name|upper }}", align="center", bold=True, style=kit.TABLE_STYLE)
    kit.para(left, "Số: {{ document.number }}", align="center", style=kit.TABLE_STYLE)
    kit.first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True)
    kit.para(right, "Độc lập - Tự do - Hạnh phúc", align="center", bold=True, underline=True,
             style=kit.TABLE_STYLE)
    kit.place_date(right, align="center").style = doc.styles[kit.TABLE_STYLE]


def _signature(doc: DocumentObject) -> None:
    """Recipients on the left, the head of the agency signing on the right."""
    table = kit.table(doc, [82, 83], grid=False)
    left, right = table.add_row().cells
    kit.first_paragraph(left, "Nơi nhận:", bold=True, italic=True)
    kit.tag(left, "{%p for recipient in recipients %}")
    kit.para(left, "- {{ recipient }}{{ '.' if loop.last else ';' }}", style=kit.TABLE_STYLE,
             size=Pt(11), after=Pt(0), align="left")
    kit.tag(left, "{%p endfor %}")
    kit.signature_cell(right, "{{ signer.title|upper }}", "", "{{ signer.name }}")


def build_plan(pack: str, version: int) -> DocumentObject:
    """The whole lease plan template for a pack."""
    doc = kit.new_document(f"Kế hoạch thuê dịch vụ CNTT ({pack})",
                           f"thue-dv-cntt template {pack}/plan v{version}")
    _header(doc)
    kit.para(doc, "KẾ HOẠCH", align="center", bold=True, size=Pt(14), after=Pt(0))
    kit.para(doc, "{{ subject }}", align="center", bold=True, after=Pt(12))
    basis_lines(doc, italic=False)
    kit.para(doc, "{{ agency.name }} xây dựng Kế hoạch thuê dịch vụ công nghệ thông tin với các "
                  "nội dung sau:")
    for number, (title, paragraphs) in enumerate(sections(pack), start=1):
        kit.para(doc, f"{roman(number)}. {title}", bold=True, indent=False, align="left",
                 keep_next=True)
        sub = 0
        for text in paragraphs:
            if text == "@estimate":
                _estimate(doc, pack)
            elif text == "@levels":
                _levels(doc)
            elif text.startswith("## "):
                sub += 1
                kit.para(doc, f"{sub}. {text[3:]}", bold=True, indent=False, keep_next=True)
            else:
                kit.para(doc, text)
    _signature(doc)
    kit.footer(doc, "Kế hoạch số {{ document.number }}")
    return doc
