"""Text that boards type (commentary, ratings, target statements) and data text (titles, group
names) stay inert on the review page, in its server-drawn SVG charts and in the PDF's HTML."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboard.boards import svg
from missions import services
from missions.quarters import Quarter
from tests.boards import builders

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_commentary_and_targets_are_escaped_on_the_review_page(client) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    builders.target(board, statement=f"Target {HOSTILE}", note=HOSTILE)
    secretariat = builders.secretariat()
    review = services.review_prepare(
        mission=board.mission, quarter=Quarter(2025, 1), user=secretariat
    )
    services.commentary_add(review=review, outcome=board.outcome, text=HOSTILE, user=secretariat)
    services.rating_set(review=review, rating="at_risk", reason=HOSTILE, user=secretariat)
    client.force_login(secretariat)

    page = client.get(reverse("boards:review-detail", args=["test-mission", "2025-q1"]))

    text = page.content.decode()
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert" in text


def test_svg_charts_escape_names_and_titles() -> None:
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "&lt;b&gt;" + HOSTILE,
                "x": ["a", "b"],
                "y": [1, 2],
            }
        ],
        "layout": {"yaxis": {"title": {"text": HOSTILE}}},
    }

    drawn = svg.figure_svg(figure, id="c", title=HOSTILE, description=HOSTILE)

    assert "<script>" not in drawn
    assert "<img" not in drawn
    assert "&lt;script&gt;" in drawn
