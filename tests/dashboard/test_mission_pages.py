"""/ (home) and /missions/<slug>/: cards, verdicts, the worse-and-worsening list, budget."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from indicators.models import Indicator, Release
from missions.models import Mission
from tests import factories
from tests.dashboard.factories import data_set, mission_with_outcome, published_release, two_groups

pytestmark = pytest.mark.django_db


def _mission(*indicators: Indicator) -> Mission:
    mission = mission_with_outcome(
        *indicators, lead_department=factories.department(name="Department for Education")
    )
    outcome = mission.outcomes.get()
    outcome.contributing_departments.add(factories.department(name="Department of Health"))
    return mission


def _widening(
    *, publish_at: dt.datetime | None = None, polarity: str = Indicator.Polarity.LOWER_IS_BETTER
) -> Indicator:
    """Lower is better; all people improve 20 → 16 while group 2's gap widens 2 → 6 points."""
    indicator, reference, group = two_groups(
        title="Persistent absence", polarity=polarity, groups=("White", "Black")
    )
    england = factories.geography()
    rows = []
    for i in range(5):
        period = factories.period(2015 + i)
        common = {"period": period, "geography": england}
        rows += [
            {**common, "value": 20.0 - i, "lower": 19.5 - i, "upper": 20.5 - i},
            {**common, "group_a": reference, "value": 10.0, "lower": 9.5, "upper": 10.5},
            {**common, "group_a": group, "value": 12.0 + i, "lower": 11.5 + i, "upper": 12.5 + i},
        ]
    published_release(indicator=indicator, rows=rows, publish_at=publish_at)
    return indicator


def test_mission_card_flags_improving_headline_with_widening_gap(client: Client) -> None:
    mission = _mission(_widening())

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert "Every child ready to learn" in html
    assert "Led by Department for Education, with Department of Health." in html
    assert "16.0% for all people in 2019" in html
    assert "Improving" in html
    # Gap 6.0 ± 1.96 × √2 × 0.5/1.96 = ± 0.7.
    assert "Black: 6.0 percentage points higher than White in 2019 (95% CI 5.3 to 6.7)." in html
    assert (
        "Not improving for everyone: the headline is improving but the gap has widened for Black."
    ) in html
    assert 'data-chart="chart-gap-' in html


def test_a_group_pulling_further_ahead_is_not_a_widening_gap(client: Client) -> None:
    # The same numbers where higher is better: Black is 6.0 points ahead, and going further.
    indicator = _widening(polarity=Indicator.Polarity.HIGHER_IS_BETTER)
    mission = _mission(indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert "Worsening" in html
    assert "Black: 6.0 percentage points higher than White in 2019" in html
    assert "No group’s gap has significantly widened." in html
    assert "The gap has widened for Black." not in html


def test_mission_gap_chart_escapes_the_unit(client: Client) -> None:
    indicator = _widening()
    Indicator.objects.filter(pk=indicator.pk).update(
        unit="<b>days</b>", measure_type=Indicator.MeasureType.MEAN
    )
    mission = _mission(indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    data = re.search(
        r'<script id="chart-gap-[^"]+-data" type="application/json">(.*?)</script>', html
    )
    assert data
    title = json.loads(data.group(1))["layout"]["yaxis"]["title"]["text"]
    assert title == "Gap (&lt;b&gt;days&lt;/b&gt;)"
    assert "<b>days" not in html


def test_mission_card_without_widening_gap(client: Client) -> None:
    data = data_set(groups=2, periods=2)
    mission = _mission(data.indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert "No group’s gap has significantly widened." in html
    assert "No significant gap between groups in 2001." in html
    assert "Not improving for everyone" not in html


def test_mission_hides_unpublished_indicators(client: Client) -> None:
    embargoed = _widening(publish_at=timezone.now() + dt.timedelta(hours=2))
    mission = _mission(embargoed)

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert "Persistent absence" not in html
    assert "No published indicators for this outcome yet." in html


def test_unknown_mission_is_404(client: Client) -> None:
    assert client.get("/missions/nothing/").status_code == 404


def test_home_lists_missions_worse_and_worsening_and_latest_releases(client: Client) -> None:
    widening = _widening()
    _mission(widening, data_set(groups=2, periods=2).indicator)
    embargoed = factories.indicator(title="Embargoed indicator")
    published_release(
        indicator=embargoed, rows=[], publish_at=timezone.now() + dt.timedelta(days=1)
    )

    html = client.get("/").content.decode()

    assert "Break down barriers to opportunity" in html
    assert "Every child ready to learn" in html
    worse = html.split('id="worse-and-worsening"', 1)[1].split("</ul>", 1)[0]
    assert ">Persistent absence</a></h3>" in worse
    assert (
        "<li>Black: 6.0 percentage points higher than White in 2019 "
        "(5.0 percentage points higher in 2018)</li>"
    ) in worse
    assert worse.count("<li>") == 1
    assert "Embargoed indicator" not in html


def test_mission_query_budget(client: Client, django_assert_max_num_queries) -> None:
    indicators = [
        data_set(groups=20, periods=20, geographies=5, releases=3).indicator for _ in range(2)
    ]
    mission = _mission(*indicators)

    with django_assert_max_num_queries(8):
        html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert html.count('class="govuk-summary-card"') == 2
    assert Release.objects.filter(status=Release.Status.PUBLISHED).count() == 2


def test_gaps_without_intervals_are_reported_untested_everywhere(client: Client) -> None:
    """No limits and no counts (as most Open SDG files): the gap is shown, nothing is tested."""
    indicator, reference, older = two_groups(
        title="Relative poverty", groups=("25 to 49", "75 and over")
    )
    england = factories.geography()
    rows = []
    for i, year in enumerate(range(2014, 2019)):
        period = factories.period(year)
        rows += [
            {"period": period, "geography": england, "value": 20.0 - i},
            {"group_a": reference, "period": period, "geography": england, "value": 15.0},
            {"group_a": older, "period": period, "geography": england, "value": 20.0 + i},
        ]
    published_release(indicator=indicator, rows=rows)
    _mission(indicator)

    mission = client.get("/missions/opportunity/").content.decode()
    home = client.get("/").content.decode()

    assert "Not assessed: the source publishes no confidence intervals" in mission
    assert (
        "75 and over: 9.0 percentage points higher than 25 to 49 in 2018 (not tested for "
        "significance: no confidence intervals)."
    ) in mission
    assert "Not assessed: without confidence intervals no gap can be tested." in mission
    assert "Not improving for everyone" not in mission
    assert "No group’s gap is both significantly worse and widening." in home
    assert "1 indicator could not be assessed" in home
