"""The statistics the pages compute are the statistics module's, called the right way: the
slope index as PHE computes it for a percentage, limits read at the release's confidence,
gaps of percentages from their counts, and survey figures with their design factor."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from django.http import QueryDict
from django.test import Client

from dashboard.indicator_page import rows as page_rows
from dashboard.indicator_page.data import indicator_page_data
from dashboard.indicator_page.filters import requested
from dashboard.indicator_page.sii import SII_REPETITIONS, SII_SEED
from indicators import stats
from indicators.models import Characteristic, Indicator, Release
from tests import factories
from tests.dashboard.factories import data_set, published_release, two_groups

pytestmark = pytest.mark.django_db


def _figure(html: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    assert match, f"no figure for {chart_id}"
    return json.loads(match.group(1))


def _rows(indicator: Indicator):
    data = indicator_page_data(slug=indicator.slug, asked=requested(QueryDict()))
    assert data is not None
    return page_rows.page_rows(data)


def test_the_slope_index_of_a_percentage_is_phes_on_the_logit_scale(client: Client) -> None:
    imd = factories.characteristic(
        name="IMD quintile", groups=[f"Quintile {i}" for i in range(1, 6)], is_ordered=True,
        kind=Characteristic.Kind.SOCIO_ECONOMIC,
    )  # fmt: skip
    values = [14.0, 12.5, 11.0, 10.5, 10.0]
    data = data_set(groups=5, periods=1, characteristic=imd,
                    value=lambda g, p, place, r: values[g])  # fmt: skip

    html = client.get(f"/indicators/{data.indicator.slug}/").content.decode()

    # Equal populations (every group's denominator is 1,000); limits ± 1 point.
    fraction = np.array(values) / 100
    expected = stats.sii_rii(
        [1, 2, 3, 4, 5],
        [1000] * 5,
        fraction,
        lower=fraction - 0.01,
        upper=fraction + 0.01,
        value_type="proportion",
        transform=True,
        multiplier=100,
        repetitions=SII_REPETITIONS,
        seed=SII_SEED,
    )
    figure = _figure(html, "chart-sii")["data"][0]
    assert figure["y"] == pytest.approx([expected.sii], abs=1e-3)
    linear = stats.sii_rii([1, 2, 3, 4, 5], [1000] * 5, values, lower=np.subtract(values, 1),
                           upper=np.add(values, 1), repetitions=1000, seed=1)  # fmt: skip
    assert abs(expected.sii - linear.sii) > 0.01  # the transform makes a difference here


def test_the_slope_index_of_a_rate_is_fitted_on_the_log_scale(client: Client) -> None:
    imd = factories.characteristic(
        name="IMD quintile", groups=[f"Quintile {i}" for i in range(1, 6)], is_ordered=True,
        kind=Characteristic.Kind.SOCIO_ECONOMIC,
    )  # fmt: skip
    indicator = factories.indicator(
        measure_type=Indicator.MeasureType.RATE, rate_per=1000, unit="per 1,000"
    )
    values = [20.0, 16.0, 13.0, 11.0, 10.0]
    data_set(indicator=indicator, periods=1, characteristic=imd,
             value=lambda g, p, place, r: values[g])  # fmt: skip

    html = client.get(f"/indicators/{indicator.slug}/").content.decode()

    expected = stats.sii_rii(
        [1, 2, 3, 4, 5], [1000] * 5, values, lower=np.subtract(values, 1),
        upper=np.add(values, 1), value_type="rate", transform=True,
        repetitions=SII_REPETITIONS, seed=SII_SEED,
    )  # fmt: skip
    # (the chart carries figures to five significant digits)
    assert _figure(html, "chart-sii")["data"][0]["y"] == pytest.approx([expected.sii], abs=1e-3)


def test_limits_published_at_90_percent_are_read_as_90_percent() -> None:
    # 30 (25 to 35) against 20 (18 to 22), 90% limits: standard errors 10/(2 × 1.645) = 3.04
    # and 4/3.29 = 1.22, so the gap's 95% interval is 10 ± 1.96 × 3.27 = 3.6 to 16.4 (at 95%
    # limits it would be 4.6 to 15.4).
    indicator, white, black = two_groups(
        groups=("White", "Black"), measure_type=Indicator.MeasureType.MEAN, unit="days"
    )
    place, period = factories.geography(), factories.period(2023)
    release = published_release(
        indicator=indicator,
        rows=[
            {"group_a": white, "period": period, "geography": place, "value": 20.0,
             "lower": 18.0, "upper": 22.0},
            {"group_a": black, "period": period, "geography": place, "value": 30.0,
             "lower": 25.0, "upper": 35.0},
        ],
    )  # fmt: skip
    Release.objects.filter(pk=release.pk).update(limits_confidence=90)

    rows = _rows(indicator)

    gap = rows[rows["group_id"] == black.pk].iloc[0]
    assert (gap["difference_lower"], gap["difference_upper"]) == pytest.approx(
        (3.58, 16.42), abs=0.01
    )


def test_a_percentage_gap_comes_from_both_groups_counts() -> None:
    # 81 of 270 (30%) against 200 of 1,000 (20%): Newcombe's interval for the difference,
    # 4.2 to 16.2 (the limits alone, ± 1, would give about 7.2 to 12.8).
    indicator, ref, other = two_groups(groups=("White", "Black"))
    place, period = factories.geography(), factories.period(2023)
    published_release(
        indicator=indicator,
        rows=[
            {"group_a": ref, "period": period, "geography": place, "value": 20.0,
             "lower": 19.0, "upper": 21.0, "numerator": 200, "denominator": 1000},
            {"group_a": other, "period": period, "geography": place, "value": 30.0,
             "lower": 29.0, "upper": 31.0, "numerator": 81, "denominator": 270},
        ],
    )  # fmt: skip

    rows = _rows(indicator)

    gap = rows[rows["group_id"] == other.pk].iloc[0]
    assert bool(gap["gap_from_counts"])
    assert gap["difference"] == pytest.approx(10.0)
    assert (gap["difference_lower"], gap["difference_upper"]) == pytest.approx(
        (4.23, 16.18), abs=0.01
    )


def test_a_survey_gap_uses_its_sample_sizes_with_the_design_factor() -> None:
    # Survey percentages with sample sizes and no published limits: with deft 1.5 each
    # sample counts as n / 2.25 people; without a recorded design factor there are no limits
    # and the gap is not tested.
    values = {"White": (20.0, 2000), "Black": (30.0, 900)}
    indicator, ref, other = two_groups(groups=("White", "Black"), is_survey=True,
                                       design_factor=1.5)  # fmt: skip
    place, period = factories.geography(), factories.period(2023)
    published_release(
        indicator=indicator,
        rows=[
            {"group_a": g, "period": period, "geography": place, "value": values[g.name][0],
             "sample_size": values[g.name][1], "numerator": values[g.name][0] * 1e4,
             "denominator": 1e6}
            for g in (ref, other)
        ],
    )  # fmt: skip

    rows = _rows(indicator)

    gap = rows[rows["group_id"] == other.pk].iloc[0]
    own = stats.proportion_gap_arrays([0.30 * 900], [900], [0.20 * 2000], [2000],
                                      deft1=[1.5], deft2=[1.5])  # fmt: skip
    assert gap["difference_lower"] == pytest.approx(100 * own.difference_lower[0])
    assert gap["difference_upper"] == pytest.approx(100 * own.difference_upper[0])
    black = rows[rows["group_id"] == other.pk].iloc[0]
    limits = stats.proportion_ci(0.30 * 900, 900, multiplier=100, deft=1.5)
    assert (black["lower"], black["upper"]) == pytest.approx((limits.lower, limits.upper))

    Indicator.objects.filter(pk=indicator.pk).update(design_factor=None)
    unknown = _rows(indicator)

    assert unknown["lower"].isna().all()
    assert math.isnan(unknown[unknown["group_id"] == other.pk].iloc[0]["difference_lower"])
