"""The indicator page's view model: filters from the query string → data → charts and table.

Reads go through ``indicators.selectors`` (six queries whatever the number of groups, periods,
places and releases); gaps come from ``indicators.stats.gaps_frame`` in one vectorised call;
figures from ``dashboard.charts``; the sentence from ``dashboard.summaries``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.http import QueryDict

from dashboard import charts, intervals, summaries
from dashboard.formatting import Units
from indicators import selectors, stats
from indicators.models import (
    Characteristic,
    Geography,
    Group,
    Indicator,
    Observation,
    Period,
    Release,
)

MEASURES = {
    "value": "Value",
    "gap": "Gap to reference group (difference)",
    "ratio": "Gap to reference group (ratio)",
}
#: Monte Carlo draws for the slope index's limits: enough for limits stable to about 1% of
#: their width, and fast enough to compute every period on each request.
SII_REPETITIONS = 10_000
SII_SEED = 20_240_101

MARKER_LABELS = dict(Observation.Marker.choices)
QUALITY_LABELS = dict(Observation.Quality.choices)
#: Above this many rows the page shows the latest period's rows and links to the full table.
TABLE_OPEN_ROWS = 60
#: The "broken down by" choice for the rows about everyone, compared between places.
ALL_PEOPLE = "all-people"


def all_people_breakdown() -> selectors.Breakdown:
    """A breakdown with one group, "All people": the headline figure in every place."""
    return selectors.Breakdown(
        Characteristic(slug=ALL_PEOPLE, name="All people (compare places)"),
        [Group(pk=0, slug=ALL_PEOPLE, name="All people")],
        None,
    )


@dataclass(frozen=True)
class Filters:
    """The view asked for in the query string, cleaned against what the data holds.

    Unknown or stale values (say, groups of the previously chosen characteristic) are dropped
    rather than refused, so any shared link still opens a sensible view. The ``*_options``
    are what the form offers: only groups, places and periods with values for the chosen
    breakdown.
    """

    breakdown: selectors.Breakdown | None
    groups: list[Group]
    geographies: list[Geography]
    periods: list[Period]
    start: Period | None
    end: Period | None
    measure: str
    cross: selectors.Breakdown | None = None
    breakdown_options: list[selectors.Breakdown] = field(default_factory=list)
    group_options: list[Group] = field(default_factory=list)
    geography_options: list[Geography] = field(default_factory=list)
    period_options: list[Period] = field(default_factory=list)
    cross_options: list[selectors.Breakdown] = field(default_factory=list)

    @property
    def is_all_people(self) -> bool:
        return self.breakdown is not None and self.breakdown.characteristic.pk is None

    @property
    def characteristic_id(self) -> int | None:
        return self.breakdown.characteristic.pk if self.breakdown else None

    def query(self) -> QueryDict:
        query = QueryDict(mutable=True)
        if self.breakdown:
            query["characteristic"] = self.breakdown.characteristic.slug
            if not self.is_all_people:
                query.setlist("group", [g.slug for g in self.groups])
        if self.cross:
            query["cross"] = self.cross.characteristic.slug
        query.setlist("geography", [g.code for g in self.geographies])
        if self.start and self.end:
            query["start"] = self.start.label
            query["end"] = self.end.label
        query["measure"] = self.measure
        return query


def filters_from_query(
    query: QueryDict, *, breakdowns: list[selectors.Breakdown], coverage: selectors.Coverage
) -> Filters:
    """Read the filter form against what the current release holds.

    Defaults: the first characteristic with data (else all people), every group with data,
    the widest place, every period, values. Each list offered depends on the choices before
    it: places with data for the breakdown, periods with data in those places, groups with
    data in those places and periods.
    """
    options = [b for b in breakdowns if b.characteristic.pk in coverage.characteristic_ids]
    if coverage.has_all_people:
        options.insert(0, all_people_breakdown())
    by_slug = {b.characteristic.slug: b for b in options}
    default = next((b for b in options if b.characteristic.pk is not None), None)
    breakdown = by_slug.get(query.get("characteristic", "")) or default or next(iter(options), None)
    if breakdown is None:
        return Filters(None, [], [], [], None, None, "value")
    characteristic_id = breakdown.characteristic.pk

    geography_options = coverage.geographies_for(characteristic_id=characteristic_id)
    codes = set(query.getlist("geography"))
    geographies = [g for g in geography_options if g.code in codes] or geography_options[:1]

    period_options = coverage.periods_for(
        characteristic_id=characteristic_id, geography_ids=[g.pk for g in geographies]
    )
    labels = [p.label for p in period_options]
    start, end = query.get("start", ""), query.get("end", "")
    start_index = labels.index(start) if start in labels else 0
    end_index = labels.index(end) if end in labels else len(labels) - 1
    start_index, end_index = sorted((start_index, end_index))
    periods = period_options[start_index : end_index + 1]

    if characteristic_id is None:
        group_options = list(breakdown.groups)
        cross_options: list[selectors.Breakdown] = []
    else:
        with_data = coverage.group_ids_for(
            characteristic_id=characteristic_id,
            geography_ids=[g.pk for g in geographies],
            period_ids=[p.pk for p in periods],
        )
        group_options = [g for g in breakdown.groups if g.pk in with_data]
        crossed = coverage.cross_ids_for(characteristic_id=characteristic_id)
        cross_options = [b for b in breakdowns if b.characteristic.pk in crossed]
    wanted = set(query.getlist("group"))
    groups = [g for g in group_options if g.slug in wanted] or group_options
    cross = next(
        (b for b in cross_options if b.characteristic.slug == query.get("cross", "")), None
    )

    measure = query.get("measure", "value")
    if measure not in MEASURES or breakdown.reference is None:
        measure = "value"
    return Filters(
        breakdown=breakdown,
        groups=groups,
        geographies=geographies,
        periods=periods,
        start=periods[0] if periods else None,
        end=periods[-1] if periods else None,
        measure=measure,
        cross=cross,
        breakdown_options=options,
        group_options=group_options,
        geography_options=geography_options,
        period_options=period_options,
        cross_options=cross_options,
    )


@dataclass
class CrossView:
    """The cross breakdown (e.g. ethnicity × sex) in one period and place: chart and table."""

    chart: charts.ChartBlock
    period: str
    place: str
    rows: list[Group]
    columns: list[Group]
    cells: list[list[dict[str, str]]]

    @property
    def row_cells(self) -> list[tuple[Group, list[dict[str, str]]]]:
        return list(zip(self.rows, self.cells, strict=True))


@dataclass
class IndicatorView:
    """Everything the indicator template shows."""

    indicator: Indicator
    #: The public release history, withdrawn releases included (see release_history).
    history: list[selectors.HistoryEntry]
    current: Release
    breakdowns: list[selectors.Breakdown]
    coverage: selectors.Coverage
    filters: Filters
    units: Units
    charts: list[charts.ChartBlock] = field(default_factory=list)
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
    def is_synthetic(self) -> bool:
        return self.current.is_synthetic

    @property
    def table_is_long(self) -> bool:
        return len(self.table) > TABLE_OPEN_ROWS

    @property
    def latest_table(self) -> list[dict[str, Any]]:
        """The data table's rows for the latest period shown (all of it when short)."""
        if not self.table:
            return []
        latest = self.table[-1]["period"]
        return [row for row in self.table if row["period"] == latest]


