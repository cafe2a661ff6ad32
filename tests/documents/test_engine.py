"""The document engine: filters, laws by date, escaping, the compile cache and upload checks."""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from markupsafe import Markup

from documents import engine as documents
from documents.engine import (TemplateCache, lines, render_docx, render_docx_plain,
                              template_cache, template_path)
from documents.laws import bidding_law, laws_for
from documents.template_check import validate_template
from documents.preview import PREVIEW_CONTRACT, PREVIEW_PLAN
from documents.template_builder import PACKS, build_template
from core.formats import date_vn, dmy, num, percent

NASTY = 'Công ty "A & B" <Việt> \'Nam\' {{ 7*7 }} {% if 1 %}x{% endif %}\nDòng thứ hai'


def make_docx(*texts: str) -> bytes:
    """A small .docx whose paragraphs are the given texts."""
    doc = docx.Document()
    for text in texts:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def all_text(data: bytes) -> list[str]:
    doc = docx.Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def table_text(data: bytes) -> list[list[list[str]]]:
    doc = docx.Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]


# --- dates and laws ---------------------------------------------------------------------


@pytest.mark.parametrize("day", range(1, 10))
def test_date_vn_pads_days_one_to_nine(day: int) -> None:
    assert date_vn(date(2026, 5, day)) == f"ngày 0{day} tháng 5 năm 2026"


@pytest.mark.parametrize("day", [10, 14, 29, 31])
def test_date_vn_writes_days_from_ten_plainly(day: int) -> None:
    assert date_vn(date(2026, 3, day)) == f"ngày {day} tháng 3 năm 2026"


@pytest.mark.parametrize("month", [1, 2])
def test_date_vn_pads_january_and_february(month: int) -> None:
    assert date_vn(date(2026, month, 5)) == f"ngày 05 tháng 0{month} năm 2026"


@pytest.mark.parametrize("month", range(3, 13))
def test_date_vn_writes_march_to_december_plainly(month: int) -> None:
    assert date_vn(date(2017, month, 14)) == f"ngày 14 tháng {month} năm 2017"


def test_dmy_always_pads() -> None:
    assert dmy(date(2026, 2, 5)) == "05/02/2026"
    assert dmy(date(2026, 11, 30)) == "30/11/2026"


def test_the_bidding_law_changes_on_the_first_of_january_2024() -> None:
    assert bidding_law(date(2023, 12, 31)) == "Luật Đấu thầu số 43/2013/QH13"
    assert bidding_law(date(2024, 1, 1)) == "Luật Đấu thầu số 22/2023/QH15"


def test_laws_name_the_civil_code_in_force_and_the_digital_transformation_law() -> None:
    assert laws_for(date(2016, 6, 1))["civil_code"] == "Bộ luật Dân sự số 33/2005/QH11"
    laws = laws_for(date(2026, 8, 5))
    assert laws == {"civil_code": "Bộ luật Dân sự số 91/2015/QH13",
                    "it": "Luật Công nghệ thông tin số 67/2006/QH11",
                    "digital": "Luật Chuyển đổi số (Luật số 148/2025/QH15)",
                    "bidding": "Luật Đấu thầu số 22/2023/QH15",
                    "acceptance_forms": "Thông tư số 41/2026/TT-BKHCN",
                    "cost_guide": "Thông tư số 39/2026/TT-BKHCN"}
    assert laws_for(date(2021, 3, 1))["acceptance_forms"] == \
        "Phụ lục II Thông tư số 23/2020/TT-BTTTT"
    assert laws_for(date(2020, 3, 1))["cost_guide"] == ""  # Circular 12/2020: from 14/07/2020


# --- filters ------------------------------------------------------------------------------


def test_percent_and_num_use_a_decimal_comma() -> None:
    assert percent("0.06") == "6%"
    assert percent("0.015") == "1,5%"
    assert percent("0.065") == "6,5%"
    assert num("1.3468550065500560376") == "1,346855"
    assert num(1234567) == "1.234.567"


