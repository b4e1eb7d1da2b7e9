"""Reads for mission pages: missions, their complex outcomes and the indicators measuring them;
targets, quarterly reviews and their commentary, departments' accountability, and the
observations mission boards look at.

Indicator data itself is read through ``indicators.selectors`` (imports point one way:
dashboard → missions → indicators), or here for the boards' own few queries, always from
releases that the one visibility rule (``Release.objects.visible(at=...)``) lets through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd
from django.db.models import Prefetch, Q, QuerySet

from indicators.models import (
    Department,
    Geography,
    Indicator,
    IndicatorCharacteristic,
    Observation,
    Release,
)
from indicators.selectors.observations import ROW_PATHS, single_group_frame
from indicators.selectors.search import search_query, text_matches
from missions.models import Commentary, ComplexOutcome, Mission, Review, Target


def mission_list() -> list[Mission]:
    """Every mission with its complex outcomes, in display order (two queries)."""
    return list(
        Mission.objects.prefetch_related(
            Prefetch("outcomes", queryset=ComplexOutcome.objects.order_by("display_order", "title"))
        ).order_by("display_order", "title")
    )


def mission_indicators(*, slug: str) -> QuerySet[Indicator]:
    """The indicators of a mission's outcomes, lazily: use it as a subquery filter."""
    return Indicator.objects.filter(outcomes__mission__slug=slug).distinct()


def mission_get(*, slug: str, at: dt.datetime | None = None) -> Mission | None:
    """A mission with its outcomes, their departments and their indicators (four queries).

    Each indicator carries ``current_release_id`` and ``current_is_synthetic``: the release
    the public sees at ``at`` (default now), or None when nothing is published by then.
    """
    indicators = Indicator.objects.with_current_release(at=at).order_by("title")
    outcomes = (
        ComplexOutcome.objects.select_related("lead_department")
        .prefetch_related("contributing_departments", Prefetch("indicators", queryset=indicators))
        .order_by("display_order", "title")
    )
    return (
        Mission.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes))
        .filter(slug=slug)
        .first()
    )


@dataclass(frozen=True)
class MissionMatches:
    missions: list[Mission] = field(default_factory=list)
    outcomes: list[ComplexOutcome] = field(default_factory=list)


def mission_search(*, text: str) -> MissionMatches:
    """Missions and complex outcomes matching ``text`` or its synonyms (two queries)."""
    query = search_query(text)
    if query is None:
        return MissionMatches()
    missions = text_matches(Mission.objects.all(), query, "title", "summary")
    outcomes = text_matches(
        ComplexOutcome.objects.all(), query, "title", "description"
    ).select_related("mission")
    return MissionMatches(list(missions), list(outcomes))


# --- targets ----------------------------------------------------------------------------------


def target_list(*, indicator_ids: Collection[int]) -> list[Target]:
    """Every target on these indicators, with what it measures and who owns it (one query)."""
    return list(
        Target.objects.filter(indicator_id__in=list(indicator_ids))
        .select_related(
            "geography", "group", "comparison_group", "baseline_period", "owner", "outcome"
        )
        .order_by("indicator_id", "target_date", "pk")
    )


def indicators_at(*, indicator_ids: Collection[int], at: dt.datetime | None) -> list[Indicator]:
    """These indicators with the release the public saw at ``at`` (one query)."""
    return list(
        Indicator.objects.filter(pk__in=list(indicator_ids))
        .with_current_release(at=at)
        .select_related("primary_characteristic")
        .order_by("title")
    )


# --- what mission boards read -----------------------------------------------------------------

#: What boards read of an observation: its key, place, group (with its order), figures and
#: marker.
_NOT_BOARD = {"limits_confidence", "quality", "group_b_id", "characteristic_b_id", "threshold"}
BOARD_COLUMNS = [column for column in ROW_PATHS if column not in _NOT_BOARD]
_NATIONAL = [Geography.Level.UK, Geography.Level.GREAT_BRITAIN, Geography.Level.COUNTRY]


def board_observations(
    *, release_ids: Collection[int], geography_ids: Collection[int] = ()
) -> pd.DataFrame:
    """One query: the all-people and single-group observations of these releases, nationally
    (the UK, Great Britain or a nation) and in the places that targets name.

    Adds ``is_widest``: the row is in the widest place its release covers (the UK before a
    country, a country before a region), where boards compare groups.
    """
    rows = Observation.objects.filter(release_id__in=list(release_ids), group_b__isnull=True)
    rows = rows.filter(Q(geography__level__in=_NATIONAL) | Q(geography_id__in=list(geography_ids)))
    frame = single_group_frame(rows, BOARD_COLUMNS)
    if frame.empty:
        return frame.assign(is_widest=pd.Series(dtype=bool))
    national = frame[frame["geography_level"].isin(_NATIONAL)]
    order = national["geography_level"].map({level: i for i, level in enumerate(_NATIONAL)})
    widest = (
        national.assign(level_order=order)
        .sort_values(["level_order", "geography_code"])
        .drop_duplicates("release_id")[["release_id", "geography_id"]]
    )
    keys = frame.set_index(["release_id", "geography_id"]).index
    frame["is_widest"] = keys.isin(widest.set_index(["release_id", "geography_id"]).index)
    return frame


