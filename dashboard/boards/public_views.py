"""Mission boards' public pages: a complex outcome now, departments' accountability and the
release calendar.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.boards import analysis, calendar, departments, pages
from dashboard.boards.review import outcomes_build
from missions import selectors as mission_selectors
from missions import services
from missions.quarters import Quarter

# --- a complex outcome, now ---------------------------------------------------------------------


def _page(
    request: HttpRequest, template: str, title: str, *, nav: str = "departments", **context: Any
) -> HttpResponse:
    """One of these pages, marked in the service navigation as ``nav``."""
    return render(
        request, f"dashboard/boards/{template}", {"page_title": title, "nav": nav, **context}
    )


@require_GET
def outcome_detail(request: HttpRequest, slug: str, outcome: str) -> HttpResponse:
    mission = mission_selectors.mission_get(slug=slug)
    if mission is None:
        raise Http404("No mission with that name.")
    found = next((o for o in mission.outcomes.all() if o.slug == outcome), None)
    if found is None:
        raise Http404("No outcome with that name.")
    built, _ = outcomes_build([found], at=None, previous_at=None, quarter=None)
    section = pages.sections(built).outcomes[0]
    latest = mission_selectors.review_latest_signed_off(missions=[mission]).get(mission.pk)
    return render(
        request,
        "dashboard/boards/outcome_detail.html",
        {
            "page_title": found.title,
            "nav": "missions",
            "has_charts": True,
            "mission": mission,
            "outcome": found,
            "section": section,
            "latest_review": latest,
            "latest_quarter": Quarter(latest.year, latest.quarter) if latest else None,
            "has_synthetic": any(i.indicator.is_synthetic for i in section.items),
            "progress_rule": analysis.PROGRESS_RULE,
            "direction_rule": analysis.DIRECTION_RULE,
        },
    )


# --- departments --------------------------------------------------------------------------------


@require_GET
def department_list(request: HttpRequest) -> HttpResponse:
    return _page(request, "department_list.html", "Departments", **departments.matrix())


@require_GET
def department_detail(request: HttpRequest, slug: str) -> HttpResponse:
    context = departments.department(slug=slug)
    if context is None:
        raise Http404("No department with that name.")
    return _page(request, "department_detail.html", context["department"].name, **context)


# --- release calendar ---------------------------------------------------------------------------


@require_GET
def release_calendar(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = calendar.calendar(
        now=now, can_see_unpublished=services.can_see_drafts(user=request.user)
    )
    return _page(
        request, "release_calendar.html", "Release calendar", nav="releases", now=now, **context
    )
