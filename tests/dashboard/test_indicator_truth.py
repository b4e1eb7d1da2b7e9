"""Indicator pages that tell the truth at a glance (issue #9): the breakdown the title names,
a named place, the source's precision, the gap as it is published, the chart first."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client

from dashboard.indicator_page.data import indicator_page_data
from dashboard.indicator_page.filters import requested
from dashboard.indicator_page.view import view_of
from indicators.models import Characteristic, Geography, Indicator
from tests import factories
from tests.dashboard.factories import link, published_release

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _summary(html: str) -> str:
    match = re.search(r'id="summary">([^<]*)<', html)
    assert match, "no summary"
    return match.group(1)


def _figure(html: str, chart_id: str) -> dict[str, Any]:
    match = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    assert match, f"no figure for {chart_id}"
    return json.loads(match.group(1))


def _pay_gap() -> Indicator:
    """Mean hourly pay by sex (primary) and by age, as ONS publishes it: no intervals."""
    indicator = factories.indicator(
        slug="pay",
        title="Mean hourly earnings by sex (gender pay gap)",
        short_title="Mean hourly pay",
        subject="mean hourly earnings",
        unit="£ per hour",
        measure_type=Indicator.MeasureType.MEAN,
        decimal_places=2,
        gap_measure=Indicator.GapMeasure.PERCENT_OF_REFERENCE,
    )
    age = factories.characteristic(name="Age", slug="age", groups=["16 to 24", "25 to 34"])
    sex = factories.characteristic(name="Sex", slug="sex", groups=["Male", "Female"])
    indicator.primary_characteristic = sex
    indicator.save()
    # Age sorts first: the page used to open on it.
    age.display_order, sex.display_order = 1, 2
    age.save()
    sex.save()
    link(indicator, age)
    link(indicator, sex)
    uk = factories.geography(code="K02000001", name="United Kingdom", level=Geography.Level.UK)
    male, female = sex.groups.order_by("display_order")
    rows = []
    for year, men, women in ((1997, 9.92, 7.46), (2021, 19.26, 16.39)):
        period = factories.period(year)
        rows += [
            {"group_a": male, "period": period, "geography": uk, "value": men},
            {"group_a": female, "period": period, "geography": uk, "value": women},
        ]
        rows += [
            {"group_a": g, "period": period, "geography": uk, "value": 10.0}
            for g in age.groups.all()
        ]
    published_release(indicator=indicator, rows=rows)
    return indicator


def test_the_page_opens_on_the_breakdown_the_title_names(client: Client) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()

    assert re.search(r'<option value="sex" selected>Sex</option>', html)
    assert "for females" in _summary(html)
    assert client.get("/indicators/pay/", {"characteristic": "age"}).status_code == 200


def test_a_pay_gap_is_given_as_the_percentage_ons_publishes(client: Client) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()

    # (19.26 − 16.39) ÷ 19.26 = 14.9%; in 1997 (9.92 − 7.46) ÷ 9.92 = 24.8%. In pounds the gap
    # widened (£2.46 to £2.87): the published form says what happened.
    assert _summary(html) == (
        "In 2021 in the United Kingdom, mean hourly earnings were £16.39 per hour for females, "
        "14.9% lower than for males; the gap narrowed from 24.8% to 14.9% between 1997 and 2021 "
        "(not tested for significance)."
    )
    gap = _figure(html, "chart-gap")
    assert gap["data"][0]["y"] == pytest.approx([24.7984, 14.9013], abs=1e-3)
    assert "Gap: % below Male" in gap["layout"]["yaxis"]["title"]["text"].replace("<br>", " ")
    assert re.search(r'id="measure-percent"[^>]*value="percent"', html)


def test_the_measure_chosen_changes_the_summary(client: Client) -> None:
    _pay_gap()

    difference = _summary(client.get("/indicators/pay/", {"measure": "gap"}).content.decode())
    ratio = _summary(client.get("/indicators/pay/", {"measure": "ratio"}).content.decode())

    assert "£2.87 per hour lower than for males" in difference
    assert "the gap widened from £2.46 to £2.87 per hour between 1997 and 2021" in difference
    assert "0.85 times that for males" in ratio


def _publish_one_year(
    indicator: Indicator,
    characteristic: Characteristic,
    place: Geography,
    year: int,
    values: list[float],
) -> None:
    """``indicator``, broken down by ``characteristic``, published with one value for each of
    its groups (in display order) in ``place`` in ``year``."""
    link(indicator, characteristic)
    period = factories.period(year)
    groups = characteristic.groups.order_by("display_order")
    published_release(
        indicator=indicator,
        rows=[
            {"group_a": group, "period": period, "geography": place, "value": value}
            for group, value in zip(groups, values, strict=True)
        ],
    )


def test_the_percentage_gap_is_offered_only_where_the_source_publishes_gaps_so(
    client: Client,
) -> None:
    indicator = factories.indicator(slug="plain")
    characteristic = factories.characteristic(groups=["A", "B"])
    _publish_one_year(indicator, characteristic, factories.geography(), 2020, [10.0, 12.0])

    html = client.get("/indicators/plain/", {"measure": "percent"}).content.decode()

    assert 'id="measure-percent"' not in html
    assert re.search(r'id="measure-value"[^>]*checked', html)


def test_a_value_that_would_round_to_zero_keeps_the_decimals_it_needs(client: Client) -> None:
    """Hate crime: 0.041% of adults aged 75 and over, published to two decimal places."""
    indicator = factories.indicator(slug="hate", decimal_places=1)
    age = factories.characteristic(name="Age", slug="age", groups=["25 to 34", "75 and over"])
    place = factories.geography(code="K04000001", name="England and Wales", level="gb")
    _publish_one_year(indicator, age, place, 2019, [0.22, 0.041])

    html = client.get("/indicators/hate/").content.decode()

    assert "0.04% for people aged 75 and over" in _summary(html)
    assert ">0.04<" in html.split('id="data-table"', 1)[1]
    assert "0.0%" not in html


def test_no_error_bars_or_interval_columns_without_intervals(client: Client) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()

    for chart in ("chart-trend", "chart-gap", "chart-latest"):
        assert all("error_y" not in trace for trace in _figure(html, chart)["data"])
    table = html.split('id="data-table"', 1)[1].split("</table>", 1)[0]
    assert "confidence interval" not in table
    assert "95% CI" not in table


def test_the_view_csv_has_unit_and_measure_and_sensible_ratios(client: Client) -> None:
    _pay_gap()

    response = client.get("/indicators/pay/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    female = [r for r in rows if r["group"] == "Female"]
    assert {(r["unit"], r["measure"]) for r in rows} == {("£ per hour", "Mean")}
    # 16.39 / 19.26 = 0.85098650051921...: six significant figures, values in full.
    assert female[-1]["ratio"] == "0.850987"
    assert female[-1]["percent_gap"] == "14.9013"
    assert female[-1]["value"] == "16.39"
    assert female[-1]["reference_group"] == "Male"


# --- places ----------------------------------------------------------------------------------


def _local_authorities(*, with_counts: bool) -> Indicator:
    """A percentage published for two local authorities of one region only."""
    indicator = factories.indicator(slug="age-19", title="Young people qualified by age 19")
    fsm = factories.characteristic(
        name="Free school meal eligibility",
        slug="fsm",
        groups=["Not eligible for free school meals", "Eligible for free school meals"],
    )
    link(indicator, fsm)
    england = factories.geography()
    region = factories.geography(
        code="E12000001", name="North East", level=Geography.Level.REGION, parent=england
    )
    authorities = [
        factories.geography(
            code=code, name=name, level=Geography.Level.LOCAL_AUTHORITY, parent=region
        )
        for code, name in (("E06000001", "Hartlepool"), ("E06000002", "Middlesbrough"))
    ]
    not_eligible, eligible = fsm.groups.order_by("display_order")
    period = factories.period(2022)
    rows = []
    for place, (a, b) in zip(authorities, ((60.0, 30.0), (70.0, 40.0)), strict=True):
        for group, value in ((not_eligible, a), (eligible, b)):
            row = {"group_a": group, "period": period, "geography": place, "value": value}
            if with_counts:
                row["denominator"] = 100
            rows.append(row)
    published_release(indicator=indicator, rows=rows)
    return indicator


def test_a_source_of_local_authorities_opens_on_england_calculated_from_them(
    client: Client,
) -> None:
    _local_authorities(with_counts=True)

    html = client.get("/indicators/age-19/").content.decode()

    # 30 + 40 of 200 eligible pupils: 35.0%; 60 + 70 of 200 not eligible: 65.0%.
    summary = _summary(html)
    assert summary.startswith(
        "In 2022 in England (calculated from local authority figures), young people qualified by "
        "age 19 was 35.0% for those eligible for free school meals, 30.0 percentage points (95% CI"
    )
    assert "England (calculated from local authority figures)" in html
    assert re.search(r'id="geography-E92000001"[^>]*checked', html)
    assert 'id="calculated-note"' in html
    assert "Calculated from local authority figures." in html.split('id="data-table"', 1)[1]
    hover = _figure(html, "chart-latest")["data"][0]["customdata"]
    assert all(label.endswith("(calculated from local authority figures)") for label in hover)
    assert 'id="place-note"' not in html


def test_without_counts_the_page_says_which_authority_it_shows(client: Client) -> None:
    _local_authorities(with_counts=False)

    html = client.get("/indicators/age-19/").content.decode()

    assert _summary(html).startswith("In 2022 in Hartlepool, ")
    assert "These figures are for Hartlepool only, one of the 2 local authorities" in html


def test_calculated_areas_cost_two_queries_and_spare_the_observations_one(
    django_assert_num_queries,
) -> None:
    _local_authorities(with_counts=True)

    # The indicator, its history, breakdowns (two), coverage, targets (none); the authorities'
    # wider areas and every authority's figures. No observations query: only a calculated
    # place is shown.
    with django_assert_num_queries(8):
        page = indicator_page_data(slug="age-19", asked=requested(QueryDict()))
    # An authority shown beside it is read as usual.
    asked = requested(QueryDict("geography=E92000001&geography=E06000001"))
    with django_assert_num_queries(9):
        both = indicator_page_data(slug="age-19", asked=asked)
    with django_assert_num_queries(0):
        view_of(both)

    assert page is not None
    assert both is not None
    assert [g.code for g in page.filters.geographies] == ["E92000001"]
    assert len(both.observations) == 4


# --- layout, headings, fallbacks ----------------------------------------------------------------


def test_the_summary_and_first_chart_come_before_the_filters_and_the_metadata(
    client: Client,
) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()

    order = [
        html.index('id="summary"'),
        html.index('id="chart-trend"'),
        html.index('aria-label="Choose what to show"'),
        html.index('id="chart-gap"'),
        html.index('id="about"'),
        html.index("Statistical status"),
    ]
    assert order == sorted(order)


def test_no_heading_repeats_its_breakdown_and_one_period_is_no_range(client: Client) -> None:
    indicator = _local_authorities(with_counts=True)
    indicator.title = "Unemployment rate by free school meal eligibility"
    indicator.save()

    html = client.get("/indicators/age-19/").content.decode()

    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\bby ([\w ]+?) by \1\b", text)
    assert "2022 to 2022" not in text
    assert "Data table: Unemployment rate by free school meal eligibility" in text


def test_without_javascript_each_chart_place_holds_its_figures(client: Client) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()

    fallback = html.split('id="chart-trend"', 1)[1].split("</noscript>", 1)[0]
    assert "This chart needs JavaScript, so its figures are shown as a table instead." in fallback
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Female' in (
        fallback
    )
    assert "£16.39 per hour" in fallback


def test_the_downloaded_image_is_told_its_title_and_credit(client: Client) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()

    chart = re.search(r'<div id="chart-trend"[^>]*>', html)
    assert chart
    assert 'data-image-title="Mean hourly pay by sex, 1997 to 2021"' in chart.group(0)
    assert 'data-image-credit="Source: Office for National Statistics, A dataset. United ' in (
        chart.group(0)
    )


def test_the_download_area_links_the_open_data_downloads(client: Client) -> None:
    _pay_gap()

    html = client.get("/indicators/pay/").content.decode()
    downloads = html.split('id="download-links"', 1)[1].split("</ul>", 1)[0]

    assert "/indicators/pay/view.xlsx?characteristic=sex" in downloads
    assert "/indicators/pay/data.csv" in downloads
    assert "format=csv" in downloads
