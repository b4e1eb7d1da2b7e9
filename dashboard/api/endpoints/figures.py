"""Figures: observations a page at a time, and each group's gap to the reference group."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from typing import Annotated, Any

import pandas as pd
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from dashboard.api import reads, schemas
from dashboard.api.endpoints.params import (
    ERRORS,
    MAX_LIMIT,
    SLUG,
    AsAt,
    BadRequest,
    CharacteristicSlug,
    GeographyCode,
    GroupSlug,
    IndicatorSlug,
    PeriodFrom,
    PeriodTo,
    indicator_or_400,
    moment,
)
from dashboard.opendata import frames
from indicators import selectors
from indicators.models import Geography, Indicator, Period, Release

router = Router()


_OBSERVATION_FIELDS = list(schemas.Observation.model_fields)
_GAP_FIELDS = list(schemas.Gap.model_fields)


def _records(frame: pd.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    """Frame rows as JSON-ready dicts: NaN, NA and "" become null."""
    out = []
    for row in frame[fields].to_dict("records"):
        out.append({str(key): _json_value(value) for key, value in row.items()})
    return out


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _cursor(*, after: int, at: dt.datetime) -> str:
    raw = json.dumps({"after": after, "as_at": at.isoformat()}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_cursor(cursor: str) -> tuple[int, dt.datetime]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after, at = int(data["after"]), dt.datetime.fromisoformat(data["as_at"])
    except (ValueError, TypeError, KeyError, binascii.Error) as error:
        raise BadRequest("The cursor is not one this API gave; use the 'next' link.") from error
    if timezone.is_naive(at):
        raise BadRequest("The cursor is not one this API gave; use the 'next' link.")
    return after, at


def _characteristic_or_400(slug: str) -> Any:
    found = reads.characteristics(slug=slug)
    if not found:
        raise BadRequest(
            f"There is no characteristic '{slug}'. GET /api/v1/characteristics lists them."
        )
    return found[0]


def _group_or_400(characteristic: Any, slug: str) -> Any:
    group = next((g for g in characteristic.groups.all() if g.slug == slug), None)
    if group is None:
        names = ", ".join(g.slug for g in characteristic.groups.all())
        raise BadRequest(f"'{slug}' is not a group of {characteristic.slug}: try one of {names}.")
    return group


def _period_range(period_from: dt.date | None, period_to: dt.date | None) -> None:
    if period_from and period_to and period_from > period_to:
        raise BadRequest("period_from is after period_to.")


@router.get(
    "/observations",
    response={200: schemas.ObservationPage, **ERRORS},
    summary="Figures, one per period, place and breakdown",
)
def observation_list(
    request: HttpRequest,
    as_at: AsAt = None,
    indicator: IndicatorSlug = None,
    release: Annotated[
        int | None,
        Query(
            None,
            ge=1,
            le=1_000_000,
            description="A release version (with indicator); "
            "default: the current release of each indicator.",
        ),
    ] = None,
    characteristic: CharacteristicSlug = None,
    group: GroupSlug = None,
    geography: GeographyCode = None,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
    limit: Annotated[int, Query(100, ge=1, le=MAX_LIMIT, description="Rows per page.")] = 100,
    cursor: Annotated[
        str | None,
        Query(None, pattern=r"^[-_A-Za-z0-9]{1,400}$", description="From a 'next' link."),
    ] = None,
) -> dict[str, Any]:
    """Figures of the current release of every indicator (or one), in a stable order, a
    page at a time. Limits computed from counts are given and flagged as the downloads do;
    every page of one walk answers for the moment of its first page."""
    after = 0
    at = moment(as_at)
    if cursor is not None:
        after, at = _read_cursor(cursor)
    _period_range(period_from, period_to)
    found = indicator_or_400(indicator, at=at) if indicator else None
    if release is not None:
        if found is None:
            raise BadRequest("Give an indicator with release.")
        chosen = Release.objects.visible_for(found, at=at).filter(version=release).first()
        if chosen is None:
            raise BadRequest(f"{found.slug} had no published release {release} at that time.")
        release_ids = [chosen.pk]
    else:
        release_ids = reads.current_release_ids(at=at, indicator=found)
    observations = frames.observations_of(release_ids=release_ids).filter(pk__gt=after)
    if characteristic is not None:
        chosen_characteristic = _characteristic_or_400(characteristic)
        observations = observations.filter(characteristic_a=chosen_characteristic) | (
            observations.filter(characteristic_b=chosen_characteristic)
        )
        if group is not None:
            chosen_group = _group_or_400(chosen_characteristic, group)
            observations = observations.filter(group_a=chosen_group) | observations.filter(
                group_b=chosen_group
            )
    elif group is not None:
        raise BadRequest("Give the characteristic a group belongs to: group slugs repeat.")
    if geography is not None:
        observations = observations.filter(geography__code=geography)
    if period_from is not None:
        observations = observations.filter(period__start__gte=period_from)
    if period_to is not None:
        observations = observations.filter(period__end__lte=period_to)
    page = observations.order_by("pk")[: limit + 1]
    indicators = Indicator.objects.in_bulk(
        list(Release.objects.filter(pk__in=release_ids).values_list("indicator_id", flat=True))
    )
    frame = frames.tidy_frame(page, indicators=indicators)
    more = len(frame) > limit
    frame = frame.iloc[:limit]
    next_link = None
    if more:
        query = request.GET.copy()
        query.pop("as_at", None)
        query["cursor"] = _cursor(after=int(frame["observation_id"].iloc[-1]), at=at)
        next_link = f"{request.path}?{query.urlencode()}"
    return {"as_at": at, "next": next_link, "results": _records(frame, _OBSERVATION_FIELDS)}


@router.get(
    "/gaps",
    response={200: schemas.GapList, **ERRORS},
    summary="Each group's gap to the reference group",
)
def gap_list(
    request: HttpRequest,
    indicator: Annotated[str, Query(..., pattern=SLUG, description="An indicator's slug.")],
    characteristic: Annotated[
        str, Query(..., pattern=SLUG, description="The characteristic to compare groups of.")
    ],
    as_at: AsAt = None,
    group: GroupSlug = None,
    geography: GeographyCode = None,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
) -> dict[str, Any]:
    """The gap of every group of a characteristic to its reference group in the current
    release at as_at, with 95% intervals, significance and direction: the numbers of the
    indicator page's table (computed by the same functions)."""
    at = moment(as_at)
    _period_range(period_from, period_to)
    found = indicator_or_400(indicator, at=at)
    current = Release.objects.current_for(found, at=at)
    assert current is not None
    breakdowns = selectors.indicator_breakdown_list(indicator=found)
    breakdown = next((b for b in breakdowns if b.characteristic.slug == characteristic), None)
    if breakdown is None:
        offered = ", ".join(b.characteristic.slug for b in breakdowns) or "none"
        raise BadRequest(
            f"{found.slug} is not broken down by '{characteristic}'; its characteristics: "
            f"{offered}."
        )
    frame = frames.breakdown_frame(
        indicator=found,
        release=current,
        breakdown=breakdown,
        geography_ids=_geography_ids(geography),
        period_ids=_period_ids(current, period_from, period_to),
        group_ids=_group_ids(breakdown, group),
    )
    reference = breakdown.reference
    frame["reference_group"] = reference.slug if reference else ""
    return {
        "as_at": at,
        "indicator": found.slug,
        "characteristic": characteristic,
        "reference_group": reference.slug if reference else None,
        "results": _records(frame, _GAP_FIELDS),
    }


def _group_ids(breakdown: selectors.Breakdown, group: str | None) -> list[int] | None:
    """The asked group of the breakdown, as a list of one id; None for every group."""
    if group is None:
        return None
    chosen = next((g for g in breakdown.groups if g.slug == group), None)
    if chosen is None:
        names = ", ".join(g.slug for g in breakdown.groups)
        characteristic = breakdown.characteristic.slug
        raise BadRequest(f"'{group}' is not a group of {characteristic}: try one of {names}.")
    return [chosen.pk]


def _geography_ids(geography: str | None) -> list[int] | None:
    """The ids of the place with this GSS code; None for every place."""
    if geography is None:
        return None
    return list(Geography.objects.filter(code=geography).values_list("pk", flat=True))


def _period_ids(
    release: Release, period_from: dt.date | None, period_to: dt.date | None
) -> list[int] | None:
    if period_from is None and period_to is None:
        return None
    periods = Period.objects.all()
    if period_from is not None:
        periods = periods.filter(start__gte=period_from)
    if period_to is not None:
        periods = periods.filter(end__lte=period_to)
    return list(periods.values_list("pk", flat=True))
