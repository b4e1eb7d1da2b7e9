"""Plotly figure dicts built from selector output. No queries here, no computation of numbers.

Every figure is a plain dict ``{"data": [...], "layout": {...}}`` shipped to the page with
``json_script`` and drawn by ``static/dashboard/charts.js``. Layouts are small and set only
what they need (no Plotly template), which keeps a chart's JSON to a few kilobytes.

Text that comes from data (group, place and period names) is HTML-escaped: Plotly renders a
subset of HTML in names and hover text, so a name like "<b>" must reach it as "&lt;b&gt;".
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from dashboard.formatting import RATIO_UNITS, Units

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


_FONT = {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"}


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


#: Significant digits kept in figure data: finer than any chart or hover label can show, and
#: a computed limit such as 5.904520008111421 ships as 5.90452.
SIGNIFICANT_DIGITS = 6


def _floats(values: pd.Series | np.ndarray) -> np.ndarray:
    """As float64, missing values (None, NaN, pd.NA) as NaN."""
    return pd.Series(values).to_numpy(dtype="float64", na_value=np.nan)


def _numbers(values: pd.Series | np.ndarray) -> list[float | None]:
    """JSON-ready numbers: NaN becomes null, each rounded to ``SIGNIFICANT_DIGITS``."""
    return [
        None if math.isnan(v) else float(f"{v:.{SIGNIFICANT_DIGITS}g}")
        for v in _floats(values).tolist()
    ]


def _columns(measure: Measure | Literal["sii"]) -> tuple[str, str, str]:
    """A measure's value, lower-limit and upper-limit columns."""
    return ("sii", "sii_lower", "sii_upper") if measure == "sii" else MEASURE_COLUMNS[measure]


def point_labels(
    frame: pd.DataFrame, *, measure: Measure | Literal["sii"], units: Units
) -> list[str]:
    """Hover text per point, written as everywhere else on the page: "£16.25 per hour (95% CI
    £15.90 to £16.60)", "+9.1 percentage points (95% CI 7.9 to 10.3)", "0.95 (95% CI …)"."""
    value, lower, upper = _columns(measure)
    if measure == "ratio":
        units = RATIO_UNITS
    elif measure == "percent":
        units = PERCENT_GAP_UNITS
    write = units.value if measure in ("value", "ratio", "percent") else units.difference
    calculated = (
        frame["calculated"].fillna(False).astype(bool).tolist()
        if "calculated" in frame.columns
        else [False] * len(frame)
    )
    labels = []
    for number, low, high, is_calculated in zip(
        _floats(frame[value]).tolist(),
        _floats(frame[lower]).tolist(),
        _floats(frame[upper]).tolist(),
        calculated,
        strict=True,
    ):
        if math.isnan(number):
            labels.append("")
            continue
        interval = units.interval(low, high)
        label = f"{write(number)} ({interval})" if interval else write(number)
        labels.append(escape(label + (CALCULATED_MARK if is_calculated else "")))
    return labels


def has_limits(frame: pd.DataFrame, measure: Measure | Literal["sii"]) -> bool:
    """Whether any row of ``frame`` has both limits of ``measure``."""
    _, lower, upper = _columns(measure)
    return bool((frame[lower].notna() & frame[upper].notna()).any())


def _trace(
    frame: pd.DataFrame,
    *,
    kind: Literal["scatter", "bar"],
    measure: Measure | Literal["sii"],
    units: Units,
    x: list[Any],
    name: str = "",
    error_colour: str,
    **style: Any,
) -> dict[str, Any]:
    """One Plotly trace of ``frame``'s measure: its limits as error bars, hover text written as
    on the page, and ``style`` (line, marker, ...). Without a ``name`` it has no legend entry
    of its own and its hover text names no trace."""
    value, lower, upper = _columns(measure)
    centre = _floats(frame[value])
    trace: dict[str, Any] = {"type": kind}
    if name:
        trace["name"] = name
    # Error bars only where there are limits: a source without intervals gets none drawn,
    # rather than bars of no width that look like intervals of no uncertainty.
    errors: dict[str, Any] = {}
    if has_limits(frame, measure):
        errors["error_y"] = {
            "type": "data",
            "symmetric": False,
            "array": _numbers(np.clip(_floats(frame[upper]) - centre, 0, None)),
            "arrayminus": _numbers(np.clip(centre - _floats(frame[lower]), 0, None)),
            "thickness": 1.5,
            "width": 4,
            "color": error_colour,
        }
    return trace | {
        "x": x,
        "y": _numbers(centre),
        **errors,
        **style,
        "customdata": point_labels(frame, measure=measure, units=units),
        "hovertemplate": "%{x}: %{customdata}<extra>" + name + "</extra>",
    }


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


