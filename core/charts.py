"""Charts drawn on the server as SVG, from plain data: vertical bars grouped per category (a
budget year's value, accepted and paid amounts) and horizontal bars (contracts per state,
value per service group).

The page's Content-Security-Policy allows no inline style: the SVG is styled by presentation
attributes alone (fill, stroke, font-size, text-anchor), never a style attribute, a <style>
element or a script. Each chart is an image to assistive technology (role="img", named by its
<title> and described by its <desc> through aria-labelledby); every bar carries its exact
figure in a <title> (a tooltip), and the page puts a table with the same figures beside it
(templates/_macros/charts.html). Every text is escaped; the result is Markup.

Amounts are whole đồng written by core.money.format_vnd; the axis counts in the largest unit
(nghìn, triệu, tỷ đồng) its ticks are whole numbers of.
"""
from collections.abc import Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

from core.money import format_vnd

WIDTH = 720
# Dark enough for 3:1 against white (WCAG 1.4.11) and told apart without colour vision by
# their order, the legend and the table beside the chart.
PALETTE = ("#0b5cad", "#b35900", "#1a7f37", "#6f42c1")
GRID, INK, MUTED = "#d0d7de", "#1b1f24", "#57606a"
FONT = 12
BAR_FONT = 11


def _units() -> tuple[tuple[int, str], ...]:
    return ((10 ** 9, _("tỷ đồng")), (10 ** 6, _("triệu đồng")), (10 ** 3, _("nghìn đồng")),
            (1, _("đồng")))


def nice_step(top: int, ticks: int = 4) -> int:
    """The step of about `ticks` gridlines up to `top`: 1, 2 or 5 times a power of ten."""
    raw = max(1, -(-top // ticks))
    magnitude = 10 ** (len(str(raw)) - 1)
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def axis(top: int, *, money: bool) -> tuple[list[int], int, str]:
    """The ticks from 0 past `top`, the unit they are written in, and its name."""
    step = nice_step(top)
    ticks = list(range(0, step * (-(-top // step) or 1) + 1, step))
    if not money:
        return ticks, 1, ""
    unit, name = next((u, n) for u, n in _units() if step % u == 0)
    return ticks, unit, name


def amount_text(value: int, money: bool) -> str:
    """A figure as a bar's tooltip and label write it."""
    return _("%(amount)s đồng", amount=format_vnd(value)) if money else format_vnd(value)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = FONT,
          fill: str = INK, full: str | None = None) -> str:
    hint = f"<title>{escape(full)}</title>" if full and full != content else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}">{hint}{escape(content)}</text>')


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" '
            f'height="{max(height, 0):.1f}" fill="{fill}"><title>{escape(tip)}</title></rect>')


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str]) -> Markup:
    labels = f"{escape(chart_id)}-title {escape(chart_id)}-desc"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{labels}" focusable="false" class="chart">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        + "".join(body) + "</svg>")


def grouped_bars(chart_id: str, title: str, description: str, categories: Sequence[str],
                 series: Sequence[str], values: Sequence[Sequence[int]], *,
                 money: bool = True) -> Markup:
    """Vertical bars: for each category (a year) one bar per series, `values[category]
    [series]`, side by side, with a legend, gridlines and the axis in its unit."""
    left, right, top, bottom = 72, 12, 48, 36
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    highest = max((max(row, default=0) for row in values), default=0)
    ticks, unit, unit_name = axis(highest, money=money)
    scale = plot_h / ticks[-1]
    body = []
    for tick in ticks:
        y = top + plot_h - tick * scale
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
                    f'stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(left - 6, y + 4, format_vnd(tick // unit), anchor="end", fill=MUTED))
    if unit_name:
        body.append(_text(left - 6, top - 12, f"({unit_name})", anchor="end", fill=MUTED))
    x = left + 8  # the legend, above the plot
    for index, name in enumerate(series):
        body.append(f'<rect x="{x}" y="8" width="12" height="12" '
                    f'fill="{PALETTE[index % len(PALETTE)]}"/>')
        body.append(_text(x + 16, 18, name))
        x += 28 + 7 * len(name)
    slot = plot_w / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    limit = max(4, int(slot / 6.5))
    for i, (category, row) in enumerate(zip(categories, values)):
        start = left + i * slot + slot * 0.1
        for j, (name, value) in enumerate(zip(series, row)):
            bar_h = value * scale
            body.append(_rect(start + j * bar, top + plot_h - bar_h, bar - 1, bar_h,
                              PALETTE[j % len(PALETTE)],
                              f"{category} – {name}: {amount_text(value, money)}"))
        body.append(_text(left + (i + 0.5) * slot, height - bottom + 18,
                          _shorten(category, limit), anchor="middle", full=category))
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" '
                f'y2="{top + plot_h}" stroke="{MUTED}" stroke-width="1"/>')
    return _svg(chart_id, title, description, height, body)


def horizontal_bars(chart_id: str, title: str, description: str, labels: Sequence[str],
                    values: Sequence[int], *, money: bool = True) -> Markup:
    """One horizontal bar per label, its figure written at its end."""
    label_w, value_w, top, row_h = 250, 150, 8, 28
    height = top + row_h * max(len(labels), 1) + 8
    plot_w = WIDTH - label_w - value_w
    highest = max(values, default=0)
    scale = plot_w / highest if highest else 0
    body = []
    for i, (label, value) in enumerate(zip(labels, values)):
        y = top + i * row_h
        shown = amount_text(value, money)
        body.append(_text(label_w - 8, y + 18, _shorten(label, 38), anchor="end", full=label))
        body.append(_rect(label_w, y + 5, value * scale, row_h - 10,
                          PALETTE[0], f"{label}: {shown}"))
        body.append(_text(label_w + value * scale + 6, y + 18, shown, size=BAR_FONT))
    body.append(f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - 8}" '
                f'stroke="{MUTED}" stroke-width="1"/>')
    return _svg(chart_id, title, description, height, body)
