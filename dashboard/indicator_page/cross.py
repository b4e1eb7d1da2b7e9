"""The cross breakdown (e.g. ethnicity × sex): its latest period in the first place shown, as a
chart with a bar per intersection and a table of rows by columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from dashboard import charts, intervals, summaries
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from dashboard.indicator_page import places
from dashboard.indicator_page.data import IndicatorPageData
from dashboard.indicator_page.figures import y_title
from dashboard.indicator_page.table import MARKER_LABELS, number
from indicators.models import Group


@dataclass(frozen=True)
class CrossView:
    """The cross breakdown in one period and place: chart and table."""

    chart: ChartBlock
    period: str
    place: str
    rows: list[Group]
    columns: list[Group]
    cells: list[list[dict[str, str]]]

    @property
    def row_cells(self) -> list[tuple[Group, list[dict[str, str]]]]:
        return list(zip(self.rows, self.cells, strict=True))


def cross_view(data: IndicatorPageData, *, units: Units) -> CrossView | None:
    """One bar per group of the chosen characteristic, split by the other characteristic's
    groups; None when the latest period shown has no value."""
    filters = data.filters
    assert data.cross_observations is not None
    assert filters.breakdown is not None
    assert filters.cross is not None
    this = filters.breakdown.characteristic
    other = filters.cross.characteristic
    place = filters.geographies[0]
    frame = intervals.with_computed_limits(data.cross_observations, indicator=data.indicator)
    this_first = this.pk < other.pk
    frame["row_id"] = frame["group_a_id" if this_first else "group_b_id"]
    frame["column_id"] = frame["group_b_id" if this_first else "group_a_id"]
    frame["period_order"] = frame["period_id"].map({p.pk: i for i, p in enumerate(filters.periods)})
    valued = frame[frame["value"].notna()]
    if valued.empty:
        return None
    latest_order = valued["period_order"].max()
    latest = frame[frame["period_order"] == latest_order].set_index(["row_id", "column_id"])
    rows = [g for g in filters.groups if g.pk in set(latest.index.get_level_values(0))]
    columns = [g for g in filters.cross.groups if g.pk in set(latest.index.get_level_values(1))]
    period = filters.periods[int(latest_order)].label
    cells = [[_cell(latest, (row.pk, column.pk), units) for column in columns] for row in rows]
    figure = charts.cross_figure(
        latest.reset_index(),
        rows_groups=[(g.pk, g.name) for g in rows],
        column_groups=[(g.pk, g.name) for g in columns],
        y_title=y_title("value", units, ""),
        units=units,
    )
    names = {(r.pk, c.pk): f"{r.name}, {c.name}" for r in rows for c in columns}
    valued_latest = latest["value"].dropna()
    values = {
        names[key]: float(value)
        for key, value in zip(valued_latest.index.tolist(), valued_latest.tolist(), strict=True)
        if key in names
    }
    calculated = place.pk in data.coverage.calculated_geography_ids
    sentence = summaries.cross_sentence(
        values,
        units=units,
        period=period,
        place=places.place_phrase(place, calculated=calculated),
    )
    chart = ChartBlock(
        id="chart-cross",
        title=f"{data.indicator.short_title or data.indicator.title} by {this.name.lower()} "
        f"and {other.name.lower()}, {period}",
        figure=figure,
        table_href="#cross-table",
        filename=f"{data.indicator.slug}-by-{this.slug}-and-{other.slug}",
        summary=sentence,
        method_anchor="confidence-intervals",
    )
    return CrossView(chart, period, place.name, rows, columns, cells)


def _cell(latest: pd.DataFrame, key: tuple[int, int], units: Units) -> dict[str, str]:
    """The table cell of one intersection (``latest`` is indexed by row and column group)."""
    if key not in latest.index:
        return {"value": "", "interval": "", "marker": "", "marker_label": ""}
    found = cast(pd.Series, latest.loc[key])
    has_limits = pd.notna(found["lower"]) and pd.notna(found["upper"])
    return {
        "value": number(found["value"], units),
        "interval": (
            f"{number(found['lower'], units)} to {number(found['upper'], units)}"
            if has_limits
            else ""
        ),
        "marker": found["marker"],
        "marker_label": MARKER_LABELS.get(found["marker"], ""),
    }
