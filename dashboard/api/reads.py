"""The API's reads: each through the one visibility rule at a moment, a few queries each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from indicators import selectors
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
from indicators.models.indicators import ReleaseQuerySet
from missions.models import ComplexOutcome, Mission


@dataclass(frozen=True)
class IndicatorRead:
    """A published indicator with its breakdowns and current release at a moment."""

    indicator: Indicator
    breakdowns: list[tuple[IndicatorCharacteristic, Group | None]]
    current: Release


def published_indicators(*, at: dt.datetime, slug: str | None = None) -> list[IndicatorRead]:
    """Indicators with a release visible at ``at`` (five queries however many)."""
    queryset = (
        Indicator.objects.with_current_release(at=at)
        .filter(Q(current_release_id__isnull=False))
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "indicatorcharacteristic_set",
                queryset=IndicatorCharacteristic.objects.select_related(
                    "characteristic", "reference_group"
                ).order_by("characteristic__display_order", "characteristic__name"),
            )
        )
        .order_by("title")
    )
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    indicators = list(queryset)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    groups = Group.objects.in_bulk(list(set(references.values())))
    releases = Release.objects.in_bulk([i.current_release_id for i in indicators])  # type: ignore[attr-defined]
    return [
        IndicatorRead(
            indicator=i,
            breakdowns=[
                (link, groups.get(references.get((i.pk, link.characteristic_id), 0)))
                for link in i.indicatorcharacteristic_set.all()
            ],
            current=releases[i.current_release_id],  # type: ignore[attr-defined]
        )
        for i in indicators
    ]


def missions(*, at: dt.datetime, slug: str | None = None) -> list[Mission]:
    """Missions, their outcomes, departments and the indicators published at ``at``."""
    published = Indicator.objects.published(at=at).order_by("title")
    outcomes = (
        ComplexOutcome.objects.select_related("lead_department", "mission")
        .prefetch_related("contributing_departments", Prefetch("indicators", queryset=published))
        .order_by("display_order", "title")
    )
    queryset = Mission.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes))
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    return list(queryset.order_by("display_order", "title"))


def outcomes(*, at: dt.datetime, mission: str | None = None) -> list[ComplexOutcome]:
    published = Indicator.objects.published(at=at).order_by("title")
    queryset = (
        ComplexOutcome.objects.select_related("lead_department", "mission")
        .prefetch_related("contributing_departments", Prefetch("indicators", queryset=published))
        .order_by("mission__display_order", "display_order", "title")
    )
    if mission is not None:
        queryset = queryset.filter(mission__slug=mission)
    return list(queryset)


def characteristics(*, slug: str | None = None) -> list[Characteristic]:
    """The breakdown vocabulary with its groups (two queries)."""
    groups = Group.objects.select_related("parent").order_by("display_order", "rank", "name")
    queryset = Characteristic.objects.prefetch_related(Prefetch("groups", queryset=groups))
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    return list(queryset.order_by("display_order", "name"))


def _visible_observations(*, at: dt.datetime) -> QuerySet[Observation]:
    return Observation.objects.filter(release__in=Release.objects.visible(at=at))


def geographies(*, at: dt.datetime) -> list[Geography]:
    """Places with figures in a release visible at ``at`` (one query)."""
    used = _visible_observations(at=at).values("geography_id")
    return list(Geography.objects.filter(pk__in=used).select_related("parent").order_by("code"))


def periods(*, at: dt.datetime) -> list[Period]:
    """Periods with figures in a release visible at ``at`` (one query)."""
    used = _visible_observations(at=at).values("period_id")
    return list(Period.objects.filter(pk__in=used).order_by("end", "start"))


def releases(*, at: dt.datetime, indicator: Indicator | None = None) -> list[Release]:
    """Releases visible at ``at``, current first within each indicator (one query)."""
    queryset = Release.objects.visible(at=at).select_related("indicator")
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    return list(queryset.order_by("indicator__slug", *ReleaseQuerySet.CURRENT_FIRST))


def current_release_ids(*, at: dt.datetime, indicator: Indicator | None = None) -> list[int]:
    """Each published indicator's current release at ``at`` (one query)."""
    queryset = Indicator.objects.with_current_release(at=at).filter(
        Q(current_release_id__isnull=False)
    )
    if indicator is not None:
        queryset = queryset.filter(pk=indicator.pk)
    return [i.current_release_id for i in queryset.only("pk")]  # type: ignore[attr-defined]
