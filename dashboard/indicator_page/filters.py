"""The indicator page's filters: the query string as typed values, then cleaned against the data.

:func:`requested` reads what the query string asks for without looking at the data;
:func:`clean` checks that against what the current release holds. Unknown or stale values (say,
groups of the previously chosen characteristic) are dropped rather than refused, so any shared
link still opens a sensible view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from indicators import selectors
from indicators.models import Characteristic, Geography, Group, Indicator, Period

MEASURES = {
    "value": "Value",
    "percent": "Gap to reference group (% of reference, as pay gaps are published)",
    "gap": "Gap to reference group (difference)",
    "ratio": "Gap to reference group (ratio)",
}
#: Each ``Indicator.gap_measure`` (the form its source publishes gaps in) → its measure here.
GAP_FORMS: dict[str, str] = {
    Indicator.GapMeasure.DIFFERENCE: "gap",
    Indicator.GapMeasure.PERCENT_OF_REFERENCE: "percent",
    Indicator.GapMeasure.RATIO: "ratio",
}
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
class Requested:
    """The view the query string asks for, typed but not yet checked against the data."""

    characteristic: str = ""
    groups: frozenset[str] = frozenset()
    geographies: frozenset[str] = frozenset()
    start: str = ""
    end: str = ""
    measure: str = "value"
    cross: str = ""


def requested(query: QueryDict) -> Requested:
    """The filters in ``query``: ``characteristic``, ``group`` (any number), ``geography``
    (any number), ``start``, ``end``, ``measure`` and ``cross``. Other parameters (``table``,
    ``format``) say how to show the view, not which view."""
    return Requested(
        characteristic=query.get("characteristic", ""),
        groups=frozenset(query.getlist("group")),
        geographies=frozenset(query.getlist("geography")),
        start=query.get("start", ""),
        end=query.get("end", ""),
        measure=query.get("measure", "value"),
        cross=query.get("cross", ""),
    )


@dataclass(frozen=True)
class Filters:
    """The view to show, cleaned against what the data holds.

    The ``*_options`` are what the form offers: only groups, places and periods with values
    for the chosen breakdown.
    """

    breakdown: selectors.Breakdown | None
    groups: list[Group]
    geographies: list[Geography]
    periods: list[Period]
    start: Period | None
    end: Period | None
    measure: str
    cross: selectors.Breakdown | None = None
    #: The measure the indicator's source publishes gaps in ("gap", "percent" or "ratio"):
    #: the gap the summary and the gap chart give when the view shows values.
    published_gap: str = "gap"
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

    @property
    def gap_measure(self) -> str:
        """The gap the view is about: the measure chosen, or the published form of the gap
        when the view shows values."""
        return self.published_gap if self.measure == "value" else self.measure

    @property
    def measure_options(self) -> dict[str, str]:
        """The measures offered, the published form of the gap first; a gap as a percentage
        of the reference only where the source publishes gaps so (pay gaps)."""
        order = ["value", self.published_gap, "gap", "ratio"]
        return {m: MEASURES[m] for m in dict.fromkeys(order)}

    @property
    def shows_places(self) -> bool:
        """More than one place is shown, so rows and lines are named by place too."""
        return len(self.geographies) > 1

    def query(self) -> QueryDict:
        """The query string that opens this view again."""
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


def clean(
    asked: Requested,
    *,
    breakdowns: list[selectors.Breakdown],
    coverage: selectors.Coverage,
    indicator: Indicator | None = None,
) -> Filters:
    """The view ``asked`` for, as far as the current release holds it.

    Defaults: the ``indicator``'s primary characteristic (the breakdown its title names) if
    it has data, else the first characteristic with data (else all people); every group with
    data, the widest place, every period, values. Each list offered depends on the choices
    before it: places with data for the breakdown, periods with data in those places, groups
    with data in those places and periods.
    """
    options = [b for b in breakdowns if b.characteristic.pk in coverage.characteristic_ids]
    if coverage.has_all_people:
        options.insert(0, all_people_breakdown())
    by_slug = {b.characteristic.slug: b for b in options}
    primary_id = indicator.primary_characteristic_id if indicator else None
    published_gap = GAP_FORMS.get(indicator.gap_measure, "gap") if indicator else "gap"
    primary = next(
        (b for b in options if primary_id is not None and b.characteristic.pk == primary_id),
        None,
    )
    default = primary or next((b for b in options if b.characteristic.pk is not None), None)
    breakdown = by_slug.get(asked.characteristic) or default or next(iter(options), None)
    if breakdown is None:
        return Filters(None, [], [], [], None, None, "value", published_gap=published_gap)
    characteristic_id = breakdown.characteristic.pk

    geography_options = coverage.geographies_for(characteristic_id=characteristic_id)
    geographies = [g for g in geography_options if g.code in asked.geographies]
    geographies = geographies or geography_options[:1]
    period_options = coverage.periods_for(
        characteristic_id=characteristic_id, geography_ids=[g.pk for g in geographies]
    )
    periods = _period_range(period_options, start=asked.start, end=asked.end)

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
    measure = asked.measure
    offered = {"value", published_gap, "gap", "ratio"}
    if measure not in offered or breakdown.reference is None:
        measure = "value"
    return Filters(
        breakdown,
        [g for g in group_options if g.slug in asked.groups] or group_options,
        geographies,
        periods,
        periods[0] if periods else None,
        periods[-1] if periods else None,
        measure,
        next((b for b in cross_options if b.characteristic.slug == asked.cross), None),
        published_gap=published_gap,
        breakdown_options=options,
        group_options=group_options,
        geography_options=geography_options,
        period_options=period_options,
        cross_options=cross_options,
    )


def _period_range(options: list[Period], *, start: str, end: str) -> list[Period]:
    """The periods from ``start`` to ``end`` (labels, either way round); a label not offered
    stands for the first or the last period."""
    labels = [p.label for p in options]
    first = labels.index(start) if start in labels else 0
    last = labels.index(end) if end in labels else len(labels) - 1
    first, last = sorted((first, last))
    return options[first : last + 1]
