"""Release workflow: four eyes, scheduled publication, supersession, withdrawal, immutability."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Permission
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from indicators import services
from indicators.models import Indicator, Observation, Release
from indicators.selectors import release_current
from tests import factories

pytestmark = pytest.mark.django_db


def user(username: str, *perms: str) -> AbstractUser:
    account = get_user_model().objects.create_user(username=username, password="x" * 12)
    account.user_permissions.add(*Permission.objects.filter(codename__in=perms))
    return account


@pytest.fixture
def uploader() -> AbstractUser:
    return user("uploader", "approve_release", "publish_release", "delete_release")


@pytest.fixture
def approver() -> AbstractUser:
    return user("approver", "approve_release", "publish_release")


@pytest.fixture
def indicator() -> Indicator:
    return factories.indicator()


def draft(indicator: Indicator, uploader: AbstractUser) -> Release:
    release = factories.release(indicator=indicator, uploaded_by=uploader)
    factories.observation(release=release, value=42.0)
    return release


def published(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser, **publish: Any
) -> Release:
    """A new release of ``indicator``, approved and published (``publish``: its time)."""
    release = services.release_approve(release=draft(indicator, uploader), user=approver)
    return services.release_publish(release=release, user=approver, **publish)


def published_and_scheduled(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser, *, days: int
) -> tuple[Release, Release]:
    """A published release of ``indicator`` and a correction scheduled ``days`` from now."""
    first = published(indicator, uploader, approver)
    at = timezone.now() + dt.timedelta(days=days)
    return first, published(indicator, uploader, approver, publish_at=at)


def test_the_uploader_cannot_approve(indicator: Indicator, uploader: AbstractUser) -> None:
    release = draft(indicator, uploader)
    with pytest.raises(services.ReleaseWorkflowError, match="someone else must approve it"):
        services.release_approve(release=release, user=uploader)
    release.refresh_from_db()
    assert (release.status, release.approved_by) == ("draft", None)


def test_approval_needs_the_permission(indicator: Indicator, uploader: AbstractUser) -> None:
    release = draft(indicator, uploader)
    with pytest.raises(services.ReleaseWorkflowError, match="permission to approve"):
        services.release_approve(release=release, user=user("colleague"))


def test_a_deactivated_account_keeps_no_permission(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    release = draft(indicator, uploader)
    approver.is_active = False
    approver.save()
    with pytest.raises(services.ReleaseWorkflowError, match="permission to approve"):
        services.release_approve(release=release, user=approver)


def test_approve_then_publish_now(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    release = published(indicator, uploader, approver)
    assert (release.status, release.approved_by) == ("published", approver)
    assert release.publish_at <= timezone.now()
    assert list(Release.objects.visible()) == [release]


def test_only_an_approved_release_is_published(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    with pytest.raises(services.ReleaseWorkflowError, match="Only an approved release"):
        services.release_publish(release=draft(indicator, uploader), user=approver)


def test_a_scheduled_correction_supersedes_and_shows_at_its_time(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    first, correction = published_and_scheduled(indicator, uploader, approver, days=2)
    at = correction.publish_at
    first.refresh_from_db()
    assert (first.status, correction.status) == ("superseded", "published")
    assert list(Release.objects.visible()) == [first]
    later = Release.objects.visible(at=at + dt.timedelta(minutes=1)).order_by("-version")
    assert list(later) == [correction, first]


def test_withdrawal_keeps_the_data_and_the_reason(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    release = published(indicator, uploader, approver)
    with pytest.raises(services.ReleaseWorkflowError, match="Say why"):
        services.release_withdraw(release=release, user=approver, reason=" ")
    release = services.release_withdraw(
        release=release, user=approver, reason="Wrong source table."
    )
    assert (release.status, release.withdrawal_reason) == ("withdrawn", "Wrong source table.")
    assert release.withdrawn_at is not None
    assert Observation.objects.filter(release=release).count() == 1
    assert not Release.objects.visible().exists()


def test_a_published_release_cannot_change_through_the_services(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    release = published(indicator, uploader, approver)
    with pytest.raises(services.ReleaseLocked, match="cannot change; upload a correction"):
        services.release_update(release=release, note="Quietly edited")
    with pytest.raises(services.ReleaseLocked):
        services.release_delete(release=release, user=uploader)
    assert Release.objects.get(pk=release.pk).note == ""


def test_a_draft_can_be_edited_and_discarded(indicator: Indicator, uploader: AbstractUser) -> None:
    release = draft(indicator, uploader)
    assert services.release_update(release=release, note="2024 data").note == "2024 data"
    services.release_delete(release=release, user=uploader)
    assert (Release.objects.count(), Observation.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE indicators_release SET note = 'edited' WHERE id = %s",
        "UPDATE indicators_observation SET value = 1 WHERE release_id = %s",
        "DELETE FROM indicators_observation WHERE release_id = %s",
    ],
)
def test_the_database_refuses_changes_to_published_data(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser, sql: str
) -> None:
    release = published(indicator, uploader, approver)
    with (
        pytest.raises(IntegrityError, match=f"release {release.pk} "),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [release.pk])
    assert Observation.objects.get(release=release).value == 42.0


def current_version(indicator: Indicator) -> int | None:
    current = release_current(releases=list(Release.objects.visible_for(indicator)))
    return current.version if current else None


def test_a_correction_replaces_a_release_still_under_embargo(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    first, scheduled = published_and_scheduled(indicator, uploader, approver, days=7)
    next_week = scheduled.publish_at
    correction = published(indicator, uploader, approver)
    scheduled.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, scheduled.status, correction.status) == (
        "superseded",
        "withdrawn",
        "published",
    )
    assert scheduled.withdrawal_reason == "Replaced before publication by v3."
    assert current_version(indicator) == 3
    with time_machine.travel(next_week + dt.timedelta(hours=1), tick=False):
        assert current_version(indicator) == 3
        assert [r.version for r in list(Release.objects.visible_for(indicator))] == [3, 1]


def test_a_correction_cannot_be_published_before_the_current_release(
    indicator: Indicator, uploader: AbstractUser, approver: AbstractUser
) -> None:
    current = published(indicator, uploader, approver)
    correction = services.release_approve(release=draft(indicator, uploader), user=approver)
    before = current.publish_at - dt.timedelta(days=1)
    with pytest.raises(
        services.ReleaseWorkflowError, match="an earlier release of this indicator is pub"
    ):
        services.release_publish(release=correction, user=approver, publish_at=before)
    correction.refresh_from_db()
    current.refresh_from_db()
    assert (current.status, correction.status) == ("published", "approved")
    assert current_version(indicator) == 1
