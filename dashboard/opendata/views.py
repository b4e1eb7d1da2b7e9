"""Download views: an indicator's current release, a page view, the bulk zip and its page.

Everything read here goes through the one visibility rule (published releases whose time has
passed), so a download never holds what the pages do not show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from dashboard import cache as page_cache
from dashboard import preview
from dashboard.indicator_page import filters as page_filters
from dashboard.opendata import bulk, pageview
from dashboard.opendata.http import conditional, last_published
from dashboard.opendata.metadata import release_table
from dashboard.opendata.spreadsheets import Metadata, Table, to_csv, to_ods, to_xlsx
from indicators import selectors
from indicators.models import Indicator, Release

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMATS = tuple(CONTENT_TYPES)


def render_table(table: Table, meta: Metadata, *, fmt: str) -> bytes:
    """The table in ``fmt``: csv, xlsx or ods."""
    if fmt == "csv":
        return to_csv(table)
    return to_xlsx([table], meta) if fmt == "xlsx" else to_ods([table], meta)


def _published(slug: str) -> tuple[Indicator, Release]:
    indicator = selectors.indicator_get(slug=slug)
    release = Release.objects.current_for(indicator) if indicator else None
    if indicator is None or release is None:
        raise Http404("No published indicator with that name.")
    return indicator, release


def _attachment(
    request: HttpRequest, content: bytes, *, fmt: str, filename: str
) -> HttpResponseBase:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return conditional(request, response, last_modified=last_published())


def _cached(parts: list[str], compute: Callable[[], bytes]) -> bytes:
    """A download's bytes, cached under what is published (``dashboard.cache``)."""
    return page_cache.page_data(page="download", parts=parts, compute=compute)


@require_GET
def indicator_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """Every figure of an indicator's current release, as CSV, XLSX or ODS."""
    if fmt not in FORMATS:
        raise Http404("Downloads come as csv, xlsx or ods.")

    def compute() -> bytes:
        indicator, release = _published(slug)
        table, meta = release_table(indicator=indicator, release=release)
        return render_table(table, meta, fmt=fmt)

    content = _cached([slug, fmt], compute)
    return _attachment(request, content, fmt=fmt, filename=slug)


@require_GET
def indicator_view_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """The page's view (its query string: characteristic, groups, places, periods) as CSV,
    XLSX or ODS, with each group's gap to the reference group."""
    if fmt not in FORMATS:
        raise Http404("Downloads come as csv, xlsx or ods.")
    asked = request.GET.get(preview.PARAMETER, "")
    embargo = preview.preview_get(user=request.user, slug=slug, asked=asked)
    if embargo is not None:  # the view is an embargo preview: its figures are not handed out
        return preview.download_refused(request, embargo)
    query = request.GET.copy()
    for name in ("format", "table", "measure", preview.PARAMETER):
        query.pop(name, None)

    def compute() -> bytes:
        indicator, release = _published(slug)
        table, meta = pageview.view_table(indicator=indicator, release=release, query=query)
        return render_table(table, meta, fmt=fmt)

    # Keyed by the typed filters, not the raw query string: junk or reordered parameters
    # share one entry.
    parts = [slug, fmt, *page_cache.filter_parts(page_filters.requested(query))]
    content = _cached(["view", *parts], compute)
    indicator, _ = _published(slug)
    filename = pageview.view_filename(indicator=indicator, query=query)
    return _attachment(request, content, fmt=fmt, filename=filename)


@require_GET
def downloads(request: HttpRequest) -> HttpResponse:
    """The open data page: the bulk zip (built when stale), each indicator's files, the API."""
    info = bulk.bulk_current()
    context = {
        "page_title": "Download the data",
        "bulk": info,
        "indicators": selectors.indicator_list(with_characteristics=False),
        "formats": FORMATS,
    }
    return render(request, "dashboard/opendata/downloads.html", context)


@require_GET
def bulk_download(request: HttpRequest) -> HttpResponseBase:
    """The zip of every published indicator's CSV and its data package."""
    info = bulk.bulk_current()
    etag = f'"{info.sha256[:32]}"'
    response = FileResponse(
        bulk.zip_path().open("rb"),
        as_attachment=True,
        filename="equality-outcomes-dashboard.zip",
        content_type="application/zip",
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(info.built.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=60)
    result = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(info.built.timestamp()),
        response=cast(HttpResponse, response),
    )
    if result is not response:
        response.close()
    return result or response
