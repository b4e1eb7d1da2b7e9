"""Embargo: nothing of an unpublished release shows on any public surface, for anyone.

Every URL pattern of the URLconf is walked (parameters filled from the data), as anonymous and
as each role, as full pages, htmx fragments, downloads (zip formats opened and read) and API
answers (with ``as_at`` in the future too). A scheduled release and a draft carry distinctive
values; they must appear nowhere. When the scheduled time passes (frozen time), its values are
public on the indicator page, the API and the downloads.

The roles that may preview (``indicators.access.unpublished_viewable``) see the scheduled
values on the preview URLs only (``?preview=<release id>``), under the EMBARGOED banner, and
its downloads are refused; everyone else asking for a preview gets the public page and no hint
of the release. Once the time passes the preview URL is the public page, banner gone.
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

from indicators.admin.statuses import moment_text
from indicators.models import Membership
from missions import roles
from missions.quarters import Quarter
from tests import factories
from tests.dashboard.factories import mission_with_outcome, published_release, two_groups

pytestmark = pytest.mark.django_db

# Distinctive figures: the scheduled release's and the draft's values, as any page would print
# them (one or two decimals).
SCHEDULED = ("71.93", "71.9")
DRAFT = ("64.87", "64.9")
PUBLIC = "41.2"
BANNER = "EMBARGOED — not for publication until"
#: The roles that may preview a scheduled release, and some that may not.
PREVIEWERS = ("Analyst", "Approver", "Administrator", "superuser")
OTHERS = ("anonymous", "other department's analyst", roles.CHAIR, "staff without a role")


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
    draft = published_release(indicator=indicator, rows=rows(64.87), status="draft")
    return indicator, public, scheduled, tomorrow, draft


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


def _client(name: str, *, role: str = "", department=None, superuser: bool = False) -> Client:
    user = get_user_model().objects.create_user(
        username=name.replace(" ", "-").replace("'", ""),
        password="x" * 16,
        is_staff=True,
        is_superuser=superuser,
    )
    if role:
        user.groups.add(Role.objects.get(name=role))
    if department is not None:
        Membership.objects.create(user=user, department=department)
    client = Client()
    client.force_login(user)
    return client


def _clients(indicator) -> dict[str, Client]:
    """Anonymous and each role that may preview (analysts of the owning department)."""
    clients = {"anonymous": Client()}
    for role in ("Analyst", "Approver", "Administrator"):
        clients[role] = _client(role.lower(), role=role, department=indicator.owner)
    clients["superuser"] = _client("superuser", superuser=True)
    return clients


def _others(indicator) -> dict[str, Client]:
    """Who may not preview: the public, another department's analyst, a board member, staff
    without a role."""
    elsewhere = factories.department()
    return {
        "anonymous": Client(),
        "other department's analyst": _client(
            "other analyst", role="Analyst", department=elsewhere
        ),
        roles.CHAIR: _client("chair", role=roles.CHAIR, department=indicator.owner),
        "staff without a role": _client("staff", department=indicator.owner),
    }


def _preview_urls(indicator, release_id: int) -> dict[str, list[str]]:
    """The preview's pages (full, with filters, every period) and its downloads."""
    page = f"/indicators/{indicator.slug}/"
    characteristic = indicator.characteristics.get().slug
    asked = f"preview={release_id}"
    return {
        "pages": [
            f"{page}?{asked}",
            f"{page}?characteristic={characteristic}&measure=gap&{asked}&table=all",
        ],
        "downloads": [
            f"{page}?{asked}&format=csv",
            f"{page}view.csv?characteristic={characteristic}&{asked}",
            f"{page}view.xlsx?{asked}",
        ],
    }


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


def _get(client: Client, url: str, headers: dict[str, str]):
    response = client.get(url, **headers)
    assert response.status_code < 500, (url, response.status_code)
    return response, _text(response)


FRAGMENT = {"HTTP_HX_REQUEST": "true"}


