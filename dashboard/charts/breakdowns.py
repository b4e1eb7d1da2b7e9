"""Charts of one period: the breakdown bars, the slope index and the cross breakdown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.charts.series import horizontal_line
from dashboard.charts.style import (
    MEASURE_COLUMNS,
    NO_GAP,
    PALETTE,
    REFERENCE_COLOUR,
    Figure,
    Measure,
    escape,
    figure_layout,
)
from dashboard.charts.traces import trace
from dashboard.formatting import Units


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
            shapes.append(horizontal_line(float(reference_values.iloc[0])))
    else:
        shapes.append(horizontal_line(NO_GAP[measure]))
    return {
        "data": [
            trace(
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
        "layout": figure_layout(
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
            trace(
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
        "layout": figure_layout(
            y_title=y_title,
            shapes=[horizontal_line(0)],
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
            trace(
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
        "layout": figure_layout(
            y_title=y_title,
            barmode="group",
            xaxis={"type": "category", "automargin": True},
        ),
    }
