"""The indicator page's charts: which to draw for the filters, their titles, axes and sentences.

The figures themselves come from ``dashboard.charts``; this module picks them for the view
and wraps each in a ``ChartBlock``. The indicator's targets are drawn on the charts over time
(``dashboard.boards.charts.with_trajectories``): a target for a value on the chart of values,
a target for a gap on the chart of that gap, when the view shows its place and group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from dashboard import charts, summaries
from dashboard.boards.charts import with_trajectories
from dashboard.boards.data import TargetRow
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from dashboard.indicator_page import gaps
from dashboard.indicator_page.filters import Filters
from dashboard.indicator_page.sii import end_groups, has_slope_index, sii_rows
from indicators.models import Indicator

#: Where a chart's data is on the page: the data table, or for a chart of the latest period
#: only the latest period's table (shown instead of the data table when that is long).
DATA_TABLE = "#data-table"
LATEST_TABLE = "#latest-table"


def y_title(measure: str, units: Units, reference: str) -> str:
    """The value axis's title for a measure, escaped for Plotly."""
    if measure in ("gap", "percent", "ratio"):
        return charts.escape(gaps.axis_title(measure, units, reference))
    return charts.escape(units.axis_title)


def measure_label(measure: str, *, name: str, reference: str) -> str:
    """What a chart of ``measure`` shows, for its title: the indicator's ``name`` for values,
    else the gap to the ``reference`` group ("Percentage gap to Male")."""
    if measure == "value":
        return name
    return {
        "gap": f"Difference from {reference}",
        "percent": f"Percentage gap to {reference}",
        "ratio": f"Ratio to {reference}",
    }[measure]


def shown_targets(
    targets: Sequence[TargetRow], *, measure: str, filters: Filters, reference: str
) -> list[TargetRow]:
    """The targets a chart over time of ``measure`` draws, as far as the view shows them.

    A value target on the chart of values, a gap target (the difference between a group and
    the reference group) on the chart of differences, each when its place is shown and its
    group (for all people: always). Trajectory points for periods before the first period
    shown are left out, so that the line starts inside the chart.
    """
    if measure not in ("value", "gap"):
        return []
    places = {g.name for g in filters.geographies}
    groups = {g.name for g in filters.groups}
    order = [p.label for p in filters.period_options]
    first = order.index(filters.periods[0].label) if filters.periods else 0
    earlier = set(order[:first])
    drawn = []
    for target in targets:
        if target.place not in places:
            continue
        if measure == "value":
            wanted = target.kind == "value" and (
                target.group == "All people" or target.group in groups
            )
        else:
            wanted = (
                target.kind == "gap"
                and target.comparison_group == reference
                and target.group in groups
            )
        if wanted:
            points = [p for p in target.trajectory if p.period not in earlier]
            drawn.append(replace(target, trajectory=points))
    return drawn


def chart_blocks(
    indicator: Indicator,
    *,
    rows: pd.DataFrame,
    all_rows: pd.DataFrame,
    filters: Filters,
    units: Units,
    targets: Sequence[TargetRow] = (),
) -> list[ChartBlock]:
    """The trend of the chosen measure; the gap's trend when that measure is the value; the
    latest period by group; the slope index of inequality for quantiles. The charts over
    time carry the trajectories of the targets they show (:func:`shown_targets`).

    ``rows`` are the groups shown, ``all_rows`` every group (the slope index needs them all).
    """
    assert filters.breakdown is not None
    breakdown = filters.breakdown
    reference = breakdown.reference
    reference_name = reference.name if reference else ""
    # Colours follow the groups with data, not every group of the characteristic (age has
    # dozens of bands), so that six groups get six colours; ticking groups off keeps them.
    styles = charts.group_styles(
        group_ids=[g.pk for g in filters.group_options],
        reference_id=reference.pk if reference else None,
    )
    show_place = filters.shows_places
    periods = [p.label for p in filters.periods]
    measure: charts.Measure = filters.measure  # type: ignore[assignment]
    gap: charts.Measure = filters.gap_measure  # type: ignore[assignment]
    by = "place" if filters.is_all_people else breakdown.characteristic.name.lower()
    name = indicator.short_title or indicator.title
    span = summaries.period_span(periods[0], periods[-1]) if periods else ""

    def titled(shown: charts.Measure, when: str) -> str:
        label = measure_label(shown, name=name, reference=reference_name)
        if shown == "value":
            label = summaries.title_by(label, by)
        return f"{label}, {when}" if when else label

    def axes(shown: charts.Measure) -> dict[str, Any]:
        """What every chart of ``shown`` is drawn with."""
        return {
            "measure": shown,
            "y_title": y_title(shown, units, reference_name),
            "units": units,
            "styles": styles,
            "show_place": show_place,
        }

    def over_time(shown: charts.Measure) -> charts.Figure:
        figure = charts.series_figure(rows, periods=periods, **axes(shown))
        mine = shown_targets(targets, measure=shown, filters=filters, reference=reference_name)
        return with_trajectories(figure, mine, units=units)

    def block(
        chart_id: str, shown: charts.Measure, when: str, figure: charts.Figure, href: str
    ) -> ChartBlock:
        """A chart of ``shown`` in ``when``; its method is how intervals or gaps are made."""
        anchor = (
            "confidence-intervals" if chart_id == "chart-trend" and shown == "value" else "gaps"
        )
        return ChartBlock(
            id=chart_id,
            title=titled(shown, when),
            figure=figure,
            table_href=href,
            method_anchor=anchor,
        )

    # Over time only with more than one period: one period gets bars, not single points.
    blocks = []
    with_gap = measure == "value" and reference is not None
    if len(periods) > 1:
        blocks.append(block("chart-trend", measure, span, over_time(measure), DATA_TABLE))
        if with_gap:
            blocks.append(block("chart-gap", gap, span, over_time(gap), DATA_TABLE))
    latest_period = rows.loc[rows[charts.MEASURE_COLUMNS["value"][0]].notna(), "period_order"].max()
    if not pd.isna(latest_period):
        latest = rows[rows["period_order"] == latest_period].sort_values(
            ["geography_order", "group_order"]
        )
        label = latest["period_label"].iloc[0]

        def bars(shown: charts.Measure) -> charts.Figure:
            return charts.breakdown_figure(
                latest, reference_id=reference.pk if reference else None, **axes(shown)
            )

        blocks.append(block("chart-latest", measure, label, bars(measure), LATEST_TABLE))
        if len(periods) == 1 and with_gap:
            blocks.append(block("chart-gap", gap, label, bars(gap), LATEST_TABLE))
    if has_slope_index(breakdown.characteristic):
        sii = sii_rows(all_rows, groups=breakdown.groups, indicator=indicator)
        if not sii.empty:
            lowest, highest = end_groups(breakdown.groups)
            blocks.append(
                ChartBlock(
                    id="chart-sii",
                    title=", ".join(filter(None, ["Slope index of inequality", span])),
                    figure=charts.sii_figure(
                        sii,
                        y_title=charts.escape(
                            f"Slope index of inequality ({units.difference_unit})"
                        ),
                        units=units,
                        periods=periods,
                        show_place=show_place,
                    ),
                    table_href=DATA_TABLE,
                    summary=summaries.sii_sentence(
                        sii, units=units, by=by, lowest=lowest, highest=highest
                    ),
                    method_anchor="inequality-measures",
                )
            )
    return [replace(block, filename=f"{indicator.slug}-{block.id}") for block in blocks]
