"""What a release covers: characteristics, crosses, places and periods that have values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd
from django.db.models import OuterRef, Subquery

from indicators.models import Geography, Observation, Period, Release

COVERAGE_KEYS = [
    "characteristic_a_id",
    "characteristic_b_id",
    "group_a_id",
    "group_b_id",
    "geography_id",
    "period_id",
]


@dataclass(frozen=True)
class Coverage:
    """What a release holds: characteristics (and crosses), geographies and periods with data.

    ``keys`` has one row per breakdown × place × period with a value (``COVERAGE_KEYS``), so
    that filter forms offer only the groups, places and periods that have data for the
    characteristic chosen: a place with figures for all people but none by disability is not
    offered when the page is broken down by disability.
    """

    characteristic_ids: set[int] = field(default_factory=set)
    cross_pairs: set[tuple[int, int]] = field(default_factory=set)
    has_all_people: bool = False
    geographies: list[Geography] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    keys: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COVERAGE_KEYS))
    #: Places whose figures a page calculated from local authority figures rather than read
    #: (see ``calculated_area_frame``); release_coverage itself leaves this empty.
    calculated_geography_ids: frozenset[int] = frozenset()

    def _single(self, characteristic_id: int | None) -> pd.DataFrame:
        keys = self.keys
        if characteristic_id is None:
            return keys[keys["characteristic_a_id"].isna()]
        return keys[(keys["characteristic_a_id"] == characteristic_id) & keys["group_b_id"].isna()]

    def geographies_for(self, *, characteristic_id: int | None) -> list[Geography]:
        """Places with values for this characteristic's groups (None: for all people), widest
        first."""
        ids = set(self._single(characteristic_id)["geography_id"])
        return [g for g in self.geographies if g.pk in ids]

    def periods_for(
        self, *, characteristic_id: int | None, geography_ids: Collection[int]
    ) -> list[Period]:
        """Periods with values for this characteristic in any of these places, in time order."""
        keys = self._single(characteristic_id)
        ids = set(keys.loc[keys["geography_id"].isin(list(geography_ids)), "period_id"])
        return [p for p in self.periods if p.pk in ids]

    def group_ids_for(
        self,
        *,
        characteristic_id: int,
        geography_ids: Collection[int],
        period_ids: Collection[int],
    ) -> set[int]:
        """Groups with at least one value in these places and periods."""
        keys = self._single(characteristic_id)
        keys = keys[
            keys["geography_id"].isin(list(geography_ids))
            & keys["period_id"].isin(list(period_ids))
        ]
        return {int(g) for g in keys["group_a_id"]}

    def cross_ids_for(self, *, characteristic_id: int) -> set[int]:
        """Characteristics this one is crossed with in the data (e.g. sex for ethnicity)."""
        return {
            second if first == characteristic_id else first
            for first, second in self.cross_pairs
            if characteristic_id in (first, second)
        }


def release_coverage(*, release: Release) -> Coverage:
    """One query: the distinct breakdown × geography × period keys of a release's values."""
    rows = list(
        Observation.objects.filter(release=release, value__isnull=False)
        .values_list(
            *COVERAGE_KEYS,
            "geography__code",
            "geography__name",
            "geography__level",
            "period__type",
            "period__start",
            "period__end",
            "period__label",
        )
        .distinct()
    )
    characteristic_ids: set[int] = set()
    cross_pairs: set[tuple[int, int]] = set()
    has_all_people = False
    geographies: dict[int, Geography] = {}
    periods: dict[int, Period] = {}
    for (
        char_a,
        char_b,
        _,
        _,
        geo_id,
        period_id,
        code,
        name,
        level,
        ptype,
        start,
        end,
        label,
    ) in rows:
        if char_a is None:
            has_all_people = True
        elif char_b is None:
            characteristic_ids.add(char_a)
        else:
            cross_pairs.add((char_a, char_b))
        # Thousands of rows share a few dozen places and periods: build each model once.
        if geo_id not in geographies:
            geographies[geo_id] = Geography(pk=geo_id, code=code, name=name, level=level)
        if period_id not in periods:
            periods[period_id] = Period(pk=period_id, type=ptype, start=start, end=end, label=label)
    keys = pd.DataFrame.from_records(
        [row[: len(COVERAGE_KEYS)] for row in rows], columns=COVERAGE_KEYS
    )
    return Coverage(
        characteristic_ids=characteristic_ids,
        cross_pairs=cross_pairs,
        has_all_people=has_all_people,
        geographies=sorted(geographies.values(), key=_geography_sort_key),
        periods=sorted(periods.values(), key=lambda p: (p.end, p.start)),
        keys=keys,
    )


LEVEL_ORDER = {level: i for i, level in enumerate(Geography.Level.values)}


def _geography_sort_key(geography: Geography) -> tuple[int, str]:
    return (LEVEL_ORDER.get(geography.level, len(LEVEL_ORDER)), geography.code)


def coverage_matrix(*, at: dt.datetime | None = None) -> dict[int, set[int]]:
    """Indicator id → characteristic ids with data in its current release (one query)."""
    current = Release.objects.visible_for(OuterRef("release__indicator"), at=at)
    rows = (
        Observation.objects.filter(
            characteristic_a__isnull=False,
            release_id=Subquery(current.values("pk")[:1]),
        )
        .values_list("release__indicator_id", "characteristic_a_id", "characteristic_b_id")
        .distinct()
    )
    matrix: dict[int, set[int]] = {}
    for indicator_id, char_a, char_b in rows:
        matrix.setdefault(indicator_id, set()).add(char_a)
        if char_b is not None:
            matrix[indicator_id].add(char_b)
    return matrix
