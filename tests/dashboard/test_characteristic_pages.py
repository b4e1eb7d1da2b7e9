"""/characteristics/ (coverage matrix) and /characteristics/<slug>/ (heat table)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from indicators.models import Characteristic, Indicator
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

    heat = html.split('id="heat-table"', 1)[1].split("</table>", 1)[0]
    assert heat.count('<tr class="govuk-table__row">') == 1 + 3


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


def _summary_headers(html: str) -> list[str]:
    table = html.split('id="summary-table"', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)


def _summary_cells(html: str, indicator_title: str) -> list[str]:
    table = html.split('id="summary-table"', 1)[1].split("</table>", 1)[0]
    return _cells(table, indicator_title)


def test_summary_measures_of_an_ordered_dimension_are_heats_ordered_ones(client: Client) -> None:
    imd = factories.characteristic(
        name="IMD quintile", groups=[f"Quintile {i}" for i in range(1, 6)], is_ordered=True,
        kind=Characteristic.Kind.SOCIO_ECONOMIC,
    )  # fmt: skip
    # Lower is better; the most deprived quintile is worst: D = most deprived − least deprived
    # = 14.0 − 10.0 = +4.0 points, R = 14 / 10 = 1.40 (healthequal's orientation for an
    # adverse indicator).
    poverty = factories.indicator(title="Poverty")
    data_set(characteristic=imd, groups=5, periods=1, indicator=poverty,
             value=lambda g, p, place, r: [14.0, 13.0, 12.0, 11.0, 10.0][g])  # fmt: skip

    html = client.get(f"/characteristics/{imd.slug}/").content.decode()

    headers = _summary_headers(html)
    assert "Slope index of inequality (SII)" in headers
    assert "Relative concentration index (RCI)" in headers
    for unordered in ("Between-group variance", "Theil index", "Mean log deviation",
                      "Index of disparity", "Mean difference from the mean"):  # fmt: skip
        assert not any(h.startswith(unordered) for h in headers)
    cells = _summary_cells(html, "Poverty")
    assert cells[1].startswith("+4.0")
    assert cells[2].startswith("1.40")


def test_summary_measures_of_an_unordered_dimension_are_heats_unordered_ones(
    client: Client,
) -> None:
    characteristic = factories.characteristic(name="Ethnicity", groups=["White", "Black", "Asian"])
    # Lower is better, White the reference: the worst other group is Black, D = 30 − 20 =
    # +10.0 (the reference better off), R = 1.50. Every group has a denominator, so the
    # population-weighted measures are shown.
    data_set(characteristic=characteristic, indicator=factories.indicator(title="Poverty"),
             value=lambda g, p, place, r: [20.0, 30.0, 21.0][g])  # fmt: skip

    html = client.get(f"/characteristics/{characteristic.slug}/").content.decode()

    headers = _summary_headers(html)
    assert "Between-group variance (BGV)" in headers
    assert "Mean difference from the mean (MDMW)" in headers
    for ordered in ("Slope index", "Relative index", "Absolute concentration",
                    "Relative concentration"):  # fmt: skip
        assert not any(h.startswith(ordered) for h in headers)
    cells = _summary_cells(html, "Poverty")
    assert cells[1].startswith("+10.0")
    assert cells[2].startswith("1.50")
    # BGV: equal populations, mean 23.67: ((20 − 23.67)² + (30 − 23.67)² + (21 − 23.67)²) / 3.
    assert cells[5].startswith("20.22")


def test_age_bands_get_no_summary_measures(client: Client) -> None:
    age = factories.characteristic(name="Age", groups=["16 to 24", "25 to 49", "50 and over"],
                                   is_ordered=True)  # fmt: skip
    data_set(characteristic=age)

    html = client.get(f"/characteristics/{age.slug}/").content.decode()

    assert 'id="summary-table"' not in html
    assert "No summary measures for age: its groups are bands" in html
