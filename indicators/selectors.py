"""Reads for pages and charts: published data only, a handful of queries per page.

Every function here starts from ``Release.objects.visible()``: a draft, or a release whose
publish time is still in the future, is invisible to every caller. Observations come back as
pandas DataFrames (one query each), so that callers compute gaps for every group and period at
once with ``indicators.stats.gaps_frame`` rather than cell by cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import (
    CharField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import MD5, Cast, Concat
from django.utils import timezone

from indicators.models import (
    Characteristic,
    Geography,
    Group,
    Indicator,
    IndicatorCharacteristic,
    Observation,
    Period,
    Release,
)

OBSERVATION_COLUMNS = [
    "release_id",
    "period_id",
    "geography_id",
    "group_a_id",
    "group_b_id",
    *Observation.NUMERIC_MEASURES,
    *Observation.TEXT_MEASURES,
]


# --- releases ------------------------------------------------------------------------------


def release_visible_list(*, indicator: Indicator, at: dt.datetime | None = None) -> list[Release]:
    """The indicator's releases the public may see, current first (latest publish time, version)."""
    return list(Release.objects.visible_for(indicator, at=at))


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an indicator's public release history."""

    release: Release
    #: Why it corrected an earlier release ("" for a first release).
    revision: str
    #: Why it was withdrawn; None while it stands.
    withdrawal: str | None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawal is not None


def release_history(*, indicator: Indicator, at: dt.datetime | None = None) -> list[HistoryEntry]:
    """Every release of ``indicator`` the public has seen, newest first, in one query.

    That is the visible releases and also withdrawn ones that were public before they were
    withdrawn (publish time passed, withdrawn after it): a withdrawal must stay on the record
    with its reason. Withdrawn releases are never current nor charted; callers take the
    visible ones with :func:`release_visible_from_history`.
    """
    moment = at or timezone.now()
    once_public = Q(
        status=Release.Status.WITHDRAWN,
        publish_at__lte=moment,
        withdrawn_at__gte=F("publish_at"),
    )
    releases = Release.objects.filter(
        Q(pk__in=Release.objects.visible(at=moment).values("pk")) | once_public,
        indicator=indicator,
    ).current_first()
    return [_history_entry(release) for release in releases]


def release_visible_from_history(*, history: Sequence[HistoryEntry]) -> list[Release]:
    """The visible releases of a :func:`release_history`, in the same (current-first) order."""
    return [entry.release for entry in history if not entry.is_withdrawn]


def _history_entry(release: Release) -> HistoryEntry:
    is_withdrawn = release.status == Release.Status.WITHDRAWN
    return HistoryEntry(
        release=release,
        revision=release.reason,
        withdrawal=release.withdrawal_reason if is_withdrawn else None,
    )


def release_current(*, releases: Sequence[Release]) -> Release | None:
    """The current release among visible ones ordered by ``release_visible_list``.

    Withdrawn releases are never visible, so the first visible release is the current one.
    """
    return releases[0] if releases else None


def release_previous(*, releases: Sequence[Release]) -> Release | None:
    """The visible release before the current one: what revisions are measured against."""
    return releases[1] if len(releases) > 1 else None


def release_latest_list(*, limit: int = 5, at: dt.datetime | None = None) -> list[Release]:
    """The most recently published releases across all indicators, for the home page."""
    return list(Release.objects.visible(at=at).select_related("indicator").current_first()[:limit])


def release_visibility_fingerprint(*, at: dt.datetime | None = None) -> str:
    """A digest of which releases the public may see at ``at`` (default now): one query.

    It covers each visible release's id, status and publish time, so it changes the moment an
    embargoed release's publish time passes, and when a release is published, superseded or
    withdrawn. Pages cache what they compute under it: a cached value can only ever be served
    while exactly the releases it was computed from are the visible ones.
    """
    entry = Concat(
        Cast("pk", CharField()),
        Value(":"),
        "status",
        Value(":"),
        Cast("publish_at", CharField()),
    )
    digest = Release.objects.visible(at=at).aggregate(
        digest=MD5(StringAgg(entry, delimiter=",", order_by="pk", default=Value("")))
    )["digest"]
    return str(digest)


# --- indicators ----------------------------------------------------------------------------