def test_who_may_preview_sees_the_scheduled_values_only_on_the_preview_with_the_banner(
    embargo,
) -> None:
    indicator, _, scheduled, tomorrow, _ = embargo
    urls = _preview_urls(indicator, scheduled.pk)
    banner = f"{BANNER} {moment_text(tomorrow)}"
    for name, client in _clients(indicator).items():
        if name not in PREVIEWERS:
            continue
        for url in urls["pages"]:
            for headers in ({}, FRAGMENT):
                response, text = _get(client, url, headers)
                assert response.status_code == 200, (name, url)
                assert SCHEDULED[1] in text, (name, url, headers)
                assert banner in text, (name, url, headers)
                assert "no-store" in response["Cache-Control"], (name, url)
                if not headers:  # at the top of the page, before the title
                    assert text.index(BANNER) < text.index("<h1"), (name, url)
        for url in urls["downloads"]:
            response, text = _get(client, url, {})
            assert response.status_code == 403, (name, url)
            assert not any(n in text for n in SCHEDULED), (name, url)
        # The public page offers the preview, and shows none of it.
        response, text = _get(client, f"/indicators/{indicator.slug}/", {})
        assert "Preview the page as it will be published" in text, name
        assert f"?preview={scheduled.pk}" in text, name
        assert BANNER not in text, name
        assert not any(n in text for n in SCHEDULED), name


def test_who_may_not_preview_gets_the_public_page_and_no_hint_of_the_release(embargo) -> None:
    indicator, _, scheduled, _, draft = embargo
    public = _text(Client().get(f"/indicators/{indicator.slug}/"))
    others = _others(indicator)
    for release in (scheduled, draft):
        urls = _preview_urls(indicator, release.pk)
        for name, client in others.items():
            for url in urls["pages"] + urls["downloads"]:
                for headers in ({}, FRAGMENT):
                    response, text = _get(client, url, headers)
                    assert response.status_code == 200, (name, url)
                    hints = (*SCHEDULED, *DRAFT, BANNER, f"preview={release.pk}", "Preview the")
                    assert [h for h in hints if h in text] == [], (name, url, headers)
            assert "Preview the" not in _text(client.get(f"/indicators/{indicator.slug}/"))
    assert PUBLIC in public


def test_drafts_are_never_previewed(embargo) -> None:
    indicator, _, _, _, draft = embargo
    only_draft = factories.indicator(owner=indicator.owner)
    first = published_release(indicator=only_draft, rows=[], status="draft")
    previewer = _clients(indicator)["Approver"]
    _, text = _get(previewer, f"/indicators/{indicator.slug}/?preview={draft.pk}", {})
    assert BANNER not in text
    assert not any(n in text for n in DRAFT)
    for client in (previewer, Client()):
        assert client.get(f"/indicators/{only_draft.slug}/?preview={first.pk}").status_code == 404


def test_a_first_release_is_previewed_before_its_indicator_is_public(embargo) -> None:
    indicator, _, _, tomorrow, _ = embargo
    newcomer = factories.indicator(owner=indicator.owner)
    first = published_release(indicator=newcomer, rows=[], publish_at=tomorrow)
    url = f"/indicators/{newcomer.slug}/?preview={first.pk}"
    assert Client().get(url).status_code == 404
    response = _clients(indicator)["Analyst"].get(url)
    assert response.status_code == 200
    assert BANNER in _text(response)


def test_the_scheduled_release_is_public_once_its_time_passes(embargo) -> None:
    indicator, _, scheduled, tomorrow, _ = embargo
    clients = _clients(indicator)
    urls = _preview_urls(indicator, scheduled.pk)
    with time_machine.travel(tomorrow + dt.timedelta(minutes=1)):
        cache.clear()
        client = Client()
        assert "71.9" in _text(client.get(f"/indicators/{indicator.slug}/"))
        assert "71.93" in _text(client.get(f"/api/v1/observations?indicator={indicator.slug}"))
        assert "71.93" in _text(client.get(f"/indicators/{indicator.slug}/data.csv"))
        # The draft never is.
        assert _leaks(client, _urls(indicator), DRAFT) == []
        # The preview is now the public page, for everyone: the banner and the link are gone.
        for name, each in clients.items():
            for url in [f"/indicators/{indicator.slug}/", *urls["pages"]]:
                for headers in ({}, FRAGMENT):
                    response, text = _get(each, url, headers)
                    assert SCHEDULED[1] in text, (name, url)
                    assert BANNER not in text, (name, url)
                    assert "Preview the" not in text, (name, url)
            response, text = _get(each, urls["downloads"][0], {})
            assert response.status_code == 200, name
            assert SCHEDULED[1] in text, name