def release_characteristics(*, release_ids: Collection[int]) -> dict[int, set[int]]:
    """Release id → the characteristics it has any observation for (one query)."""
    pairs = (
        Observation.objects.filter(release_id__in=list(release_ids), characteristic_a__isnull=False)
        .values_list("release_id", "characteristic_a_id")
        .distinct()
    )
    found: dict[int, set[int]] = {release_id: set() for release_id in release_ids}
    for release_id, characteristic_id in pairs:
        found[release_id].add(characteristic_id)
    return found


def indicator_characteristic_list(
    *, indicator_ids: Collection[int]
) -> dict[int, list[tuple[int, str]]]:
    """Indicator id → the characteristics it is broken down by, (id, name) in display order."""
    links = (
        IndicatorCharacteristic.objects.filter(indicator_id__in=list(indicator_ids))
        .order_by("characteristic__display_order", "characteristic__name")
        .values_list("indicator_id", "characteristic_id", "characteristic__name")
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for indicator_id, characteristic_id, name in links:
        found.setdefault(indicator_id, []).append((characteristic_id, name))
    return found


def release_published_list(
    *,
    indicator_ids: Collection[int],
    after: dt.datetime | None,
    at: dt.datetime | None = None,
) -> list[Release]:
    """Releases of these indicators published after ``after`` and visible at ``at`` (default
    now), oldest first (one query)."""
    releases = Release.objects.visible(at=at).filter(indicator_id__in=list(indicator_ids))
    if after is not None:
        releases = releases.filter(publish_at__gt=after)
    return list(releases.select_related("indicator").order_by("publish_at", "version"))


# --- quarterly reviews ------------------------------------------------------------------------


def review_list(*, mission: Mission, signed_off_only: bool) -> list[Review]:
    """A mission's reviews, latest quarter first (one query)."""
    reviews = Review.objects.filter(mission=mission).select_related("prepared_by", "signed_off_by")
    if signed_off_only:
        reviews = reviews.filter(status=Review.Status.SIGNED_OFF)
    return list(reviews.defer("content").order_by("-year", "-quarter"))


def review_get(*, mission: Mission, year: int, quarter: int) -> Review | None:
    return (
        Review.objects.filter(mission=mission, year=year, quarter=quarter)
        .select_related("mission", "prepared_by", "signed_off_by")
        .first()
    )


def commentary_current(*, review: Review) -> dict[int | None, Commentary]:
    """The latest version of each outcome's commentary (key: outcome id) and of the overall
    rating (key: None), in one query."""
    latest = (
        Commentary.objects.filter(review=review)
        .select_related("author")
        .order_by("outcome_id", "-created_at", "-pk")
        .distinct("outcome_id")
    )
    return {c.outcome_id: c for c in latest}


def commentary_history(*, review: Review) -> list[Commentary]:
    """Every version of the review's commentary and rating, newest first (one query)."""
    return list(
        Commentary.objects.filter(review=review)
        .select_related("author", "outcome")
        .order_by("-created_at", "-pk")
    )


def review_latest_signed_off(*, missions: Collection[Mission]) -> dict[int, Review]:
    """Mission id → its latest signed-off review (one query)."""
    latest = (
        Review.objects.filter(mission__in=list(missions), status=Review.Status.SIGNED_OFF)
        .defer("content")
        .order_by("mission_id", "-year", "-quarter")
        .distinct("mission_id")
    )
    return {review.mission_id: review for review in latest}


# --- departments ------------------------------------------------------------------------------


def department_list() -> list[Department]:
    return list(Department.objects.order_by("name"))


def department_get(*, slug: str) -> Department | None:
    return Department.objects.filter(slug=slug).first()


def outcome_list() -> list[ComplexOutcome]:
    """Every complex outcome with its mission and departments, in mission order (two queries)."""
    return list(
        ComplexOutcome.objects.select_related("mission", "lead_department")
        .prefetch_related("contributing_departments")
        .order_by("mission__display_order", "mission__title", "display_order", "title")
    )