def indicator_list(
    *,
    area: str = "",
    characteristic: str = "",
    search: str = "",
    within: QuerySet[Indicator] | None = None,
    with_characteristics: bool = True,
    at: dt.datetime | None = None,
) -> list[Indicator]:
    """Indicators with at least one visible release, filtered, each annotated with its current
    release (``current_release_id``, ``current_publish_at``, ``current_is_synthetic``).

    ``characteristic`` keeps indicators broken down by that characteristic (slug); ``within`` is
    a lazy queryset of allowed indicators (e.g. a mission's), evaluated as a subquery.
    Two queries whatever the number of indicators: the list, and its characteristics (one
    query, when ``with_characteristics`` is False and ``indicator.characteristics`` unused).
    """
    queryset = (
        Indicator.objects.with_current_release(at=at)
        .filter(current_release_id__isnull=False)
        .select_related("owner")
        .order_by("title")
    )
    if with_characteristics:
        queryset = queryset.prefetch_related("characteristics")
    if area:
        queryset = queryset.filter(area=area)
    if characteristic:
        queryset = queryset.filter(characteristics__slug=characteristic)
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(short_title__icontains=search))
    if within is not None:
        queryset = queryset.filter(pk__in=within.values("pk"))
    return list(queryset.distinct())


def indicator_get(*, slug: str, at: dt.datetime | None = None) -> Indicator | None:
    """The indicator with this slug if it has a visible release, else None (so a 404)."""
    return Indicator.objects.published(at=at).select_related("owner").filter(slug=slug).first()


# --- breakdowns and coverage ---------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """A characteristic an indicator is broken down by, its groups and its reference group."""

    characteristic: Characteristic
    groups: list[Group]
    reference: Group | None


def indicator_breakdown_list(*, indicator: Indicator) -> list[Breakdown]:
    """Each characteristic the indicator is declared against, with groups (two queries)."""
    links = (
        IndicatorCharacteristic.objects.filter(indicator=indicator)
        .select_related("characteristic", "reference_group")
        .prefetch_related(
            Prefetch(
                "characteristic__groups",
                queryset=Group.objects.order_by("display_order", "rank", "name"),
            )
        )
        .order_by("characteristic__display_order", "characteristic__name")
    )
    breakdowns = []
    for link in links:
        groups = list(link.characteristic.groups.all())
        reference = link.reference_group or next(
            (g for g in groups if g.is_default_reference), None
        )
        groups.sort(key=_group_sort_key(link.characteristic, reference))
        breakdowns.append(Breakdown(link.characteristic, groups, reference))
    return breakdowns


def _group_sort_key(
    characteristic: Characteristic, reference: Group | None
) -> Callable[[Group], tuple[int, int, str]]:
    """Ordered characteristics (deciles, age bands) go by rank, low to high; others by display
    order with the reference group first, the group everything else is compared with."""
    if characteristic.is_ordered:
        return lambda g: (g.rank if g.rank is not None else 1_000_000, g.display_order, g.name)
    return lambda g: (0 if g == reference else 1, g.display_order, g.name)


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


_LEVEL_ORDER = {level: i for i, level in enumerate(Geography.Level.values)}


def _geography_sort_key(geography: Geography) -> tuple[int, str]:
    return (_LEVEL_ORDER.get(geography.level, len(_LEVEL_ORDER)), geography.code)


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


# --- observations --------------------------------------------------------------------------


def observation_frame(
    *,
    release_ids: Collection[int],
    characteristic_id: int | None,
    geography_ids: Collection[int] | None = None,
    period_ids: Collection[int] | None = None,
    cross_characteristic_id: int | None = None,
) -> pd.DataFrame:
    """One query: the observations of these releases for one breakdown, as a DataFrame.

    ``characteristic_id`` None gives the "all people" rows; with ``cross_characteristic_id`` the
    intersections of the two characteristics (stored in canonical order, either way round).
    """
    queryset = Observation.objects.filter(release_id__in=list(release_ids))
    if characteristic_id is None:
        queryset = queryset.filter(characteristic_a__isnull=True)
    elif cross_characteristic_id is None:
        queryset = queryset.filter(characteristic_a_id=characteristic_id, group_b__isnull=True)
    else:
        first, second = sorted((characteristic_id, cross_characteristic_id))
        queryset = queryset.filter(characteristic_a_id=first, characteristic_b_id=second)
    if geography_ids is not None:
        queryset = queryset.filter(geography_id__in=list(geography_ids))
    if period_ids is not None:
        queryset = queryset.filter(period_id__in=list(period_ids))
    frame = pd.DataFrame.from_records(
        list(queryset.values_list(*OBSERVATION_COLUMNS)), columns=OBSERVATION_COLUMNS
    )
    return frame.astype(
        {
            "value": "float64",
            "lower": "float64",
            "upper": "float64",
            "numerator": "float64",
            "denominator": "float64",
            "sample_size": "float64",
        }
    )


