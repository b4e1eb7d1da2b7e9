"""Page views: read the query string, call selectors, render a page or its htmx partial."""

from __future__ import annotations

import csv

import pandas as pd
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from dashboard import characteristic_page, indicator_page, mission_page
from indicators import selectors
from indicators.models import Indicator
from missions import selectors as mission_selectors


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _template(request: HtmxHttpRequest, page: str, partial: str) -> str:
    """The page template, or only its partial when htmx asks for a fragment."""
    return f"{page}#{partial}" if request.htmx else page


@require_GET
@vary_on_headers("HX-Request")
def indicator_list(request: HtmxHttpRequest) -> HttpResponse:
    area = request.GET.get("area", "")
    mission = request.GET.get("mission", "")
    characteristic = request.GET.get("characteristic", "")
    search = request.GET.get("q", "").strip()
    missions = mission_selectors.mission_list()
    indicators = selectors.indicator_list(
        area=area if area in Indicator.Area.values else "",
        characteristic=characteristic,
        search=search,
        within=mission_selectors.mission_indicators(slug=mission) if mission else None,
    )
    context = {
        "page_title": "Indicators",
        "nav": "indicators",
        "indicators": indicators,
        "areas": Indicator.Area.choices,
        "missions": missions,
        "characteristics": selectors.characteristic_list(),
        "selected": {
            "area": area,
            "mission": mission,
            "characteristic": characteristic,
            "q": search,
        },
    }
    return render(request, _template(request, "dashboard/indicator_list.html", "results"), context)


@require_GET
@vary_on_headers("HX-Request")
def indicator_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    indicator = selectors.indicator_get(slug=slug)
    if indicator is None:
        raise Http404("No published indicator with that name.")
    view = indicator_page.indicator_view(indicator=indicator, query=request.GET)
    if request.GET.get("format") == "csv":
        return _csv_response(view)
    context = {
        "page_title": indicator.title,
        "nav": "indicators",
        "has_charts": True,
        "view": view,
        "indicator": indicator,
        "filter_query": view.filters.query().urlencode(),
        "measures": indicator_page.MEASURES,
    }
    return render(
        request, _template(request, "dashboard/indicator_detail.html", "results"), context
    )


def _csv_response(view: indicator_page.IndicatorView) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = view.indicator.slug
    if view.filters.breakdown:
        name += f"-by-{view.filters.breakdown.characteristic.slug}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    csv.writer(response).writerows(indicator_page.csv_rows(view))
    return response


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    indicators = selectors.indicator_list()
    _, gaps = _national_frames(indicators)
    context = {
        "page_title": "Missions",
        "nav": "missions",
        "missions": mission_selectors.mission_list(),
        "worse": mission_page.worse_and_worsening(indicators=indicators, gaps=gaps),
        "not_assessed": mission_page.untested_indicators(indicators=indicators, gaps=gaps),
        "latest_releases": selectors.release_latest_list(limit=5),
    }
    return render(request, "dashboard/home.html", context)


@require_GET
def mission_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    mission = mission_selectors.mission_get(slug=slug)
    if mission is None:
        raise Http404("No mission with that name.")
    outcomes = list(mission.outcomes.all())
    indicators = list({i.pk: i for o in outcomes for i in o.indicators.all()}.values())
    frame, gaps = _national_frames(indicators)
    cards = {
        card.indicator.pk: card
        for card in mission_page.indicator_cards(indicators=indicators, frame=frame, gaps=gaps)
    }
    context = {
        "page_title": mission.title,
        "nav": "missions",
        "has_charts": True,
        "mission": mission,
        "outcomes": [
            (outcome, [cards[i.pk] for i in outcome.indicators.all() if i.pk in cards])
            for outcome in outcomes
        ],
    }
    return render(request, "dashboard/mission_detail.html", context)


def _national_frames(indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline values and gaps of the indicators' current releases (two queries)."""
    release_ids = [i.current_release_id for i in indicators if i.current_release_id]  # type: ignore[attr-defined]
    frame = selectors.headline_frame(release_ids=release_ids)
    frame = mission_page.headline_with_limits(frame, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    return frame, mission_page.gap_frame(frame, references=references)


@require_GET
def characteristic_list(request: HtmxHttpRequest) -> HttpResponse:
    characteristics = selectors.characteristic_list()
    indicators = selectors.indicator_list()
    context = {
        "page_title": "Characteristics",
        "nav": "characteristics",
        "characteristics": characteristics,
        "rows": characteristic_page.coverage_rows(
            indicators=indicators,
            characteristics=characteristics,
            with_data=selectors.coverage_matrix(),
        ),
    }
    return render(request, "dashboard/characteristic_list.html", context)


@require_GET
def characteristic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    characteristic = selectors.characteristic_get(slug=slug)
    if characteristic is None:
        raise Http404("No characteristic with that name.")
    indicators = selectors.indicator_list(characteristic=slug)
    release_ids = [i.current_release_id for i in indicators]  # type: ignore[attr-defined]
    frame = selectors.headline_frame(release_ids=release_ids, characteristic_id=characteristic.pk)
    frame = mission_page.headline_with_limits(frame, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    gaps = mission_page.gap_frame(frame, references=references)
    groups = list(characteristic.groups.all())
    sort = request.GET.get("sort", "")
    context = {
        "page_title": characteristic.name,
        "nav": "characteristics",
        "characteristic": characteristic,
        "groups": groups,
        "sort": sort,
        "rows": characteristic_page.heat_rows(
            indicators=indicators, groups=groups, gaps=gaps, sort=sort
        ),
        "has_synthetic": any(i.current_is_synthetic for i in indicators),  # type: ignore[attr-defined]
    }
    return render(request, "dashboard/characteristic_detail.html", context)


@require_GET
def methods(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "dashboard/methods.html", {"page_title": "Methods", "nav": "methods"})
