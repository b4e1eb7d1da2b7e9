"""What the chart partial, ``dashboard/_chart.html``, shows: one chart and its surroundings.

It knows nothing of the page that includes it: that page says where the chart's data table is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChartBlock:
    """One chart as ``dashboard/_chart.html`` shows it: heading, the sentence beside it, the
    figure, download buttons and links to its data table and method. Every chart on the site
    goes through that one partial, so none lacks the downloads or the table link."""

    id: str
    title: str
    #: A Plotly figure dict (see ``dashboard.charts``).
    figure: dict[str, Any]
    #: Where its data table is: an address, or an anchor on the page that shows the chart.
    table_href: str
    #: Base name of downloaded PNG and SVG files.
    filename: str = "chart"
    summary: str = ""
    method_anchor: str = "gaps"
    table_text: str = "Data table for this chart"
    heading_level: int = 2
    small: bool = False
    #: Printed under a downloaded image of the chart: source, place, release.
    credit: str = ""
    #: The chart shows synthetic demo data: it is labelled so beside its heading.
    synthetic: bool = False

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def fallback(self) -> FallbackTable:
        """The chart's figures as a table, shown in its place without JavaScript."""
        return fallback_table(self.figure)


@dataclass(frozen=True)
class FallbackTable:
    """A chart's points as rows (its x values) by columns (its traces), each cell the hover
    text the chart itself shows for that point."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]


def _category(x: Any) -> str:
    return " – ".join(str(part) for part in x) if isinstance(x, list | tuple) else str(x)


def fallback_table(figure: dict[str, Any]) -> FallbackTable:
    """The points of ``figure`` (a dict from ``dashboard.charts``) as a table. Names and
    labels in figures are already HTML-escaped for Plotly, so they are unescaped here and
    the template escapes them again."""
    traces = [t for t in figure.get("data", []) if t.get("x") is not None]
    columns: list[str] = []
    cells: dict[str, dict[int, str]] = {}
    order: list[str] = []
    for position, trace in enumerate(traces):
        columns.append(html.unescape(str(trace.get("name", "")) or "Value"))
        xs = trace["x"]
        # Plotly's multicategory axes give x as [outer labels, inner labels].
        if xs and isinstance(xs[0], list) and len(xs) == 2:
            xs = list(zip(xs[0], xs[1], strict=True))
        labels = trace.get("customdata") or [str(y) for y in trace.get("y", [])]
        for x, label in zip(xs, labels, strict=False):
            key = html.unescape(_category(x))
            if key not in cells:
                cells[key] = {}
                order.append(key)
            cells[key][position] = html.unescape(str(label or ""))
    rows = [(key, [cells[key].get(i, "") for i in range(len(traces))]) for key in order]
    return FallbackTable(columns, rows)
