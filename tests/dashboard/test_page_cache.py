"""The page cache: keyed by the visible releases, so it shows a release the moment its publish
time passes, never shows a draft, and forgets a withdrawn release at once; keyed by the filters
the page parses, not the raw query string; a preview never shares an entry with the public."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from dashboard import cache as page_cache
from dashboard import indicator_page
from dashboard.opendata import pageview
from indicators import selectors
from indicators.models import Release
from tests import factories
from tests.dashboard.factories import DataSet, data_set, published_release

pytestmark = pytest.mark.django_db

#: Well inside the cache timeout: only the fingerprint, not expiry, can refresh a page here.
PUBLISH_DELAY = dt.timedelta(seconds=60)
assert 2 * PUBLISH_DELAY.total_seconds() < page_cache.TIMEOUT


def _rows_valued(data: DataSet, value: float) -> list[dict[str, object]]:
    """One value for the second group in the latest period: a release the page would show."""
    return [
        {
            "group_a": data.groups[1],
            "period": data.periods[-1],
            "geography": data.geographies[0],
            "value": value,
        }
    ]


def _main(html: str) -> str:
    """The page's main content (the rest holds a CSRF token that differs on every response)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_cached_pages_show_a_release_the_moment_its_publish_time_passes(client: Client) -> None:
    start = timezone.now()
    data = data_set(groups=2, periods=2)
    published_release(
        indicator=data.indicator,
        rows=_rows_valued(data, 99.0),
        publish_at=start + PUBLISH_DELAY,
        note="Embargoed",
    )
    embargoed = factories.indicator(title="Embargoed indicator")
    published_release(indicator=embargoed, rows=[], publish_at=start + PUBLISH_DELAY)
    url = f"/indicators/{data.indicator.slug}/"

    with time_machine.travel(start + PUBLISH_DELAY - dt.timedelta(seconds=1), tick=False):
        before = client.get(url).content.decode()
        home_before = client.get("/").content.decode()
    with time_machine.travel(start + PUBLISH_DELAY, tick=False):
        after = client.get(url).content.decode()
        home_after = client.get("/").content.decode()

    assert "99.0" not in before
    assert "Version 1, published" in before
    assert "Embargoed indicator" not in home_before
    assert "99.0" in after
    assert "Version 2, published" in after
    assert "Embargoed indicator" in home_after


def test_a_cached_page_costs_one_query_and_never_shows_a_draft(
    client: Client, django_assert_num_queries
) -> None:
    data = data_set(groups=2, periods=2)
    url = f"/indicators/{data.indicator.slug}/"
    first = client.get(url).content.decode()

    published_release(
        indicator=data.indicator,
        rows=_rows_valued(data, 99.0),
        status=Release.Status.DRAFT,
        note="Draft",
    )
    with django_assert_num_queries(1):  # the fingerprint: drafts leave it, and the page, alone
        cached = client.get(url).content.decode()
    computed = client.get(url, {"start": data.periods[0].label}).content.decode()  # a new entry

    assert "11.1" in first
    assert _main(cached) == _main(first)
    assert "99.0" not in cached
    assert "99.0" not in computed
    assert "11.1" in computed


def test_a_withdrawn_release_leaves_cached_pages_at_once(client: Client) -> None:
    data = data_set(groups=2, periods=2, releases=2)
    url = f"/indicators/{data.indicator.slug}/"
    assert "Version 2, published" in client.get(url).content.decode()

    Release.objects.filter(pk=data.releases[-1].pk).update(
        status=Release.Status.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason="Wrong."
    )

    html = client.get(url).content.decode()
    assert "Version 1, published" in html
    assert "Version 2" not in html


def test_a_value_computed_while_a_release_became_visible_is_not_stored() -> None:
    """Publish time passes mid-computation: the value holds the new release's data, so it must
    not be stored under the key of the releases visible before (a server whose clock is a
    moment behind, sharing the cache, would otherwise show it early)."""
    data = data_set(groups=2, periods=1)
    start = timezone.now()
    embargoed = published_release(
        indicator=data.indicator, rows=[], publish_at=start + PUBLISH_DELAY
    )

    def visible_ids() -> list[int]:
        return [r.pk for r in Release.objects.visible_for(data.indicator)]

    with time_machine.travel(start, tick=False) as traveller:

        def compute_across_publish_time() -> list[int]:
            traveller.move_to(start + PUBLISH_DELAY)
            return visible_ids()

        during = page_cache.page_data(page="test", parts=[], compute=compute_across_publish_time)
        traveller.move_to(start)
        before = page_cache.page_data(page="test", parts=[], compute=visible_ids)

    assert embargoed.pk in during
    assert embargoed.pk not in before


