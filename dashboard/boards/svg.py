"""Charts as SVG, drawn on the server, for the printable board pack (WeasyPrint runs no
JavaScript, so Plotly cannot draw there).

``figure_svg`` draws the same figure dict that the page hands to Plotly: the subset the boards
use (line-and-marker scatter traces on a category axis, error bars, dashed trajectories,
horizontal reference lines, a legend), so the PDF's chart is the page's chart, as vectors with
real text. The SVG is self-contained and carries its title and a description for assistive
technology.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

WIDTH = 640
PLOT_HEIGHT = 220
MARGIN_LEFT = 64
MARGIN_RIGHT = 16
MARGIN_TOP = 12
FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#dddddd"
LEGEND_LINE = 18


def _text(value: object) -> str:
    """Figure text is HTML-escaped for Plotly: unescape it, then escape it for XML."""
    return escape(html.unescape(str(value)))


def nice_ticks(low: float, high: float, *, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high`` (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _tick_text(value: float, ticks: Sequence[float]) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    if decimals == 0 and not float(step).is_integer():
        decimals = 1
    text = f"{value:,.{decimals}f}"
    return "0" if float(text.replace(",", "")) == 0 else text


def _marker(symbol: str, x: float, y: float, size: float, colour: str) -> str:
    r = size / 2
    fill = "none" if symbol.endswith("-open") else colour
    shape = symbol.removesuffix("-open")
    stroke = f'stroke="{colour}" stroke-width="1.5"'
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" '
            f'fill="{fill}" {stroke}/>'
        )
    if shape == "diamond":
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{fill}" {stroke}/>'
    if shape == "triangle-up":
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" fill="{fill}" {stroke}/>'
    if shape in ("x", "cross"):
        a, b = (r, 0) if shape == "cross" else (r * 0.8, r * 0.8)
        if shape == "cross":
            return (
                f'<path d="M{x - a:.1f},{y:.1f}H{x + a:.1f}M{x:.1f},{y - a:.1f}V{y + a:.1f}" '
                f'{stroke} stroke-width="2"/>'
            )
        return (
            f'<path d="M{x - a:.1f},{y - b:.1f}L{x + a:.1f},{y + b:.1f}'
            f'M{x - a:.1f},{y + b:.1f}L{x + a:.1f},{y - b:.1f}" {stroke}/>'
        )
    if shape == "star":
        corners = []
        for i in range(10):
            angle = math.pi / 2 + i * math.pi / 5
            radius = r if i % 2 == 0 else r * 0.45
            corners.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
        return f'<polygon points="{" ".join(corners)}" fill="{fill}" {stroke}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" {stroke}/>'


def _dash(style: str) -> str:
    return {
        "dash": ' stroke-dasharray="6 4"',
        "dot": ' stroke-dasharray="2 3"',
        "dashdot": ' stroke-dasharray="6 3 2 3"',
        "longdash": ' stroke-dasharray="10 4"',
    }.get(style, "")


def _per_point(value: Any, index: int, default: Any) -> Any:
    if isinstance(value, list):
        return value[index] if index < len(value) else default
    return default if value is None else value


def figure_svg(figure: dict[str, Any], *, id: str, title: str, description: str) -> str:
    """The figure as an SVG element (``<svg>…</svg>``), ``WIDTH`` wide; ``id`` prefixes the
    ids of its title and description."""
    traces = [t for t in figure.get("data", []) if t.get("type", "scatter") == "scatter"]
    layout = figure.get("layout", {})
    categories = list(layout.get("xaxis", {}).get("categoryarray") or [])
    for trace in traces:
        categories.extend(x for x in trace.get("x", []) if x not in categories)
    values: list[float] = []
    for trace in traces:
        error = trace.get("error_y") or {}
        plus, minus = error.get("array") or [], error.get("arrayminus") or []
        for i, y in enumerate(trace.get("y", [])):
            if y is None:
                continue
            values.append(y)
            values.append(y + (_per_point(plus, i, 0) or 0))
            values.append(y - (_per_point(minus, i, 0) or 0))
    for shape in layout.get("shapes", []):
        values.append(shape.get("y0", 0))
    if not values or not categories:
        return ""
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    rotate = len(categories) > 8
    axis_label_height = 56 if rotate else 24
    top, bottom = MARGIN_TOP, MARGIN_TOP + PLOT_HEIGHT

    def x_of(category: str) -> float:
        slot = plot_width / len(categories)
        return MARGIN_LEFT + slot * (categories.index(category) + 0.5)

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * PLOT_HEIGHT

    parts: list[str] = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{_text(_tick_text(tick, ticks))}</text>"
        )
    for shape in layout.get("shapes", []):
        if shape.get("type") == "line" and shape.get("y0") == shape.get("y1"):
            y = y_of(float(shape["y0"]))
            parts.append(
                f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" '
                f'y2="{y:.1f}" stroke="{AXIS}" stroke-width="1.5"{_dash("dash")}/>'
            )
    parts.append(
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{bottom}" y2="{bottom}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    every = max(1, math.ceil(len(categories) / 16))
    for index, category in enumerate(categories):
        if index % every:
            continue
        x = x_of(category)
        label = _text(category)
        if rotate:
            parts.append(
                f'<text x="{x:.1f}" y="{bottom + 14}" font-size="11" text-anchor="end" '
                f'transform="rotate(-40 {x:.1f} {bottom + 14})">{label}</text>'
            )
        else:
            parts.append(
                f'<text x="{x:.1f}" y="{bottom + 16}" font-size="11" text-anchor="middle">'
                f"{label}</text>"
            )
    y_title = layout.get("yaxis", {}).get("title", {}).get("text", "")
    if y_title:
        middle = (top + bottom) / 2
        parts.append(
            f'<text x="14" y="{middle:.1f}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 14 {middle:.1f})">{_text(y_title)}</text>'
        )
    for trace in traces:
        colour = trace.get("line", {}).get("color") or trace.get("marker", {}).get("color", TEXT)
        dash = _dash(trace.get("line", {}).get("dash", "solid"))
        width = trace.get("line", {}).get("width", 2)
        points = [
            (x_of(x), y_of(y))
            for x, y in zip(trace.get("x", []), trace.get("y", []), strict=False)
            if y is not None
        ]
        error = trace.get("error_y") or {}
        plus, minus = error.get("array") or [], error.get("arrayminus") or []
        for i, (x, y) in enumerate(zip(trace.get("x", []), trace.get("y", []), strict=False)):
            up, down = _per_point(plus, i, None), _per_point(minus, i, None)
            if y is None or up is None or down is None:
                continue
            cx = x_of(x)
            parts.append(
                f'<path d="M{cx:.1f},{y_of(y + up):.1f}V{y_of(y - down):.1f}'
                f"M{cx - 3:.1f},{y_of(y + up):.1f}H{cx + 3:.1f}"
                f'M{cx - 3:.1f},{y_of(y - down):.1f}H{cx + 3:.1f}" stroke="{colour}" '
                f'stroke-width="1.2" fill="none"/>'
            )
        if "lines" in trace.get("mode", "lines") and len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"{dash}/>'
            )
        if "markers" in trace.get("mode", ""):
            marker = trace.get("marker", {})
            for i, (x, y) in enumerate(zip(trace.get("x", []), trace.get("y", []), strict=False)):
                if y is None:
                    continue
                symbol = _per_point(marker.get("symbol"), i, "circle")
                size = _per_point(marker.get("size"), i, 8)
                parts.append(_marker(symbol, x_of(x), y_of(y), size, colour))
    legend_top = bottom + axis_label_height
    for index, trace in enumerate(traces):
        y = legend_top + index * LEGEND_LINE + 10
        colour = trace.get("line", {}).get("color") or trace.get("marker", {}).get("color", TEXT)
        dash = _dash(trace.get("line", {}).get("dash", "solid"))
        symbol = _per_point(trace.get("marker", {}).get("symbol"), -1, "circle")
        if isinstance(trace.get("marker", {}).get("symbol"), list):
            symbol = trace["marker"]["symbol"][-1]
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + 28}" y1="{y - 4}" y2="{y - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_marker(symbol, MARGIN_LEFT + 14, y - 4, 8, colour))
        # A name broken over two lines for Plotly's legend is one line here.
        name = _text(str(trace.get("name", "")).replace("<br>", " "))
        parts.append(f'<text x="{MARGIN_LEFT + 36}" y="{y}" font-size="11">{name}</text>')
    height = legend_top + len(traces) * LEGEND_LINE + 8
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" '
        f'font-family={quoteattr(FONT)} fill="{TEXT}" class="app-print-chart">'
        f'<title id="{id}-title">{_text(title)}</title>'
        f'<desc id="{id}-desc">{_text(description)}</desc>' + "".join(parts) + "</svg>"
    )
