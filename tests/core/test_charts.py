"""core.charts: server-drawn SVG that parses as XML, is an image named and described for
assistive technology, carries no inline style or script, escapes every text, and shows each
figure (format_vnd) in the tooltip of its bar."""
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context("/"):
        yield


def parse(markup) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    return root


def assert_accessible_and_unstyled(root: ET.Element, chart_id: str, title: str) -> None:
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    children = list(root)
    assert children[0].tag == f"{SVG}title" and children[0].get("id") == f"{chart_id}-title"
    assert children[0].text == title
    assert children[1].tag == f"{SVG}desc" and children[1].get("id") == f"{chart_id}-desc"
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert not element.tag.endswith(("style", "script", "foreignObject"))
        assert not any(name.startswith("on") for name in element.attrib)


def bar_tips(root: ET.Element) -> list[str]:
    return [rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect")
            if rect.find(f"{SVG}title") is not None]


def test_grouped_bars_draw_one_bar_per_year_and_series_with_its_amount():
    chart = charts.grouped_bars(
        "years", "Giá trị theo năm", "Ba năm.", ["2025", "2026", "2027"],
        ["Giá trị", "Đã nghiệm thu", "Đã thanh toán"],
        [[120_000_000, 90_000_000, 60_000_000], [1_250_000_000, 0, 0], [0, 0, 0]])
    root = parse(chart)
    assert_accessible_and_unstyled(root, "years", "Giá trị theo năm")
    assert bar_tips(root) == [
        "2025 – Giá trị: 120.000.000 đồng", "2025 – Đã nghiệm thu: 90.000.000 đồng",
        "2025 – Đã thanh toán: 60.000.000 đồng", "2026 – Giá trị: 1.250.000.000 đồng",
        "2026 – Đã nghiệm thu: 0 đồng", "2026 – Đã thanh toán: 0 đồng",
        "2027 – Giá trị: 0 đồng", "2027 – Đã nghiệm thu: 0 đồng", "2027 – Đã thanh toán: 0 đồng"]
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    # Gridlines every 500 triệu up to 1,5 tỷ, written in triệu đồng; the years below the bars.
    assert ["0", "500", "1.000", "1.500", "(triệu đồng)"] == texts[:5]
    assert ["2025", "2026", "2027"] == texts[-3:]
    heights = {tip: float(rect.get("height")) for rect in root.iter(f"{SVG}rect")
               for tip in [getattr(rect.find(f"{SVG}title"), "text", None)] if tip}
    assert heights["2026 – Giá trị: 1.250.000.000 đồng"] == pytest.approx(
        heights["2025 – Giá trị: 120.000.000 đồng"] * 1250 / 120, abs=0.2)
    assert heights["2027 – Giá trị: 0 đồng"] == 0


def test_every_label_is_escaped():
    nasty = '<script>alert("x")</script> & "Công ty" <b>'
    bars = charts.grouped_bars("c1", nasty, nasty, [nasty], [nasty], [[5]])
    rows = charts.horizontal_bars("c2", nasty, nasty, [nasty], [7], money=False)
    for chart in (bars, rows):
        assert "<script>" not in str(chart) and "<b>" not in str(chart)
        root = parse(chart)
        assert root.find(f"{SVG}title").text == nasty
        assert root.find(f"{SVG}desc").text == nasty
        assert any(nasty in tip for tip in bar_tips(root))


def test_horizontal_bars_write_each_figure_at_the_end_of_its_bar():
    labels = ["Đang thực hiện", "Đã hết hạn", "Đã chấm dứt"]
    root = parse(charts.horizontal_bars("states", "Hợp đồng theo trạng thái", "Ba trạng thái.",
                                        labels, [12, 3, 0], money=False))
    assert_accessible_and_unstyled(root, "states", "Hợp đồng theo trạng thái")
    assert bar_tips(root) == ["Đang thực hiện: 12", "Đã hết hạn: 3", "Đã chấm dứt: 0"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Đang thực hiện", "12", "Đã hết hạn", "3", "Đã chấm dứt", "0"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(widths[1] * 4) and widths[2] == 0


def test_a_long_label_is_shortened_and_kept_whole_in_its_tooltip():
    long = "Nền tảng tích hợp, chia sẻ dữ liệu dùng chung cấp tỉnh (LGSP) và các dịch vụ kèm theo"
    root = parse(charts.horizontal_bars("groups", "Nhóm", "Một nhóm.", [long], [1_000_000]))
    label = next(root.iter(f"{SVG}text"))
    assert label.find(f"{SVG}title").text == long
    assert len(label.find(f"{SVG}title").tail) <= 38 and label.find(f"{SVG}title").tail[-1] == "…"
    assert bar_tips(root) == [f"{long}: 1.000.000 đồng"]


def test_a_chart_without_figures_still_draws_its_axis():
    root = parse(charts.grouped_bars("empty", "Chưa có số liệu", "Không có năm nào.", [],
                                     ["Giá trị"], []))
    assert bar_tips(root) == []
    assert [t.text for t in root.iter(f"{SVG}text")][:2] == ["0", "1"]
    assert not list(parse(charts.horizontal_bars("none", "Trống", "Không có.", [], []))
                    .iter(f"{SVG}rect"))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10 ** 15))
def test_the_axis_reaches_past_the_highest_bar_in_whole_units(top):
    ticks, unit, name = charts.axis(top, money=True)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 6
    step = ticks[1] - ticks[0]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:]))
    assert step % unit == 0 and name.endswith("đồng")
    assert str(step).strip("0") in ("1", "2", "5")
