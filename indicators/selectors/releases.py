"""Reads of releases: what the public sees of an indicator's releases, and when it changes.

Every function starts from the one visibility rule, ``Release.objects.visible()`` (see
``ReleaseQuerySet``): a draft, or a release whose publication time has not yet come, is
invisible to every caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import MD5, Cast, Concat
from django.utils import timezone

from indicators.models import Indicator, Release


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an indicator's public release history."""

    release: Release
    #: Why it corrected an earlier release ("" for a first release).
    revision: str
    #: Why it was withdrawn; None while it stands.
    withdrawal: str | None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawal is not None


def release_history(*, indicator: Indicator, at: dt.datetime | None = None) -> list[HistoryEntry]:
    """Every release of ``indicator`` the public has seen, newest first, in one query.

    That is the visible releases and also withdrawn ones that were public before they were
    withdrawn (publish time passed, withdrawn after it): a withdrawal must stay on the record
    with its reason. Withdrawn releases are never current nor charted; callers take the
    visible ones with :func:`release_visible_from_history`.
    """
    moment = at or timezone.now()
    once_public = Q(
        status=Release.Status.WITHDRAWN,
        publish_at__lte=moment,
        withdrawn_at__gte=F("publish_at"),
    )
    releases = Release.objects.filter(
        Q(pk__in=Release.objects.visible(at=moment).values("pk")) | once_public,
        indicator=indicator,
    ).current_first()
    return [_history_entry(release) for release in releases]


def release_visible_from_history(*, history: Sequence[HistoryEntry]) -> list[Release]:
    """The visible releases of a :func:`release_history`, in the same (current-first) order."""
    return [entry.release for entry in history if not entry.is_withdrawn]


def _history_entry(release: Release) -> HistoryEntry:
    is_withdrawn = release.status == Release.Status.WITHDRAWN
    return HistoryEntry(
        release=release,
        revision=release.reason,
        withdrawal=release.withdrawal_reason if is_withdrawn else None,
    )


def release_current(*, releases: Sequence[Release]) -> Release | None:
    """The current release among visible ones ordered by ``release_visible_list``.

    Withdrawn releases are never visible, so the first visible release is the current one.
    """
    return releases[0] if releases else None


def release_previous(*, releases: Sequence[Release]) -> Release | None:
    """The visible release before the current one: what revisions are measured against."""
    return releases[1] if len(releases) > 1 else None


def release_latest_list(*, limit: int = 5, at: dt.datetime | None = None) -> list[Release]:
    """The most recently published releases across all indicators, for the home page."""
    return list(Release.objects.visible(at=at).select_related("indicator").current_first()[:limit])


def release_visibility_fingerprint(*, at: dt.datetime | None = None) -> str:
    """A digest of which releases the public may see at ``at`` (default now): one query.

    It covers each visible release's id, status and publish time, so it changes the moment an
    embargoed release's publish time passes, and when a release is published, superseded or
    withdrawn. Pages cache what they compute under it: a cached value can only ever be served
    while exactly the releases it was computed from are the visible ones.
    """
    entry = Concat(
        Cast("pk", CharField()),
        Value(":"),
        "status",
        Value(":"),
        Cast("publish_at", CharField()),
    )
    digest = Release.objects.visible(at=at).aggregate(
        digest=MD5(StringAgg(entry, delimiter=",", order_by="pk", default=Value("")))
    )["digest"]
    return str(digest)