def indicator_view(*, indicator: Indicator, query: QueryDict) -> IndicatorView:
    """Build the page for ``indicator`` (which has a visible release) as ``query`` asks."""
    history = selectors.release_history(indicator=indicator)
    releases = selectors.release_visible_from_history(history=history)
    current = selectors.release_current(releases=releases)
    assert current is not None, "indicator_get only returns indicators with a visible release"
    previous = selectors.release_previous(releases=releases)
    breakdowns = selectors.indicator_breakdown_list(indicator=indicator)
    coverage = selectors.release_coverage(release=current)
    filters = filters_from_query(query, breakdowns=breakdowns, coverage=coverage)
    units = Units.of(indicator)
    view = IndicatorView(indicator, history, current, breakdowns, coverage, filters, units)
    if filters.breakdown is None or not filters.periods:
        return view

    frame = selectors.observation_frame(
        release_ids=[r.pk for r in (current, previous) if r is not None],
        characteristic_id=filters.characteristic_id,
        geography_ids=[g.pk for g in filters.geographies],
        period_ids=[p.pk for p in filters.periods],
    )
    frame = selectors.with_revisions(
        frame, current_id=current.pk, previous_id=previous.pk if previous else None
    )
    frame = intervals.with_computed_limits(frame, indicator=indicator)
    rows = _labelled_rows(frame, filters=filters)
    reference = filters.breakdown.reference
    if reference is not None and not rows.empty:
        rows = stats.gaps_frame(
            rows,
            reference_group=reference.pk,
            group="group_id",
            period="period_id",
            by=["geography_id"],
        )
    else:
        rows = rows.assign(**dict.fromkeys(charts.MEASURE_COLUMNS["gap"], math.nan))
        rows = rows.assign(**dict.fromkeys(charts.MEASURE_COLUMNS["ratio"], math.nan))
        rows["is_reference"] = False
        rows["significant"] = pd.array([pd.NA] * len(rows), dtype="boolean")

    shown = rows[rows["group_id"].isin([g.pk for g in filters.groups])]
    view.table = _table(shown, units=units, show_place=len(filters.geographies) > 1)
    view.markers_used = _markers_used(shown)
    view.revised_count = int(shown["revised"].sum())
    view.computed_limits = int(shown[intervals.COMPUTED].sum())
    view.gap_count = int(shown["difference"].notna().sum())
    view.untested_gaps = int((shown["difference"].notna() & shown["difference_lower"].isna()).sum())
    view.summary = _summary(indicator, rows=shown, filters=filters, units=units)
    view.charts = _charts(indicator, rows=shown, all_rows=rows, filters=filters, units=units)
    if filters.cross is not None:
        view.cross = _cross_view(indicator, current=current, filters=filters, units=units)
    return view