def _layout(*, y_title: str, height: int = 420, **extra: Any) -> dict[str, Any]:
    """The shared layout. Time axes carry no title: their ticks (2021, 2021/22) say it. The
    value axis's title wraps, and its margin grows to hold the title and tick labels."""
    layout: dict[str, Any] = {
        "font": _FONT,
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


def series_figure(
    rows: pd.DataFrame,
    *,
    measure: Measure,
    y_title: str,
    units: Units,
    styles: Mapping[int, tuple[str, str]],
    periods: Sequence[str],
    show_place: bool,
    height: int = 420,
) -> Figure:
    """Chart (a)/(b): one line per group (and place) over time, with its interval as error bars.

    ``rows`` has one row per period × place × group with ``period_label``, ``geography_name``,
    ``group_id``, ``group_name`` and the measure's columns (see ``MEASURE_COLUMNS``). For a gap
    or ratio the reference group is left out and a line marks no difference (0 or 1).
    """
    value = MEASURE_COLUMNS[measure][0]
    data: list[dict[str, Any]] = []
    places = list(dict.fromkeys(rows["geography_name"]))
    for (place, _), series in rows.groupby(["geography_name", "group_id"], sort=False):
        if measure != "value" and series[value].isna().all():
            continue
        colour, symbol = styles.get(int(series["group_id"].iloc[0]), (REFERENCE_COLOUR, "circle"))
        name = escape(series["group_name"].iloc[0])
        if show_place:
            name = f"{name} – {escape(place)}"
        data.append(
            _trace(
                series,
                kind="scatter",
                measure=measure,
                units=units,
                x=[escape(p) for p in series["period_label"]],
                name=name,
                error_colour=colour,
                mode="lines+markers",
                line={"color": colour, "dash": DASHES[places.index(place) % len(DASHES)]},
                marker={"color": colour, "symbol": symbol, "size": 8},
            )
        )
    shapes = []
    if measure != "value":
        shapes.append(_horizontal_line(NO_GAP[measure]))
    return {
        "data": data,
        "layout": _layout(
            y_title=y_title,
            height=height,
            shapes=shapes,
            xaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": [escape(p) for p in periods],
                "linecolor": "#505a5f",
            },
        ),
    }


def _horizontal_line(y: float, *, dash: str = "dash") -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": "#505a5f", "width": 1.5, "dash": dash},
    }


def breakdown_figure(
    rows: pd.DataFrame,
    *,
    measure: Measure,
    y_title: str,
    units: Units,
    styles: Mapping[int, tuple[str, str]],
    reference_id: int | None,
    show_place: bool,
) -> Figure:
    """Chart (c): the latest period's bars by group with error bars; the reference is marked.

    The reference bar is labelled "(reference)" and drawn in its own colour; for values a
    dashed line at its value runs across the chart, for gaps and ratios the line of no
    difference does.
    """
    value = MEASURE_COLUMNS[measure][0]
    shown = rows if measure == "value" else rows[rows["group_id"] != reference_id]
    labels = [
        escape(name) + (" (reference)" if gid == reference_id else "")
        for gid, name in zip(shown["group_id"], shown["group_name"], strict=True)
    ]
    x: list[Any] = [[escape(p) for p in shown["geography_name"]], labels] if show_place else labels
    colours = [styles.get(int(gid), (REFERENCE_COLOUR, ""))[0] for gid in shown["group_id"]]
    shapes = []
    if measure == "value":
        reference_values = shown.loc[shown["group_id"] == reference_id, value].dropna()
        if len(reference_values) == 1:
            shapes.append(_horizontal_line(float(reference_values.iloc[0])))
    else:
        shapes.append(_horizontal_line(NO_GAP[measure]))
    return {
        "data": [
            _trace(
                shown,
                kind="bar",
                measure=measure,
                units=units,
                x=x,
                error_colour=REFERENCE_COLOUR,
                marker={"color": colours},
                showlegend=False,
            )
        ],
        "layout": _layout(
            y_title=y_title,
            shapes=shapes,
            xaxis={"type": "multicategory"}
            if show_place
            else {"type": "category", "automargin": True},
        ),
    }


def sii_figure(
    sii: pd.DataFrame, *, y_title: str, units: Units, periods: Sequence[str], show_place: bool
) -> Figure:
    """Chart (d): the slope index of inequality over time, one line per place, with limits."""
    data: list[dict[str, Any]] = []
    for position, (place, series) in enumerate(sii.groupby("geography_name", sort=False)):
        colour = PALETTE[position % len(PALETTE)]
        name = escape(place) if show_place else "Slope index of inequality"
        data.append(
            _trace(
                series,
                kind="scatter",
                measure="sii",
                units=units,
                x=[escape(p) for p in series["period_label"]],
                name=name,
                error_colour=colour,
                mode="lines+markers",
                line={"color": colour},
                marker={"color": colour, "size": 8},
            )
        )
    return {
        "data": data,
        "layout": _layout(
            y_title=y_title,
            shapes=[_horizontal_line(0)],
            xaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": [escape(p) for p in periods],
            },
        ),
    }


def cross_figure(
    rows: pd.DataFrame,
    *,
    rows_groups: Sequence[tuple[int, str]],
    column_groups: Sequence[tuple[int, str]],
    y_title: str,
    units: Units,
) -> Figure:
    """The cross-breakdown chart: a bar per group of the first characteristic, split into
    bars for the second's groups (e.g. each ethnic group split by sex), with error bars.

    ``rows`` has one row per intersection with ``row_id``, ``column_id``, ``value``,
    ``lower`` and ``upper``; the order of ``rows_groups`` and ``column_groups`` is kept.
    """
    indexed = rows.set_index(["row_id", "column_id"])
    labels = [escape(name) for _, name in rows_groups]
    data: list[dict[str, Any]] = []
    for position, (column_id, column_name) in enumerate(column_groups):
        keys = [(row_id, column_id) for row_id, _ in rows_groups]
        series = indexed.reindex(keys)[["value", "lower", "upper"]]
        data.append(
            _trace(
                series,
                kind="bar",
                measure="value",
                units=units,
                x=labels,
                name=escape(column_name),
                error_colour=REFERENCE_COLOUR,
                marker={"color": PALETTE[position % len(PALETTE)]},
            )
        )
    return {
        "data": data,
        "layout": _layout(
            y_title=y_title,
            barmode="group",
            xaxis={"type": "category", "automargin": True},
        ),
    }
