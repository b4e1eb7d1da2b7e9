"""A release's status as the public sees it, for the admin's list and pages.

The stored status moves on when a step is taken, but the public sees a release from its
publication time (``Release.objects.visible``): a release published for a later time is
"Scheduled" until then, and the one it replaces stays public, "Published (until …)", until
then. Times are shown in UK time (the ``TIME_ZONE`` setting, Europe/London).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from indicators.access import unpublished_viewable
from indicators.models import Release

if TYPE_CHECKING:
    from indicators.access import AnyUser

SHOWN = (Release.Status.PUBLISHED, Release.Status.SUPERSEDED)


def with_replacement_times(releases: QuerySet[Release]) -> QuerySet[Release]:
    """Annotate each release with ``replaced_at``: when the next release of its indicator (by
    publication time) becomes public, or None."""
    later = Release.objects.filter(
        indicator=OuterRef("indicator"),
        status__in=SHOWN,
        publish_at__gt=OuterRef("publish_at"),
    ).order_by("publish_at")
    return releases.annotate(replaced_at=Subquery(later.values("publish_at")[:1]))


def moment_text(moment: dt.datetime) -> str:
    """``9:30 on 12 March 2027``, in UK time."""
    local = timezone.localtime(moment)
    return f"{local.hour}:{local.minute:02d} on {local.day} {local:%B %Y}"


def public_status(
    release: Release, *, replaced_at: dt.datetime | None, now: dt.datetime | None = None
) -> str:
    """What the public sees of ``release`` now: the status the admin lists it with."""
    now = now or timezone.now()
    at = release.publish_at
    if release.status not in SHOWN or at is None:
        if release.status == Release.Status.APPROVED and at is not None:
            return f"Approved (to be published at {moment_text(at)})"
        return release.get_status_display()
    until = f" (until {moment_text(replaced_at)})" if replaced_at is not None else ""
    if at > now:
        return f"Scheduled for {moment_text(at)}{until}"
    if replaced_at is not None and replaced_at > now:
        return f"Published{until}"
    return release.get_status_display()


def preview_link(release: Release, *, user: AnyUser) -> str:
    """The release list's "Preview" column: a link to the public page as it will be at the
    release's publication time (``dashboard.preview``) for a scheduled release that ``user``
    may see before then; for a draft or an approved release, why there is none yet."""
    now = timezone.now()
    if release.status == Release.Status.DRAFT:
        return "Drafts are not previewed"
    if release.status == Release.Status.APPROVED:
        return "Publish it for a later time to preview it"
    at = release.publish_at
    if release.status not in SHOWN or at is None or at <= now:
        return ""
    if not unpublished_viewable(user=user, indicator=release.indicator):
        return ""
    page = reverse("dashboard:indicator-detail", args=[release.indicator.slug])
    return format_html(
        '<a href="{}?preview={}">Preview the page as it will be published</a>', page, release.pk
    )