def _cross_view(
    indicator: Indicator, *, current: Release, filters: Filters, units: Units
) -> CrossView | None:
    """The latest period of the chosen characteristic crossed with another, in the first
    place shown: one bar per group, split by the other characteristic's groups."""
    assert filters.breakdown is not None
    assert filters.cross is not None
    this = filters.breakdown.characteristic
    other = filters.cross.characteristic
    place = filters.geographies[0]
    frame = selectors.observation_frame(
        release_ids=[current.pk],
        characteristic_id=this.pk,
        cross_characteristic_id=other.pk,
        geography_ids=[place.pk],
        period_ids=[p.pk for p in filters.periods],
    )
    frame = intervals.with_computed_limits(frame, indicator=indicator)
    this_first = this.pk < other.pk
    frame["row_id"] = frame["group_a_id" if this_first else "group_b_id"]
    frame["column_id"] = frame["group_b_id" if this_first else "group_a_id"]
    period_order = {p.pk: i for i, p in enumerate(filters.periods)}
    frame["period_order"] = frame["period_id"].map(period_order)
    valued = frame[frame["value"].notna()]
    if valued.empty:
        return None
    latest_order = valued["period_order"].max()
    latest = frame[frame["period_order"] == latest_order].set_index(["row_id", "column_id"])
    rows = [g for g in filters.groups if g.pk in set(latest.index.get_level_values(0))]
    columns = [g for g in filters.cross.groups if g.pk in set(latest.index.get_level_values(1))]
    period = filters.periods[int(latest_order)].label
    cells = []
    for row in rows:
        line = []
        for column in columns:
            found = latest.loc[(row.pk, column.pk)] if (row.pk, column.pk) in latest.index else None
            line.append(_cross_cell(found, units=units))
        cells.append(line)
    by = f"{this.name.lower()} and {other.name.lower()}"
    figure = charts.cross_figure(
        latest.reset_index(),
        rows_groups=[(g.pk, g.name) for g in rows],
        column_groups=[(g.pk, g.name) for g in columns],
        y_title=_y_title("value", units, ""),
        units=units,
    )
    sentence = _cross_sentence(latest, rows=rows, columns=columns, units=units, period=period)
    chart = charts.ChartBlock(
        id="chart-cross",
        title=f"Value by {by}, {period}",
        figure=figure,
        filename=f"{indicator.slug}-by-{this.slug}-and-{other.slug}",
        summary=f"{place.name}. {sentence}".strip(),
        method_anchor="confidence-intervals",
        table_href="#cross-table",
    )
    return CrossView(chart, period, place.name, rows, columns, cells)


