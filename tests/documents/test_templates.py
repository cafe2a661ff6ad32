"""The six committed Word templates, rendered from the preview data and reopened."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents.engine import render_docx, template_path
from documents.instruments import citations_for, file_registry
from documents.laws import bidding_law
from core.formats import date_vn
from core.money import format_vnd, vnd_in_words
from documents.preview import PREVIEW_CONTRACT, PREVIEW_PLAN
from documents.template_builder import PACKS, build_template

# A document date inside each pack's period of force (domain.md §1).
DATES = {"qd80-2014": date(2018, 6, 14), "nd73-2019": date(2026, 2, 5),
         "nd224-2026": date(2026, 8, 5)}
SHORT_NAMES = {"qd80-2014": "Quyết định 80/2014/QĐ-TTg", "nd73-2019": "Nghị định 73/2019/NĐ-CP",
               "nd224-2026": "Nghị định 224/2026/NĐ-CP"}
OWN_INSTRUMENT = {"qd80-2014": "Quyết định số 80/2014/QĐ-TTg",
                  "nd73-2019": "Nghị định số 73/2019/NĐ-CP",
                  "nd224-2026": "Nghị định số 224/2026/NĐ-CP"}
ND73_ARTICLES = [
    "Đối tượng và phạm vi dịch vụ", "Yêu cầu kỹ thuật của dịch vụ",
    "Chất lượng dịch vụ và cách đo lường", "Thời gian thực hiện hợp đồng",
    "Kế hoạch triển khai của Bên B", "Giá hợp đồng và thuế giá trị gia tăng",
    "Phương thức và thời hạn thanh toán", "Nghiệm thu",
    "Kiểm tra chất lượng dịch vụ trong thời gian thuê", "Quyền sở hữu và bàn giao dữ liệu",
    "Bảo đảm an toàn thông tin", "Quyền tác giả và quyền sở hữu trí tuệ", "Bảo mật thông tin",
    "Quyền và nghĩa vụ của Bên A", "Quyền và nghĩa vụ của Bên B",
    "Thay đổi và điều chỉnh hợp đồng", "Bất khả kháng", "Tạm dừng và chấm dứt hợp đồng",
    "Phạt vi phạm và bồi thường thiệt hại", "Giải quyết tranh chấp", "Điều khoản khác",
    "Hiệu lực hợp đồng",
]
PRICE_HEADER = ["STT", "Nội dung dịch vụ", "Đơn vị tính", "Số lượng", "Số tháng",
                "Đơn giá (đồng)", "Thuế GTGT", "Thành tiền (đồng)"]
ALL = [(pack, kind) for pack in PACKS for kind in ("plan", "contract")]


def context_for(pack: str, kind: str, **changes) -> dict:
    """The preview context of a kind, moved to a pack and a date in that pack's period."""
    context = copy.deepcopy(PREVIEW_PLAN if kind == "plan" else PREVIEW_CONTRACT)
    context["pack"] = {"id": pack, "short_name": SHORT_NAMES[pack], "template_version": 1}
    context["document"]["date"] = DATES[pack]
    context["citations"] = citations_for(pack, kind, DATES[pack], reg=file_registry())
    context.update(changes)
    return context


def render(pack: str, kind: str, **changes) -> docx.document.Document:
    data = render_docx(template_path(pack, kind), context_for(pack, kind, **changes))
    return docx.Document(io.BytesIO(data))


