"""The trend chart: a line per group over the periods, and the reference lines drawn across it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.charts.style import (
    DASHES,
    MEASURE_COLUMNS,
    NO_GAP,
    REFERENCE_COLOUR,
    Figure,
    Measure,
    escape,
    figure_layout,
)
from dashboard.charts.traces import trace
from dashboard.formatting import Units


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
            trace(
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
        shapes.append(horizontal_line(NO_GAP[measure]))
    return {
        "data": data,
        "layout": figure_layout(
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


def horizontal_line(y: float, *, dash: str = "dash") -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": "#505a5f", "width": 1.5, "dash": dash},
    }
