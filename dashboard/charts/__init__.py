"""Plotly figure dicts built from selector output. No queries here, no computation of numbers.

Every figure is a plain dict ``{"data": [...], "layout": {...}}`` shipped to the page with
``json_script`` and drawn by ``static/dashboard/charts.js``. Layouts are small and set only
what they need (no Plotly template), which keeps a chart's JSON to a few kilobytes.

Text that comes from data (group, place and period names) is HTML-escaped: Plotly renders a
subset of HTML in names and hover text, so a name like "<b>" must reach it as "&lt;b&gt;".

Modules: ``series`` (the trend chart), ``breakdowns`` (bars for one period, the slope index,
the cross breakdown), ``traces`` (one trace and its hover labels) and ``style`` (colours,
markers, the shared layout, escaped text).
"""

from dashboard.charts.breakdowns import breakdown_figure, cross_figure, sii_figure
from dashboard.charts.series import series_figure
from dashboard.charts.style import (
    AXIS_TITLE_WIDTH,
    CALCULATED_MARK,
    DASHES,
    MEASURE_COLUMNS,
    NO_GAP,
    PALETTE,
    PERCENT_GAP_UNITS,
    REFERENCE_COLOUR,
    SYMBOLS,
    Figure,
    Measure,
    escape,
    group_styles,
    wrap,
)
from dashboard.charts.traces import SIGNIFICANT_DIGITS, has_limits, point_labels

__all__ = [
    "AXIS_TITLE_WIDTH",
    "CALCULATED_MARK",
    "DASHES",
    "MEASURE_COLUMNS",
    "NO_GAP",
    "PALETTE",
    "PERCENT_GAP_UNITS",
    "REFERENCE_COLOUR",
    "SIGNIFICANT_DIGITS",
    "SYMBOLS",
    "Figure",
    "Measure",
    "breakdown_figure",
    "cross_figure",
    "escape",
    "group_styles",
    "has_limits",
    "point_labels",
    "series_figure",
    "sii_figure",
    "wrap",
]
