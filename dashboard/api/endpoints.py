"""The API's operations. Every one takes ``as_at`` and answers as the data stood then."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from typing import Annotated, Any

import pandas as pd
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from dashboard.api import reads, schemas
from dashboard.opendata import frames
from dashboard.opendata.http import last_published
from indicators import selectors
from indicators.models import Geography, Indicator, Period, Release
from missions.models import ComplexOutcome, Mission

router = Router()

SLUG = r"^[-a-zA-Z0-9_]{1,80}$"
GSS = r"^[EKNSW][0-9]{8}$"
#: The most observations one page holds.
MAX_LIMIT = 1000
ERRORS: dict[int, Any] = {400: schemas.Problem, 404: schemas.Problem}

AsAt = Annotated[
    dt.datetime | None,
    Query(
        None,
        description="Answer as the data stood at this moment (ISO 8601, e.g. "
        "2025-03-31T23:59:59Z; without an offset, UK time). Releases published later are "
        "left out; a moment in the future is taken as now. Default: now.",
    ),
]
IndicatorSlug = Annotated[
    str | None, Query(None, pattern=SLUG, description="An indicator's slug, e.g. pay-gap-sex.")
]
CharacteristicSlug = Annotated[
    str | None, Query(None, pattern=SLUG, description="A characteristic's slug, e.g. sex.")
]
GroupSlug = Annotated[
    str | None,
    Query(None, pattern=SLUG, description="A group's slug within the characteristic."),
]
GeographyCode = Annotated[
    str | None, Query(None, pattern=GSS, description="A GSS code, e.g. E92000001.")
]
PeriodFrom = Annotated[
    dt.date | None, Query(None, description="Periods starting on or after this date.")
]
PeriodTo = Annotated[
    dt.date | None, Query(None, description="Periods ending on or before this date.")
]


class BadRequest(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


class NotFound(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


def moment(as_at: dt.datetime | None) -> dt.datetime:
    """The moment to answer for: ``as_at`` if it is in the past; otherwise (none given, or in
    the future) the publication time of the newest visible release, which shows the same data
    as now and, unlike now, is the same on every request (so ETags hold)."""
    now = timezone.now()
    if as_at is not None:
        try:
            aware = timezone.make_aware(as_at) if timezone.is_naive(as_at) else as_at
            as_at = aware.astimezone(dt.UTC)
        except (OverflowError, ValueError) as error:
            raise BadRequest(f"as_at {as_at.isoformat()} is not a usable moment.") from error
    if as_at is not None and as_at < now:
        return as_at
    return last_published(at=now) or now


# --- missions and outcomes ------------------------------------------------------------------


def _department(department: Any) -> dict[str, str]:
    return {
        "slug": department.slug,
        "name": department.name,
        "abbreviation": department.abbreviation,
        "url": department.url,
    }


def _outcome(outcome: ComplexOutcome) -> dict[str, Any]:
    return {
        "slug": outcome.slug,
        "mission": outcome.mission.slug,
        "title": outcome.title,
        "area": outcome.area,
        "description": outcome.description,
        "lead_department": _department(outcome.lead_department),
        "contributing_departments": [
            _department(d) for d in outcome.contributing_departments.all()
        ],
        "indicators": [i.slug for i in outcome.indicators.all()],
    }


def _mission(mission: Mission) -> dict[str, Any]:
    return {
        "slug": mission.slug,
        "title": mission.title,
        "summary": mission.summary,
        "outcomes": [_outcome(o) for o in mission.outcomes.all()],
    }


@router.get(
    "/", response={200: schemas.Index, **ERRORS}, summary="What the API offers", url_name="index"
)
def index(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    base = reverse("api-v1:index")
    names = ["missions", "outcomes", "indicators", "characteristics", "geographies"]
    names += ["periods", "releases", "observations", "gaps"]
    endpoints = {name: f"{base}{name}" for name in names}
    endpoints |= {"openapi": f"{base}openapi.json", "docs": f"{base}docs"}
    return {
        "title": "Equality outcomes dashboard API",
        "as_at": moment(as_at),
        "endpoints": endpoints,
    }


@router.get("/missions", response={200: schemas.MissionList, **ERRORS}, summary="Missions")
def mission_list(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    """Every mission with its complex outcomes and their indicators published at as_at."""
    at = moment(as_at)
    return {"as_at": at, "results": [_mission(m) for m in reads.missions(at=at)]}


@router.get("/missions/{slug}", response={200: schemas.Mission, **ERRORS}, summary="A mission")
def mission_detail(
    request: HttpRequest, slug: Annotated[str, Field(pattern=SLUG)], as_at: AsAt = None
) -> dict[str, Any]:
    found = reads.missions(at=moment(as_at), slug=slug)
    if not found:
        raise NotFound(f"There is no mission '{slug}'. GET /api/v1/missions lists them.")
    return _mission(found[0])


@router.get("/outcomes", response={200: schemas.OutcomeList, **ERRORS}, summary="Complex outcomes")
def outcome_list(
    request: HttpRequest,
    as_at: AsAt = None,
    mission: Annotated[
        str | None, Query(None, pattern=SLUG, description="Only this mission's outcomes.")
    ] = None,
) -> dict[str, Any]:
    at = moment(as_at)
    if mission is not None and not Mission.objects.filter(slug=mission).exists():
        raise BadRequest(f"There is no mission '{mission}'. GET /api/v1/missions lists them.")
    return {"as_at": at, "results": [_outcome(o) for o in reads.outcomes(at=at, mission=mission)]}


# --- indicators and vocabulary --------------------------------------------------------------


def _release(release: Release, *, slug: str, current: bool) -> dict[str, Any]:
    return {
        "indicator": slug,
        "version": release.version,
        "status": release.status,
        "published_at": release.publish_at,
        "is_current": current,
        "is_synthetic": release.is_synthetic,
        "note": release.note,
        "revision_reason": release.reason,
        "limits_confidence": release.limits_confidence,
        "row_count": release.row_count,
    }


def _indicator(read: reads.IndicatorRead) -> dict[str, Any]:
    i = read.indicator
    return {
        "slug": i.slug,
        "title": i.title,
        "short_title": i.short_title,
        "area": i.area,
        "measures": i.measures,
        "unit": i.unit,
        "measure_type": i.measure_type,
        "rate_per": i.rate_per,
        "decimal_places": i.decimal_places,
        "polarity": i.polarity,
        "gap_measure": i.gap_measure,
        "source": {
            "publisher": i.source_publisher,
            "dataset": i.source_dataset,
            "url": i.source_url,
        },
        "licence": i.licence,
        "statistical_status": i.statistical_status,
        "frequency": i.frequency,
        "geography_coverage": i.geography_coverage,
        "methodology": i.methodology,
        "next_release": i.next_release,
        "owner": _department(i.owner),
        "breakdowns": [
            {
                "characteristic": link.characteristic.slug,
                "name": link.characteristic.name,
                "reference_group": reference.slug if reference else None,
            }
            for link, reference in read.breakdowns
        ],
        "current_release": _release(read.current, slug=i.slug, current=True),
        "links": {
            "page": reverse("dashboard:indicator-detail", args=[i.slug]),
            **{
                fmt: reverse("opendata:indicator-download", args=[i.slug, fmt])
                for fmt in ("csv", "xlsx", "ods")
            },
        },
    }


@router.get("/indicators", response={200: schemas.IndicatorList, **ERRORS}, summary="Indicators")
def indicator_list(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    """Indicators published at as_at, with metadata, breakdowns and current release."""
    at = moment(as_at)
    return {"as_at": at, "results": [_indicator(r) for r in reads.published_indicators(at=at)]}


@router.get(
    "/indicators/{slug}", response={200: schemas.Indicator, **ERRORS}, summary="An indicator"
)
def indicator_detail(
    request: HttpRequest, slug: Annotated[str, Field(pattern=SLUG)], as_at: AsAt = None
) -> dict[str, Any]:
    found = reads.published_indicators(at=moment(as_at), slug=slug)
    if not found:
        raise NotFound(f"No indicator '{slug}' was published at that time.")
    return _indicator(found[0])


def _characteristic(c: Any) -> dict[str, Any]:
    return {
        "slug": c.slug,
        "name": c.name,
        "kind": c.kind,
        "description": c.description,
        "is_ordered": c.is_ordered,
        "groups": [
            {
                "slug": g.slug,
                "name": g.name,
                "rank": g.rank,
                "parent": g.parent.slug if g.parent else None,
                "is_default_reference": g.is_default_reference,
            }
            for g in c.groups.all()
        ],
    }


@router.get(
    "/characteristics",
    response={200: schemas.CharacteristicList, **ERRORS},
    summary="Characteristics and their groups",
)
def characteristic_list(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    at = moment(as_at)
    return {"as_at": at, "results": [_characteristic(c) for c in reads.characteristics()]}


@router.get(
    "/characteristics/{slug}",
    response={200: schemas.Characteristic, **ERRORS},
    summary="A characteristic and its groups",
)
def characteristic_detail(
    request: HttpRequest, slug: Annotated[str, Field(pattern=SLUG)], as_at: AsAt = None
) -> dict[str, Any]:
    moment(as_at)
    found = reads.characteristics(slug=slug)
    if not found:
        raise NotFound(f"There is no characteristic '{slug}'. GET /api/v1/characteristics.")
    return _characteristic(found[0])


@router.get(
    "/geographies",
    response={200: schemas.GeographyList, **ERRORS},
    summary="Places with published figures",
)
def geography_list(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    at = moment(as_at)
    results = [
        {
            "code": g.code,
            "name": g.name,
            "level": g.level,
            "parent": g.parent.code if g.parent else None,
        }
        for g in reads.geographies(at=at)
    ]
    return {"as_at": at, "results": results}


@router.get(
    "/periods", response={200: schemas.PeriodList, **ERRORS}, summary="Periods with figures"
)
def period_list(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    at = moment(as_at)
    results = [
        {"label": p.label, "type": p.type, "start": p.start, "end": p.end}
        for p in reads.periods(at=at)
    ]
    return {"as_at": at, "results": results}


@router.get(
    "/releases", response={200: schemas.ReleaseList, **ERRORS}, summary="Published releases"
)
def release_list(
    request: HttpRequest, as_at: AsAt = None, indicator: IndicatorSlug = None
) -> dict[str, Any]:
    """Every release visible at as_at (current and superseded), current first."""
    at = moment(as_at)
    found = _indicator_or_400(indicator, at=at) if indicator else None
    current = set(reads.current_release_ids(at=at, indicator=found))
    results = [
        _release(r, slug=r.indicator.slug, current=r.pk in current)
        for r in reads.releases(at=at, indicator=found)
    ]
    return {"as_at": at, "results": results}


def _indicator_or_400(slug: str, *, at: dt.datetime) -> Indicator:
    found = selectors.indicator_get(slug=slug, at=at)
    if found is None:
        raise BadRequest(
            f"No indicator '{slug}' was published at that time. GET /api/v1/indicators lists "
            "the published ones."
        )
    return found


# --- observations and gaps ------------------------------------------------------------------

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
    found = _indicator_or_400(indicator, at=at) if indicator else None
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
    found = _indicator_or_400(indicator, at=at)
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
    group_ids = None
    if group is not None:
        chosen = next((g for g in breakdown.groups if g.slug == group), None)
        if chosen is None:
            names = ", ".join(g.slug for g in breakdown.groups)
            raise BadRequest(f"'{group}' is not a group of {characteristic}: try one of {names}.")
        group_ids = [chosen.pk]
    geography_ids = None
    if geography is not None:
        geography_ids = list(Geography.objects.filter(code=geography).values_list("pk", flat=True))
    period_ids = _period_ids(current, period_from, period_to)
    frame = frames.breakdown_frame(
        indicator=found,
        release=current,
        breakdown=breakdown,
        geography_ids=geography_ids,
        period_ids=period_ids,
        group_ids=group_ids,
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
