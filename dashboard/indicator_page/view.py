"""The indicator page: its one read, then everything it shows, computed from that read.

``indicator_view`` reads through :func:`~dashboard.indicator_page.data.indicator_page_data`
and builds an :class:`IndicatorView` (cached by the view function); ``page_context`` adds what
depends on the request but not on the data (whether the whole table is open).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from dashboard import charts, intervals, summaries
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from dashboard.indicator_page import figures, gaps, places, rows, table
from dashboard.indicator_page.cross import CrossView, cross_view
from dashboard.indicator_page.data import IndicatorBasics, IndicatorPageData, indicator_page_data
from dashboard.indicator_page.filters import Filters, Requested
from indicators import selectors
from indicators.models import Geography

#: Lists of places or groups longer than this are folded away in the filter form.
LONG_LIST = 12


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
    #: Some value shown has both its limits; some gap shown has both of its limits.
    has_intervals: bool = False
    has_gap_intervals: bool = False
    #: Some place shown has figures calculated from local authority figures.
    shows_calculated: bool = False
    #: Said above the charts when the view opens on one place of many that is not the widest
    #: geography a source could have (a local authority, where no wider figure can be made).
    place_note: str = ""

    @property
    def gap_columns(self) -> list[tuple[str, str]]:
        """The table's gap columns, the view's gap measure first: (measure, heading)."""
        return _gap_columns(self.filters, self.units)

    @property
    def table_title(self) -> str:
        """The data table's title: "Unemployment rate by disability" (never "by disability by
        disability"), "Maternal mortality rate by place" for all people."""
        if not self.filters.breakdown:
            return self.indicator.title
        by = (
            "place"
            if self.filters.is_all_people
            else self.filters.breakdown.characteristic.name.lower()
        )
        return summaries.title_by(self.indicator.title, by, short=self.indicator.short_title)

    @property
    def coverage_span(self) -> str:
        """The periods the release covers: "1997 to 2021", or "2022" for one period."""
        periods = self.coverage.periods
        return summaries.period_span(periods[0].label, periods[-1].label) if periods else ""

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
        calculated = self.coverage.calculated_geography_ids
        return [
            Choice(
                g.code,
                places.place_name(g, calculated=g.pk in calculated),
                g in self.filters.geographies,
            )
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


def indicator_view(
    *, slug: str, asked: Requested, at: dt.datetime | None = None
) -> IndicatorView | None:
    """The page for the indicator ``slug`` as ``asked`` (as at ``at``, default now); None if it
    has no visible release."""
    data = indicator_page_data(slug=slug, asked=asked, at=at)
    return None if data is None else view_of(data)


def view_of(data: IndicatorPageData) -> IndicatorView:
    """What the page shows of ``data``: no queries."""
    indicator, filters = data.indicator, data.filters
    units = Units.of(indicator)
    if data.observations is None:
        return IndicatorView(**data.basics(), units=units)
    assert filters.breakdown is not None
    reference = filters.breakdown.reference
    every_group = gaps.with_percent_gap(rows.page_rows(data))
    shown = rows.shown(every_group, filters=filters)
    place = filters.geographies[0]
    calculated = data.coverage.calculated_geography_ids
    first_place = shown[shown["geography_id"] == place.pk]
    with_gap = shown["difference"].notna()
    measure = filters.gap_measure
    gap_value, gap_lower, gap_upper = charts.MEASURE_COLUMNS[measure]
    credit = _credit(data, place=places.place_name(place, calculated=place.pk in calculated))
    blocks = figures.chart_blocks(
        indicator,
        rows=shown,
        all_rows=every_group,
        filters=filters,
        units=units,
        targets=data.targets,
    )
    return IndicatorView(
        **data.basics(),
        units=units,
        charts=[replace(b, credit=credit, synthetic=data.current.is_synthetic) for b in blocks],
        table=table.table_rows(
            shown,
            units=units,
            show_place=filters.shows_places,
            gap_order=[m for m, _ in _gap_columns(filters, units)],
            gap_measure=measure,
        ),
        summary=summaries.breakdown_sentence(
            first_place,
            subject=indicator.subject
            or summaries.sentence_subject(indicator.short_title or indicator.title),
            units=units,
            reference=reference.name if reference else None,
            place=places.place_phrase(place, calculated=place.pk in calculated),
            measure=measure,
            columns=(gap_value, gap_lower, gap_upper),
            characteristic=filters.breakdown.characteristic.slug,
        ),
        markers_used=table.markers_used(shown),
        revised_count=int(shown["revised"].sum()),
        computed_limits=int(shown[intervals.COMPUTED].sum()),
        gap_count=int(with_gap.sum()),
        untested_gaps=int((with_gap & shown["difference_lower"].isna()).sum()),
        cross=cross_view(data, units=units) if filters.cross is not None else None,
        has_intervals=bool((shown["lower"].notna() & shown["upper"].notna()).any()),
        has_gap_intervals=bool((shown[gap_lower].notna() & shown[gap_upper].notna()).any()),
        shows_calculated=bool(shown["calculated"].any()) if "calculated" in shown else False,
        place_note=_place_note(data),
    )


def _gap_columns(filters: Filters, units: Units) -> list[tuple[str, str]]:
    """The data table's gap columns, the view's gap measure first: (measure, heading)."""
    reference = filters.breakdown.reference if filters.breakdown else None
    if reference is None:
        return []
    headings = {
        "percent": f"Gap: % below {reference.name}",
        "gap": f"Difference from {reference.name} ({units.difference_unit})",
        "ratio": f"Ratio to {reference.name}",
    }
    order = [filters.gap_measure, *filters.measure_options]
    return [(m, headings[m]) for m in dict.fromkeys(order) if m in headings]


def _credit(data: IndicatorPageData, *, place: str) -> str:
    """What a downloaded chart image says under it: source, place and release."""
    indicator = data.indicator
    published = f"{data.current.publish_at:%-d %B %Y}" if data.current.publish_at else ""
    parts = [
        f"Source: {indicator.source_publisher}, {indicator.source_dataset}",
        place,
        f"Release {data.current.version}" + (f", published {published}" if published else ""),
    ]
    if data.current.is_synthetic:
        parts.append("Synthetic demo data, not official statistics")
    return ". ".join(parts) + "."


def _place_note(data: IndicatorPageData) -> str:
    """Where the view shows one local authority of many (no wider figure can be made from
    the source), say so: nobody should read a council's figure as the nation's."""
    filters = data.filters
    if not filters.geographies or filters.shows_places:
        return ""
    place = filters.geographies[0]
    if place.level != Geography.Level.LOCAL_AUTHORITY or len(filters.geography_options) < 2:
        return ""
    return (
        f"These figures are for {place.name} only, one of the "
        f"{len(filters.geography_options)} local authorities the source publishes. It gives "
        "no figure for England or its regions, and none can be calculated from it. Choose "
        "other places under “Places”."
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
        # The confidence level of the values' limits (published and calculated alike): the
        # current release's; gaps and their limits are always at 95%.
        "interval_level": f"{view.current.limits_confidence or 95}%",
        "measures": view.filters.measure_options,
        "table_title": view.table_title,
        # Longer lists of places or groups than this fold into a "details" element.
        "long_list": LONG_LIST,
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
