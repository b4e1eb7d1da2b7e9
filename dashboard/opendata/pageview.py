"""The indicator page's view (its filters) as a download: the one module that reads the page.

A link from the page carries the page's own query string (characteristic, groups, places,
periods). It is read here with the page's own filter function, so a download holds exactly the
rows of the page's table, and its numbers come from ``frames.breakdown_frame``, which computes
them as the page does.
"""

from __future__ import annotations

from django.http import QueryDict

from dashboard.formatting import Units
from dashboard.indicator_page import filters as page_filters
from dashboard.opendata import frames
from dashboard.opendata.metadata import columns, indicator_metadata, released
from dashboard.opendata.spreadsheets import Metadata, Table
from indicators import selectors
from indicators.models import Indicator, Release


def view_table(
    *, indicator: Indicator, release: Release, query: QueryDict
) -> tuple[Table, Metadata]:
    """The rows behind the page's charts and table for ``query``, and the download's metadata."""
    breakdowns = selectors.indicator_breakdown_list(indicator=indicator)
    coverage = selectors.release_coverage(release=release)
    filters = page_filters.clean(
        page_filters.requested(query), breakdowns=breakdowns, coverage=coverage, indicator=indicator
    )
    breakdown = None if filters.breakdown is None or filters.is_all_people else filters.breakdown
    if filters.breakdown is None or not filters.periods:
        frame = frames.with_gaps(
            frames.tidy_frame(frames.observations_of(release_ids=[]), indicators={}), reference=None
        )
    else:
        frame = frames.breakdown_frame(
            indicator=indicator,
            release=release,
            breakdown=breakdown,
            geography_ids=[g.pk for g in filters.geographies],
            period_ids=[p.pk for p in filters.periods],
            group_ids=[g.pk for g in filters.groups] if breakdown else None,
        )
    by = breakdown.characteristic.name.lower() if breakdown else "all people"
    title = f"{indicator.title}, by {by}" if breakdown else f"{indicator.title}, all people"
    places = ", ".join(g.name for g in filters.geographies)
    description = [f"Places: {places}." if places else "No places with data."]
    if filters.start and filters.end:
        description.append(f"Periods: {filters.start.label} to {filters.end.label}.")
    if breakdown and breakdown.reference:
        description.append(f"Gaps are measured against {breakdown.reference.name}.")
    description.append(f"Release: {released(release)}.")
    table = Table(
        sheet="Data",
        title=title,
        frame=frame,
        columns=columns(frames.VIEW_COLUMNS, units=Units.of(indicator)),
        description=description,
    )
    reference = breakdown.reference.name if breakdown and breakdown.reference else ""
    meta = indicator_metadata(
        indicator=indicator, release=release, title=title, gaps_against=reference
    )
    return table, meta


def view_filename(*, indicator: Indicator, query: QueryDict) -> str:
    """``<slug>-by-<characteristic>`` as the page names its CSV, else ``<slug>``."""
    characteristic = query.get("characteristic", "")
    slug = "".join(ch for ch in characteristic if ch.isalnum() or ch == "-")[:80]
    return f"{indicator.slug}-by-{slug}" if slug else indicator.slug
