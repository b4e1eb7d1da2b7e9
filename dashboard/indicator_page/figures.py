"""The indicator page's charts: which to draw for the filters, their titles, axes and sentences.

The figures themselves come from ``dashboard.charts``; this module picks them for the view
and wraps each in a ``ChartBlock``.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard import charts, summaries
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from dashboard.indicator_page.filters import MEASURES, Filters
from dashboard.indicator_page.sii import end_groups, has_slope_index, sii_rows
from indicators.models import Indicator

#: Where a chart's data is on the page: the data table, or for a chart of the latest period
#: only the latest period's table (shown instead of the data table when that is long).
DATA_TABLE = "#data-table"
LATEST_TABLE = "#latest-table"


def y_title(measure: str, units: Units, reference: str) -> str:
    """The value axis's title for a measure, escaped for Plotly."""
    if measure == "gap":
        return charts.escape(f"Difference from {reference} ({units.difference_unit})")
    if measure == "ratio":
        return f"Ratio to {charts.escape(reference)}"
    return charts.escape(units.axis_title)


def chart_blocks(
    indicator: Indicator,
    *,
    rows: pd.DataFrame,
    all_rows: pd.DataFrame,
    filters: Filters,
    units: Units,
) -> list[ChartBlock]:
    """The trend of the chosen measure; the gap's trend when that measure is the value; the
    latest period by group; the slope index of inequality for quantiles.

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
    by = "place" if filters.is_all_people else breakdown.characteristic.name.lower()

    def over_time(shown: charts.Measure) -> charts.Figure:
        return charts.series_figure(
            rows,
            measure=shown,
            y_title=y_title(shown, units, reference_name),
            units=units,
            styles=styles,
            periods=periods,
            show_place=show_place,
        )

    blocks = [
        ChartBlock(
            id="chart-trend",
            title=f"{MEASURES[measure]} over time by {by}",
            figure=over_time(measure),
            table_href=DATA_TABLE,
            method_anchor="confidence-intervals" if measure == "value" else "gaps",
        )
    ]
    if measure == "value" and reference is not None:
        blocks.append(
            ChartBlock(
                id="chart-gap",
                title=f"Gap to {reference.name} over time",
                figure=over_time("gap"),
                table_href=DATA_TABLE,
            )
        )
    latest_period = rows.loc[rows[charts.MEASURE_COLUMNS["value"][0]].notna(), "period_order"].max()
    if not pd.isna(latest_period):
        latest = rows[rows["period_order"] == latest_period]
        label = latest["period_label"].iloc[0]
        blocks.append(
            ChartBlock(
                id="chart-latest",
                title=f"{MEASURES[measure]} by {by}, {label}",
                figure=charts.breakdown_figure(
                    latest.sort_values(["geography_order", "group_order"]),
                    measure=measure,
                    y_title=y_title(measure, units, reference_name),
                    units=units,
                    styles=styles,
                    reference_id=reference.pk if reference else None,
                    show_place=show_place,
                ),
                table_href=LATEST_TABLE,
                method_anchor="gaps",
            )
        )
    if has_slope_index(breakdown.characteristic):
        sii = sii_rows(all_rows, groups=breakdown.groups, indicator=indicator)
        if not sii.empty:
            lowest, highest = end_groups(breakdown.groups)
            blocks.append(
                ChartBlock(
                    id="chart-sii",
                    title="Slope index of inequality over time",
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
