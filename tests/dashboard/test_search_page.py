"""/search/ and the indicator list's search: the words people use, results grouped by kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.models import Indicator, Release
from missions.fixtures import missions_load
from tests.dashboard.factories import published_release

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


UNPUBLISHED = "attainment-age-19-fsm"


@pytest.fixture
def catalogue() -> None:
    """The demo catalogue and missions, every indicator but one with a published release."""
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    missions_load(directory=FIXTURES / "missions")
    for indicator in Indicator.objects.all():
        status = Release.Status.DRAFT if indicator.slug == UNPUBLISHED else None
        published_release(indicator=indicator, rows=[], **({"status": status} if status else {}))


def _section(html: str, heading_id: str) -> list[str]:
    """The link texts under one heading of the results."""
    if f'id="{heading_id}"' not in html:
        return []
    part = html.split(f'id="{heading_id}"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="govuk-link[^"]*" href="[^"]+">([^<]+)</a>', part)


@pytest.mark.parametrize("words", ["free school meals", "FSM", "child poverty"])
def test_the_words_people_use_find_indicators(client: Client, catalogue: None, words: str) -> None:
    html = client.get("/search/", {"q": words}).content.decode()

    assert _section(html, "indicators-found"), words


def test_results_are_grouped_by_kind(client: Client, catalogue: None) -> None:
    fsm = client.get("/search/", {"q": "FSM"}).content.decode()
    disabled = client.get("/search/", {"q": "disabled"}).content.decode()

    assert "Pupils achieving grade 4 or above in English and maths GCSEs" in _section(
        fsm, "indicators-found"
    )
    assert _section(fsm, "characteristics-found") == ["Free school meal eligibility"]
    assert "Eligible for free school meals" in _section(fsm, "groups-found")
    assert _section(disabled, "outcomes-found")
    assert re.search(r"\d+ results? for “disabled”", disabled)


def test_a_blank_or_unmatched_search_says_what_to_try(client: Client, catalogue: None) -> None:
    blank = client.get("/search/").content.decode()
    nothing = client.get("/search/", {"q": "xylophone quartz"}).content.decode()

    assert 'id="search-count"' not in blank
    assert 'action="/search/"' in blank
    assert "Nothing found" in nothing


def test_search_shows_no_unpublished_indicator(client: Client, catalogue: None) -> None:
    html = client.get("/search/", {"q": "FSM"}).content.decode()

    assert Indicator.objects.get(slug=UNPUBLISHED).title not in html
    assert _section(html, "indicators-found")


def test_the_home_page_search_box_is_a_plain_get_form_to_search(client: Client) -> None:
    html = client.get("/").content.decode()

    form = html.split('role="search"', 1)[1].split("</form>", 1)[0]
    assert 'action="/search/"' in html.split('role="search"', 1)[0].rsplit("<form", 1)[1]
    assert 'name="q"' in form
    assert '<label class="govuk-label govuk-label--s" for="home-search">' in form


def test_the_list_searches_the_same_way_and_keeps_its_other_filters(
    client: Client, catalogue: None
) -> None:
    fsm = client.get("/indicators/", {"q": "FSM"}).content.decode()
    in_health = client.get("/indicators/", {"q": "FSM", "area": "health"}).content.decode()

    assert "Pupils achieving grade 4 or above in English and maths GCSEs" in fsm
    assert "3 indicators" in fsm
    assert "0 indicators" in in_health
