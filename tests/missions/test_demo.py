"""The demo: releases at their sources' real publication dates (or a documented rule), the
illustrative targets, and a signed-off review of the opportunity mission for the last
complete quarter, computed when it loads."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from dashboard.boards.data import ReviewData
from indicators.models import Release
from missions.models import Commentary, Review, Target
from missions.quarters import LONDON

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LOADED = dt.datetime(2027, 2, 10, 12, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    with time_machine.travel(LOADED, tick=False):
        call_command("load_demo", stdout=io.StringIO())


def test_every_real_release_records_its_publication_date_and_where_it_came_from() -> None:
    for entry in json.loads((FIXTURES / "releases" / "real.json").read_text()):
        assert dt.datetime.strptime(entry["published"], "%Y-%m-%d %H:%M"), entry["indicator"]
        assert entry["published_source"], entry["indicator"]
        assert entry["published_note"], entry["indicator"]
        if not entry["published_source"].startswith("NOT ESTABLISHED"):
            source = entry["published_source"].split(":")[0]
            assert (FIXTURES.parent / source).exists(), source


def test_demo_releases_are_published_at_their_recorded_times(demo) -> None:
    food = Release.objects.get(indicator__slug="material-deprivation")
    assert food.publish_at == dt.datetime(2023, 3, 23, 9, 30, tzinfo=LONDON)
    revision = Release.objects.get(indicator__slug="below-real-living-wage", version=2)
    assert revision.publish_at == dt.datetime(2026, 11, 15, 9, 30, tzinfo=LONDON)
    assert revision.supersedes is not None
    late = Release.objects.get(indicator__slug="gcse-attainment-gap-fsm", version=2)
    assert late.publish_at == dt.datetime(2027, 1, 1, 9, 30, tzinfo=LONDON)
    synthetic = Release.objects.get(indicator__slug="homelessness")
    assert synthetic.publish_at == dt.datetime(2026, 8, 15, 9, 30, tzinfo=LONDON)


def test_the_demo_ships_a_signed_off_review_of_the_last_complete_quarter(demo) -> None:
    review = Review.objects.get()
    assert (review.mission.slug, review.year, review.quarter) == ("opportunity", 2026, 4)
    assert review.is_signed_off
    outcomes = set(review.mission.outcomes.values_list("pk", flat=True))
    commented = set(
        Commentary.objects.filter(review=review, outcome__isnull=False).values_list(
            "outcome_id", flat=True
        )
    )
    assert commented == outcomes
    data = ReviewData.from_json(review.content)
    assert data.has_illustrative
    gcse = next(i for i in data.indicators() if i.slug == "gcse-attainment-gap-fsm")
    assert gcse.headline is not None
    assert gcse.headline.text == "64.5%"  # the January 2027 revision came after the quarter


def test_the_demo_review_page_notes_the_revision_published_after_it(demo) -> None:
    with time_machine.travel(LOADED, tick=False):
        page = Client().get("/missions/opportunity/reviews/2026-q4/").content.decode()
    assert "64.5% for all people in 2022/23" in page
    assert "Revised on 1 January 2027 to 64.7%" in page
    assert "Illustrative target — not government policy" in page
    assert "Demo commentary (illustrative)" in page


def test_every_demo_target_is_illustrative_and_on_the_opportunity_mission(demo) -> None:
    targets = Target.objects.select_related("outcome__mission")
    assert targets.count() == 11
    assert all(t.is_illustrative for t in targets)
    assert {t.outcome.mission.slug for t in targets if t.outcome} == {"opportunity"}
