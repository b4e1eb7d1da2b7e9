"""Page views: read the query string, call selectors, render a page or its htmx partial."""

from __future__ import annotations

import csv
from collections.abc import Collection
from typing import Any

import pandas as pd
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from dashboard import cache as page_cache
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
    view = page_cache.page_data(
        page="indicator",
        parts=[slug, *_query_parts(request, ignore={"format", "table"})],
        compute=lambda: _indicator_view(slug=slug, query=request.GET),
    )
    if view is None:
        raise Http404("No published indicator with that name.")
    indicator = view.indicator
    if request.GET.get("format") == "csv":
        return _csv_response(view)
    filter_query = view.filters.query().urlencode()
    context = {
        "page_title": indicator.title,
        "nav": "indicators",
        "has_charts": True,
        "view": view,
        "indicator": indicator,
        "filter_query": filter_query,
        "measures": indicator_page.MEASURES,
        # A long table shows the latest period; every period is one link (or the CSV) away.
        "every_period": request.GET.get("table") == "all",
        "every_period_query": f"?{filter_query}&table=all",
    }
    return render(
        request, _template(request, "dashboard/indicator_detail.html", "results"), context
    )


def _indicator_view(*, slug: str, query: QueryDict) -> indicator_page.IndicatorView | None:
    indicator = selectors.indicator_get(slug=slug)
    if indicator is None:
        return None
    return indicator_page.indicator_view(indicator=indicator, query=query)


def _query_parts(request: HttpRequest, *, ignore: Collection[str] = ()) -> list[str]:
    """The query string as sorted ``name=value`` pairs: equal views share one cache entry."""
    return sorted(
        f"{name}={value}"
        for name, values in request.GET.lists()
        if name not in ignore
        for value in values
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
    context = page_cache.page_data(page="home", parts=[], compute=_home_context)
    return render(
        request, "dashboard/home.html", {"page_title": "Missions", "nav": "missions", **context}
    )


def _home_context() -> dict[str, Any]:
    indicators = selectors.indicator_list(with_characteristics=False)
    _, gaps = _national_frames(indicators)
    return {
        "missions": mission_selectors.mission_list(),
        "worse": mission_page.worse_and_worsening(indicators=indicators, gaps=gaps),
        "not_assessed": mission_page.untested_indicators(indicators=indicators, gaps=gaps),
        "latest_releases": selectors.release_latest_list(limit=5),
    }


@require_GET
def mission_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context = page_cache.page_data(
        page="mission", parts=[slug], compute=lambda: _mission_context(slug=slug)
    )
    if context is None:
        raise Http404("No mission with that name.")
    return render(
        request,
        "dashboard/mission_detail.html",
        {"page_title": context["mission"].title, "nav": "missions", "has_charts": True, **context},
    )


def _mission_context(*, slug: str) -> dict[str, Any] | None:
    mission = mission_selectors.mission_get(slug=slug)
    if mission is None:
        return None
    outcomes = list(mission.outcomes.all())
    indicators = list({i.pk: i for o in outcomes for i in o.indicators.all()}.values())
    frame, gaps = _national_frames(indicators)
    cards = {
        card.indicator.pk: card
        for card in mission_page.indicator_cards(indicators=indicators, frame=frame, gaps=gaps)
    }
    return {
        "mission": mission,
        "outcomes": [
            (outcome, [cards[i.pk] for i in outcome.indicators.all() if i.pk in cards])
            for outcome in outcomes
        ],
    }


def _national_frames(indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline values and gaps of the indicators' current releases (two queries)."""
    release_ids = [i.current_release_id for i in indicators if i.current_release_id]  # type: ignore[attr-defined]
    frame = selectors.headline_frame(release_ids=release_ids)
    frame = mission_page.headline_with_limits(frame, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    return frame, mission_page.gap_frame(frame, references=references)


@require_GET
def characteristic_list(request: HtmxHttpRequest) -> HttpResponse:
    context = page_cache.page_data(
        page="characteristics", parts=[], compute=_characteristic_list_context
    )
    return render(
        request,
        "dashboard/characteristic_list.html",
        {"page_title": "Characteristics", "nav": "characteristics", **context},
    )


def _characteristic_list_context() -> dict[str, Any]:
    characteristics = selectors.characteristic_list()
    return {
        "characteristics": characteristics,
        "rows": characteristic_page.coverage_rows(
            indicators=selectors.indicator_list(),
            characteristics=characteristics,
            with_data=selectors.coverage_matrix(),
        ),
    }


@require_GET
@vary_on_headers("HX-Request")
def characteristic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    sort = request.GET.get("sort", "")
    level = request.GET.get("level", "")
    context = page_cache.page_data(
        page="characteristic",
        parts=[slug, sort, level],
        compute=lambda: _characteristic_context(slug=slug, sort=sort, level=level),
    )
    if context is None:
        raise Http404("No characteristic with that name.")
    return render(
        request,
        _template(request, "dashboard/characteristic_detail.html", "heat"),
        {
            "page_title": context["characteristic"].name,
            "nav": "characteristics",
            "levels": characteristic_page.LEVELS,
            **context,
        },
    )


def _characteristic_context(*, slug: str, sort: str, level: str) -> dict[str, Any] | None:
    characteristic = selectors.characteristic_get(slug=slug)
    if characteristic is None:
        return None
    indicators = selectors.indicator_list(characteristic=slug)
    release_ids = [i.current_release_id for i in indicators]  # type: ignore[attr-defined]
    frame = selectors.headline_frame(release_ids=release_ids, characteristic_id=characteristic.pk)
    frame = mission_page.headline_with_limits(frame, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    gaps = mission_page.gap_frame(frame, references=references)
    table = characteristic_page.heat_table(
        indicators=indicators,
        groups=list(characteristic.groups.all()),
        gaps=gaps,
        level=level,
        sort=sort,
    )
    return {
        "characteristic": characteristic,
        "table": table,
        "sort": sort if sort in {g.slug for g in table.groups} else "",
        "has_synthetic": any(i.current_is_synthetic for i in indicators),  # type: ignore[attr-defined]
    }


@require_GET
def methods(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "dashboard/methods.html", {"page_title": "Methods", "nav": "methods"})
