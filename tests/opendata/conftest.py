"""Open data tests: an empty page cache (downloads are cached under what is published), and a
small published data set with counts, markers and an intersectional row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import timezone

from indicators.models import Release
from tests import factories
from tests.dashboard.factories import data_set, published_release


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(db):
    """Three groups × three years in England, published 100 days ago; the middle group's
    latest value is suppressed ([c])."""
    data = data_set(groups=3, periods=3)
    return data


@pytest.fixture
def embargoed(published):
    """A correction of ``published`` whose publication time is tomorrow."""
    rows = [
        {"group_a": g, "period": p, "geography": published.geographies[0], "value": 50.0}
        for g in published.groups
        for p in published.periods
    ]
    release = published_release(
        indicator=published.indicator,
        rows=rows,
        publish_at=timezone.now() + dt.timedelta(days=1),
        reason="Embargoed correction",
    )
    return release


@pytest.fixture
def draft(published):
    factories.release(indicator=published.indicator, status=Release.Status.DRAFT)
