"""/indicators/ and /indicators/<slug>/: published data only, numbers, fragments, budget."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from dashboard.indicator_page.data import indicator_page_data
from dashboard.indicator_page.filters import requested
from dashboard.indicator_page.view import view_of
from dashboard.summaries import sentence_subject
from indicators import services
from indicators.models import Characteristic, Indicator, Release
from tests import factories
from tests.dashboard import factories as dashboard_factories
from tests.dashboard.factories import data_set, published_release

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _figure(html: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    assert match, f"no figure for {chart_id}"
    return json.loads(match.group(1))


def _widening_gap(group: int, period: int, place: object, release: int) -> float:
    """Group 1 (the reference) at 10; group 2 at 12, 13.5 and 15 in 2000, 2001 and 2002."""
    return 10.0 if group == 0 else 12.0 + 1.5 * period


# --- list ------------------------------------------------------------------------------------


def test_list_shows_published_indicators_only(client: Client) -> None:
    shown = data_set().indicator
    draft = factories.indicator(title="Draft only")
    published_release(indicator=draft, rows=[], status=Release.Status.DRAFT)
    future = factories.indicator(title="Embargoed")
    published_release(indicator=future, rows=[], publish_at=timezone.now() + dt.timedelta(hours=1))

    html = client.get("/indicators/").content.decode()

    assert shown.title in html
    assert "Draft only" not in html
    assert "Embargoed" not in html
    assert "1 indicator<" in html


def test_list_filters_by_search_area_and_characteristic(client: Client) -> None:
    poverty = data_set(indicator=factories.indicator(title="Relative poverty")).indicator
    health = data_set(
        indicator=factories.indicator(title="Healthy life expectancy", area=Indicator.Area.HEALTH)
    )

    by_search = client.get("/indicators/", {"q": "poverty"}).content.decode()
    by_area = client.get("/indicators/", {"area": "health"}).content.decode()
    by_characteristic = client.get(
        "/indicators/", {"characteristic": health.characteristic.slug}
    ).content.decode()

    assert poverty.title in by_search
    assert "Healthy life expectancy" not in by_search
    assert "Healthy life expectancy" in by_area
    assert poverty.title not in by_area
    assert "Healthy life expectancy" in by_characteristic
    assert poverty.title not in by_characteristic


def test_list_htmx_request_gets_the_results_fragment(client: Client) -> None:
    data_set(indicator=factories.indicator(title="Relative poverty"))

    response = client.get("/indicators/", {"q": "pov"}, **HTMX)
    html = response.content.decode()

    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html
    assert "Relative poverty" in html
    assert "HX-Request" in response["Vary"].split(", ")


# --- detail ----------------------------------------------------------------------------------


def test_detail_table_and_summary_sentence(client: Client) -> None:
    data = data_set(groups=2, value=_widening_gap)
    data.indicator.title = "Relative poverty"
    data.indicator.save()

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    # Limits ±1 are 95% limits: each SE is 1/1.96, the gap's is √2 of that, so gap ± 1.4.
    assert (
        "In 2002 in England, relative poverty was 15.0% for group 2, 5.0 percentage points "
        "(95% CI 3.6 to 6.4) higher than for group 1; the gap widened significantly from 2.0 to "
        "5.0 percentage points between 2000 and 2002."
    ) in html
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S)
    cells = [re.sub(r"<[^>]+>", "|", r).split("|") for r in rows]
    texts = [" ".join(c.strip() for c in row if c.strip()) for row in cells]
    assert "2002 Group 2 15.0 14.0 to 16.0 5.0 3.6 to 6.4 1.50 Yes" in texts
    assert "2000 Group 1 (reference) 10.0 9.0 to 11.0" in texts


def test_detail_shows_the_pre_announced_next_release(client: Client) -> None:
    data = data_set(groups=2)
    url = f"/indicators/{data.indicator.slug}/"
    assert re.search(r"Next release</dt>\s*<dd[^>]*>Not yet announced<", client.get(url).text)
    data.indicator.next_release = "26 March 2027"
    data.indicator.save()
    cache.clear()
    assert re.search(r"Next release</dt>\s*<dd[^>]*>26 March 2027<", client.get(url).text)


def test_detail_htmx_fragment_holds_form_charts_and_table(client: Client) -> None:
    data = data_set(groups=2, value=_widening_gap)

    response = client.get(
        f"/indicators/{data.indicator.slug}/", {"start": "2001", "measure": "gap"}, **HTMX
    )
    html = response.content.decode()

    assert html.lstrip().startswith('<div id="indicator-view">')
    assert "<html" not in html
    assert "Release history" not in html
    # 3.5 → 5.0 points: a change of 1.5 ± 2.0, not significant.
    assert (
        "the gap widened from 3.5 to 5.0 percentage points between 2001 and 2002, not a "
        "statistically significant change."
    ) in html
    assert ">2000<" not in html.split('id="data-table"', 1)[1]
    trend = _figure(html, "chart-trend")
    assert [t["name"] for t in trend["data"]] == ["Group 2"]
    assert trend["data"][0]["y"] == pytest.approx([3.5, 5.0])
    assert "HX-Request" in response["Vary"].split(", ")


def test_detail_filters_groups_places_and_periods(client: Client) -> None:
    data = data_set(groups=3, periods=4, geographies=3)

    html = client.get(
        f"/indicators/{data.indicator.slug}/",
        {
            "group": ["g1", "g3", "not-a-group"],
            "geography": ["E12000001", "E12000002"],
            "start": "2001",
            "end": "2002",
        },
    ).content.decode()

    trend = _figure(html, "chart-trend")
    assert sorted(t["name"] for t in trend["data"]) == [
        "Group 1 – North East",
        "Group 1 – North West",
        "Group 3 – North East",
        "Group 3 – North West",
    ]
    assert {tuple(t["x"]) for t in trend["data"]} == {("2001", "2002")}
    table = html.split('id="data-table"', 1)[1].split("</table>", 1)[0]
    assert table.count('<tr class="govuk-table__row">') == 1 + 2 * 2 * 2
    assert "Group 2" not in table


def _everything_public(client: Client, slug: str) -> dict[str, str]:
    """The page, its htmx fragment, its CSV and its chart data, by name."""
    url = f"/indicators/{slug}/"
    html = client.get(url).content.decode()
    fragment = client.get(url, {"measure": "value"}, **HTMX).content.decode()
    return {
        "page table": html.split('id="data-table"', 1)[1].split("</table>", 1)[0],
        "fragment table": fragment.split('id="data-table"', 1)[1].split("</table>", 1)[0],
        "csv": client.get(url, {"format": "csv"}).content.decode(),
        "page chart": json.dumps(_figure(html, "chart-latest")),
        "fragment chart": json.dumps(_figure(fragment, "chart-latest")),
        "page": html,
    }


def _showing(surfaces: dict[str, str], text: str) -> list[str]:
    return [name for name, content in surfaces.items() if text in content]


def test_detail_shows_only_visible_releases(client: Client) -> None:
    data = data_set(groups=2, periods=1)
    group = data.groups[1]
    cell = {"group_a": group, "period": data.periods[0], "geography": data.geographies[0]}
    embargoed = published_release(
        indicator=data.indicator,
        rows=[{**cell, "value": 99.9}],
        publish_at=timezone.now() + dt.timedelta(days=1),
        note="Embargoed release",
    )
    draft = published_release(
        indicator=data.indicator, rows=[{**cell, "value": 88.8}], status=Release.Status.DRAFT
    )

    before = _everything_public(client, data.indicator.slug)

    assert _showing(before, "99.9") == []
    assert _showing(before, "88.8") == []
    assert _showing(before, "Embargoed release") == []
    assert "11.0" in before["page table"]
    assert "Version 1, published" in before["page"]

    # Once the draft is published its values appear everywhere; the embargoed release's once
    # its publish time has passed.
    draft.status = Release.Status.PUBLISHED
    draft.approved_by = embargoed.approved_by
    draft.approved_at = draft.publish_at = timezone.now() - dt.timedelta(minutes=1)
    draft.save()
    published = _everything_public(client, data.indicator.slug)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        later = _everything_public(client, data.indicator.slug)

    assert _showing(published, "88.8") == list(published)
    assert _showing(published, "99.9") == []
    assert _showing(later, "99.9") == list(later)


def test_detail_of_an_indicator_without_visible_release_is_404(client: Client) -> None:
    draft = factories.indicator()
    published_release(indicator=draft, rows=[], status=Release.Status.DRAFT)

    assert client.get(f"/indicators/{draft.slug}/").status_code == 404
    assert client.get("/indicators/no-such-thing/").status_code == 404


def test_detail_marks_revised_values(client: Client) -> None:
    # Release 2 adds 0.01 to every value: all 2 × 2 values are revisions of release 1.
    data = data_set(groups=2, periods=2, releases=2)

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    assert "4 values shown were revised since the previous release" in html
    assert html.count(">Revised</strong>") == 4
    assert "Corrected values" in html  # the revision note in the release history


def test_a_withdrawn_release_stays_in_the_history_but_not_in_the_figures(
    client: Client, django_user_model: Any
) -> None:
    # Release 2 (current until withdrawn) has a distinctive 77.7 for every value.
    data = data_set(groups=2, periods=2, releases=2,
                    value=lambda g, p, place, r: 77.7 if r else 10.0 + g)  # fmt: skip
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "x")
    withdrawn = services.release_withdraw(
        release=data.releases[1], user=admin, reason="The base year was wrong."
    )
    url = f"/indicators/{data.indicator.slug}/"

    html = client.get(url).content.decode()
    csv_text = client.get(url, {"format": "csv"}).content.decode()

    history = html.split('id="release-history-table"', 1)[1].split("</table>", 1)[0]
    withdrawn_on = timezone.localtime(withdrawn.withdrawn_at)
    assert f"Withdrawn on {withdrawn_on:%-d %B %Y}: The base year was wrong." in history
    assert ">Withdrawn</strong>" in history
    assert "1 (current)" in history
    assert "77.7" not in html
    assert "77.7" not in csv_text
    assert _figure(html, "chart-trend")["data"][1]["y"] == [11.0, 11.0]


def test_detail_csv_download_of_current_view(client: Client) -> None:
    data = data_set(groups=2, periods=2)

    response = client.get(f"/indicators/{data.indicator.slug}/", {"group": ["g2"], "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        f'filename="{data.indicator.slug}-by-{data.characteristic.slug}.csv"'
        in (response["Content-Disposition"])
    )
    assert [(r["period"], r["group"], r["value"], r["gap"]) for r in rows] == [
        ("2000", "Group 2", "11", "1"),
        ("2001", "Group 2", "11.1", "1"),
    ]
    assert rows[0]["geography"] == "England"
    assert rows[0]["gap_significant"] == "false"
    assert rows[0]["limits_source"] == "published"


def test_csv_writes_full_precision_says_whose_limits_and_neutralises_formulas(
    client: Client,
) -> None:
    indicator = factories.indicator(decimal_places=1)
    characteristic = factories.characteristic(groups=["=HYPERLINK(1)", "-5", "@risk", "Plain"])
    dashboard_factories.link(indicator, characteristic)
    first, negative, at, plain = characteristic.groups.order_by("display_order")
    england = factories.geography()
    period = factories.period(2022)
    common = {"period": period, "geography": england}
    published_release(
        indicator=indicator,
        rows=[
            {**common, "group_a": first, "value": 30.8123, "lower": 28.04, "upper": 33.75,
             "note": "+1 in the source"},
            # 81 / 263 = 30.7985%: genuine counts, so the limits are ours.
            {**common, "group_a": negative, "value": 30.8, "numerator": 81, "denominator": 263},
            {**common, "group_a": at, "value": 12.0},
            {**common, "group_a": plain, "value": -2.25},
        ],
    )  # fmt: skip

    response = client.get(f"/indicators/{indicator.slug}/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert [(r["group"], r["value"], r["lower_95"], r["limits_source"]) for r in rows] == [
        ("'=HYPERLINK(1)", "30.8123", "28.04", "published"),
        ("-5", "30.8", "25.5288519878", "computed from counts"),
        ("'@risk", "12", "", ""),
        ("Plain", "-2.25", "", ""),
    ]
    assert rows[0]["note"] == "'+1 in the source"
    assert rows[1]["gap"] == "-0.0123"


def test_detail_quantiles_have_a_slope_index_naming_the_end_groups(client: Client) -> None:
    names = ["Quintile 1 (most deprived)", "Quintile 2", "Quintile 3", "Quintile 4",
             "Quintile 5 (least deprived)"]  # fmt: skip
    imd = factories.characteristic(
        name="IMD quintile", groups=names, is_ordered=True, kind=Characteristic.Kind.SOCIO_ECONOMIC
    )
    data = data_set(groups=5, periods=2, characteristic=imd)

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    sii = _figure(html, "chart-sii")
    # Values rise by 1 per fifth of the population from the most deprived: the slope across
    # the whole population (0 to 1) is 1 / 0.2 = 5 (on the logit scale and back, as PHE does
    # for percentages, a little more: 5.03).
    assert sii["data"][0]["y"] == pytest.approx([5.0, 5.0], abs=0.05)
    assert (
        "the modelled difference between Quintile 1 (most deprived) and Quintile 5 (least "
        "deprived), higher for Quintile 5 (least deprived)." in html
    )
    assert "most and least deprived ends" not in html


def test_detail_falling_slope_index_says_the_lowest_rank_is_higher(client: Client) -> None:
    income = factories.characteristic(
        name="Income quintile", groups=[f"Quintile {i}" for i in range(1, 6)], is_ordered=True,
        kind=Characteristic.Kind.SOCIO_ECONOMIC,
    )  # fmt: skip
    data = data_set(
        groups=5, periods=1, characteristic=income, value=lambda g, p, place, r: 20.0 - g
    )

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    assert _figure(html, "chart-sii")["data"][0]["y"] == pytest.approx([-5.0], abs=0.05)
    assert "was 5.0 percentage points (" in html
    assert "between Quintile 1 and Quintile 5, higher for Quintile 1." in html


def test_detail_ordered_age_bands_get_no_slope_index(client: Client) -> None:
    age = factories.characteristic(
        name="Age", groups=["16 to 24", "25 to 49", "50 and over"], is_ordered=True
    )
    data = data_set(groups=3, periods=2, characteristic=age)

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    assert 'id="chart-sii' not in html
    assert "slope index of inequality by" not in html


def test_detail_escapes_data_text_in_charts(client: Client) -> None:
    data = data_set(groups=2)
    group = data.groups[1]
    group.name = "<b>Bold</b>"
    group.save()

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    names = [t["name"] for t in _figure(html, "chart-trend")["data"]]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in names
    assert "<b>Bold" not in html


def test_detail_escapes_the_unit_in_every_axis_title(client: Client) -> None:
    indicator = factories.indicator(unit="<b>hours</b>", measure_type=Indicator.MeasureType.MEAN)
    data = data_set(groups=5, periods=2, ordered=True, indicator=indicator)

    pages = [
        client.get(f"/indicators/{data.indicator.slug}/", {"measure": measure}).content.decode()
        for measure in ("value", "gap")
    ]

    titles = [
        _figure(html, chart)["layout"]["yaxis"]["title"]["text"]
        for html in pages
        for chart in ("chart-trend", "chart-sii")
    ]
    titles = [title.replace("<br>", " ") for title in titles]
    assert titles[1] == "Slope index of inequality (&lt;b&gt;hours&lt;/b&gt;)"
    assert titles[2] == "Difference from Group 1 (&lt;b&gt;hours&lt;/b&gt;)"
    assert all("<b>" not in title for title in titles)


def test_detail_labels_synthetic_data(client: Client) -> None:
    data = data_set(groups=2, periods=1)
    published_release(
        indicator=data.indicator,
        rows=[],
        is_synthetic=True,
        publish_at=timezone.now() - dt.timedelta(hours=1),
    )

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    assert "Synthetic demo data" in html


def test_detail_query_budget(client: Client, django_assert_max_num_queries) -> None:
    data = data_set(groups=20, periods=20, geographies=5, releases=3, ordered=True)
    dashboard_factories.link(
        data.indicator, factories.characteristic(groups=["A", "B"]), reference=None
    )
    url = f"/indicators/{data.indicator.slug}/"
    query = {"geography": [g.code for g in data.geographies]}

    with django_assert_max_num_queries(9):
        response = client.get(url, {**query, "table": "all"})
    with django_assert_max_num_queries(9):
        client.get(url, {**query, "measure": "ratio"}, **HTMX)

    assert response.content.decode().count('<tr class="govuk-table__row">') > 20 * 20 * 5


def test_detail_query_count_does_not_grow_with_groups_periods_or_places(
    client: Client, django_assert_num_queries
) -> None:
    small = data_set(groups=2, periods=2)
    large = data_set(groups=20, periods=20, geographies=5, releases=3, ordered=True)

    for data in (small, large):
        url = f"/indicators/{data.indicator.slug}/"
        query = {"geography": [g.code for g in data.geographies]}
        # The page cache's visibility fingerprint, before and after; the page's one read.
        with django_assert_num_queries(2 + 7):
            client.get(url, query)
        with django_assert_num_queries(2 + 7):
            client.get(url, {**query, "measure": "gap", "table": "all"}, **HTMX)


def test_the_page_reads_in_one_call_and_computes_without_queries(
    django_assert_num_queries,
) -> None:
    data = data_set(groups=5, periods=4, geographies=2, releases=2, ordered=True)
    asked = requested(QueryDict("geography=E92000001&geography=E12000001"))

    # The indicator, its release history, its breakdowns (two), the current release's
    # coverage, its targets (none), and the observations shown.
    with django_assert_num_queries(7):
        page = indicator_page_data(slug=data.indicator.slug, asked=asked)
    with django_assert_num_queries(0):
        view = view_of(page)

    assert len(page.observations) == 5 * 4 * 2
    assert len(view.table) == 5 * 4 * 2
    assert [chart.id for chart in view.charts] == [
        "chart-trend",
        "chart-gap",
        "chart-latest",
        "chart-sii",
    ]
    assert indicator_page_data(slug="no-such-indicator", asked=asked) is None


def test_long_table_shows_the_latest_period_and_links_to_every_period(client: Client) -> None:
    data = data_set(groups=3, periods=25)  # 75 rows: more than the page lays out in full
    url = f"/indicators/{data.indicator.slug}/"

    compact = client.get(url).content.decode()
    full = client.get(url, {"table": "all"}).content.decode()

    latest = compact.split('id="latest-table"', 1)[1].split("</table>", 1)[0]
    assert latest.count('<tr class="govuk-table__row">') == 1 + 3
    assert '<th scope="row" class="govuk-table__header">2024</th>' in latest
    assert 'id="data-table"' not in compact
    link = re.search(
        r'<a class="govuk-link" href="([^"]+)"[^>]*>Show the data for every period '
        r"\(75 rows\)</a>",
        compact,
    )
    assert link
    assert link.group(1).endswith("&amp;table=all#data-table")
    # The trend chart's data is the full table, one link away; the latest chart's is on the page.
    assert compact.count('&amp;table=all#data-table">Data table for this chart</a>') == 2
    assert compact.count('href="#latest-table">Data table for this chart</a>') == 1
    table = full.split('id="data-table"', 1)[1].split("</table>", 1)[0]
    assert table.count('<tr class="govuk-table__row">') == 1 + 3 * 25
    assert full.count('href="#data-table">Data table for this chart</a>') == 2


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("Relative poverty", "relative poverty"),
        ("GCSE English and maths", "GCSE English and maths"),
        ("Below the Real Living Wage", "below the Real Living Wage"),
    ],
)
def test_titles_read_naturally_inside_the_summary_sentence(title: str, subject: str) -> None:
    assert sentence_subject(title) == subject
