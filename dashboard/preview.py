"""Embargo previews: an indicator's page as it will be published, for those who may see it.

A scheduled release (approved by a second person, then published for a time still to come:
"Scheduled for 9:30 on 12 March 2027" in the admin) may be previewed by the people
``indicators.access.unpublished_viewable`` names: ``/indicators/<slug>/?preview=<release id>``
is the public page computed as at the release's publication time, for that user only, under
the banner "EMBARGOED — not for publication until 9:30 on 12 March 2027". Anyone else, and any
release that is not scheduled (a draft, a release only approved, one already public, another
indicator's), gets the public page with nothing said about the release.

What a preview hands out carries the banner or is withheld:

- htmx fragments carry the banner out of band (``hx-swap-oob``), so the banner at the top of
  the page is the fragment's own, and a fragment read on its own still says it is embargoed;
- chart images downloaded from the mode bar carry it in their credit line;
- file downloads (the page's CSV, XLSX and ODS) are refused: a file leaves the page and its
  banner behind, and a comment row in a CSV is dropped by the first program that reads it,
  so no marking inside a file can be relied on to travel with the figures.

Previews are never served from, or stored under, a public cache key (``dashboard.cache``) and
their responses are ``private, no-store``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from indicators.access import unpublished_viewable
from indicators.admin.statuses import SHOWN, moment_text
from indicators.models import Release

if TYPE_CHECKING:
    from indicators.access import AnyUser

#: The query parameter that asks for a preview.
PARAMETER = "preview"
BANNER_TEMPLATE = "dashboard/_embargo_banner.html"


@dataclass(frozen=True)
class Preview:
    """A release seen before its time: what the page shows and says."""

    release: Release
    #: The release's publication time: the page is computed as at then.
    at: dt.datetime
    #: ``9:30 on 12 March 2027``, UK time, as the admin's release list says it.
    when: str = field(init=False)
    #: "EMBARGOED — not for publication until 9:30 on 12 March 2027".
    banner: str = field(init=False)
    #: What tells a preview's cache key, and its links, from the public page's.
    marker: str = field(init=False)

    def __post_init__(self) -> None:
        when = moment_text(self.at)
        object.__setattr__(self, "when", when)
        object.__setattr__(self, "banner", f"EMBARGOED — not for publication until {when}")
        object.__setattr__(self, "marker", f"{PARAMETER}={self.release.pk}")

    @classmethod
    def of(cls, release: Release) -> Preview:
        assert release.publish_at is not None
        return cls(release, release.publish_at)

    @property
    def url(self) -> str:
        page = reverse("dashboard:indicator-detail", args=[self.release.indicator.slug])
        return f"{page}?{self.marker}"


def _scheduled(slug: str) -> QuerySet[Release]:
    """The releases of the indicator ``slug`` published for a time still to come."""
    return Release.objects.filter(
        indicator__slug=slug, status__in=SHOWN, publish_at__gt=timezone.now()
    ).select_related("indicator")


def _may_see_unpublished(user: AnyUser) -> bool:
    """Cheap first test, so that the public costs no query: only staff may ever preview."""
    return bool(getattr(user, "is_staff", False) and getattr(user, "is_active", False))


def preview_get(*, user: AnyUser, slug: str, asked: str) -> Preview | None:
    """The preview ``asked`` for (a release id) if ``user`` may see it, else None."""
    if not asked.isdigit() or not _may_see_unpublished(user):
        return None
    release = _scheduled(slug).filter(pk=int(asked)).first()
    if release is None or not unpublished_viewable(user=user, indicator=release.indicator):
        return None
    return Preview.of(release)


def previews_offered(*, user: AnyUser, slug: str) -> list[Preview]:
    """The previews ``user`` may open from the public page of the indicator ``slug``."""
    if not _may_see_unpublished(user):
        return []
    releases = list(_scheduled(slug).order_by("publish_at"))
    if not releases or not unpublished_viewable(user=user, indicator=releases[0].indicator):
        return []
    return [Preview.of(release) for release in releases]


def preview_context(context: dict[str, Any], preview: Preview) -> dict[str, Any]:
    """The indicator page's context as a preview: its links keep the preview (downloads, which
    refuse it, included), its chart images carry the banner."""
    marker = f"&{preview.marker}"
    return {
        **context,
        "embargo": preview,
        "filter_query": context["filter_query"] + marker,
        "every_period_query": context["every_period_query"] + marker,
        "charts": [
            replace(chart, credit=f"{preview.banner}. {chart.credit}")
            for chart in context["charts"]
        ],
    }


def preview_response(request: HttpRequest, response: HttpResponse, preview: Preview | None) -> None:
    """Mark a response that shows or offers a preview private; put the banner in a fragment."""
    if preview is not None and getattr(request, "htmx", False):
        banner = render_to_string(BANNER_TEMPLATE, {"embargo": preview, "oob": True}, request)
        response.content = banner.encode() + response.content
    patch_cache_control(response, private=True, no_store=True)


def download_refused(request: HttpRequest, preview: Preview) -> HttpResponse:
    """Why a preview's figures cannot be downloaded, and when they can (403)."""
    return render(
        request,
        "dashboard/embargo_download.html",
        {"page_title": "Downloads are not available in a preview", "embargo": preview},
        status=403,
    )
