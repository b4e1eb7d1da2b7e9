"""The release calendar and the Atom feed: scheduled releases are announced by date and title
only (to the public, only for indicators already public), overdue ones are listed by the
indicator's frequency, and what is new since each board's last signed-off review."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, Release
from missions import services
from missions.quarters import Quarter
from tests import factories
from tests.boards import builders
from tests.dashboard.factories import published_release

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _scheduled(indicator: Indicator, *, days: int, note: str = "Secret figures") -> Release:
    return published_release(
        indicator=indicator,
        rows=[],
        publish_at=timezone.now() + dt.timedelta(days=days),
        note=note,
    )


def test_a_scheduled_release_is_announced_by_date_and_title_only(client) -> None:
    board = builders.published_board(at=timezone.now() - dt.timedelta(days=30))
    release = _scheduled(board.indicator, days=10, note="Embargoed: 99.9% of people")

    page = client.get(reverse("boards:release-calendar")).content.decode()

    when = timezone.localtime(release.publish_at)
    assert f"{when.day} {when:%B %Y}, {when:%H:%M}" in page
    assert board.indicator.title in page
    assert "Embargoed" not in page
    assert "99.9" not in page


def test_a_scheduled_release_of_an_indicator_not_yet_public_is_hidden_from_the_public(
    client,
) -> None:
    hidden = factories.indicator(title="A brand new measure")
    _scheduled(hidden, days=5)

    assert (
        "A brand new measure" not in client.get(reverse("boards:release-calendar")).content.decode()
    )
    client.force_login(builders.user(is_staff=True))
    staff_page = client.get(reverse("boards:release-calendar")).content.decode()
    assert "A brand new measure" in staff_page
    assert "Not yet public" in staff_page


def test_an_indicator_whose_frequency_says_a_release_is_due_is_overdue(client) -> None:
    board = builders.published_board(at=timezone.now() - dt.timedelta(days=365 + 40))
    fresh = factories.indicator(title="Published last month")
    published_release(indicator=fresh, rows=[], publish_at=timezone.now() - dt.timedelta(days=30))

    page = client.get(reverse("boards:release-calendar")).content.decode()
    overdue = page.split("Overdue</h2>")[1].split("New since the last board")[0]

    assert board.indicator.title in overdue
    assert "Published last month" not in overdue


def test_new_since_the_last_board_lists_releases_after_its_quarter(client) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    secretariat = builders.secretariat()
    review = services.review_prepare(
        mission=board.mission, quarter=Quarter(2025, 1), user=secretariat
    )
    services.rating_set(review=review, rating="on_track", reason="Fine.", user=secretariat)
    services.review_signoff(review=review, user=builders.chair(), content={"schema": 1})
    builders.publish(board, at=builders.london(2025, 6, 2, 9, 30), shift=1.0)

    page = client.get(reverse("boards:release-calendar")).content.decode()
    news = page.split("New since the last board")[1]

    assert "Q1 2025 (January to March)" in news
    assert "version 2 (a correction), 2 June 2025" in news


def test_the_calendar_needs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    builders.published_board(at=timezone.now() - dt.timedelta(days=400))
    for n in range(4):
        other = factories.indicator(title=f"Other {n}")
        published_release(
            indicator=other, rows=[], publish_at=timezone.now() - dt.timedelta(days=400)
        )
        _scheduled(other, days=n + 1)
    with django_assert_max_num_queries(9):
        client.get(reverse("boards:release-calendar"))


def test_the_atom_feed_lists_published_releases_never_embargoed_ones(client) -> None:
    board = builders.published_board(at=timezone.now() - dt.timedelta(days=3))
    _scheduled(board.indicator, days=3)

    response = client.get(reverse("boards:release-feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "People below a line: version 1 (release)"
    ]


def test_the_atom_feed_can_follow_one_mission(client) -> None:
    builders.published_board(at=timezone.now() - dt.timedelta(days=3))
    other = factories.indicator(title="Elsewhere")
    published_release(indicator=other, rows=[], publish_at=timezone.now() - dt.timedelta(days=2))

    mine = ET.fromstring(
        client.get(reverse("boards:release-feed") + "?mission=test-mission").content
    )
    everything = ET.fromstring(client.get(reverse("boards:release-feed")).content)

    assert len(mine.findall(f"{ATOM}entry")) == 1
    assert len(everything.findall(f"{ATOM}entry")) == 2
