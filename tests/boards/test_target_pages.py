"""Targets where the public looks: the indicator page (its charts and a list of targets with
their status and rule) and the mission page's cards, with the same status the boards give,
from the release the page shows; and a headline on track while a group falls behind saying
so, in one English sentence, on both."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from dashboard.boards.targets import indicator_targets
from tests.boards import builders

pytestmark = pytest.mark.django_db

BEHIND = "On track for everyone; off track for disabled."


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _figure(html: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    assert found, f"no figure for {chart_id}"
    return json.loads(found.group(1))


def test_the_indicator_page_lists_every_target_with_its_status_rule_and_label(
    client: Client,
) -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))
    builders.headline_with_a_group_behind(board, is_illustrative=True)

    html = client.get(reverse("dashboard:indicator-detail", args=[board.indicator.slug]))
    page = _text(html.content.decode())

    section = page[page.index("Targets Each target") :]
    assert "Fewer people fall below the line: 10% by 2030. On track" in section
    assert "Illustrative target — not government policy" in section
    assert "Disabled people: 10% by 2023. Off track" in section
    assert "expects 15.3% by 2022" in section
    assert "How a target's status is decided" in section
    assert BEHIND in section
    # On the first screen too, before the charts: each status beside its target's words.
    glance = page[page.index(board.indicator.title) : page.index("Targets Each target")]
    glance = glance[: glance.index("Choose what to show")]
    assert "On track Fewer people fall below the line: 10% by 2030." in glance
    assert "Off track Disabled people: 10% by 2023." in glance
    assert BEHIND in glance


def test_the_indicator_page_judges_targets_on_the_release_it_shows(client: Client) -> None:
    """A release published later (an embargo) changes neither the page nor its targets."""
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, target_value=2.0)  # some progress on the published figures
    builders.publish(board, at=builders.london(2099, 1, 1, 9, 30), shift=-8.0)

    [row] = indicator_targets(indicator=board.indicator, release=board.releases[0])
    page = _text(client.get(f"/indicators/{board.indicator.slug}/").content.decode())

    assert row.status == "some_progress"
    assert "Fewer people fall below the line: 10% by 2030. Some progress" in page
    assert "the latest figure, 13.0% in 2022" in page


def test_the_trend_chart_draws_the_value_targets_and_the_gap_chart_the_gap_targets(
    client: Client,
) -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))
    disabled = {"group": board.disabled, "statement": "Disabled"}
    builders.target(board, target_value=20.0, **disabled)
    builders.target(board, target_value=6.0, comparison_group=board.not_disabled, **disabled)

    html = client.get(f"/indicators/{board.indicator.slug}/").content.decode()
    trend, gap = _figure(html, "chart-trend"), _figure(html, "chart-gap")

    [value_line] = [t for t in trend["data"] if t["name"].startswith("Target")]
    [gap_line] = [t for t in gap["data"] if t["name"].startswith("Target")]
    assert (value_line["x"][0], value_line["y"][0]) == ("2015", 30.0)
    assert (value_line["x"][-1], value_line["y"][-1]) == ("2030 (target)", 20.0)
    assert (gap_line["x"][0], gap_line["y"][0]) == ("2015", 12.0)
    assert (gap_line["x"][-1], gap_line["y"][-1]) == ("2030 (target)", 6.0)
    assert trend["layout"]["xaxis"]["categoryarray"][-1] == "2030 (target)"


def test_a_target_line_starts_inside_a_chart_that_starts_after_its_baseline(
    client: Client,
) -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, group=board.disabled, target_value=20.0)

    html = client.get(f"/indicators/{board.indicator.slug}/", {"start": "2019"})
    trend = _figure(html.content.decode(), "chart-trend")

    [line] = [t for t in trend["data"] if t["name"].startswith("Target")]
    assert line["x"][0] == "2019"
    # 30% in 2015 to 20% by 2030: at the end of 2019, 30 − 10 × 5 ⁄ 16 (years to each end).
    assert line["y"][0] == pytest.approx(30 - 10 * (2020 - 2016) / (2031 - 2016), abs=0.01)
    assert trend["layout"]["xaxis"]["categoryarray"][0] == "2019"


def test_the_mission_card_shows_its_targets_and_a_group_falling_behind(client: Client) -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))
    builders.headline_with_a_group_behind(board, is_illustrative=True)

    html = client.get(f"/missions/{board.mission.slug}/").content.decode()
    card = _text(html.split('class="govuk-summary-card"')[1])

    assert "Targets Fewer people fall below the line: 10% by 2030. On track" in card
    assert "Illustrative target — not government policy" in card
    assert "Disabled people: 10% by 2023. Off track" in card
    assert BEHIND in card
    assert "How a target's status is decided" in card


def test_the_mission_page_links_its_outcomes_and_quarterly_reviews(client: Client) -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))

    html = client.get(f"/missions/{board.mission.slug}/").content.decode()

    outcome = reverse("boards:outcome-detail", args=[board.mission.slug, board.outcome.slug])
    reviews = reverse("boards:review-list", args=[board.mission.slug])
    assert f'href="{outcome}">{board.outcome.title}</a>' in html
    assert f'href="{reviews}">Quarterly reviews</a>' in html


def test_the_mission_page_reads_targets_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries
) -> None:
    """The mission, its frames (two), the page cache's checks (two), then the targets: the
    list, the releases, their figures and reference groups; however many targets."""
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30))
    statements = [builders.target(board, statement=f"Target {n}").statement for n in range(4)]
    url = reverse("dashboard:mission-detail", args=[board.mission.slug])

    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()

    assert [s in html for s in statements] == [True] * 4
