"""Reads for mission pages: missions, their complex outcomes and the indicators measuring them.

Indicator data itself is read through ``indicators.selectors`` (imports point one way:
dashboard → missions → indicators).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVector
from django.db.models import Prefetch, Q, QuerySet

from indicators.models import Indicator
from indicators.selectors.search import search_query
from missions.models import ComplexOutcome, Mission


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
    missions = Mission.objects.annotate(
        document=SearchVector("title", "summary", config="english")
    ).filter(Q(document=query))
    outcomes = (
        ComplexOutcome.objects.annotate(
            document=SearchVector("title", "description", config="english")
        )
        .filter(Q(document=query))
        .select_related("mission")
    )
    return MissionMatches(list(missions), list(outcomes))