def with_revisions(
    frame: pd.DataFrame, *, current_id: int, previous_id: int | None
) -> pd.DataFrame:
    """The current release's rows, with ``revised`` True where the previous visible release
    gave a different value (or marker) for the same period, place and breakdown."""
    keys = ["period_id", "geography_id", "group_a_id", "group_b_id"]
    current = frame[frame["release_id"] == current_id].copy()
    if previous_id is None:
        current["previous_value"] = float("nan")
        current["revised"] = False
        return current.reset_index(drop=True)
    previous = frame.loc[frame["release_id"] == previous_id, [*keys, "value", "marker"]].rename(
        columns={"value": "previous_value", "marker": "previous_marker"}
    )
    merged = current.merge(previous, on=keys, how="left", indicator="_had_previous")
    had_previous = merged.pop("_had_previous") == "both"
    value_changed = ~(
        (merged["value"] == merged["previous_value"])
        | (merged["value"].isna() & merged["previous_value"].isna())
    )
    merged["revised"] = had_previous & (
        value_changed | (merged["marker"] != merged["previous_marker"])
    )
    return merged.drop(columns=["previous_marker"])


# --- characteristics -----------------------------------------------------------------------


def characteristic_list() -> list[Characteristic]:
    """Every characteristic in display order (one query)."""
    return list(Characteristic.objects.order_by("display_order", "name"))


def characteristic_get(*, slug: str) -> Characteristic | None:
    return (
        Characteristic.objects.prefetch_related(
            Prefetch("groups", queryset=Group.objects.order_by("display_order", "rank", "name"))
        )
        .filter(slug=slug)
        .first()
    )


# --- headline figures across indicators ----------------------------------------------------

FLOAT_COLUMNS = ["value", "lower", "upper", "numerator", "denominator", "sample_size"]
HEADLINE_COLUMNS = [
    "release_id",
    "indicator_id",
    "period_id",
    "period_label",
    "period_end",
    "geography_id",
    "geography_code",
    "geography_level",
    "characteristic_id",
    "group_id",
    "group_name",
    "value",
    "lower",
    "upper",
    "numerator",
    "denominator",
    "sample_size",
]


def headline_frame(
    *, release_ids: Collection[int], characteristic_id: int | None = None
) -> pd.DataFrame:
    """One query: all-people and single-group values of these releases in their widest place.

    Mission cards and the "worse and worsening" list compare groups nationally, so only the
    widest geography each release covers is kept (the UK before a country, a country before a
    region); ``characteristic_id``/``group_id`` are NaN on all-people rows. With
    ``characteristic_id`` only that characteristic's groups are read.
    """
    observations = Observation.objects.all()
    if characteristic_id is not None:
        observations = observations.filter(characteristic_a_id=characteristic_id)
    rows = observations.filter(
        release_id__in=list(release_ids),
        group_b__isnull=True,
        geography__level__in=[
            Geography.Level.UK,
            Geography.Level.GREAT_BRITAIN,
            Geography.Level.COUNTRY,
        ],
    ).values_list(
        "release_id",
        "release__indicator_id",
        "period_id",
        "period__label",
        "period__end",
        "geography_id",
        "geography__code",
        "geography__level",
        "characteristic_a_id",
        "group_a_id",
        "group_a__name",
        *FLOAT_COLUMNS,
    )
    frame = pd.DataFrame.from_records(list(rows), columns=HEADLINE_COLUMNS)
    frame = frame.astype(dict.fromkeys(FLOAT_COLUMNS, "float64"))
    if frame.empty:
        return frame
    frame["level_order"] = frame["geography_level"].map(_LEVEL_ORDER)
    widest = frame.sort_values(["level_order", "geography_code"]).drop_duplicates("release_id")
    keep = frame.set_index(["release_id", "geography_id"]).index.isin(
        widest.set_index(["release_id", "geography_id"]).index
    )
    return frame[keep].drop(columns=["level_order"]).reset_index(drop=True)


def reference_group_map(*, indicator_ids: Collection[int]) -> dict[tuple[int, int], int]:
    """(indicator id, characteristic id) → reference group id: the indicator's override, or
    the characteristic's default. One query."""
    default = Group.objects.filter(
        characteristic=OuterRef("characteristic"), is_default_reference=True
    ).values("pk")[:1]
    rows = (
        IndicatorCharacteristic.objects.filter(indicator_id__in=list(indicator_ids))
        .annotate(default_reference_id=Subquery(default))
        .values_list(
            "indicator_id", "characteristic_id", "reference_group_id", "default_reference_id"
        )
    )
    return {
        (indicator_id, characteristic_id): override or fallback
        for indicator_id, characteristic_id, override, fallback in rows
        if override or fallback
    }
