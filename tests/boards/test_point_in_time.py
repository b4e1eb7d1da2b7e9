"""A quarter's review shows the mission as it stood at the end of the quarter's last day in
London: only releases published by then. A signed-off review keeps what the board saw; later
revisions are noted beside the figures, never applied."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dashboard.boards.data import ReviewData
from dashboard.boards.review import review_build
from dashboard.boards.revisions import revisions_note
from missions import services
from missions.quarters import Quarter
from tests.boards import builders

pytestmark = pytest.mark.django_db

Q1_2025 = Quarter(2025, 1)
Q3_2025 = Quarter(2025, 3)


def _headline(data: ReviewData) -> str:
    [indicator] = data.indicators()
    assert indicator.headline is not None
    return indicator.headline.text


def test_a_release_published_after_the_quarters_end_is_excluded() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    builders.publish(board, at=builders.london(2025, 4, 1, 9, 30), shift=1.0)

    data = review_build(mission_slug=board.mission.slug, quarter=Q1_2025)

    assert data is not None
    assert _headline(data) == "13.0%"  # 20 − 7 in 2022, before the April revision (14.0%)
    assert data.release_ids == [board.releases[0].pk]


def test_the_quarter_ends_at_midnight_london_time_in_winter() -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 3, 31, 23, 59), years=[2015, 2016])
    builders.publish(board, at=builders.london(2025, 4, 1, 0, 0))

    data = review_build(mission_slug=board.mission.slug, quarter=Q1_2025)

    assert data is not None
    assert data.release_ids == [board.releases[0].pk]
    assert _headline(data) == "19.0%"


def test_the_quarter_ends_at_midnight_london_time_in_summer() -> None:
    """30 September ends at 23:00 UTC (BST): a release at 00:00 BST on 1 October is out."""
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 9, 30, 23, 30), years=[2015, 2016])
    builders.publish(board, at=builders.london(2025, 10, 1, 0, 0))
    assert board.releases[1].publish_at < dt.datetime(2025, 10, 1, tzinfo=dt.UTC)

    data = review_build(mission_slug=board.mission.slug, quarter=Q3_2025)

    assert data is not None
    assert data.release_ids == [board.releases[0].pk]


def test_nothing_published_by_the_quarters_end_shows_no_figures() -> None:
    board = builders.published_board(at=builders.london(2025, 5, 1, 9, 30))

    data = review_build(mission_slug=board.mission.slug, quarter=Q1_2025)

    assert data is not None
    assert data.indicators() == []
    assert data.outcomes[0].unpublished == [board.indicator.title]


def _signed_off(board: builders.Board, quarter: Quarter) -> None:
    secretariat, chair = builders.secretariat(), builders.chair()
    review = services.review_prepare(mission=board.mission, quarter=quarter, user=secretariat)
    services.commentary_add(review=review, outcome=board.outcome, text="Steady.", user=secretariat)
    services.rating_set(review=review, rating="on_track", reason="Falling.", user=secretariat)
    data = review_build(mission_slug=board.mission.slug, quarter=quarter)
    assert data is not None
    services.review_signoff(review=review, user=chair, content=data.to_json())


def test_a_revision_after_sign_off_leaves_the_figures_and_notes_the_revision(client) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    _signed_off(board, Q1_2025)
    builders.publish(board, at=builders.london(2025, 5, 3, 9, 30), shift=-0.6)

    response = client.get(reverse("boards:review-detail", args=[board.mission.slug, Q1_2025]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "13.0% for all people in 2022" in page
    assert "Revised on 3 May 2025 to 12.4%" in page
    assert "12.4% for all people" not in page


def test_revisions_are_noted_on_the_frozen_data_without_changing_it() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    data = review_build(mission_slug=board.mission.slug, quarter=Q1_2025)
    assert data is not None
    frozen = ReviewData.from_json(data.to_json())
    builders.publish(board, at=builders.london(2025, 5, 3, 9, 30), shift=-0.6)
    builders.publish(board, at=builders.london(2025, 8, 1, 9, 30), shift=-0.9)

    revised = revisions_note(frozen)

    [indicator] = frozen.indicators()
    assert indicator.headline is not None
    assert indicator.headline.value == 13.0
    assert indicator.headline.revisions == [
        "Revised on 3 May 2025 to 12.4%",
        "Revised on 1 August 2025 to 12.1%",
    ]
    disabled = next(g for g in indicator.gaps if g.group == "Disabled")
    assert disabled.value.text == "23.0%"
    assert disabled.value.revisions[-1] == "Revised on 1 August 2025 to 22.1%"
    assert revised >= 3


def test_a_signed_off_review_reads_its_frozen_content_not_the_data() -> None:
    """Even if a release's time were later moved before the quarter's end, the signed-off
    review would still show what the board saw: the content frozen at sign-off."""
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    _signed_off(board, Q1_2025)
    review = board.mission.reviews.get()

    frozen = ReviewData.from_json(review.content)

    assert _headline(frozen) == "13.0%"
    assert frozen.as_at == "2025-03-31T23:59:59.999999+01:00"


def test_changes_since_the_previous_quarter_list_new_releases_revisions_and_data_gaps() -> None:
    board = builders.published_board(at=builders.london(2024, 11, 1, 9, 30))
    release = builders.publish(board, at=builders.london(2025, 2, 10, 9, 30), shift=0.4)
    builders.target(board, target_value=19.0, target_date=dt.date(2024, 12, 31))

    data = review_build(mission_slug=board.mission.slug, quarter=Q1_2025)

    assert data is not None
    [indicator] = data.indicators()
    assert [r.id for r in indicator.new_releases] == [release.pk]
    assert indicator.changes[0].startswith("Version 2 published on 10 February 2025")
    assert "All people, England, 2022: 13.4% (was 13.0%)" in indicator.revised
    assert data.outcomes[0].picture.endswith("since Q4 2024: 1 new release and 3 revised figures.")
