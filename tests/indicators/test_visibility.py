"""The one visibility rule: which release the public sees, at any point in time."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Permission
from django.utils import timezone

from indicators.imports.compare import compare, compare_release
from indicators.models import Indicator, Observation, Release
from indicators.services import release_approve, release_publish
from tests import factories

pytestmark = pytest.mark.django_db


def _user(username: str) -> AbstractUser:
    account = get_user_model().objects.create_user(username=username, password="x" * 12)
    account.user_permissions.add(
        *Permission.objects.filter(codename__in=["approve_release", "publish_release"])
    )
    return account


@pytest.fixture
def people() -> tuple[AbstractUser, AbstractUser]:
    return _user("uploader"), _user("approver")


def _publish(
    indicator: Indicator,
    people: tuple[AbstractUser, AbstractUser],
    *,
    value: float,
    at: dt.datetime | None = None,
) -> Release:
    uploader, approver = people
    release = factories.release(indicator=indicator, uploaded_by=uploader)
    factories.observation(release=release, value=value)
    release = release_approve(release=release, user=approver)
    return release_publish(release=release, user=approver, publish_at=at)


def test_current_for_follows_publication_time(people: tuple[AbstractUser, AbstractUser]) -> None:
    indicator = factories.indicator()
    assert Release.objects.current_for(indicator) is None
    first = _publish(indicator, people, value=10.0)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    second = _publish(indicator, people, value=12.0, at=tomorrow)
    assert Release.objects.current_for(indicator) == first
    assert Release.objects.current_for(indicator, at=tomorrow) == second
    assert (
        Release.objects.current_for(indicator, at=first.publish_at - dt.timedelta(seconds=1))
        is None
    )


def test_with_current_release_annotates_as_at_a_time(
    people: tuple[AbstractUser, AbstractUser],
) -> None:
    indicator = factories.indicator()
    first = _publish(indicator, people, value=10.0)
    later = timezone.now() + dt.timedelta(hours=3)
    second = _publish(indicator, people, value=12.0, at=later)
    now_row = Indicator.objects.with_current_release().get(pk=indicator.pk)
    later_row = Indicator.objects.with_current_release(at=later).get(pk=indicator.pk)
    assert now_row.current_release_id == first.pk  # type: ignore[attr-defined]
    assert later_row.current_release_id == second.pk  # type: ignore[attr-defined]
    assert list(Indicator.objects.published(at=first.publish_at - dt.timedelta(seconds=1))) == []


def test_the_import_preview_compares_with_what_the_public_sees_during_an_embargo(
    people: tuple[AbstractUser, AbstractUser],
) -> None:
    """A correction scheduled for next week is not yet public: a new upload is compared with
    the release the public still sees, not with the one waiting for its time."""
    indicator = factories.indicator()
    public = _publish(indicator, people, value=10.0)
    _publish(indicator, people, value=12.0, at=timezone.now() + dt.timedelta(days=7))
    row = Observation.objects.filter(release=public).values(
        "period_id", "geography_id", "group_a_id", "group_b_id", "value", "marker"
    )[0]
    comparison = compare(indicator=indicator, frame=pd.DataFrame([row | {"value": 12.0}]))
    assert comparison.against == public
    assert (comparison.revised, comparison.unchanged) == (1, 0)

    upload = factories.release(indicator=indicator, uploaded_by=people[0])
    factories.observation(release=upload, value=10.0)
    assert compare_release(release=upload).against == public
    assert compare_release(release=upload).unchanged == 1
