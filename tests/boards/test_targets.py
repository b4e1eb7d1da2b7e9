"""Targets: the baseline is read from the data, the status is computed by ``stats.progress``
and shown with its rule, the trajectory is drawn, and a headline on track while a group falls
behind says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dashboard import charts
from dashboard.boards import analysis
from dashboard.boards.charts import trajectory_trace, with_trajectories
from dashboard.boards.targets import indicator_targets
from dashboard.formatting import Units
from tests.boards import builders

pytestmark = pytest.mark.django_db


def _one(board: builders.Board) -> analysis.TargetRow:
    [row] = indicator_targets(indicator=board.indicator)
    return row


def test_the_baseline_is_read_from_the_published_data() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, baseline_period=board.periods[2])  # 2017: 20 − 2

    row = _one(board)

    assert row.baseline is not None
    assert (row.baseline.value, row.baseline.text, row.baseline_period) == (18.0, "18.0%", "2017")


def test_on_track_when_the_latest_figure_has_made_the_expected_change() -> None:
    """2015 20% → 10% by the end of 2030: years are taken at each period's end, so the line
    expects 20 − 10 × 7/15 = 15.3 by the end of 2022; the latest, 13.0 (upper limit 13.5), is
    well past it."""
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board)

    row = _one(board)

    assert row.status == "on_track"
    assert row.status_text == "On track"
    assert row.expected_text == "15.3%"
    assert "expects 15.3% by 2022" in row.status_reason
    assert row.rule == analysis.PROGRESS_RULE


def test_some_progress_when_the_figure_moved_too_little() -> None:
    """Target 2% by 2030: the line expects 20 − 18 × 7/15 = 11.6 by 2022; the latest, 13.0,
    judged at its lower limit 12.5 (the end nearer the target), has made 7.5 of the 8.4
    points expected (89%): some progress, not on track."""
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, target_value=2.0)

    assert _one(board).status == "some_progress"


def test_off_track_when_the_figure_moves_the_wrong_way() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, target_value=25.0, statement="Rises to 25% by 2030.")

    assert _one(board).status == "off_track"


def test_met_or_missed_once_the_target_date_has_passed() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, target_value=14.0, target_date=dt.date(2020, 12, 31), statement="A")
    builders.target(board, target_value=12.0, target_date=dt.date(2020, 12, 31), statement="B")

    rows = {r.statement: r.status for r in indicator_targets(indicator=board.indicator)}

    assert rows == {"A": "met", "B": "missed"}


def test_not_enough_data_without_a_baseline_figure() -> None:
    board = builders.board()
    builders.publish(board, at=builders.london(2025, 2, 1, 9, 30), years=[2019, 2020, 2021, 2022])
    builders.target(board)  # baseline 2015, not in the release

    row = _one(board)

    assert row.status == "not_enough_data"
    assert "No published figure for the baseline period, 2015" in row.status_reason


def test_a_gap_target_is_judged_on_the_gap_between_the_two_groups() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(
        board,
        group=board.disabled,
        comparison_group=board.not_disabled,
        target_value=6.0,
        statement="The disability gap narrows to 6 points by 2030.",
    )

    row = _one(board)

    assert row.kind == "gap"
    assert row.baseline is not None
    assert row.baseline.text == "+12.0 percentage points"
    assert row.status == "off_track"  # the gap has stayed at 12 points


def test_a_headline_on_track_while_a_group_target_is_off_track_says_so() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    headline = builders.headline_with_a_group_behind(board)

    rows = {r.statement: r for r in indicator_targets(indicator=board.indicator)}

    assert rows["Disabled people: 10% by 2023."].status == "off_track"
    assert rows[headline.statement].warnings == ["On track for everyone; off track for disabled."]


def test_a_headline_on_track_while_a_gap_is_worse_and_widening_says_so() -> None:
    """Disabled people's figure falls by 0.2 a year while everyone else's falls by 1, with
    tight limits: their gap grows by 0.8 points a year, worse and widening."""
    board = builders.board()
    rows = builders.value_rows(board)
    for entry in rows:
        if entry["group_a"] == board.disabled:
            index = builders.YEARS.index(int(entry["period"].label))
            entry["value"] = 30.0 - index * 0.2
            entry["lower"], entry["upper"] = entry["value"] - 0.1, entry["value"] + 0.1

    builders.published_release(indicator=board.indicator, rows=rows)
    headline = builders.target(board)

    [row] = indicator_targets(indicator=board.indicator)

    assert row.id == headline.pk
    assert row.status == "on_track"
    assert row.warnings == ["On track for everyone; the gap for disabled is worse and widening."]


def test_the_trajectory_runs_from_the_baseline_to_the_target() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board)

    row = _one(board)
    trace = trajectory_trace(row, units=Units(unit="%", decimal_places=1))

    assert trace["x"][0] == "2015"
    assert trace["y"][0] == 20.0
    assert trace["x"][-1] == "2030 (target)"
    assert trace["y"][-1] == 10.0
    assert trace["x"][7] == "2022"
    assert trace["y"][7] == pytest.approx(20 - 10 * (2023 - 2016) / (2031 - 2016), abs=0.01)
    assert trace["line"]["dash"] == "dash"


def test_with_trajectories_extends_the_category_axis_of_any_figure() -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board)
    figure = {"data": [{"type": "scatter", "x": ["2021", "2022"], "y": [14, 13]}], "layout": {}}

    drawn = with_trajectories(
        figure, indicator_targets(indicator=board.indicator), units=Units("%", 1)
    )

    assert len(drawn["data"]) == 2
    assert drawn["layout"]["xaxis"]["categoryarray"][:2] == ["2021", "2022"]
    assert drawn["layout"]["xaxis"]["categoryarray"][-1] == "2030 (target)"
    assert figure["layout"] == {}  # the figure given is left as it was
    assert charts.escape("2030 (target)") in drawn["layout"]["xaxis"]["categoryarray"]


def test_the_outcome_page_shows_every_target_with_its_status_rule_and_label(client) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.target(board, is_illustrative=True)

    response = client.get(
        reverse("boards:outcome-detail", args=[board.mission.slug, board.outcome.slug])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert [text for text in builders.ILLUSTRATIVE_TARGET_ON_TRACK if text not in page] == []
    assert "How a target&#x27;s status is decided" in page or "How a target's status" in page
    assert "expects 15.3% by 2022" in page


def test_the_outcome_page_needs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 1, 9, 30))
    builders.targets(board, 3)
    url = reverse("boards:outcome-detail", args=[board.mission.slug, board.outcome.slug])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