def test_lines_escapes_then_turns_line_breaks_into_word_breaks() -> None:
    result = lines("A & B <c>\nD")
    assert isinstance(result, Markup)
    assert result == 'A &amp; B &lt;c&gt;</w:t><w:br/><w:t xml:space="preserve">D'


def test_the_environment_is_sandboxed_strict_and_autoescaping() -> None:
    env = documents.make_environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(Exception, match="unsafe"):
        env.from_string("{{ x.__class__.__mro__ }}").render(x={})
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


# --- escaping of user text ------------------------------------------------------------------


def nasty_contract() -> dict:
    context = copy.deepcopy(PREVIEW_CONTRACT)
    context["party_a"]["name"] = NASTY
    context["special_clauses"] = [NASTY]
    context["service_levels"][0]["target"] = NASTY
    return context


@pytest.mark.parametrize("render", [render_docx, render_docx_plain])
def test_user_text_with_markup_and_tags_appears_literally(render) -> None:
    data = render(template_path("nd73-2019", "contract"), nasty_contract())
    texts = all_text(data)
    assert f"BÊN THUÊ DỊCH VỤ (Bên A): {NASTY}" in texts  # the line break reads back as "\n"
    assert f"1. {NASTY}" in texts
    assert NASTY in texts  # the service-level target cell
    assert not any("49" in t and "7*7" not in t for t in texts if "Công ty" in t)


def test_control_characters_in_user_text_are_dropped_so_word_can_open_the_file() -> None:
    context = copy.deepcopy(PREVIEW_CONTRACT)
    context["party_b"]["name"] = "Công ty\x00 B\x0c\x07"
    texts = all_text(render_docx(template_path("nd73-2019", "contract"), context))
    assert "BÊN CUNG CẤP DỊCH VỤ (Bên B): Công ty B" in texts


def test_rendering_does_not_change_the_preview_data() -> None:
    before = copy.deepcopy(PREVIEW_CONTRACT)
    render_docx(template_path("nd73-2019", "contract"), PREVIEW_CONTRACT)
    assert PREVIEW_CONTRACT == before and "laws" not in PREVIEW_CONTRACT


# --- cache --------------------------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("kind", ["plan", "contract"])
def test_the_cached_renderer_gives_the_same_text_as_plain_docxtpl(pack: str, kind: str) -> None:
    context = PREVIEW_PLAN if kind == "plan" else PREVIEW_CONTRACT
    path = template_path(pack, kind)
    cached, plain = render_docx(path, context), render_docx_plain(path, context)
    assert all_text(cached) == all_text(plain)
    assert table_text(cached) == table_text(plain)


def test_a_second_render_of_the_same_template_does_not_compile_again() -> None:
    template_cache.clear()
    before = template_cache.compilations
    path = template_path("nd73-2019", "contract")
    first = render_docx(path, PREVIEW_CONTRACT)
    assert template_cache.compilations == before + 1
    other = copy.deepcopy(PREVIEW_CONTRACT)
    other["party_b"]["name"] = "Công ty TNHH Khác"
    second = render_docx(path, other)
    assert template_cache.compilations == before + 1
    assert "BÊN CUNG CẤP DỊCH VỤ (Bên B): Công ty TNHH Khác" in all_text(second)
    assert "BÊN CUNG CẤP DỊCH VỤ (Bên B): Công ty TNHH Khác" not in all_text(first)


def test_a_changed_template_file_is_compiled_again(tmp_path: Path) -> None:
    path = tmp_path / "contract.docx"
    path.write_bytes(build_template("nd73-2019", "contract", version=1))
    render_docx(path, PREVIEW_CONTRACT)
    before = template_cache.compilations
    path.write_bytes(build_template("nd73-2019", "contract", version=2))
    data = render_docx(path, PREVIEW_CONTRACT)
    assert template_cache.compilations == before + 1
    assert docx.Document(io.BytesIO(data)).core_properties.comments.endswith("contract v2")