def _cross_cell(found: pd.Series | None, *, units: Units) -> dict[str, str]:
    if found is None:
        return {"value": "", "interval": "", "marker": "", "marker_label": ""}
    return {
        "value": _format(found["value"], units),
        "interval": (
            f"{_format(found['lower'], units)} to {_format(found['upper'], units)}"
            if pd.notna(found["lower"]) and pd.notna(found["upper"])
            else ""
        ),
        "marker": found["marker"],
        "marker_label": MARKER_LABELS.get(found["marker"], ""),
    }


def _cross_sentence(
    latest: pd.DataFrame,
    *,
    rows: list[Group],
    columns: list[Group],
    units: Units,
    period: str,
) -> str:
    """Which intersection is highest and which lowest: where intersecting inequalities show."""
    names = {(r.pk, c.pk): f"{r.name}, {c.name}" for r in rows for c in columns}
    valued = latest["value"].dropna()
    values = {
        key: float(value)
        for key, value in zip(valued.index.tolist(), valued.tolist(), strict=True)
        if key in names
    }
    if len(values) < 2:
        return ""
    high, low = max(values, key=values.__getitem__), min(values, key=values.__getitem__)
    return (
        f"In {period}, the highest value was {units.value(values[high])} ({names[high]}) and "
        f"the lowest {units.value(values[low])} ({names[low]})."
    )


def _labelled_rows(frame: pd.DataFrame, *, filters: Filters) -> pd.DataFrame:
    """Add names and sort keys to observation rows; drop groups not of this characteristic."""
    assert filters.breakdown is not None
    groups = filters.breakdown.groups
    period_order = {p.pk: i for i, p in enumerate(filters.periods)}
    rows = frame.rename(columns={"group_a_id": "group_id"})
    if filters.is_all_people:
        rows["group_id"] = rows["group_id"].fillna(0)
    rows = rows[rows["group_id"].isin([g.pk for g in groups])].copy()
    rows["group_id"] = rows["group_id"].astype(int)
    rows["group_name"] = rows["group_id"].map({g.pk: g.name for g in groups})
    rows["group_order"] = rows["group_id"].map({g.pk: i for i, g in enumerate(groups)})
    rows["period_label"] = rows["period_id"].map({p.pk: p.label for p in filters.periods})
    rows["period_order"] = rows["period_id"].map(period_order)
    place_order = {g.pk: i for i, g in enumerate(filters.geographies)}
    rows["geography_name"] = rows["geography_id"].map({g.pk: g.name for g in filters.geographies})
    rows["geography_order"] = rows["geography_id"].map(place_order)
    return rows.sort_values(["geography_order", "group_order", "period_order"]).reset_index(
        drop=True
    )


def _y_title(measure: str, units: Units, reference: str) -> str:
    if measure == "gap":
        return charts.escape(f"Difference from {reference} ({units.difference_unit})")
    if measure == "ratio":
        return f"Ratio to {charts.escape(reference)}"
    return charts.escape(units.axis_title)