def test_fingerprint_depends_only_on_visible_releases() -> None:
    data = data_set(groups=2, periods=1)
    now = timezone.now()
    visible = selectors.release_visibility_fingerprint(at=now)
    published_release(indicator=data.indicator, rows=[], status=Release.Status.DRAFT)
    published_release(indicator=data.indicator, rows=[], publish_at=now + dt.timedelta(minutes=1))

    assert selectors.release_visibility_fingerprint(at=now) == visible
    assert selectors.release_visibility_fingerprint(at=now + dt.timedelta(minutes=1)) != visible
    assert selectors.release_visibility_fingerprint(at=now - dt.timedelta(days=200)) != visible


def _counting(monkeypatch, module=indicator_page, name: str = "indicator_view") -> list[str]:
    """Record each time ``module.name`` computes (the page is not served from the cache): the
    slug of the indicator it computes for, from its ``slug`` or ``indicator`` argument."""
    computed: list[str] = []
    compute = getattr(module, name)

    def counted(**kwargs):
        computed.append(kwargs["slug"] if "slug" in kwargs else kwargs["indicator"].slug)
        return compute(**kwargs)

    monkeypatch.setattr(module, name, counted)
    return computed


def test_junk_repeated_or_reordered_parameters_share_one_entry(client: Client, monkeypatch) -> None:
    cache.clear()
    data = data_set(groups=3, periods=2)
    computed = _counting(monkeypatch)
    url = f"/indicators/{data.indicator.slug}/"
    first, second = (g.slug for g in data.groups[:2])
    characteristic = data.characteristic.slug
    pages = [
        client.get(f"{url}?characteristic={characteristic}&group={first}&group={second}"),
        client.get(f"{url}?group={second}&junk=1&characteristic={characteristic}&group={first}"),
        client.get(
            f"{url}?utm_source=x&group={first}&group={second}&group={first}"
            f"&characteristic={characteristic}&table=all"
        ),
    ]

    assert computed == [data.indicator.slug]
    assert all(page.status_code == 200 for page in pages)


def test_the_views_download_is_cached_under_its_filters_not_its_query_string(
    client: Client, monkeypatch
) -> None:
    cache.clear()
    data = data_set(groups=3, periods=2)
    computed = _counting(monkeypatch, pageview, "view_table")
    url = f"/indicators/{data.indicator.slug}/view.csv"
    first, second = (g.slug for g in data.groups[:2])
    characteristic = data.characteristic.slug
    files = [
        client.get(f"{url}?characteristic={characteristic}&group={first}&group={second}"),
        client.get(f"{url}?group={second}&junk=1&characteristic={characteristic}&group={first}"),
    ]

    assert computed == [data.indicator.slug]
    assert [f.status_code for f in files] == [200, 200]
    assert files[0].content == files[1].content
    # Other filters are another file.
    client.get(f"{url}?characteristic={characteristic}&group={first}")
    assert len(computed) == 2


def _previewer() -> Client:
    user = get_user_model().objects.create_user(username="approver", is_staff=True)
    user.groups.add(Role.objects.get(name="Approver"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("preview_first", [False, True])
def test_a_preview_and_the_public_page_never_share_an_entry(preview_first: bool) -> None:
    cache.clear()
    data = data_set(groups=2, periods=2)
    scheduled = published_release(
        indicator=data.indicator,
        rows=_rows_valued(data, 99.0),
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    url = f"/indicators/{data.indicator.slug}/"
    previewer, anonymous = _previewer(), Client()

    def preview() -> str:
        return previewer.get(url, {"preview": scheduled.pk}).content.decode()

    def public() -> str:
        return anonymous.get(url, {"preview": scheduled.pk}).content.decode()

    if preview_first:
        seen_first, seen_after = preview(), public()
        assert "99.0" in seen_first
        assert "99.0" not in seen_after
        assert "11.1" in seen_after
    else:
        seen_first, seen_after = public(), preview()
        assert "99.0" not in seen_first
        assert "99.0" in seen_after
        assert "EMBARGOED" in seen_after
    # Served from the cache the second time, each keeps to its own entry.
    assert "99.0" in preview()
    assert "99.0" not in public()
