"""What the chart partial, ``dashboard/_chart.html``, shows: one chart and its surroundings.

It knows nothing of the page that includes it: that page says where the chart's data table is.
"""

from __future__ import annotations

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

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"