def _charts(
    indicator: Indicator,
    *,
    rows: pd.DataFrame,
    all_rows: pd.DataFrame,
    filters: Filters,
    units: Units,
) -> list[charts.ChartBlock]:
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
    show_place = len(filters.geographies) > 1
    periods = [p.label for p in filters.periods]
    measure: charts.Measure = filters.measure  # type: ignore[assignment]
    by = "place" if filters.is_all_people else breakdown.characteristic.name.lower()
    blocks = [
        charts.ChartBlock(
            id="chart-trend",
            title=f"{MEASURES[measure]} over time by {by}",
            figure=charts.series_figure(
                rows,
                measure=measure,
                y_title=_y_title(measure, units, reference_name),
                units=units,
                styles=styles,
                periods=periods,
                show_place=show_place,
            ),
            method_anchor="confidence-intervals" if measure == "value" else "gaps",
        )
    ]
    if measure == "value" and reference is not None:
        blocks.append(
            charts.ChartBlock(
                id="chart-gap",
                title=f"Gap to {reference.name} over time",
                figure=charts.series_figure(
                    rows,
                    measure="gap",
                    y_title=_y_title("gap", units, reference_name),
                    units=units,
                    styles=styles,
                    periods=periods,
                    show_place=show_place,
                ),
            )
        )
    latest_period = rows.loc[rows[charts.MEASURE_COLUMNS["value"][0]].notna(), "period_order"].max()
    if not pd.isna(latest_period):
        latest = rows[rows["period_order"] == latest_period]
        label = latest["period_label"].iloc[0]
        blocks.append(
            charts.ChartBlock(
                id="chart-latest",
                title=f"{MEASURES[measure]} by {by}, {label}",
                figure=charts.breakdown_figure(
                    latest.sort_values(["geography_order", "group_order"]),
                    measure=measure,
                    y_title=_y_title(measure, units, reference_name),
                    units=units,
                    styles=styles,
                    reference_id=reference.pk if reference else None,
                    show_place=show_place,
                ),
                method_anchor="gaps",
                latest_only=True,
            )
        )
    if has_slope_index(breakdown.characteristic):
        sii = _sii_rows(all_rows, groups=breakdown.groups)
        if not sii.empty:
            blocks.append(
                charts.ChartBlock(
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
                    summary=_sii_sentence(sii, units=units, by=by, groups=breakdown.groups),
                    method_anchor="inequality-measures",
                )
            )
    for block in blocks:
        block.filename = f"{indicator.slug}-{block.id}"
    return blocks


def _sii_rows(rows: pd.DataFrame, *, groups: list[Group]) -> pd.DataFrame:
    """The slope index of inequality for each period and place with every ranked group's value.

    Populations come from the denominators when every group has one; otherwise the groups are
    taken as equal-sized (true by construction of quantiles such as IMD quintiles).
    """
    ranks = {g.pk: g.rank for g in groups if g.rank is not None}
    ranked = rows[rows["group_id"].isin(ranks) & rows["value"].notna()]
    results = []
    for (place, label, order), series in ranked.groupby(
        ["geography_name", "period_label", "period_order"], sort=False
    ):
        if len(series) < len(ranks) or len(series) < 2:
            continue
        population = series["denominator"]
        if population.isna().any():
            population = pd.Series(1.0, index=series.index)
        result = stats.sii_rii(
            series["group_id"].map(ranks).to_numpy(dtype=float),
            population.to_numpy(dtype=float),
            series["value"].to_numpy(dtype=float),
            lower=series["lower"].to_numpy(dtype=float),
            upper=series["upper"].to_numpy(dtype=float),
            repetitions=SII_REPETITIONS,
            seed=SII_SEED,
        )
        results.append(
            {
                "geography_name": place,
                "period_label": label,
                "period_order": order,
                "sii": result.sii,
                "sii_lower": result.sii_lower,
                "sii_upper": result.sii_upper,
            }
        )
    if not results:
        return pd.DataFrame()
    return pd.DataFrame(results).sort_values(["geography_name", "period_order"])


def has_slope_index(characteristic: Characteristic) -> bool:
    """Whether a slope index of inequality makes sense for ``characteristic``.

    The SII regresses values on each group's cumulative share of the population, so the groups
    must be quantiles: ordered, non-overlapping, together the whole population. Ordered
    socio-economic characteristics are (IMD deciles and quintiles, income quintiles); ordered
    protected characteristics such as age are bands of unequal and sometimes overlapping
    width, so they get no SII.
    """
    return characteristic.is_ordered and characteristic.kind == Characteristic.Kind.SOCIO_ECONOMIC


