"""The indicator page's data table: one dict per row, numbers formatted as the indicator asks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard import charts, intervals
from dashboard.formatting import Units
from dashboard.indicator_page import gaps
from indicators.models import Observation

MARKER_LABELS = dict(Observation.Marker.choices)
QUALITY_LABELS = dict(Observation.Quality.choices)
#: Above this many rows the page shows the latest period's rows and links to the full table.
TABLE_OPEN_ROWS = 60
#: The numeric columns each row also keeps unrounded (under "numbers"), for the CSV download.
NUMBER_COLUMNS = (
    "value",
    "lower",
    "upper",
    "difference",
    "difference_lower",
    "difference_upper",
    "ratio",
    "percent_gap",
    "percent_gap_lower",
    "percent_gap_upper",
)


def number(value: float, units: Units, *, decimals: int | None = None) -> str:
    """A table cell's number ("" when missing); the unit is in the column's header."""
    if value is None or pd.isna(value):
        return ""
    return units.number(value, decimals=decimals)


def table_rows(
    rows: pd.DataFrame,
    *,
    units: Units,
    show_place: bool,
    gap_order: Sequence[str] = ("gap", "ratio"),
    gap_measure: str = "gap",
) -> list[dict[str, Any]]:
    """Rows for the data table, in period order. ``gaps`` holds each row's gap in every
    measure of ``gap_order`` (the table's gap columns); ``gap_interval`` the interval of its
    gap in ``gap_measure``, the view's."""
    table = []
    ordered = rows.sort_values(["period_order", "geography_order", "group_order"])
    interval_columns = charts.MEASURE_COLUMNS[gap_measure]
    interval_units = gaps.units_of(gap_measure, units)
    for row in ordered.to_dict("records"):
        significant = row["significant"]
        low, high = row[interval_columns[1]], row[interval_columns[2]]
        gap_interval = (
            f"{number(low, interval_units)} to {number(high, interval_units)}"
            if pd.notna(low) and pd.notna(high)
            else ""
        )
        table.append(
            {
                "period": row["period_label"],
                "place": row["geography_name"] if show_place else "",
                "group": row["group_name"],
                "is_reference": bool(row["is_reference"]),
                "value": number(row["value"], units),
                "lower": number(row["lower"], units),
                "upper": number(row["upper"], units),
                "marker": row["marker"],
                "marker_label": MARKER_LABELS.get(row["marker"], ""),
                "quality": row["quality"],
                "quality_label": QUALITY_LABELS.get(row["quality"], ""),
                "difference": number(row["difference"], units),
                "difference_lower": number(row["difference_lower"], units),
                "difference_upper": number(row["difference_upper"], units),
                "ratio": number(row["ratio"], units, decimals=2),
                "gaps": [
                    number(row[charts.MEASURE_COLUMNS[m][0]], gaps.units_of(m, units))
                    for m in gap_order
                ],
                "gap_interval": gap_interval,
                "calculated": bool(row.get("calculated", False)),
                "significant": None if pd.isna(significant) else bool(significant),
                "untested": pd.isna(significant) and pd.notna(row["difference"]),
                "computed": bool(row[intervals.COMPUTED]),
                "revised": bool(row["revised"]),
                "previous_value": number(row["previous_value"], units),
                "note": row["note"],
                "numbers": {column: row[column] for column in NUMBER_COLUMNS},
            }
        )
    return table


def latest_rows(table: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows for the latest period in it."""
    if not table:
        return []
    latest = table[-1]["period"]
    return [row for row in table if row["period"] == latest]


def markers_used(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """The GSS markers present in the table, with what each means."""
    used = [(f"[{m}]", MARKER_LABELS[m]) for m in sorted(set(rows["marker"]) - {""})]
    used += [(f"[{q}]", QUALITY_LABELS[q]) for q in sorted(set(rows["quality"]) - {""})]
    return used
