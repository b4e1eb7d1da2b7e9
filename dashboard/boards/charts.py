"""Target trajectories on trend and gap charts, and the boards' small charts.

A target's trajectory is the straight line ``stats.progress`` judges against: from the
baseline period's published value to the target value at the target date. It is drawn as a
dashed grey line through the periods that have data, ending at a category for the target date
("2030 (target)") so that a category axis can hold it. ``with_trajectories`` adds them to any
figure from ``dashboard.charts`` (the indicator page's trend and gap charts included).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard import charts
from dashboard.boards.data import ChartData, TargetRow
from dashboard.formatting import Units

TRAJECTORY_COLOUR = "#505a5f"
TARGET_SYMBOL = "star"
#: At most this many labels on a time axis that runs to a target date.
AXIS_LABELS = 4


def trajectory_trace(target: TargetRow, *, units: Units) -> dict[str, Any]:
    """A Plotly scatter trace for one target's trajectory (dashed, with the target marked)."""
    write = units.difference if target.kind == "gap" else units.value
    label = "Illustrative target" if target.is_illustrative else "Target"
    # On three lines, so that the legend holds it on a phone.
    name = "<br>".join(
        charts.escape(part)
        for part in (
            f"{label}:",
            f"{target.measured},",
            f"{target.target_text} by {target.target_date_text}",
        )
    )
    points = target.trajectory
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": [charts.escape(p.period) for p in points],
        "y": [round(p.value, 6) for p in points],
        "line": {"color": TRAJECTORY_COLOUR, "dash": "dash", "width": 2},
        "marker": {
            "color": TRAJECTORY_COLOUR,
            "symbol": ["circle-open"] * (len(points) - 1) + [TARGET_SYMBOL],
            "size": [6] * (len(points) - 1) + [12],
        },
        "customdata": [charts.escape(write(p.value)) for p in points],
        "hovertemplate": "%{x}: %{customdata}<extra>" + name + "</extra>",
    }


def with_trajectories(
    figure: charts.Figure, targets: Sequence[TargetRow], *, units: Units
) -> charts.Figure:
    """A copy of ``figure`` with each target's trajectory added, its category axis extended
    by the target dates. Targets without a baseline value (no trajectory) are left out."""
    drawn = [t for t in targets if len(t.trajectory) >= 2]
    if not drawn:
        return figure
    result = copy.deepcopy(figure)
    result["data"].extend(trajectory_trace(t, units=units) for t in drawn)
    xaxis = result["layout"].setdefault("xaxis", {"type": "category"})
    categories = list(xaxis.get("categoryarray") or [])
    if not categories:
        for trace in figure["data"]:
            categories.extend(x for x in trace.get("x", []) if x not in categories)
    for target in drawn:
        for point in target.trajectory:
            label = charts.escape(point.period)
            if label not in categories:
                categories.append(label)
    # The periods to the target date lengthen the axis: label some of them, level, rather
    # than every one turned on its side under the legend (each has its hover label).
    xaxis.update(
        {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": categories,
            "tickangle": 0,
            "nticks": AXIS_LABELS,
            "automargin": True,
        }
    )
    return result


def review_figure(
    chart: ChartData, *, targets: Sequence[TargetRow], units: Units, height: int = 300
) -> charts.Figure:
    """The figure of a board chart: the house series chart, with targets' trajectories."""
    columns = charts.MEASURE_COLUMNS["gap" if chart.measure == "gap" else "value"]
    records = []
    for position, line in enumerate(chart.lines):
        for period, value, lower, upper in zip(
            line.periods, line.values, line.lower, line.upper, strict=True
        ):
            records.append(
                {
                    "geography_name": "",
                    "group_id": position,
                    "group_name": line.name,
                    "period_label": period,
                    columns[0]: value,
                    columns[1]: lower,
                    columns[2]: upper,
                }
            )
    rows = pd.DataFrame.from_records(records)
    styles = {
        i: (charts.PALETTE[i % len(charts.PALETTE)], charts.SYMBOLS[i % len(charts.SYMBOLS)])
        for i in range(len(chart.lines))
    }
    figure = charts.series_figure(
        rows,
        measure="gap" if chart.measure == "gap" else "value",
        y_title=charts.escape(chart.y_title),
        units=units,
        styles=styles,
        periods=chart.periods,
        show_place=False,
        height=height,
    )
    mine = [t for t in targets if t.id in chart.target_ids]
    return with_trajectories(figure, mine, units=units)
