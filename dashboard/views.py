"""Page views: HTTP only. Read the request, call the page's module, render it or its partial.

Each page's context comes from its own module (``home_page``, ``mission_page``,
``indicator_list_page``, ``indicator_page``, ``characteristic_page``, ``search_page``); all but
the indicator list and search are cached by ``dashboard.cache`` under the releases the public
may see. The indicator page also opens as an embargo preview for those who may see one
(``dashboard.preview``).
"""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from dashboard import cache as page_cache
from dashboard import (
    characteristic_page,
    home_page,
    indicator_list_page,
    indicator_page,
    mission_page,
    preview,
    search_page,
    verdicts,
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _template(request: HtmxHttpRequest, page: str, partial: str) -> str:
    """The page template, or only its partial when htmx asks for a fragment."""
    return f"{page}#{partial}" if request.htmx else page


@require_GET
@vary_on_headers("HX-Request")
def indicator_list(request: HtmxHttpRequest) -> HttpResponse:
    context = indicator_list_page.list_context(
        area=request.GET.get("area", ""),
        mission=request.GET.get("mission", ""),
        characteristic=request.GET.get("characteristic", ""),
        search=request.GET.get("q", "").strip(),
    )
    return render(
        request,
        _template(request, "dashboard/indicator_list.html", "results"),
        {"page_title": "Indicators", "nav": "indicators", **context},
    )


@require_GET
@vary_on_headers("HX-Request")
def indicator_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    asked = indicator_page.requested(request.GET)
    embargo = preview.preview_get(
        user=request.user, slug=slug, asked=request.GET.get(preview.PARAMETER, "")
    )
    at = embargo.at if embargo else None
    view = page_cache.page_data(
        page="indicator",
        parts=[slug, *page_cache.filter_parts(asked), *([embargo.marker] if embargo else [])],
        compute=lambda: indicator_page.indicator_view(slug=slug, asked=asked, at=at),
        at=at,
    )
    if view is None:
        raise Http404("No published indicator with that name.")
    if request.GET.get("format") == "csv":
        if embargo:
            return preview.download_refused(request, embargo)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{indicator_page.csv_filename(view)}"'
        )
        csv.writer(response).writerows(indicator_page.csv_rows(view))
        return response
    context = indicator_page.page_context(view, every_period=request.GET.get("table") == "all")
    if embargo:
        context = preview.preview_context(context, embargo)
    else:
        context["previews"] = preview.previews_offered(user=request.user, slug=slug)
    response = render(
        request,
        _template(request, "dashboard/indicator_detail.html", "results"),
        {
            "page_title": view.indicator.title,
            "nav": "indicators",
            "breadcrumbs": [("Home", "dashboard:home"), ("Indicators", "dashboard:indicator-list")],
            "has_charts": True,
            **context,
        },
    )
    if embargo or context.get("previews"):
        preview.preview_response(request, response, embargo)
    return response


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    context = page_cache.page_data(page="home", parts=[], compute=home_page.home_context)
    return render(
        request, "dashboard/home.html", {"page_title": "Missions", "nav": "missions", **context}
    )


@require_GET
def mission_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context = page_cache.page_data(
        page="mission", parts=[slug], compute=lambda: mission_page.mission_context(slug=slug)
    )
    if context is None:
        raise Http404("No mission with that name.")
    return render(
        request,
        "dashboard/mission_detail.html",
        {
            "page_title": context["mission"].title,
            "nav": "missions",
            "breadcrumbs": [("Missions", "dashboard:home")],
            "has_charts": True,
            **context,
        },
    )


@require_GET
def characteristic_list(request: HtmxHttpRequest) -> HttpResponse:
    context = page_cache.page_data(
        page="characteristics", parts=[], compute=characteristic_page.list_context
    )
    return render(
        request,
        "dashboard/characteristic_list.html",
        {"page_title": "Characteristics", "nav": "characteristics", **context},
    )


@require_GET
@vary_on_headers("HX-Request")
def characteristic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    sort = request.GET.get("sort", "")
    level = request.GET.get("level", "")
    context = page_cache.page_data(
        page="characteristic",
        parts=[slug, sort, level],
        compute=lambda: characteristic_page.detail_context(slug=slug, sort=sort, level=level),
    )
    if context is None:
        raise Http404("No characteristic with that name.")
    return render(
        request,
        _template(request, "dashboard/characteristic_detail.html", "heat"),
        {
            "page_title": context["characteristic"].name,
            "nav": "characteristics",
            "breadcrumbs": [("Characteristics", "dashboard:characteristic-list")],
            "levels": characteristic_page.LEVELS,
            **context,
        },
    )


@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    context = search_page.search_context(text=request.GET.get("q", ""))
    return render(request, "dashboard/search.html", {"page_title": "Search", **context})


@require_GET
def methods(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/methods.html",
        {"page_title": "Methods", "nav": "methods", **verdicts.methods_context()},
    )
