"""Embargo: nothing of an unpublished release shows on any public surface, for anyone.

Every URL pattern of the URLconf is walked (parameters filled from the data), as anonymous and
as each role, as full pages, htmx fragments, downloads (zip formats opened and read) and API
answers (with ``as_at`` in the future too). A scheduled release and a draft carry distinctive
values; they must appear nowhere. When the scheduled time passes (frozen time), its values are
public on the indicator page, the API and the downloads.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from indicators.models import Membership
from missions.quarters import Quarter
from tests import factories
from tests.dashboard.factories import mission_with_outcome, published_release, two_groups

pytestmark = pytest.mark.django_db

# Distinctive figures: the scheduled release's and the draft's values, as any page would print
# them (one or two decimals).
SCHEDULED = ("71.93", "71.9")
DRAFT = ("64.87", "64.9")
PUBLIC = "41.2"


@pytest.fixture
def embargo():
    cache.clear()
    indicator, women, men = two_groups(
        groups=("Women", "Men"), slug="embargoed-indicator", title="Embargoed indicator"
    )
    mission_with_outcome(indicator)
    england = factories.geography()
    years = [factories.period(year) for year in (2019, 2020, 2021, 2022, 2023)]

    def rows(value: float) -> list[dict]:
        return [
            {"period": year, "geography": england, "group_a": group, "value": value + i}
            for i, year in enumerate(years)
            for group in (None, women, men)
        ]

    public = published_release(indicator=indicator, rows=rows(41.2))
    tomorrow = timezone.now() + dt.timedelta(days=1)
    scheduled = published_release(indicator=indicator, rows=rows(71.93), publish_at=tomorrow)
    published_release(indicator=indicator, rows=rows(64.87), status="draft")
    return indicator, public, scheduled, tomorrow


def _routes(patterns, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _urls(indicator) -> list[str]:
    """Every public URL pattern, its parameters filled from the data."""
    slug = indicator.slug
    characteristic = indicator.characteristics.get().slug
    fill = {
        "indicators/<slug:slug>/": [f"indicators/{slug}/"],
        "missions/<slug:slug>/": ["missions/opportunity/"],
        "characteristics/<slug:slug>/": [f"characteristics/{characteristic}/"],
        "api/v1/missions/<slug>": ["api/v1/missions/opportunity"],
        "api/v1/indicators/<slug>": [f"api/v1/indicators/{slug}"],
        "api/v1/characteristics/<slug>": [f"api/v1/characteristics/{characteristic}"],
        "missions/<slug:slug>/reviews/": ["missions/opportunity/reviews/"],
        "missions/<slug:slug>/reviews/prepare/": ["missions/opportunity/reviews/prepare/"],
        "missions/<slug:slug>/outcomes/<slug:outcome>/": [
            "missions/opportunity/outcomes/early-years/"
        ],
        "departments/<slug:slug>/": [f"departments/{indicator.owner.slug}/"],
    }
    quarter = Quarter.last_complete().slug
    review = "missions/<slug:slug>/reviews/<quarter:quarter>/"
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if route.startswith("admin/") or "<path:" in route:
            continue
        if "<format:fmt>" in route:
            for fmt in ("csv", "xlsx", "ods"):
                urls.append(route.replace("<slug:slug>", slug).replace("<format:fmt>", fmt))
            continue
        if route.startswith(review):
            route = route.replace(review, f"missions/opportunity/reviews/{quarter}/")
            route = route.replace("<slug:outcome>", "early-years")
        urls.extend(fill.get(route, [route]))
    queries = {
        "api/v1/observations": [
            f"indicator={slug}",
            f"indicator={slug}&characteristic={characteristic}",
        ],
        "api/v1/gaps": [f"indicator={slug}&characteristic={characteristic}"],
    }
    expanded = []
    for url in urls:
        assert "<" not in url, f"fill the parameters of {url}"
        for query in queries.get(url, [""]):
            expanded.append(f"/{url}?{query}" if query else f"/{url}")
    # The indicator page's views, and the API asked about the future.
    expanded += [
        f"/indicators/{slug}/?characteristic={characteristic}",
        f"/indicators/{slug}/?format=csv",
        f"/indicators/{slug}/view.csv?characteristic={characteristic}",
        f"/api/v1/observations?indicator={slug}&as_at=2999-01-01T00:00:00Z",
        "/api/v1/releases?as_at=2999-01-01T00:00:00Z",
        "/?q=embargoed",
        "/indicators/?q=embargoed",
    ]
    return expanded


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")


def _clients(indicator) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role in ("Analyst", "Approver", "Administrator"):
        user = get_user_model().objects.create_user(username=role.lower(), password="x" * 16)
        user.groups.add(Role.objects.get(name=role))
        user.is_staff = True
        user.save()
        Membership.objects.create(user=user, department=indicator.owner)
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


def _leaks(client: Client, urls: list[str], needles: tuple[str, ...]) -> list[str]:
    found = []
    for url in urls:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert response.status_code < 500, (url, response.status_code)
            text = _text(response)
            found += [f"{url} {headers} shows {n}" for n in needles if n in text]
    return found


def test_no_role_sees_an_unpublished_release_anywhere(embargo) -> None:
    indicator, *_ = embargo
    urls = _urls(indicator)
    assert len(urls) > 30
    for name, client in _clients(indicator).items():
        assert _leaks(client, urls, (*SCHEDULED, *DRAFT)) == [], name
    # The public release is there to be seen: the walk reads real pages.
    assert PUBLIC in _text(Client().get(f"/indicators/{indicator.slug}/"))


def test_the_scheduled_release_is_public_once_its_time_passes(embargo) -> None:
    indicator, _, _, tomorrow = embargo
    with time_machine.travel(tomorrow + dt.timedelta(minutes=1)):
        cache.clear()
        client = Client()
        assert "71.9" in _text(client.get(f"/indicators/{indicator.slug}/"))
        assert "71.93" in _text(client.get(f"/api/v1/observations?indicator={indicator.slug}"))
        assert "71.93" in _text(client.get(f"/indicators/{indicator.slug}/data.csv"))
        # The draft never is.
        assert _leaks(client, _urls(indicator), DRAFT) == []
