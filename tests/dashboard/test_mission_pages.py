"""/ (home) and /missions/<slug>/: cards, verdicts, the worse-and-widening list, budgets.

Every verdict here is tested (issue 10): the numbers are worked by hand in each test. A gap
series with limits ± 0.5 on both values has gap limits ± 1.96 × √2 × 0.5/1.96 = ± 0.71 and a
standard error of 0.36; a slope of 1 a period over five periods then has a standard error of
0.36/√10 = 0.114 and χ² = 76.8, far above the 99.8% point, 9.55.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

import pytest
from django.test import Client
from django.utils import timezone

from indicators.models import Group, Indicator, Release
from missions.models import Mission
from tests import factories
from tests.dashboard.factories import (
    data_set,
    link,
    mission_with_outcome,
    published_release,
    two_groups,
)

pytestmark = pytest.mark.django_db

YEARS = range(2015, 2020)


def _mission(*indicators: Indicator) -> Mission:
    mission = mission_with_outcome(
        *indicators, lead_department=factories.department(name="Department for Education")
    )
    outcome = mission.outcomes.get()
    outcome.contributing_departments.add(factories.department(name="Department of Health"))
    return mission


def _series(
    *,
    title: str = "Persistent absence",
    polarity: str = Indicator.Polarity.LOWER_IS_BETTER,
    groups: tuple[str, str] = ("White", "Black"),
    headline: Sequence[float | None],
    reference: Sequence[float],
    group: Sequence[float],
    limits: float | None = 0.5,
    group_limits: bool = True,
    publish_at: dt.datetime | None = None,
) -> Indicator:
    """An indicator broken down by a new characteristic of two ``groups`` (its primary one),
    with all people, the reference (first) group and the other group over 2015-2019, each
    value ± ``limits`` (no limits with None; none for the groups without ``group_limits``)."""
    indicator, first, second = two_groups(title=title, polarity=polarity, groups=groups)
    Indicator.objects.filter(pk=indicator.pk).update(primary_characteristic=first.characteristic)
    england = factories.geography()
    rows = []

    def row(value: float, **keys: object) -> dict[str, object]:
        bounds = limits is not None and (group_limits or "group_a" not in keys)
        spread = limits or 0.0
        extra = {"lower": value - spread, "upper": value + spread} if bounds else {}
        return {"period": keys.pop("period"), "geography": england, "value": value, **keys, **extra}

    for i, year in enumerate(range(2020 - len(reference), 2020)):
        period = factories.period(year)
        if headline[i] is not None:
            rows.append(row(float(headline[i]), period=period))  # type: ignore[arg-type]
        rows.append(row(reference[i], period=period, group_a=first))
        rows.append(row(group[i], period=period, group_a=second))
    published_release(indicator=indicator, rows=rows, publish_at=publish_at)
    return indicator


def _publish_steady(indicator: Indicator, values: dict[Group, float]) -> None:
    """A release of ``indicator``: each group's value (± 0.5) the same every year, in England."""
    rows = [
        {"group_a": g, "period": factories.period(year), "geography": factories.geography(),
         "value": v, "lower": v - 0.5, "upper": v + 0.5}
        for year in YEARS
        for g, v in values.items()
    ]  # fmt: skip
    published_release(indicator=indicator, rows=rows)


def _falling_behind(**kw: object) -> Indicator:
    """All people improve 20 → 16 (lower is better); White improves 10 → 6 while Black stays
    at 12: Black's gap widens 2 → 6 points and its own figures show no significant change."""
    return _series(headline=[20, 19, 18, 17, 16], reference=[10, 9, 8, 7, 6],
                   group=[12] * 5, **kw)  # type: ignore[arg-type]  # fmt: skip


def _card(html: str, title: str) -> str:
    """The HTML of the mission card for ``title``."""
    start = html.index(f">{title}</a>")
    end = html.find('<div class="govuk-summary-card">', start)
    return html[start : end if end > 0 else None]