def paragraphs(doc) -> list[str]:
    """Text of every body paragraph, including those inside (nested) tables."""
    texts = [p.text for p in doc.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(doc.tables)
    return texts


def find_table(doc, first_cell: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_cell
                or t.rows[0].cells[1].text == first_cell)


@pytest.fixture(scope="module", params=ALL, ids=lambda p: f"{p[0]}-{p[1]}")
def rendered(request):
    pack, kind = request.param
    return pack, kind, render(pack, kind)


def test_every_template_has_the_national_header_bold_and_underlined(rendered) -> None:
    _, _, doc = rendered
    texts = paragraphs(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    motto = next(p for p in doc.paragraphs + [p for t in doc.tables for c in t.rows[0].cells
                                              for p in c.paragraphs]
                 if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert all(run.bold and run.underline for run in motto.runs)


def test_every_template_has_its_title_and_number(rendered) -> None:
    _, kind, doc = rendered
    texts = paragraphs(doc)
    if kind == "contract":
        assert "HỢP ĐỒNG THUÊ DỊCH VỤ CÔNG NGHỆ THÔNG TIN" in texts
        assert "Số: 12/2026/HĐ-THDV" in texts
    else:
        assert texts.index("KẾ HOẠCH") + 1 == texts.index(PREVIEW_PLAN["subject"])
        assert "Số: 15/KH-SKHCN" in texts
        assert "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" in texts
        assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH THÁI NGUYÊN" in texts


def test_the_place_and_date_line_is_italic_and_uses_decree_30_padding(rendered) -> None:
    pack, _, doc = rendered
    expected = f"Thái Nguyên, {date_vn(DATES[pack])}"
    cells = [p for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs]
    line = next(p for p in doc.paragraphs + cells if p.text == expected)
    assert all(run.italic for run in line.runs)
    assert re.fullmatch(r"Thái Nguyên, ngày \d{2} tháng \d{1,2} năm \d{4}", line.text)


def test_the_bases_cite_the_bidding_law_of_the_document_date_and_the_pack(rendered) -> None:
    pack, kind, doc = rendered
    bases = [t for t in paragraphs(doc) if t.startswith("Căn cứ ")]
    assert f"Căn cứ {bidding_law(DATES[pack])};" in bases
    assert any(OWN_INSTRUMENT[pack] in line for line in bases)
    extra = (PREVIEW_PLAN if kind == "plan" else PREVIEW_CONTRACT)["extra_bases"]
    assert [f"Căn cứ {line};" for line in extra] == [b for b in bases if b[7:-1] in extra]
    if kind == "contract":
        assert "Căn cứ Bộ luật Dân sự số 91/2015/QH13;" in bases
    if pack == "nd224-2026":
        assert "Căn cứ Luật Chuyển đổi số (Luật số 148/2025/QH15);" in bases
        assert any("39/2026/TT-BKHCN" in line for line in bases)
        assert any("41/2026/TT-BKHCN" in line for line in bases)


def test_a_qd80_document_of_2018_cites_the_2013_bidding_law(rendered) -> None:
    pack, _, doc = rendered
    bases = [t for t in paragraphs(doc) if t.startswith("Căn cứ ")]
    old_law = "Căn cứ Luật Đấu thầu số 43/2013/QH13;"
    assert (old_law in bases) == (pack == "qd80-2014")


def test_the_page_is_a4_with_decree_30_margins(rendered) -> None:
    _, _, doc = rendered
    section = doc.sections[0]
    for actual, millimetres in ((section.page_width, 210), (section.page_height, 297),
                                (section.top_margin, 20), (section.bottom_margin, 20),
                                (section.left_margin, 30), (section.right_margin, 15)):
        assert abs(actual - Mm(millimetres)) <= Mm(0.5)


def test_the_body_font_is_times_new_roman_13_for_every_script(rendered) -> None:
    _, _, doc = rendered
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(13)
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:cs")) == "Times New Roman"


def test_no_template_tag_is_left_in_text_tables_headers_or_footers(rendered) -> None:
    _, _, doc = rendered
    texts = paragraphs(doc)
    for section in doc.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    for marker in ("{{", "{%", "}}", "%}"):
        assert not [t for t in texts if marker in t]
    assert any("Trang" in p.text for p in doc.sections[0].footer.paragraphs)


def test_the_template_files_carry_a_title_and_a_version_marker() -> None:
    for pack, kind in ALL:
        props = docx.Document(template_path(pack, kind)).core_properties
        assert props.comments == f"thue-dv-cntt template {pack}/{kind} v1"
        assert props.title and props.language == "vi-VN"


def test_the_committed_templates_are_what_the_builder_writes() -> None:
    for pack, kind in ALL:
        assert template_path(pack, kind).read_bytes() == build_template(pack, kind)


def test_the_raw_xml_of_rendered_documents_has_no_tags_left() -> None:
    for pack, kind in ALL:
        data = render_docx(template_path(pack, kind), context_for(pack, kind))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    xml = archive.read(name).decode("utf-8")
                    assert not re.search(r"\{\{|\{%|%\}|\}\}", xml), name


# --- contract -----------------------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
def test_the_contract_has_both_party_blocks(pack: str) -> None:
    texts = paragraphs(render(pack, "contract"))
    for heading, key in (("BÊN THUÊ DỊCH VỤ (Bên A)", "party_a"),
                         ("BÊN CUNG CẤP DỊCH VỤ (Bên B)", "party_b")):
        party = PREVIEW_CONTRACT[key]
        start = texts.index(f"{heading}: {party['name']}")
        block = texts[start:start + 8]
        assert f"Địa chỉ: {party['address']}" in block
        budget = ("Mã số đơn vị có quan hệ với ngân sách: "
                  + PREVIEW_CONTRACT["party_a"]["budget_code"])
        assert (budget in block) == (key == "party_a")
        assert f"Điện thoại: {party['phone']}" in block
        assert f"Mã số thuế: {party['tax_code']}" in block
        assert f"Số tài khoản: {party['account']} tại {party['bank']}" in block
        assert (f"Đại diện: Ông/Bà {party['representative']}\tChức vụ: {party['position']}"
                in block)


def test_the_nd73_contract_has_every_article_of_the_model_contract_in_order() -> None:
    texts = paragraphs(render("nd73-2019", "contract"))
    articles = [t for t in texts if re.match(r"Điều \d+\. ", t)]
    assert articles == [f"Điều {n}. {title}" for n, title in enumerate(ND73_ARTICLES, 1)]


@pytest.mark.parametrize("pack", ["qd80-2014", "nd224-2026"])
def test_the_other_packs_keep_every_article_title(pack: str) -> None:
    texts = paragraphs(render(pack, "contract"))
    titles = [re.sub(r"^Điều \d+\. ", "", t) for t in texts if re.match(r"Điều \d+\. ", t)]
    assert titles == ND73_ARTICLES


def test_the_price_table_lists_every_line_with_dotted_amounts() -> None:
    doc = render("nd73-2019", "contract")
    table = find_table(doc, "Nội dung dịch vụ")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == PRICE_HEADER
    assert rows[1] == ["1", PREVIEW_CONTRACT["lines"][0]["name"], "Gói/tháng", "1", "60",
                       "15.000.000", "Không chịu thuế", "900.000.000"]
    assert rows[2][5:] == ["2.500.000", "10%", "300.000.000"]
    assert rows[3][4] == "–"  # a one-off item has no number of months
    labels = [row[0] for row in rows[4:]]
    assert labels == ["Cộng các hạng mục thuế suất Không chịu thuế",
                      "Cộng các hạng mục thuế suất 10%", "Thuế GTGT 10%",
                      "Tổng cộng trước thuế GTGT", "Thuế GTGT",
                      "Tổng giá trị hợp đồng (đã gồm thuế GTGT)"]
    assert [row[-1] for row in rows[4:]] == ["920.000.000", "300.000.000", "30.000.000",
                                             "1.220.000.000", "30.000.000", "1.250.000.000"]


def test_the_total_is_given_in_figures_and_words_with_vat_stated_separately() -> None:
    texts = paragraphs(render("nd73-2019", "contract"))
    total = PREVIEW_CONTRACT["totals"]["total"]
    assert (f"2. Tổng giá trị hợp đồng: {format_vnd(total)} đồng (Bằng chữ: "
            f"{vnd_in_words(total)}), đã bao gồm thuế giá trị gia tăng.") in texts
    assert vnd_in_words(total) == "Một tỷ hai trăm năm mươi triệu đồng"
    assert ("Trong đó: giá trị trước thuế giá trị gia tăng là 1.220.000.000 đồng; thuế giá trị "
            "gia tăng là 30.000.000 đồng.") in texts


def test_the_payment_schedule_has_every_period_and_requires_acceptance_first() -> None:
    doc = render("nd73-2019", "contract")
    rows = [[c.text for c in row.cells] for row in find_table(doc, "Kỳ").rows]
    periods = PREVIEW_CONTRACT["payment"]["periods"]
    assert len(rows) == len(periods) + 2
    assert rows[1] == ["1", periods[0]["label"], "30/11/2026", "62.500.000"]
    assert rows[-1][-1] == "1.250.000.000"
    assert any(t.startswith("3. Mỗi kỳ chỉ được thanh toán sau khi hai bên đã nghiệm thu")
               for t in paragraphs(doc))


def test_the_service_levels_table_lists_each_target_and_measure() -> None:
    rows = [[c.text for c in r.cells] for r in find_table(render("nd73-2019", "contract"),
                                                          "Chỉ tiêu").rows]
    assert rows[0] == ["STT", "Chỉ tiêu", "Mức cam kết", "Cách đo lường"]
    assert [r[1:3] for r in rows[1:]] == [[s["name"], s["target"]]
                                          for s in PREVIEW_CONTRACT["service_levels"]]


def test_the_signature_blocks_sit_side_by_side() -> None:
    doc = render("nd73-2019", "contract")
    left, right = doc.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs][:3] == [
        "ĐẠI DIỆN BÊN A", "GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)"]
    assert [p.text for p in right.paragraphs][:3] == [
        "ĐẠI DIỆN BÊN B", "TỔNG GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)"]
    assert left.paragraphs[-1].text == "Nguyễn Văn Minh"
    assert right.paragraphs[-1].text == "Trần Thị Lan"


def test_pack_differences_show_in_the_contract() -> None:
    qd80 = "\n".join(paragraphs(render("qd80-2014", "contract")))
    nd73 = "\n".join(paragraphs(render("nd73-2019", "contract")))
    nd224 = "\n".join(paragraphs(render("nd224-2026", "contract")))
    assert "Mẫu số" not in qd80 and "thay cho tự đầu tư" in qd80
    assert all(f"(Mẫu số 0{n})" in nd73 for n in range(1, 6))
    assert "ba giai đoạn" in nd73 and "ba giai đoạn" not in qd80
    assert "không bị giới hạn ở mức 05 năm" in nd224
    assert "báo giá thu thập công khai, giá niêm yết" in nd224


def test_special_clauses_are_numbered_or_replaced_by_a_sentence_when_none() -> None:
    texts = paragraphs(render("nd73-2019", "contract"))
    assert f"1. {PREVIEW_CONTRACT['special_clauses'][0]}" in texts
    empty = paragraphs(render("nd73-2019", "contract", special_clauses=[]))
    assert "Hai bên không có thỏa thuận nào khác." in empty
    assert "Hai bên không có thỏa thuận nào khác." not in texts


def test_the_contract_states_the_number_of_originals() -> None:
    texts = paragraphs(render("nd73-2019", "contract"))
    assert ("2. Hợp đồng được lập thành 06 bản có giá trị pháp lý như nhau, mỗi bên giữ 03 "
            "bản.") in texts


# --- plan -------------------------------------------------------------------------------


def _section_titles(doc) -> list[str]:
    return [t for t in paragraphs(doc) if re.match(r"^[IVX]+\. ", t)]


def test_the_plan_sections_follow_domain_order_with_pack_differences() -> None:
    titles = {pack: _section_titles(render(pack, "plan")) for pack in PACKS}
    assert titles["nd73-2019"] == [
        "I. HIỆN TRẠNG VÀ SỰ CẦN THIẾT THUÊ DỊCH VỤ",
        "II. MỤC TIÊU, NỘI DUNG VÀ PHẠM VI THUÊ DỊCH VỤ",
        "III. YÊU CẦU ĐỐI VỚI DỊCH VỤ",
        "IV. QUYỀN SỞ HỮU, QUẢN LÝ VÀ BÀN GIAO DỮ LIỆU",
        "V. THỜI GIAN THUÊ VÀ TIẾN ĐỘ THỰC HIỆN",
        "VI. PHƯƠNG ÁN XỬ LÝ CÁC THAY ĐỔI TRONG QUÁ TRÌNH SỬ DỤNG DỊCH VỤ",
        "VII. ĐỀ XUẤT CẤP ĐỘ AN TOÀN HỆ THỐNG THÔNG TIN",
        "VIII. DỰ TOÁN CHI PHÍ THUÊ DỊCH VỤ",
    ]
    assert titles["nd224-2026"][2] == ("III. SỰ PHÙ HỢP VỚI KHUNG KIẾN TRÚC SỐ VÀ KẾ HOẠCH "
                                       "CHUYỂN ĐỔI SỐ")
    assert len(titles["nd224-2026"]) == 9
    assert not any("CẤP ĐỘ AN TOÀN" in t for t in titles["qd80-2014"])


def test_the_plan_fills_every_section_text() -> None:
    texts = "\n".join(paragraphs(render("nd224-2026", "plan")))
    for key in ("current_state", "necessity", "items", "objectives", "scope", "users",
                "conformity", "quality", "technical", "connection", "in_house_software",
                "security", "other_requirements", "data_ownership", "schedule", "changes"):
        assert PREVIEW_PLAN[key] in texts, key
    assert "cấp độ 3" in texts


def test_the_period_wording_depends_on_the_pack() -> None:
    nd73 = "\n".join(paragraphs(render("nd73-2019", "plan")))
    nd224 = "\n".join(paragraphs(render("nd224-2026", "plan")))
    assert "Thời gian thuê dịch vụ từ 01 năm đến 05 năm" in nd73
    assert "không bị giới hạn ở mức 05 năm" in nd224
    assert "từ 01 năm đến 05 năm" not in nd224


def test_the_cost_estimate_has_five_parts_with_subtotals_and_a_total_in_words() -> None:
    doc = render("nd73-2019", "plan")
    rows = [[c.text for c in r.cells] for r in find_table(doc, "Nội dung chi phí").rows]
    parts = [r for r in rows if re.fullmatch(r"[IV]+", r[0])]
    assert [r[1] for r in parts] == ["Chi phí thuê dịch vụ", "Chi phí quản lý", "Chi phí tư vấn",
                                     "Chi phí khác", "Chi phí dự phòng"]
    assert [r[3] for r in parts] == [format_vnd(p["subtotal"]) for p in PREVIEW_PLAN["cost_parts"]]
    total = PREVIEW_PLAN["total"]
    assert rows[-1][-1] == format_vnd(total)
    assert (f"Tổng dự toán: {format_vnd(total)} đồng (Bằng chữ: {vnd_in_words(total)})."
            in paragraphs(doc))
    years = [[c.text for c in r.cells] for r in find_table(doc, "Năm ngân sách").rows]
    assert years[1:-1] == [[str(y["year"]), format_vnd(y["amount"])]
                           for y in PREVIEW_PLAN["year_totals"]]
    assert years[-1] == ["Tổng cộng", format_vnd(total)]


def test_the_calculator_working_shows_the_formula_and_each_value() -> None:
    doc = render("nd73-2019", "plan")
    texts = paragraphs(doc)
    assert "Gdv = [Td × r × (1 + r)ⁿ − S × r] / [(1 + r)ⁿ − 1] × (1 + T)" in texts
    values = {r.cells[0].text: r.cells[2].text for r in find_table(doc, "Ký hiệu").rows}
    assert values == {
        "Ký hiệu": "Giá trị", "Td": "1.000.000.000 đồng", "S": "0 đồng", "N": "6%", "k": "4",
        "n": "20", "r = N/k": "1,5%", "(1 + r)ⁿ": "1,346855", "T": "0%",
        "Gdv": "58.245.736 đồng", "Gtdv = Gdv × n": "1.164.914.720 đồng",
    }


def test_a_plan_without_a_calculator_has_no_working_section() -> None:
    texts = paragraphs(render("nd73-2019", "plan", working=None))
    assert "4. Cách tính chi phí thuê dịch vụ" not in texts
    assert not any(t.startswith("Gdv =") for t in texts)


def test_the_plan_is_signed_by_the_head_with_recipients_listed() -> None:
    left, right = render("nd73-2019", "plan").tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:", "- Ủy ban nhân dân tỉnh (để báo cáo);", "- Sở Tài chính;",
        "- Lưu: VT, CNTT."]
    assert [p.text for p in right.paragraphs][:2] == ["GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)"]
