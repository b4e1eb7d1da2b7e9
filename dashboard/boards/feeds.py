"""An Atom feed of published releases, for people who want to be told (django.contrib.
syndication). Only releases the one visibility rule lets through, the moment it does: an
embargoed release enters the feed when its publication time passes. ``?mission=<slug>`` keeps
one mission's indicators."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from indicators.models import Release
from missions.models import Mission

ITEMS = 50


class ReleaseFeed(Feed[Release, Mission | None]):
    feed_type = Atom1Feed
    author_name = "Equality outcomes dashboard"

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Mission | None:
        slug = request.GET.get("mission", "")
        return Mission.objects.filter(slug=slug).first() if slug else None

    def title(self, obj: Mission | None) -> str:
        if obj is None:
            return "Equality outcomes dashboard: published releases"
        return f"Equality outcomes dashboard: releases for “{obj.title}”"

    def link(self, obj: Mission | None) -> str:
        return reverse("boards:release-calendar")

    def subtitle(self, obj: Mission | None) -> str:
        return "Each release of an indicator's data as it is published, newest first."

    def items(self, obj: Mission | None) -> list[Release]:
        releases = Release.objects.visible().select_related("indicator")
        if obj is not None:
            releases = releases.filter(indicator__outcomes__mission=obj).distinct()
        return list(releases.current_first()[:ITEMS])

    def item_title(self, item: Release) -> str:
        kind = "correction" if item.reason else "release"
        return f"{item.indicator.title}: version {item.version} ({kind})"

    def item_description(self, item: Release) -> str:
        parts = [item.note or "New figures published."]
        if item.reason:
            parts.append(f"Corrects the previous release: {item.reason}")
        if item.is_synthetic:
            parts.append("Synthetic demo data, not official statistics.")
        return " ".join(parts)

    def item_link(self, item: Release) -> str:
        return reverse("dashboard:indicator-detail", args=[item.indicator.slug])

    def item_guid(self, item: Release) -> str:
        return f"release-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Release) -> dt.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Release) -> dt.datetime | None:
        return item.publish_at