def test_the_cache_keeps_at_most_its_size_and_drops_the_least_recently_used() -> None:
    cache = TemplateCache(maxsize=2)
    versions = [build_template("qd80-2014", "plan", version=v) for v in (1, 2, 3)]
    for data in versions:
        cache.get(data)
    assert len(cache) == 2 and cache.compilations == 3
    cache.get(versions[2])
    assert cache.compilations == 3
    cache.get(versions[0])
    assert cache.compilations == 4


def test_members_without_tags_are_copied_unchanged() -> None:
    path = template_path("nd73-2019", "contract")
    data = render_docx(path, PREVIEW_CONTRACT)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(io.BytesIO(data)) as target:
        assert source.namelist() == target.namelist()
        for name in ("word/styles.xml", "word/settings.xml", "docProps/core.xml"):
            assert source.read(name) == target.read(name)
        assert source.read("word/document.xml") != target.read("word/document.xml")


# --- validate_template ----------------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("kind", ["plan", "contract"])
def test_the_committed_templates_are_valid_uploads(pack: str, kind: str) -> None:
    assert validate_template(template_path(pack, kind).read_bytes(), kind) == []


def test_a_plan_template_is_not_a_valid_contract_template() -> None:
    errors = validate_template(template_path("nd73-2019", "plan").read_bytes(), "contract")
    assert errors and errors[0].startswith("Biến “")


def test_a_misspelt_variable_is_named_with_its_paragraph() -> None:
    data = make_docx("Bên A: {{ party_a.name }}", "Đại diện bên C: {{ party_c.name }}")
    assert validate_template(data, "contract") == [
        "Biến “party_c” không được định nghĩa. "
        "Đoạn văn trong mẫu: “Đại diện bên C: {{ party_c.name }}”."]


def test_a_misspelt_attribute_is_named_with_its_full_path() -> None:
    errors = validate_template(make_docx("Tên: {{ party_a.nmae }}"), "contract")
    assert errors == ["Biến “party_a.nmae” không được định nghĩa. "
                      "Đoạn văn trong mẫu: “Tên: {{ party_a.nmae }}”."]


def test_an_unclosed_for_is_reported_with_the_paragraph_that_opens_it() -> None:
    data = make_docx("Mở đầu", "Danh mục: {% for line in lines %}{{ line.name }}", "Kết thúc")
    assert validate_template(data, "contract") == [
        "Khối “{% for %}” chưa được đóng bằng “{% endfor %}”. "
        "Đoạn văn trong mẫu: “{% for line in lines %}{{ line.name }}”."]


def test_an_unknown_filter_and_a_stray_end_tag_are_explained() -> None:
    assert validate_template(make_docx("{{ totals.total|vndd }}"), "contract") == [
        "Bộ lọc “vndd” không tồn tại. Đoạn văn trong mẫu: “{{ totals.total|vndd }}”."]
    errors = validate_template(make_docx("Kết", "{% endfor %}"), "contract")
    assert errors[0].startswith("Thẻ “endfor” không hợp lệ")


def test_a_template_reaching_outside_the_sandbox_is_refused() -> None:
    errors = validate_template(make_docx("{{ party_a.__class__.__mro__ }}"), "contract")
    assert len(errors) == 1 and "không được phép" in errors[0]


def test_a_file_that_is_not_a_docx_is_refused() -> None:
    message = ["Tệp tải lên không phải là tài liệu Word (.docx)."]
    assert validate_template(b"%PDF-1.7 not a word file", "plan") == message
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "xin chào")
    assert validate_template(archive.getvalue(), "plan") == [
        "Tệp không có phần nội dung word/document.xml của Word."]


def test_a_file_over_five_mebibytes_is_refused() -> None:
    errors = validate_template(b"PK" + b"\0" * (5 * 1024 * 1024), "contract")
    assert errors == ["Tệp mẫu lớn hơn 5 MiB."]


def test_a_zip_bomb_is_refused_before_it_is_expanded() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/bomb.bin", b"\0" * (51 * 1024 * 1024))
    data = archive.getvalue()
    assert len(data) < 1024 * 1024  # small on disk, 51 MiB expanded
    errors = validate_template(data, "contract")
    assert len(errors) == 1 and "50 MiB" in errors[0]
