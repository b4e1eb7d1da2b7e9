"""What every figure shares: the figure and measure types, colours and markers, the layout, and
escaped, wrapped text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Literal

from dashboard.formatting import Units

Figure = dict[str, Any]
Measure = Literal["value", "gap", "percent", "ratio"]

#: Okabe & Ito (2008) colours, safe for the common colour-vision deficiencies, ordered so that
#: the first few have at least 3:1 contrast with white (WCAG 1.4.11); yellow is left out.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")
#: Markers vary with colour, so that groups sharing a colour (more than six) stay apart.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross")
REFERENCE_COLOUR = "#0b0c0c"
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")

MEASURE_COLUMNS: dict[str, tuple[str, str, str]] = {
    "value": ("value", "lower", "upper"),
    "gap": ("difference", "difference_lower", "difference_upper"),
    # (reference − group) ÷ reference × 100, as pay gaps are published: positive when the
    # group's value is below the reference group's.
    "percent": ("percent_gap", "percent_gap_lower", "percent_gap_upper"),
    "ratio": ("ratio", "ratio_lower", "ratio_upper"),
}
#: The value with which a measure marks no gap.
NO_GAP = {"gap": 0.0, "percent": 0.0, "ratio": 1.0}
#: Percentage gaps are written to one decimal place, as ONS writes pay gaps.
PERCENT_GAP_UNITS = Units(unit="%", decimal_places=1)
#: Hover text of a figure this dashboard calculated from local authority figures.
CALCULATED_MARK = " (calculated from local authority figures)"
#: Characters of a value axis title per line: longer titles wrap rather than being clipped.
AXIS_TITLE_WIDTH = 38


FONT = {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"}


def group_styles(
    *, group_ids: Sequence[int], reference_id: int | None
) -> dict[int, tuple[str, str]]:
    """A stable (colour, marker symbol) per group, from its place in the characteristic's list.

    Pass every group of the characteristic (not only those shown), so that a group keeps its
    colour whichever groups are filtered out. The reference group is always near-black.
    """
    styles: dict[int, tuple[str, str]] = {}
    position = 0
    for group_id in group_ids:
        if group_id == reference_id:
            styles[group_id] = (REFERENCE_COLOUR, "circle-open")
            continue
        styles[group_id] = (
            PALETTE[position % len(PALETTE)],
            SYMBOLS[(position // len(PALETTE)) % len(SYMBOLS)],
        )
        position += 1
    return styles


def escape(text: object) -> str:
    """Escape data text for Plotly names, labels and hover text."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int = AXIS_TITLE_WIDTH) -> str:
    """Escaped title text broken into lines of about ``width`` characters with <br>, which
    Plotly draws as line breaks (it never wraps a title itself, and clips a long one)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def figure_layout(*, y_title: str, height: int = 420, **extra: Any) -> dict[str, Any]:
    """The shared layout. Time axes carry no title: their ticks (2021, 2021/22) say it. The
    value axis's title wraps, and its margin grows to hold the title and tick labels."""
    layout: dict[str, Any] = {
        "font": FONT,
        "height": height,
        "margin": {"l": 64, "r": 16, "t": 16, "b": 64},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top"},
        "xaxis": {"type": "category", "linecolor": "#505a5f"},
        "yaxis": {
            "title": {"text": wrap(y_title)},
            "automargin": True,
            "gridcolor": "#dddddd",
            "zerolinecolor": "#505a5f",
        },
    }
    layout.update(extra)
    return layout