def _sii_sentence(sii: pd.DataFrame, *, units: Units, by: str, groups: list[Group]) -> str:
    """The latest SII, naming the end groups (rank 1 and the highest rank) and which is higher:
    a positive SII means values rise from the lowest rank to the highest."""
    ranked = sorted((g for g in groups if g.rank is not None), key=lambda g: g.rank or 0)
    lowest, highest = ranked[0].name, ranked[-1].name
    latest = sii.iloc[-1]
    # The size of the difference, with its interval on the same (unsigned) footing.
    flip = -1.0 if latest["sii"] < 0 else 1.0
    bounds = sorted((flip * latest["sii_lower"], flip * latest["sii_upper"]))
    sentence = (
        f"In {latest['period_label']}, the slope index of inequality by {by} was "
        f"{units.difference(flip * latest['sii'], sign=False)}"
    )
    interval = units.interval(*bounds)
    if interval:
        sentence += f" ({interval})"
    sentence += f": the modelled difference between {lowest} and {highest}"
    if latest["sii"] == 0:
        return sentence + "."
    return sentence + f", higher for {highest if flip > 0 else lowest}."


def _gap_point(row: pd.Series, reference: str) -> summaries.GapPoint:
    return summaries.GapPoint(
        period=row["period_label"],
        group=row["group_name"],
        reference=reference,
        value=float(row["value"]),
        difference=float(row["difference"]),
        difference_lower=float(row["difference_lower"]),
        difference_upper=float(row["difference_upper"]),
    )