def _mission_card(client: Client, indicator: Indicator, title: str) -> str:
    """The card of ``title`` on the page of a new mission of ``indicator``."""
    mission = _mission(indicator)
    return _card(client.get(f"/missions/{mission.slug}/").content.decode(), title)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _worse_list(html: str) -> str:
    return html.split('id="worse-and-worsening"', 1)[1].split("</div>", 1)[0]


# --- "Improving for everyone?" on the mission cards -------------------------------------------


def test_a_group_falling_behind_without_improving_is_a_no(client: Client) -> None:
    mission = _mission(_falling_behind())

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    card = _card(html, "Persistent absence")
    assert "Every child ready to learn" in html
    assert "Led by Department for Education, with Department of Health." in html
    assert "16.0% for all people in 2019" in card
    assert ">Improving</strong>" in card
    # Gap 6.0 ± 0.7 (see the module docstring).
    assert "Black: 6.0 percentage points higher than White in 2019 (95% CI 5.3 to 6.7)." in card
    verdict = (
        "No: the gap is worse and widening for Black, whose own figures show no significant "
        "improvement."
    )
    assert f'<span class="govuk-visually-hidden">Warning</span> {verdict}' in card
    assert ">Widening</strong>" in card
    assert "From 2.0 to 6.0 percentage points higher between 2015 and 2019." in card
    assert 'data-chart="chart-gap-' in card
    # The verdict and the chart come first, before the headline figures.
    assert card.index(verdict) < card.index('data-chart="chart-gap-') < card.index("Latest")


def test_everyone_improving_with_a_widening_gap_is_yes_but_widening(client: Client) -> None:
    # Black improves 12 → 10 (χ² = 38.5: significant), White faster, 10 → 6: the gap widens
    # 2 → 4 (slope 0.5 a period, χ² = 19.2 > 9.55) and is worse (4.0 ± 0.7, above 0).
    indicator = _series(headline=[20, 19, 18, 17, 16], reference=[10, 9, 8, 7, 6],
                        group=[12, 11.5, 11, 10.5, 10])  # fmt: skip
    card = _mission_card(client, indicator, "Persistent absence")

    assert "Everyone is improving, but the gap is widening for Black." in card
    assert "govuk-warning-text__text" not in card


def test_a_group_worsening_on_its_own_figures_is_a_no(client: Client) -> None:
    # Black's own figures rise 12 → 16 where lower is better: worsening.
    indicator = _series(
        headline=[20, 19, 18, 17, 16], reference=[10] * 5, group=[12, 13, 14, 15, 16]
    )
    card = _mission_card(client, indicator, "Persistent absence")

    assert "No: the figures for Black are worsening." in card


