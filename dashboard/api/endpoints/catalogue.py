"""Indicators and the vocabulary their figures use: characteristics and groups, places,
periods, releases.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from dashboard.api import reads, schemas
from dashboard.api.endpoints.params import (
    ERRORS,
    AsAt,
    IndicatorSlug,
    PathSlug,
    department_record,
    first_or_404,
    indicator_or_400,
    moment,
)
from indicators.models import Release

router = Router()


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
        "owner": department_record(i.owner),
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
def indicator_detail(request: HttpRequest, slug: PathSlug, as_at: AsAt = None) -> dict[str, Any]:
    found = reads.published_indicators(at=moment(as_at), slug=slug)
    return _indicator(first_or_404(found, f"No indicator '{slug}' was published at that time."))


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
    request: HttpRequest, slug: PathSlug, as_at: AsAt = None
) -> dict[str, Any]:
    moment(as_at)
    found = reads.characteristics(slug=slug)
    missing = f"There is no characteristic '{slug}'. GET /api/v1/characteristics."
    return _characteristic(first_or_404(found, missing))


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
    found = indicator_or_400(indicator, at=at) if indicator else None
    current = set(reads.current_release_ids(at=at, indicator=found))
    results = [
        _release(r, slug=r.indicator.slug, current=r.pk in current)
        for r in reads.releases(at=at, indicator=found)
    ]
    return {"as_at": at, "results": results}
