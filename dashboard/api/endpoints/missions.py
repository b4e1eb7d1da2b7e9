"""Missions and their complex outcomes."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router

from dashboard.api import reads, schemas
from dashboard.api.endpoints.params import (
    ERRORS,
    SLUG,
    AsAt,
    BadRequest,
    PathSlug,
    department_record,
    first_or_404,
    moment,
)
from missions.models import ComplexOutcome, Mission

router = Router()


def _outcome(outcome: ComplexOutcome) -> dict[str, Any]:
    return {
        "slug": outcome.slug,
        "mission": outcome.mission.slug,
        "title": outcome.title,
        "area": outcome.area,
        "description": outcome.description,
        "lead_department": department_record(outcome.lead_department),
        "contributing_departments": [
            department_record(d) for d in outcome.contributing_departments.all()
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


@router.get("/missions", response={200: schemas.MissionList, **ERRORS}, summary="Missions")
def mission_list(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    """Every mission with its complex outcomes and their indicators published at as_at."""
    at = moment(as_at)
    return {"as_at": at, "results": [_mission(m) for m in reads.missions(at=at)]}


@router.get("/missions/{slug}", response={200: schemas.Mission, **ERRORS}, summary="A mission")
def mission_detail(request: HttpRequest, slug: PathSlug, as_at: AsAt = None) -> dict[str, Any]:
    found = reads.missions(at=moment(as_at), slug=slug)
    return _mission(
        first_or_404(found, f"There is no mission '{slug}'. GET /api/v1/missions lists them.")
    )


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
