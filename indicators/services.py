"""Writes that matter: the release workflow, and the indicators' search index.

Release workflow: approve (four eyes), publish on schedule, withdraw; published data is fixed.

draft → approved → published → superseded (or withdrawn). These functions are the only writers of
a release's status. The database enforces the same rules underneath (the app's migration), so a
mistake here, in the admin or in a shell still cannot change published data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import ProtectedError, TextField, Value
from django.utils import timezone
from django.utils.module_loading import import_string

from indicators.access import holds_permission, indicator_edit_check, release_discardable
from indicators.models import Indicator, IndicatorCharacteristic, Release

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class ReleaseWorkflowError(Exception):
    """The step is not allowed for this release and user; the message says why."""


class ReleaseLocked(ReleaseWorkflowError):
    """The release is published, superseded or withdrawn and can no longer change."""


def _locked(release: Release) -> Release:
    return Release.objects.select_for_update().get(pk=release.pk)


@transaction.atomic
def release_approve(*, release: Release, user: AnyUser) -> Release:
    """A second person confirms a draft: never its uploader, always with the approve permission."""
    release = _locked(release)
    if release.status != Release.Status.DRAFT:
        raise ReleaseWorkflowError(
            f"Only a draft can be approved; {release} is {release.get_status_display().lower()}."
        )
    if release.uploaded_by_id is None:
        raise ReleaseWorkflowError(
            f"{release} records no uploader, so nobody can show that a second person approves "
            "it (four-eyes rule). Discard it and upload the file again: in the admin, or on the "
            "command line with --user."
        )
    if release.uploaded_by_id == user.pk:
        raise ReleaseWorkflowError(
            "You uploaded this release, so someone else must approve it (four-eyes rule)."
        )
    if not holds_permission(user=user, codename="approve_release"):
        raise ReleaseWorkflowError("You do not have permission to approve releases.")
    release.status = Release.Status.APPROVED
    release.approved_by_id = user.pk
    release.approved_at = timezone.now()
    release.save(update_fields=["status", "approved_by", "approved_at"])
    return release


@transaction.atomic
def release_publish(
    *, release: Release, user: AnyUser, publish_at: dt.datetime | None = None
) -> Release:
    """Publish an approved release at ``publish_at`` (its planned time, else now).

    The public's current release is the visible one with the latest publish time, so times
    must move forward:

    - an earlier release still embargoed (its time has not come) whose time is not before the
      new one's is withdrawn, "Replaced before publication by vN": it would otherwise appear
      later and take the place of the release that replaced it;
    - the new time may not be earlier than any remaining published or superseded release's,
      which would leave the older one current;
    - every other published release becomes superseded at once; the public keeps seeing it
      until the new one's time comes, because visibility follows ``publish_at``.
    """
    release = _locked(release)
    if release.status != Release.Status.APPROVED:
        raise ReleaseWorkflowError(
            f"Only an approved release can be published; {release} is "
            f"{release.get_status_display().lower()}."
        )
    if not holds_permission(user=user, codename="publish_release"):
        raise ReleaseWorkflowError("You do not have permission to publish releases.")
    now = timezone.now()
    at = publish_at or release.publish_at or now
    earlier = list(
        Release.objects.select_for_update()
        .filter(
            indicator_id=release.indicator_id,
            status__in=[Release.Status.PUBLISHED, Release.Status.SUPERSEDED],
        )
        .exclude(pk=release.pk)
    )
    replaced = [
        old for old in earlier if old.publish_at and old.publish_at > now and old.publish_at >= at
    ]
    kept = [old for old in earlier if old not in replaced]
    latest = max((old.publish_at for old in kept if old.publish_at), default=None)
    if latest is not None and at < latest:
        raise ReleaseWorkflowError(
            f"{release} cannot be published at {at:%d %B %Y %H:%M}: an earlier release of this "
            f"indicator is published at {latest:%d %B %Y %H:%M}, and the public's current "
            "release is the latest one. Choose that time or later."
        )
    for old in replaced:
        _withdraw(old, reason=f"Replaced before publication by v{release.version}.", at=now)
    for old in kept:
        if old.status == Release.Status.PUBLISHED:
            old.status = Release.Status.SUPERSEDED
            old.save(update_fields=["status"])
    release.status = Release.Status.PUBLISHED
    release.publish_at = at
    release.save(update_fields=["status", "publish_at"])
    _after_publication(publish_at=at)
    return release


def _after_publication(*, publish_at: dt.datetime) -> None:
    """Once the transaction commits, tell what builds on published data (settings'
    ``RELEASE_PUBLISHED_HOOKS``, dotted paths, so that this app imports nothing above it)."""
    for hook in getattr(settings, "RELEASE_PUBLISHED_HOOKS", []):
        transaction.on_commit(partial(import_string(hook), publish_at=publish_at))


@transaction.atomic
def release_withdraw(*, release: Release, user: AnyUser, reason: str) -> Release:
    """Take a published release off the public pages; its data stays for the record."""
    release = _locked(release)
    if release.status not in {Release.Status.PUBLISHED, Release.Status.SUPERSEDED}:
        raise ReleaseWorkflowError("Only a published or superseded release can be withdrawn.")
    if not reason.strip():
        raise ReleaseWorkflowError("Say why the release is withdrawn; the reason is published.")
    if not holds_permission(user=user, codename="publish_release"):
        raise ReleaseWorkflowError("You do not have permission to withdraw releases.")
    return _withdraw(release, reason=reason.strip(), at=timezone.now())


def _withdraw(release: Release, *, reason: str, at: dt.datetime) -> Release:
    """Mark a locked release withdrawn at ``at``, with the reason the public history shows."""
    release.status = Release.Status.WITHDRAWN
    release.withdrawn_at = at
    release.withdrawal_reason = reason
    release.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    return release


@transaction.atomic
def release_update(
    *,
    release: Release,
    note: str,
    limits_confidence: int | None = None,
    user: AnyUser | None = None,
) -> Release:
    """Edit a draft's public note (and the confidence level of the limits its file publishes).

    With ``user``, they must be allowed to edit the indicator's drafts (their department owns
    it). Published, superseded and withdrawn releases never change.
    """
    if user is not None:
        indicator_edit_check(user=user, indicator=release.indicator)
    release = _locked(release)
    if release.is_locked:
        raise ReleaseLocked(
            f"{release} is {release.get_status_display().lower()} and cannot change; "
            "upload a correction that supersedes it instead."
        )
    release.note = note
    if limits_confidence is not None:
        release.limits_confidence = limits_confidence
    release.save(update_fields=["note", "limits_confidence"])
    return release


@transaction.atomic
def release_delete(*, release: Release, user: AnyUser) -> None:
    """Discard a draft (or an approved release not yet published) with its observations and
    its stored file, so that the same file can be uploaded again; published ones are kept.

    Its uploader may discard it, and administrators (``access.release_discardable``).
    """
    release = _locked(release)
    if release.is_locked:
        raise ReleaseLocked(f"{release} is {release.get_status_display().lower()} and is kept.")
    if not release_discardable(user=user, release=release):
        raise ReleaseWorkflowError(
            f"Only the person who uploaded {release}, or an administrator, can discard it."
        )
    if release.status == Release.Status.APPROVED:
        # Observations may change only while their release is a draft (the app's migration).
        release.status = Release.Status.DRAFT
        release.save(update_fields=["status"])
    stored = release.source_file.name
    storage = release.source_file.storage
    release.observations.all().delete()
    try:
        release.delete()
    except ProtectedError as error:
        raise ReleaseWorkflowError(
            f"{release} cannot be discarded while another release refers to it: "
            + ", ".join(str(other) for other in error.protected_objects)
            + ". Discard that one first."
        ) from error
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def indicator_search_refresh(*, indicator_ids: Collection[int] | None = None) -> int:
    """Rebuild the indicators' search vectors (all, or these); how many were rebuilt.

    Weights: A title and short title; B the subject phrase; C what it measures and its source;
    D the names of its characteristics and their groups (so "disability" or "Black Caribbean"
    finds the indicators broken down by them). Call it after indicator metadata or breakdowns
    change: the fixture loader and the admin do. Two queries and one update per indicator.
    """
    indicators = Indicator.objects.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=list(indicator_ids))
    words: dict[int, list[str]] = {}
    breakdowns = (
        IndicatorCharacteristic.objects.filter(indicator__in=indicators)
        .values("indicator_id", "characteristic__name")
        .annotate(groups=StringAgg("characteristic__groups__name", delimiter=" ", default=""))
        .values_list("indicator_id", "characteristic__name", "groups")
    )
    for indicator_id, name, groups in breakdowns:
        words.setdefault(indicator_id, []).extend([name, groups])
    text = SearchVector("title", "short_title", weight="A", config="english") + SearchVector(
        "subject", weight="B", config="english"
    )
    text += SearchVector("measures", weight="C", config="english")
    text += SearchVector("source_publisher", "source_dataset", weight="C", config="english")
    count = 0
    with transaction.atomic():
        for indicator_id in indicators.values_list("pk", flat=True):
            names = Value(" ".join(words.get(indicator_id, [])), output_field=TextField())
            vector = text + SearchVector(names, weight="D", config="english")
            count += Indicator.objects.filter(pk=indicator_id).update(search_vector=vector)
    return count
