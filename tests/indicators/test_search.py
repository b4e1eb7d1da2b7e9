"""Search by the words people use, over the real indicator catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.models import Characteristic, Group, Indicator, Release
from indicators.selectors import (
    indicator_search,
    search_queries,
    search_query,
    vocabulary_search,
)
from missions.models import ComplexOutcome, Mission
from tests import factories
from tests.dashboard.factories import published_release

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def catalogue() -> None:
    """Every indicator of the demo catalogue, each with a published release."""
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    for indicator in Indicator.objects.all():
        published_release(indicator=indicator, rows=[])


def _slugs(text: str) -> list[str]:
    return [i.slug for i in indicator_search(text=text)]


def test_free_school_meals_finds_the_attainment_gaps(catalogue: None) -> None:
    found = _slugs("free school meals")
    assert {"gcse-attainment-gap-fsm", "attainment-age-19-fsm"} <= set(found)
    assert "pay-gap-sex" not in found


def test_fsm_is_a_synonym_for_free_school_meals(catalogue: None) -> None:
    assert set(_slugs("FSM")) == set(_slugs("free school meals"))
    assert search_queries("FSM attainment") == ["FSM attainment", "free school meals attainment"]


def test_child_poverty_finds_poverty_indicators_broken_down_by_age(catalogue: None) -> None:
    found = _slugs("child poverty")
    assert "relative-income-poverty" in found
    assert "poverty-below-half-median" in found
    assert "pay-gap-sex" not in found


def test_gender_finds_the_gender_pay_gap_first(catalogue: None) -> None:
    assert _slugs("gender pay gap")[0] == "pay-gap-sex"


def test_a_typo_in_a_title_still_finds_it(catalogue: None) -> None:
    assert "homelessness" in _slugs("homelesness")


def test_characteristics_and_groups_are_found_by_name(catalogue: None) -> None:
    matches = vocabulary_search(text="disabled")
    assert [c.slug for c in matches.characteristics] == ["disability"]
    assert any(g.name == "Black Caribbean" for g in vocabulary_search(text="caribbean").groups)


def test_an_unpublished_indicator_is_never_found() -> None:
    indicator = factories.indicator(title="Embargoed hate crime figures")
    published_release(
        indicator=indicator, rows=[], publish_at=timezone.now() + dt.timedelta(days=1)
    )
    assert indicator_search(text="embargoed") == []
    assert [
        i.pk for i in indicator_search(text="embargoed", at=timezone.now() + dt.timedelta(days=2))
    ] == [indicator.pk]
    assert Release.objects.count() == 1


def test_an_empty_or_blank_query_finds_nothing(catalogue: None) -> None:
    assert indicator_search(text="   ") == []


def _plans() -> dict[str, str]:
    query = search_query("poverty")

    def searched(rows: QuerySet[Any], *fields: str) -> str:
        """The plan of a full-text search of ``rows`` on the English document of ``fields``."""
        document = SearchVector(*fields, config="english")
        return rows.annotate(document=document).filter(document=query).explain()

    return {
        "indicator_search": Indicator.objects.filter(search_vector=query).explain(),
        "indicator_title_trgm": Indicator.objects.filter(
            title__trigram_word_similar="homelesness"
        ).explain(),
        "group_search": searched(Group.objects.all(), "name"),
        "characteristic_search": searched(Characteristic.objects.all(), "name", "description"),
        "mission_search": searched(Mission.objects.all(), "title", "summary"),
        "outcome_search": searched(ComplexOutcome.objects.all(), "title", "description"),
    }


def test_searches_are_answered_from_their_indexes(catalogue: None) -> None:
    """With sequential scans priced out, as on a large catalogue, each search reads its GIN
    index: the expressions the selectors query are the ones the indexes were built on."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plans = _plans()
    for plan in plans.values():
        assert "Seq Scan" not in plan, plan
    assert "indicator_search" in plans["indicator_search"]
    assert "indicator_title_trgm" in plans["indicator_title_trgm"]
    assert "mission_search" in plans["mission_search"]
