"""The indicator page: its one read, then everything it shows, computed from that read.

``indicator_view`` reads through :func:`~dashboard.indicator_page.data.indicator_page_data`
and builds an :class:`IndicatorView` (cached by the view function); ``page_context`` adds what
depends on the request but not on the data (whether the whole table is open).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from dashboard import intervals, summaries
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from dashboard.indicator_page import figures, rows, table
from dashboard.indicator_page.cross import CrossView, cross_view
from dashboard.indicator_page.data import IndicatorBasics, IndicatorPageData, indicator_page_data
from dashboard.indicator_page.filters import MEASURES, Requested
from indicators import selectors


@dataclass(frozen=True)
class Choice:
    """One checkbox of the filter form."""

    value: str
    label: str
    checked: bool
    #: A group within another group (a detailed ethnic group within a broad one).
    nested: bool = False


@dataclass(frozen=True)
class IndicatorView(IndicatorBasics):
    """Everything the indicator template shows."""

    units: Units
    charts: list[ChartBlock] = field(default_factory=list)
    table: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""
    markers_used: list[tuple[str, str]] = field(default_factory=list)
    revised_count: int = 0
    #: Values shown whose 95% limits this dashboard calculated from published counts.
    computed_limits: int = 0
    #: Gaps shown, and those that cannot be tested (a value or its reference has no limits).
    gap_count: int = 0
    untested_gaps: int = 0
    cross: CrossView | None = None

    @property
    def breakdowns_with_data(self) -> list[selectors.Breakdown]:
        return [
            b for b in self.breakdowns if b.characteristic.pk in self.coverage.characteristic_ids
        ]

    @property
    def group_choices(self) -> list[Choice]:
        """The groups with data, the groups shown ticked, the reference group named so."""
        reference = self.filters.breakdown.reference if self.filters.breakdown else None
        return [
            Choice(
                g.slug,
                f"{g.name} (reference)" if g == reference else g.name,
                g in self.filters.groups,
                nested=g.parent_id is not None,
            )
            for g in self.filters.group_options
        ]

    @property
    def geography_choices(self) -> list[Choice]:
        """The places with data, the places shown ticked."""
        return [
            Choice(g.code, g.name, g in self.filters.geographies)
            for g in self.filters.geography_options
        ]

    @property
    def is_synthetic(self) -> bool:
        return self.current.is_synthetic

    @property
    def table_is_long(self) -> bool:
        return len(self.table) > table.TABLE_OPEN_ROWS

    @property
    def latest_table(self) -> list[dict[str, Any]]:
        """The data table's rows for the latest period shown (all of it when short)."""
        return table.latest_rows(self.table)


def indicator_view(*, slug: str, asked: Requested) -> IndicatorView | None:
    """The page for the indicator ``slug`` as ``asked``; None if it has no visible release."""
    data = indicator_page_data(slug=slug, asked=asked)
    return None if data is None else view_of(data)


def view_of(data: IndicatorPageData) -> IndicatorView:
    """What the page shows of ``data``: no queries."""
    indicator, filters = data.indicator, data.filters
    units = Units.of(indicator)
    if data.observations is None:
        return IndicatorView(**data.basics(), units=units)
    assert filters.breakdown is not None
    reference = filters.breakdown.reference
    every_group = rows.page_rows(data)
    shown = rows.shown(every_group, filters=filters)
    first_place = shown[shown["geography_id"] == filters.geographies[0].pk]
    with_gap = shown["difference"].notna()
    return IndicatorView(
        **data.basics(),
        units=units,
        charts=figures.chart_blocks(
            indicator, rows=shown, all_rows=every_group, filters=filters, units=units
        ),
        table=table.table_rows(shown, units=units, show_place=filters.shows_places),
        summary=summaries.breakdown_sentence(
            first_place,
            subject=summaries.sentence_subject(indicator.short_title or indicator.title),
            units=units,
            reference=reference.name if reference else None,
        ),
        markers_used=table.markers_used(shown),
        revised_count=int(shown["revised"].sum()),
        computed_limits=int(shown[intervals.COMPUTED].sum()),
        gap_count=int(with_gap.sum()),
        untested_gaps=int((with_gap & shown["difference_lower"].isna()).sum()),
        cross=cross_view(data, units=units) if filters.cross is not None else None,
    )


def page_context(view: IndicatorView, *, every_period: bool) -> dict[str, Any]:
    """The template's context: ``every_period`` opens the whole data table even when long."""
    filter_query = view.filters.query().urlencode()
    every_period_query = f"?{filter_query}&table=all"
    return {
        "view": view,
        "indicator": view.indicator,
        "charts": [
            replace(chart, table_href=_table_href(chart, view, every_period, every_period_query))
            for chart in view.charts
        ],
        "filter_query": filter_query,
        "measures": MEASURES,
        # A long table shows the latest period; every period is one link (or the CSV) away.
        "every_period": every_period,
        "every_period_query": every_period_query,
    }


def _table_href(
    chart: ChartBlock, view: IndicatorView, every_period: bool, every_period_query: str
) -> str:
    """Where a chart's data is: the data table when it is short enough to show whole; when it
    is long, the latest period's table for a chart of the latest period, and the data table
    (one link away unless ``every_period`` shows it) for the others."""
    if not view.table_is_long:
        return figures.DATA_TABLE
    if chart.table_href == figures.LATEST_TABLE or every_period:
        return chart.table_href
    return every_period_query + figures.DATA_TABLE
