"""Reads of indicators and characteristics: lists, one indicator, its breakdowns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from indicators.models import Characteristic, Group, Indicator, IndicatorCharacteristic


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
        .filter(Q(current_release_id__isnull=False))
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
