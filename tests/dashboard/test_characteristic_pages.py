"""/characteristics/ (coverage matrix) and /characteristics/<slug>/ (heat table)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from indicators.models import Indicator
from tests import factories
from tests.dashboard.factories import data_set, link, published_release

pytestmark = pytest.mark.django_db


def _cells(html: str, indicator_title: str) -> list[str]:
    row = re.search(rf"{re.escape(indicator_title)}</a>(.*?)</tr>", html, re.S)
    assert row, f"no row for {indicator_title}"
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def test_coverage_matrix_shows_data_missing_and_not_broken_down(client: Client) -> None:
    data = data_set(indicator=factories.indicator(title="Poverty"))
    missing = factories.characteristic(name="Disability", groups=["Not disabled", "Disabled"])
    link(data.indicator, missing)
    unrelated = factories.characteristic(name="Religion", groups=["None", "Christian"])

    html = client.get("/characteristics/").content.decode()

    names = [data.characteristic.name, missing.name, unrelated.name]
    order = sorted(names, key=lambda n: html.index(f">{n}</a>"))
    assert _cells(html, "Poverty") == [
        {"Disability": "Missing", "Religion": "Not broken down–"}.get(n, "Data") for n in order
    ]


def test_heat_table_orients_gaps_by_polarity_and_sorts(client: Client) -> None:
    characteristic = factories.characteristic(name="Ethnicity", groups=["White", "Black", "Asian"])

    def values(group: int, period: int, place: object, release: int) -> float:
        return [20.0, 30.0, 21.0][group]  # Black 50% above White; Asian 5%, not significant

    data_set(
        indicator=factories.indicator(title="Unemployment"),
        characteristic=characteristic,
        value=values,
    )
    data_set(
        indicator=factories.indicator(
            title="Degree attainment", polarity=Indicator.Polarity.HIGHER_IS_BETTER
        ),
        characteristic=characteristic,
        value=values,
    )

    html = client.get(f"/characteristics/{characteristic.slug}/").content.decode()
    sorted_html = client.get(
        f"/characteristics/{characteristic.slug}/", {"sort": "g2"}
    ).content.decode()

    assert _cells(html, "Unemployment") == [
        "2002",
        "Reference (Reference group)",
        "+10.0 (Significantly worse)",
        "+1.0 (Not significantly different)",
    ]
    assert "Percentage points, compared with White</span>" in html
    assert 'app-heat--worse-3">+10.0' in html
    assert 'app-heat--better-3">+10.0' in html
    assert html.index("Degree attainment") < html.index("Unemployment")
    assert sorted_html.index("Unemployment") < sorted_html.index("Degree attainment")
    assert 'aria-sort="descending"' in sorted_html


def test_heat_table_shows_published_data_only(client: Client) -> None:
    characteristic = factories.characteristic(name="Sex", groups=["Men", "Women"])
    factories.indicator(title="Draft only indicator")

    html = client.get(f"/characteristics/{characteristic.slug}/").content.decode()

    assert "No published indicator has figures by sex yet." in html
    assert "Draft only indicator" not in html


def test_characteristic_query_budget(client: Client, django_assert_max_num_queries) -> None:
    characteristic = factories.characteristic(groups=[f"Group {i}" for i in range(20)])
    for _ in range(3):
        data_set(characteristic=characteristic, periods=20, geographies=5, releases=3)

    with django_assert_max_num_queries(8):
        html = client.get(f"/characteristics/{characteristic.slug}/").content.decode()
    with django_assert_max_num_queries(8):
        client.get("/characteristics/")

    assert html.count('<tr class="govuk-table__row">') == 1 + 3


def test_heat_table_cells_with_a_gap_never_read_no_data(client: Client) -> None:
    # A net balance can be zero or negative: the old ratio − 1 score was undefined for these.
    characteristic = factories.characteristic(name="Sex", groups=["Male", "Female", "Other"])
    tested = factories.indicator(title="Net balance", unit="points",
                                 measure_type=Indicator.MeasureType.INDEX)  # fmt: skip
    untested = factories.indicator(title="Zero reference", unit="points",
                                   measure_type=Indicator.MeasureType.INDEX)  # fmt: skip
    data_set(indicator=tested, characteristic=characteristic,
             value=lambda g, p, place, r: [-2.0, 3.0, -1.5][g])  # fmt: skip
    link(untested, characteristic)
    published_release(
        indicator=untested,
        rows=[
            {"group_a": group, "period": factories.period(2002), "geography": factories.geography(),
             "value": value}
            for group, value in zip(characteristic.groups.order_by("display_order"),
                                    [0.0, 4.0, 0.0], strict=True)
        ],
    )  # fmt: skip

    html = client.get(f"/characteristics/{characteristic.slug}/", {"sort": "g2"}).content.decode()

    # Female: 5.0 points above Male, whose value is −2; the gap's standard error is
    # √2 × 1/1.96 = 0.72, so it is 6.9 standard errors from none: the darkest step.
    assert _cells(html, "Net balance") == [
        "2002",
        "Reference (Reference group)",
        "+5.0 (Significantly worse)",
        "+0.5 (Not significantly different)",
    ]
    assert 'app-heat--worse-3">+5.0' in html
    assert _cells(html, "Zero reference")[2] == "+4.0 (Not tested: no confidence intervals)"
    assert "No data" not in html.split('id="heat-table"', 1)[-1]
    assert html.index("Net balance") < html.index("Zero reference")