def sentence_subject(title: str) -> str:
    """A title as the subject of a sentence: "Food insecurity" → "food insecurity", but
    acronyms and proper nouns keep their capitals ("GCSE English and maths",
    "Below the Real Living Wage" → "below the Real Living Wage")."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return title
    return title[:1].lower() + title[1:]


def _summary(indicator: Indicator, *, rows: pd.DataFrame, filters: Filters, units: Units) -> str:
    """The sentence for the first place shown: the group furthest from the reference in the
    latest period (preferring significant gaps), and how its gap has moved since the first."""
    assert filters.breakdown is not None
    subject = sentence_subject(indicator.short_title or indicator.title)
    place = rows[rows["geography_id"] == filters.geographies[0].pk]
    with_gap = place[place["difference"].notna()]
    reference = filters.breakdown.reference
    if with_gap.empty or reference is None:
        valued = place[place["value"].notna()]
        if valued.empty:
            return ""
        row = valued.sort_values("period_order").iloc[-1]
        return summaries.value_sentence(
            subject=subject,
            units=units,
            period=row["period_label"],
            group=row["group_name"],
            value=float(row["value"]),
        )
    latest = with_gap[with_gap["period_order"] == with_gap["period_order"].max()]
    significant = latest[latest["significant"].fillna(False).astype(bool)]
    candidates = significant if not significant.empty else latest
    row = candidates.loc[candidates["difference"].abs().idxmax()]
    history = with_gap[with_gap["group_id"] == row["group_id"]].sort_values("period_order")
    first = _gap_point(history.iloc[0], reference.name) if len(history) > 1 else None
    return summaries.gap_sentence(
        subject=subject, units=units, latest=_gap_point(row, reference.name), first=first
    )


def _format(number: float, units: Units, *, decimals: int | None = None) -> str:
    """A table cell's number ("" when missing); the unit is in the column's header."""
    if number is None or pd.isna(number):
        return ""
    return units.number(number, decimals=decimals)


def _table(rows: pd.DataFrame, *, units: Units, show_place: bool) -> list[dict[str, Any]]:
    """Rows for the data table, in period order, numbers formatted as the indicator asks."""
    table = []
    ordered = rows.sort_values(["period_order", "geography_order", "group_order"])
    for row in ordered.to_dict("records"):
        significant = row["significant"]
        table.append(
            {
                "period": row["period_label"],
                "place": row["geography_name"] if show_place else "",
                "group": row["group_name"],
                "is_reference": bool(row["is_reference"]),
                "value": _format(row["value"], units),
                "lower": _format(row["lower"], units),
                "upper": _format(row["upper"], units),
                "marker": row["marker"],
                "marker_label": MARKER_LABELS.get(row["marker"], ""),
                "quality": row["quality"],
                "quality_label": QUALITY_LABELS.get(row["quality"], ""),
                "difference": _format(row["difference"], units),
                "difference_lower": _format(row["difference_lower"], units),
                "difference_upper": _format(row["difference_upper"], units),
                "ratio": _format(row["ratio"], units, decimals=2),
                "significant": None if pd.isna(significant) else bool(significant),
                "untested": pd.isna(significant) and pd.notna(row["difference"]),
                "computed": bool(row[intervals.COMPUTED]),
                "revised": bool(row["revised"]),
                "previous_value": _format(row["previous_value"], units),
                "note": row["note"],
                "numbers": {column: row[column] for column in CSV_NUMBERS},
            }
        )
    return table


def _markers_used(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """The GSS markers present in the table, with what each means."""
    used = [(f"[{m}]", MARKER_LABELS[m]) for m in sorted(set(rows["marker"]) - {""})]
    used += [(f"[{q}]", QUALITY_LABELS[q]) for q in sorted(set(rows["quality"]) - {""})]
    return used


#: The numeric columns a CSV download writes unrounded, from the data frame's columns.
CSV_NUMBERS = (
    "value",
    "lower",
    "upper",
    "difference",
    "difference_lower",
    "difference_upper",
    "ratio",
)
#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(view: IndicatorView) -> list[list[str]]:
    """The current view's data table as CSV rows (header first).

    Numbers are written in full, as the data and the calculations give them, not rounded as
    the page shows them; ``limits_source`` says whose the 95% limits are. Text from the
    source or the admin that a spreadsheet would run as a formula is neutralised.
    """
    indicator = view.indicator
    header = [
        "indicator",
        "release_version",
        "period",
        "geography",
        "characteristic",
        "group",
        "value",
        "lower_95",
        "upper_95",
        "limits_source",
        "marker",
        "quality",
        "gap",
        "gap_lower_95",
        "gap_upper_95",
        "ratio",
        "gap_significant",
        "revised",
        "note",
    ]
    characteristic = view.filters.breakdown.characteristic.name if view.filters.breakdown else ""
    places = {g.name for g in view.filters.geographies}
    place = next(iter(places)) if len(places) == 1 else ""
    lines = [header]
    for row in view.table:
        numbers = {column: _csv_number(value) for column, value in row["numbers"].items()}
        lines.append(
            [
                _csv_text(indicator.slug),
                str(view.current.version),
                _csv_text(row["period"]),
                _csv_text(row["place"] or place),
                _csv_text(characteristic),
                _csv_text(row["group"]),
                numbers["value"],
                numbers["lower"],
                numbers["upper"],
                _limits_source(row, has_limits=bool(numbers["lower"] and numbers["upper"])),
                f"[{row['marker']}]" if row["marker"] else "",
                f"[{row['quality']}]" if row["quality"] else "",
                numbers["difference"],
                numbers["difference_lower"],
                numbers["difference_upper"],
                numbers["ratio"],
                "" if row["significant"] is None else str(row["significant"]).lower(),
                str(row["revised"]).lower(),
                _csv_text(row["note"]),
            ]
        )
    return lines


def _csv_number(number: float | None) -> str:
    """A number unrounded by the page's decimal places: to 12 significant figures, beyond any
    published precision but short of binary noise (11.1 − 10.1 is 1, not 0.9999999999999982);
    "" when missing."""
    if number is None or pd.isna(number):
        return ""
    return str(np.format_float_positional(float(number), precision=12, fractional=False, trim="-"))


def _csv_text(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would take it for a formula; a
    plain number such as "-5" is left as it is."""
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


def _limits_source(row: dict[str, Any], *, has_limits: bool) -> str:
    if not has_limits:
        return ""
    return "computed from counts" if row["computed"] else "published"
