"""Who may write commentary, who may sign off, who sees an unsigned review; the pages work
without JavaScript (plain forms) and need a small, constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from missions import services
from missions.models import Commentary, Review
from missions.quarters import Quarter
from tests.boards import builders

pytestmark = pytest.mark.django_db

QUARTER = Quarter(2025, 1)


@pytest.fixture
def board() -> builders.Board:
    made = builders.board()
    builders.publish(made, at=builders.london(2025, 2, 10, 9, 30))
    builders.target(made)
    return made


def _url(board: builders.Board, name: str = "review-detail", *extra: str) -> str:
    return reverse(f"boards:{name}", args=[board.mission.slug, QUARTER, *extra])


def _prepared(board: builders.Board) -> Review:
    return services.review_prepare(
        mission=board.mission, quarter=QUARTER, user=builders.secretariat()
    )


def test_an_unsigned_review_is_hidden_from_the_public(client, board) -> None:
    _prepared(board)

    assert client.get(_url(board)).status_code == 404
    assert client.get(_url(board, "review-pdf")).status_code == 404
    assert client.get(_url(board, "review-xlsx")).status_code == 404
    assert (
        "2025-q1"
        not in client.get(reverse("boards:review-list", args=["test-mission"])).content.decode()
    )


def test_an_unsigned_review_is_hidden_from_signed_in_users_without_a_board_role(
    client, board
) -> None:
    _prepared(board)
    client.force_login(builders.user())

    assert client.get(_url(board)).status_code == 404


@pytest.mark.parametrize("who", ["secretariat", "chair", "staff"])
def test_board_users_and_staff_see_an_unsigned_review(client, board, who) -> None:
    _prepared(board)
    account = {
        "secretariat": builders.secretariat,
        "chair": builders.chair,
        "staff": lambda: builders.user(is_staff=True),
    }[who]()
    client.force_login(account)

    response = client.get(_url(board))

    assert response.status_code == 200
    assert "Draft: not signed off" in response.content.decode()


def test_the_secretariat_prepares_a_review_of_an_ended_quarter(client, board) -> None:
    client.force_login(builders.secretariat())

    response = client.post(
        reverse("boards:review-prepare", args=["test-mission"]), {"quarter": "2025-q1"}
    )

    assert response.status_code == 302
    assert Review.objects.get().quarter == 1


def test_a_quarter_that_has_not_ended_cannot_be_reviewed(board) -> None:
    with pytest.raises(services.ReviewError, match="once it has ended"):
        services.review_prepare(
            mission=board.mission, quarter=Quarter.last_complete().next, user=builders.secretariat()
        )


def test_the_chair_cannot_prepare_a_review(client, board) -> None:
    client.force_login(builders.chair())

    client.post(reverse("boards:review-prepare", args=["test-mission"]), {"quarter": "2025-q1"})

    assert not Review.objects.exists()


def test_the_secretariat_writes_commentary_and_every_version_is_kept(client, board) -> None:
    _prepared(board)
    secretariat = builders.secretariat()
    client.force_login(secretariat)
    url = _url(board, "commentary-edit", board.outcome.slug)

    assert client.get(url).status_code == 200
    client.post(url, {"text": "First thoughts."})
    client.post(url, {"text": "Second thoughts."})

    versions = list(Commentary.objects.order_by("created_at", "pk").values_list("text", "author"))
    assert versions == [("First thoughts.", secretariat.pk), ("Second thoughts.", secretariat.pk)]
    page = client.get(_url(board)).content.decode()
    assert "Second thoughts." in page
    assert "First thoughts." not in page
    history = client.get(_url(board, "review-history")).content.decode()
    assert "First thoughts." in history
    assert "Second thoughts." in history
    assert "Sam Secretary" in history


def test_empty_commentary_is_refused_with_an_error_linked_to_the_field(client, board) -> None:
    _prepared(board)
    client.force_login(builders.secretariat())

    response = client.post(_url(board, "commentary-edit", board.outcome.slug), {"text": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_text"' in page
    assert "Enter the commentary" in page
    assert not Commentary.objects.exists()


@pytest.mark.parametrize("who", ["chair", "plain"])
def test_only_the_secretariat_writes_commentary(client, board, who) -> None:
    _prepared(board)
    client.force_login(builders.chair() if who == "chair" else builders.user())

    response = client.post(_url(board, "commentary-edit", board.outcome.slug), {"text": "No."})

    assert response.status_code in (403, 404)
    assert not Commentary.objects.exists()


def test_the_secretariat_cannot_sign_off(client, board) -> None:
    review = _prepared(board)
    services.rating_set(review=review, rating="at_risk", reason="Why.", user=builders.secretariat())
    client.force_login(builders.secretariat())

    assert client.post(_url(board, "review-signoff")).status_code == 403
    review.refresh_from_db()
    assert not review.is_signed_off


def test_sign_off_needs_the_overall_rating(client, board) -> None:
    _prepared(board)
    client.force_login(builders.chair())

    response = client.post(_url(board, "review-signoff"))

    assert response.status_code == 400
    assert "overall rating" in response.content.decode()


def test_the_chair_signs_off_and_the_review_becomes_public_and_read_only(client, board) -> None:
    review = _prepared(board)
    secretariat = builders.secretariat()
    services.rating_set(review=review, rating="at_risk", reason="Why.", user=secretariat)
    client.force_login(builders.chair())

    response = client.post(_url(board, "review-signoff"))

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_signed_off
    assert review.content is not None
    client.logout()
    page = client.get(_url(board)).content.decode()
    assert "Signed off</strong> by Chris Chair, board chair" in page
    client.force_login(secretariat)
    assert (
        client.post(
            _url(board, "commentary-edit", board.outcome.slug), {"text": "Late."}
        ).status_code
        == 403
    )
    with pytest.raises(services.ReviewError, match="signed off"):
        services.commentary_add(
            review=review, outcome=board.outcome, text="Late.", user=secretariat
        )


def test_the_history_is_for_board_users_and_staff(client, board) -> None:
    review = _prepared(board)
    services.rating_set(review=review, rating="at_risk", reason="Why.", user=builders.secretariat())
    services.review_signoff(review=review, user=builders.chair(), content={"schema": 1})

    client.force_login(builders.user())
    assert client.get(_url(board, "review-history")).status_code == 404


def test_forms_work_without_javascript(client, board) -> None:
    _prepared(board)
    client.force_login(builders.secretariat())

    page = client.get(_url(board, "rating-edit")).content.decode()

    assert '<form method="post"' in page
    assert 'type="radio"' in page
    assert "hx-post" not in page
    assert "hx-get" not in page


def _review_queries(client, board, django_assert_max_num_queries, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        assert client.get(_url(board)).status_code == 200


def test_a_draft_review_page_needs_a_constant_number_of_queries(
    client, board, django_assert_max_num_queries
) -> None:
    _prepared(board)
    client.force_login(builders.secretariat())
    _review_queries(client, board, django_assert_max_num_queries, 22)
    for year in range(2015, 2020):
        other = builders.factories.indicator(title=f"Another {year}")
        builders.link(other, board.characteristic)
        board.outcome.indicators.add(other)
        builders.published_release(
            indicator=other,
            rows=builders.value_rows(board),
            publish_at=builders.london(2025, 1, 5, 9, 30),
        )
        builders.target(board, indicator=other, statement=f"Other target {year}")
    _review_queries(client, board, django_assert_max_num_queries, 22)


def test_a_signed_off_review_page_reads_its_frozen_content(
    client, board, django_assert_max_num_queries
) -> None:
    review = _prepared(board)
    services.rating_set(review=review, rating="at_risk", reason="Why.", user=builders.secretariat())
    client.force_login(builders.chair())
    client.post(_url(board, "review-signoff"))
    client.logout()

    with django_assert_max_num_queries(8):
        assert client.get(_url(board)).status_code == 200