def test_a_group_pulling_further_ahead_is_not_falling_behind(client: Client) -> None:
    # Higher is better: Black is 2 → 6 points ahead of White, and everyone's headline falls.
    indicator = _series(
        polarity=Indicator.Polarity.HIGHER_IS_BETTER,
        headline=[20, 19, 18, 17, 16],
        reference=[10] * 5,
        group=[12, 13, 14, 15, 16],
    )
    mission = _mission(indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()
    home = client.get("/").content.decode()

    card = _card(html, "Persistent absence")
    assert ">Worsening</strong>" in card
    assert "Black: 6.0 percentage points higher than White in 2019" in card
    assert "No: the headline is worsening." in card
    assert "worse and widening for Black" not in card
    assert "Persistent absence" not in _worse_list(home)


def test_yes_when_the_headline_improves_and_no_gap_is_worse_and_widening(client: Client) -> None:
    indicator = _series(
        headline=[20, 19, 18, 17, 16], reference=[10, 9, 8, 7, 6], group=[12, 11, 10, 9, 8]
    )
    card = _mission_card(client, indicator, "Persistent absence")

    assert "Yes: the headline is improving and no group’s gap is worse and widening." in card
    assert ">No significant change</strong>" in card  # the gap stays at 2


def test_nothing_tested_is_cannot_tell_never_no(client: Client) -> None:
    """No limits and no counts (as most Open SDG files): the headline falls and the gap widens
    by the numbers, but neither can be tested, so the answer is "cannot tell", the card says
    how the figures moved, marked as untested, and nothing reads as a verdict."""
    indicator = _series(title="Relative poverty", groups=("25 to 49", "75 and over"),
                        headline=[20, 19, 18, 17, 16], reference=[15] * 5,
                        group=[20, 21, 22, 23, 24], limits=None)  # fmt: skip
    _mission(indicator)

    mission = client.get("/missions/opportunity/").content.decode()
    home = client.get("/").content.decode()

    card = _card(mission, "Relative poverty")
    assert (
        "Cannot tell: the source publishes no confidence intervals, so neither the headline "
        "nor the gaps can be tested."
    ) in card
    assert "govuk-warning-text__text" not in card
    assert ">No:" not in card
    assert " No:" not in card
    assert (
        "75 and over: 9.0 percentage points higher than 25 to 49 in 2019 (not tested for "
        "significance: no confidence intervals)."
    ) in card
    assert ">Not tested</strong>" in card
    assert "Fell from 20.0% in 2015 to 16.0% in 2019 (not tested for significance)." in card
    assert (
        "The gap widened from 5.0 to 9.0 percentage points between 2015 and 2019 (not tested "
        "for significance)."
    ) in card
    assert ">Widening</strong>" not in card
    assert "No gap could be tested, so none can be listed." in home
    assert "1 gap could not be tested, 1 indicator has no confidence intervals" in home


def test_a_tested_headline_with_untested_gaps_is_cannot_tell(client: Client) -> None:
    # The headline has limits and improves; the groups publish none: no gap can be tested.
    indicator = _series(headline=[20, 19, 18, 17, 16], reference=[10, 9, 8, 7, 6],
                        group=[12] * 5, group_limits=False)  # fmt: skip
    card = _mission_card(client, indicator, "Persistent absence")

    assert ">Improving</strong>" in card
    assert "Cannot tell: no group’s gap could be tested." in card
    assert "govuk-warning-text__text" not in card


def test_too_few_periods_is_cannot_tell(client: Client) -> None:
    # Three periods with limits: neither the headline nor the gap can be trended.
    indicator = _series(headline=[18, 17, 16], reference=[8, 7, 6], group=[12] * 3)
    card = _mission_card(client, indicator, "Persistent absence")

    assert (
        "Cannot tell: the headline has fewer than five periods with confidence intervals, so "
        "its direction of travel cannot be tested."
    ) in card
    assert ">Not enough data</strong>" in card


def test_no_better_direction_is_cannot_tell(client: Client) -> None:
    # Neither higher nor lower is better, and the headline shows no significant change: the
    # statistics module used to answer "no" (headline not improving) for this.
    indicator = _series(polarity=Indicator.Polarity.NEITHER, headline=[20] * 5,
                        reference=[10] * 5, group=[12] * 5)  # fmt: skip
    card = _mission_card(client, indicator, "Persistent absence")

    assert "Cannot tell: neither a higher nor a lower value is better for this indicator." in card


def test_a_gap_crossing_zero_changed_sign_and_did_not_widen(client: Client) -> None:
    # Gaps −2, −1, +1, +3, +6: the group moved to the other side of the reference group. The
    # latest gap is bigger than the first, but the gap "changed sign" (stats.gap_direction).
    indicator = _series(headline=[20, 19, 18, 17, 16], reference=[10] * 5,
                        group=[8, 9, 11, 13, 16])  # fmt: skip
    mission = _mission(indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()
    home = client.get("/").content.decode()
    page = client.get(f"/indicators/{indicator.slug}/").content.decode()

    card = _card(html, "Persistent absence")
    assert ">Changed sign</strong>" in card
    assert "From 2.0 lower in 2015 to 6.0 percentage points higher in 2019." in card
    assert "Widening" not in card
    assert "widen" not in card.replace("worse and widening", "")
    assert "Persistent absence" not in _worse_list(home)
    # The indicator page's sentence says the same of its first and latest periods.
    assert "in 2015 it was the other way round, 2.0 percentage points lower" in page
    assert "widened" not in page


def test_cards_speak_of_the_primary_characteristic(client: Client) -> None:
    """The gender pay gap card talks about sex, not the age band with the largest gap, even
    though age comes first in the indicator's list of characteristics."""
    age = factories.characteristic(name="Age", groups=["30 to 39", "18 to 21"])
    sex = factories.characteristic(name="Sex", groups=["Male", "Female"])
    indicator = factories.indicator(title="Gender pay gap", primary_characteristic=sex,
                                    polarity=Indicator.Polarity.HIGHER_IS_BETTER)  # fmt: skip
    link(indicator, age)
    link(indicator, sex)
    values = dict(zip(age.groups.order_by("display_order"), [20.0, 9.0], strict=True))
    values |= dict(zip(sex.groups.order_by("display_order"), [16.0, 14.0], strict=True))
    _publish_steady(indicator, values)
    mission = _mission(indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()
    home = client.get("/").content.decode()

    card = _card(html, "Gender pay gap")
    assert "Female: 2.0 percentage points lower than male in 2019" in card
    assert "18 to 21" not in card
    assert "30 to 39" not in card
    assert "18 to 21" not in home


def test_no_headline_about_unknown_or_other_groups(client: Client) -> None:
    characteristic = factories.characteristic(
        name="Ethnicity", groups=["White", "Black", "Unknown", "Other"]
    )
    indicator = factories.indicator(title="Exclusions", primary_characteristic=characteristic)
    link(indicator, characteristic)
    white, black, unknown, other = characteristic.groups.order_by("display_order")
    values = {white: 10.0, black: 12.0, unknown: 30.0, other: 25.0}
    _publish_steady(indicator, values)
    card = _mission_card(client, indicator, "Exclusions")

    assert "Black: 2.0 percentage points higher than White in 2019" in card
    assert "Unknown" not in card
    assert "Other" not in card


def test_group_names_are_lower_case_inside_sentences_but_proper_nouns(client: Client) -> None:
    indicator = _series(title="Unemployment", groups=("Not disabled", "Disabled"),
                        headline=[20, 19, 18, 17, 16], reference=[10, 9, 8, 7, 6],
                        group=[12, 11, 10, 9, 8])  # fmt: skip
    card = _mission_card(client, indicator, "Unemployment")

    assert "Disabled: 2.0 percentage points higher than not disabled in 2019" in card
    assert "Gap between disabled and not disabled over time" in card


def test_mission_gap_chart_escapes_the_unit(client: Client) -> None:
    indicator = _falling_behind()
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


def test_mission_card_without_a_gap_to_test(client: Client) -> None:
    data = data_set(groups=2, periods=2)
    mission = _mission(data.indicator)

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert "No significant gap between groups in 2001." in html
    assert "Cannot tell: there is no national figure for all people" in html
    assert "govuk-warning-text__text" not in html.split("Synthetic", 1)[0]


def test_mission_hides_unpublished_indicators(client: Client) -> None:
    embargoed = _falling_behind(publish_at=timezone.now() + dt.timedelta(hours=2))
    mission = _mission(embargoed)

    html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert "Persistent absence" not in html
    assert "No published indicators for this outcome yet." in html


def test_unknown_mission_is_404(client: Client) -> None:
    assert client.get("/missions/nothing/").status_code == 404


# --- The home page's worse-and-widening list ---------------------------------------------------


def test_home_lists_a_truly_widening_gap_and_never_a_constant_one(client: Client) -> None:
    """Issue 10: a gap that stays the same size is not worsening. Pay gap: −5 in every year
    but the last, −5.3 (± 0.71): the old rule (significant, and wider than the period before)
    listed it; its size shows no significant change (χ² = 0.14), so it is not listed. The
    widening gap (2 → 6, χ² = 76.8, p < 10⁻¹⁵) is listed: m = 2 gaps tested, and its p-value
    is below 0.05 × 1/2."""
    widening = _falling_behind()
    constant = _series(title="Median pay", polarity=Indicator.Polarity.HIGHER_IS_BETTER,
                       headline=[20] * 5, reference=[15] * 5,
                       group=[10, 10, 10, 10, 9.7])  # fmt: skip
    _mission(widening, constant)
    embargoed = factories.indicator(title="Embargoed indicator")
    published_release(
        indicator=embargoed, rows=[], publish_at=timezone.now() + dt.timedelta(days=1)
    )

    html = client.get("/").content.decode()

    assert "Break down barriers to opportunity" in html
    assert "Every child ready to learn" in html
    worse = _worse_list(html)
    assert ">Persistent absence</a></h3>" in worse
    assert (
        "<li>Black: 6.0 percentage points higher than White in 2019 "
        "(2.0 percentage points higher in 2015)</li>"
    ) in worse
    assert worse.count("<li>") == 1
    assert "Median pay" not in worse
    assert "across all 2 gaps tested" in _text(html)
    assert "Embargoed indicator" not in html


def test_home_lists_nothing_when_every_gap_is_constant(client: Client) -> None:
    for n in range(3):
        _series(title=f"Steady gap {n}", headline=[20] * 5, reference=[10] * 5, group=[14] * 5)

    html = client.get("/").content.decode()

    assert "Of the 3 gaps tested, none is both significantly worse and widening." in html
    assert "<li>" not in _worse_list(html)


def test_home_says_how_many_gaps_could_not_be_tested_and_why(client: Client) -> None:
    _falling_behind()
    _series(title="Short series", headline=[18, 17, 16], reference=[8, 7, 6], group=[12] * 3)
    _series(title="No better direction", polarity=Indicator.Polarity.NEITHER,
            headline=[20] * 5, reference=[10] * 5, group=[12] * 5)  # fmt: skip

    text = _text(client.get("/").content.decode())

    assert "2 gaps could not be tested" in text
    assert "1 gap has fewer than five periods" in text
    assert "1 gap is on indicators where neither a higher nor a lower value is better" in text
    assert "across all 1 gap tested" in text


# --- Budgets ----------------------------------------------------------------------------------


def test_mission_query_budget(client: Client, django_assert_max_num_queries) -> None:
    indicators = [
        data_set(groups=20, periods=20, geographies=5, releases=3).indicator for _ in range(2)
    ]
    mission = _mission(*indicators)

    # One more than before targets showed on the cards: the query that finds none.
    with django_assert_max_num_queries(9):
        html = client.get(f"/missions/{mission.slug}/").content.decode()

    assert html.count('class="govuk-summary-card"') == 2
    assert Release.objects.filter(status=Release.Status.PUBLISHED).count() == 2


def test_home_query_budget(client: Client, django_assert_max_num_queries) -> None:
    for _ in range(2):
        data_set(groups=20, periods=20, geographies=5, releases=3)
    _mission(_falling_behind())

    with django_assert_max_num_queries(8):
        html = client.get("/").content.decode()

    assert "Persistent absence" in _worse_list(html)


def test_a_pay_gap_card_also_gives_the_gap_as_the_source_publishes_it(client: Client) -> None:
    # Men £16.00, women £14.00 an hour: £2.00 lower, a gap of (16 − 14) / 16 = 12.5%.
    indicator = _series(title="Gender pay gap", groups=("Male", "Female"), limits=None,
                        polarity=Indicator.Polarity.HIGHER_IS_BETTER, headline=[15] * 5,
                        reference=[16.0] * 5, group=[14.0] * 5)  # fmt: skip
    Indicator.objects.filter(pk=indicator.pk).update(
        unit="£ per hour", measure_type=Indicator.MeasureType.MEAN, decimal_places=2,
        gap_measure=Indicator.GapMeasure.PERCENT_OF_REFERENCE,
    )  # fmt: skip
    card = _mission_card(client, indicator, "Gender pay gap")

    assert (
        "Female: £2.00 per hour lower than male in 2019 (not tested for significance: no "
        "confidence intervals), a gap of 12.5%."
    ) in card
    assert "Direction of that gap" in card
