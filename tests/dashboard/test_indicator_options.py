"""The indicator page on data as real files publish it: sparse groups and places, no
confidence intervals, counts only, and cross breakdowns."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from indicators.models import Indicator
from tests import factories
from tests.dashboard.factories import link, published_release, two_groups

pytestmark = pytest.mark.django_db

ENGLAND = ("E92000001", "England", "country")
NORTH_EAST = ("E12000001", "North East", "region")
LONDON = ("E12000007", "London", "region")


def _place(code: str, name: str, level: str) -> Any:
    return factories.geography(code=code, name=name, level=level)


def _figure(html: str, chart_id: str) -> dict[str, Any]:
    match = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    assert match, f"no figure for {chart_id}"
    return dict(json.loads(match.group(1)))


def _table_rows(html: str, table_id: str = "data-table") -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]


def _checkbox_labels(html: str, name: str) -> list[str]:
    return re.findall(
        rf'<input class="govuk-checkboxes__input" id="{name}-[^"]+" name="{name}"[^>]*>\s*'
        r'<label class="govuk-label govuk-checkboxes__label" for="[^"]+">([^<]+)</label>',
        html,
    )


def test_only_groups_places_and_periods_with_data_are_offered(client: Client) -> None:
    indicator = factories.indicator()
    age = factories.characteristic(
        name="Age", slug="age", groups=["16 to 24", "25 to 49", "50 to 64", "65+"], is_ordered=True
    )
    link(indicator, age, reference=age.groups.get(slug="g2"))
    england, north_east, london = (_place(*p) for p in (ENGLAND, NORTH_EAST, LONDON))
    early, late = factories.period(2019), factories.period(2020)
    groups = {g.slug: g for g in age.groups.all()}
    rows = [
        {"group_a": groups[slug], "period": late, "geography": england, "value": value}
        for slug, value in (("g3", 20.0), ("g2", 15.0))
    ]
    rows += [
        {"period": period, "geography": place, "value": 10.0}
        for place in (england, north_east, london)
        for period in (early, late)
    ]
    published_release(indicator=indicator, rows=rows)

    html = client.get(f"/indicators/{indicator.slug}/").content.decode()
    all_people = client.get(
        f"/indicators/{indicator.slug}/",
        {"characteristic": "all-people", "geography": ["E12000001", "E12000007"]},
    ).content.decode()

    # Age: only the two bands with values, by rank, the reference marked; England only; 2020.
    assert _checkbox_labels(html, "group") == ["25 to 49 (reference)", "50 to 64"]
    assert _checkbox_labels(html, "geography") == ["England"]
    assert re.findall(r'<option value="(\d{4})"', html) == ["2020", "2020"]
    assert "2 groups with data; gaps are measured from 25 to 49" in html
    # All people: every place, both periods, one line per place.
    assert _checkbox_labels(all_people, "geography") == ["England", "North East", "London"]
    names = [t["name"] for t in _figure(all_people, "chart-trend")["data"]]
    assert names == ["All people – North East", "All people – London"]
    assert _table_rows(all_people)[0] == "2019 North East All people 10.0"


def test_limits_are_computed_from_counts_when_the_source_gives_none(client: Client) -> None:
    indicator, white, black = two_groups(title="Custody rate", groups=("White", "Black"))
    england = _place(*ENGLAND)
    period = factories.period(2022)
    published_release(
        indicator=indicator,
        rows=[
            # 81 of 263 → 30.8%, Wilson 95% CI 25.5 to 36.6 (see the methods page).
            {"group_a": black, "period": period, "geography": england, "value": 30.8,
             "numerator": 81, "denominator": 263},
            # A survey estimate of 20% from a sample of 1,000 people.
            {"group_a": white, "period": period, "geography": england, "value": 20.0,
             "sample_size": 1000},
        ],
    )  # fmt: skip

    html = client.get(f"/indicators/{indicator.slug}/").content.decode()

    rows = _table_rows(html)
    assert rows[0].startswith("2022 White (reference) 20.0 17.6 to 22.6 † calculated from counts")
    assert rows[1].startswith("2022 Black 30.8 25.5 to 36.6 † calculated from counts 10.8")
    assert rows[1].endswith("Yes")
    assert "we calculated their 95% intervals from the numerator and denominator" in html
    assert "Not tested" not in html


def test_gaps_without_intervals_are_shown_but_not_tested(client: Client) -> None:
    indicator, reference, older = two_groups(
        title="Relative poverty", groups=("25 to 49", "75 and over")
    )
    england = _place(*ENGLAND)
    rows = [
        {"group_a": group, "period": factories.period(year), "geography": england, "value": v}
        for group, year, v in (
            (reference, 2005, 14.4),
            (older, 2005, 28.7),
            (reference, 2018, 15.2),
            (older, 2018, 24.1),
        )
    ]
    published_release(indicator=indicator, rows=rows)

    html = client.get(f"/indicators/{indicator.slug}/").content.decode()

    # Described, not tested, and said so.
    assert (
        "In 2018 in England, relative poverty was 24.1% for the 75 and over group, 8.9 percentage "
        "points higher than for the 25 to 49 group; the gap narrowed from 14.3 to 8.9 percentage "
        "points between 2005 and 2018 (not tested for significance)."
    ) in html
    # No interval columns where no row has limits.
    assert "95% confidence interval</th>" not in html
    assert "Gap 95% CI" not in html
    assert _table_rows(html)[-1] == "2018 75 and over 24.1 8.9 1.59 Not tested"
    assert "so 2 gaps shown cannot be tested" in html
    assert 'href="/about/methods/#no-intervals"' in html


def _pay_by_ethnicity_crossed_with_sex() -> Indicator:
    """Median pay by ethnicity, by sex, and by both (with limits ± 0.5) in England, 2023."""
    indicator = factories.indicator(
        title="Pay", unit="£ per hour", measure_type=Indicator.MeasureType.MEDIAN
    )
    ethnicity = factories.characteristic(
        name="Ethnicity", slug="ethnicity", groups=["White", "Black"]
    )
    sex = factories.characteristic(name="Sex", slug="sex", groups=["Male", "Female"])
    link(indicator, ethnicity)
    link(indicator, sex)
    place, period = _place(*ENGLAND), factories.period(2023)
    values = {("g1", "g1"): 16.25, ("g1", "g2"): 13.24, ("g2", "g1"): 14.93, ("g2", "g2"): 11.67}
    rows: list[dict[str, Any]] = [
        {"group_a": group, "period": period, "geography": place, "value": 14.0}
        for group in [*ethnicity.groups.all(), *sex.groups.all()]
    ]
    rows += [
        {
            "group_a": ethnicity.groups.get(slug=e),
            "group_b": sex.groups.get(slug=s),
            "period": period,
            "geography": place,
            "value": v,
            "lower": v - 0.5,
            "upper": v + 0.5,
        }
        for (e, s), v in values.items()
    ]
    published_release(indicator=indicator, rows=rows)
    return indicator


def test_cross_breakdown_chart_and_table(client: Client) -> None:
    indicator = _pay_by_ethnicity_crossed_with_sex()

    plain = client.get(f"/indicators/{indicator.slug}/", {"characteristic": "ethnicity"})
    html = client.get(
        f"/indicators/{indicator.slug}/", {"characteristic": "ethnicity", "cross": "sex"}
    ).content.decode()

    assert '<option value="sex">Sex</option>' in plain.content.decode()
    assert "chart-cross" not in plain.content.decode()
    figure = _figure(html, "chart-cross")
    assert [(t["name"], t["x"], t["y"]) for t in figure["data"]] == [
        ("Male", ["White", "Black"], [16.25, 14.93]),
        ("Female", ["White", "Black"], [13.24, 11.67]),
    ]
    assert figure["layout"]["barmode"] == "group"
    assert figure["data"][0]["customdata"][0] == "£16.2 per hour (95% CI £15.8 to £16.8)"
    assert figure["layout"]["yaxis"]["title"]["text"] == "£ per hour"
    assert _table_rows(html, "cross-table") == [
        "White 16.2 (15.8 to 16.8) 13.2 (12.7 to 13.7)",
        "Black 14.9 (14.4 to 15.4) 11.7 (11.2 to 12.2)",
    ]
    assert "the highest value was £16.2 per hour (White, Male) and the lowest £11.7" in html
    # The same chart partial as every other chart: downloads and a link to its own table.
    assert 'data-chart-download="svg" data-chart-target="chart-cross"' in html
    assert 'data-chart-download="png" data-chart-target="chart-cross"' in html
    assert '<a class="govuk-link" href="#cross-table">Data table for this chart</a>' in html


def test_a_cross_breakdown_costs_one_query_more(client: Client, django_assert_num_queries) -> None:
    indicator = _pay_by_ethnicity_crossed_with_sex()
    url = f"/indicators/{indicator.slug}/"

    # The page cache's visibility fingerprint, before and after; the page's one read (its
    # targets among it).
    with django_assert_num_queries(2 + 7):
        client.get(url, {"characteristic": "ethnicity"})
    with django_assert_num_queries(2 + 8):
        client.get(url, {"characteristic": "ethnicity", "cross": "sex"})
