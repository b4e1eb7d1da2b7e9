"""Which limits the dashboard computes for itself, and from what (dashboard.intervals)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import intervals
from indicators import stats
from indicators.models import Indicator


def _percentage(decimal_places: int = 1) -> Indicator:
    return Indicator(
        measure_type=Indicator.MeasureType.PERCENTAGE, decimal_places=decimal_places, unit="%"
    )


def _frame(**columns: list[float]) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    blank = [math.nan] * size
    base = dict.fromkeys(
        ("value", "lower", "upper", "numerator", "denominator", "sample_size"), blank
    )
    return pd.DataFrame({**base, **columns}, dtype="float64")


def test_a_grossed_up_survey_estimate_uses_its_sample_size_not_its_population() -> None:
    # EFF home ownership: 65.1% of 18,808,000 households, from 22,463 households asked.
    frame = _frame(value=[65.1], numerator=[12_244_008.0], denominator=[18_808_000.0],
                   sample_size=[22_463.0])  # fmt: skip

    out = intervals.with_computed_limits(frame, indicator=_percentage())

    expected = stats.proportion_ci(0.651 * 22_463, 22_463, multiplier=100)
    assert out.loc[0, "lower"] == pytest.approx(expected.lower)
    assert out.loc[0, "upper"] == pytest.approx(expected.upper)
    assert out.loc[0, "upper"] - out.loc[0, "lower"] == pytest.approx(1.25, abs=0.01)
    assert bool(out.loc[0, intervals.COMPUTED])


def test_a_population_estimate_without_a_sample_size_gets_no_limits() -> None:
    frame = _frame(value=[65.1], denominator=[18_808_000.0])

    out = intervals.with_computed_limits(frame, indicator=_percentage())

    assert math.isnan(out.loc[0, "lower"])
    assert math.isnan(out.loc[0, "upper"])
    assert not bool(out.loc[0, intervals.COMPUTED])


def test_counts_are_used_only_when_they_reproduce_the_published_value() -> None:
    # 81 / 263 = 30.80% (genuine counts); 500 / 1,000 = 50% is not the published 30.8.
    frame = _frame(value=[30.8, 30.8], numerator=[81.0, 500.0], denominator=[263.0, 1000.0])

    out = intervals.with_computed_limits(frame, indicator=_percentage())

    assert out.loc[0, "lower"] == pytest.approx(25.5, abs=0.05)
    assert out.loc[0, "upper"] == pytest.approx(36.6, abs=0.05)
    assert out[intervals.COMPUTED].tolist() == [True, False]
    assert math.isnan(out.loc[1, "lower"])


def test_published_limits_are_kept() -> None:
    frame = _frame(value=[30.8], lower=[20.0], upper=[40.0], numerator=[81.0],
                   denominator=[263.0])  # fmt: skip

    out = intervals.with_computed_limits(frame, indicator=_percentage())

    assert (out.loc[0, "lower"], out.loc[0, "upper"]) == (20.0, 40.0)
    assert not bool(out.loc[0, intervals.COMPUTED])


def test_rate_counts_must_reproduce_the_rate() -> None:
    rate = Indicator(measure_type=Indicator.MeasureType.RATE, rate_per=1000, decimal_places=1)
    # 120 per 10,000 people = 12.0 per 1,000; a grossed-up 12.0 from unrelated counts is not.
    frame = _frame(value=[12.0, 12.0], numerator=[120.0, 5.0], denominator=[10_000.0, 90.0])

    out = intervals.with_computed_limits(frame, indicator=rate)

    assert out[intervals.COMPUTED].tolist() == [True, False]
    assert out.loc[0, "lower"] < 12.0 < out.loc[0, "upper"]


def _survey(design_factor: float | None) -> Indicator:
    return Indicator(measure_type=Indicator.MeasureType.PERCENTAGE, decimal_places=1, unit="%",
                     is_survey=True, design_factor=design_factor)  # fmt: skip


def test_a_survey_interval_uses_the_effective_sample_size() -> None:
    # 30% of 1,000 asked, deft 1.5: the effective sample is 1,000 / 2.25 = 444.4 people, so the
    # interval is 25.9% to 34.4% (27.2% to 32.9% from the raw sample size).
    frame = _frame(value=[30.0], sample_size=[1000.0])

    out = intervals.with_computed_limits(frame, indicator=_survey(1.5))

    expected = stats.proportion_ci(300, 1000, multiplier=100, deft=1.5)
    assert (out.loc[0, "lower"], out.loc[0, "upper"]) == pytest.approx(
        (expected.lower, expected.upper)
    )
    assert (round(out.loc[0, "lower"], 1), round(out.loc[0, "upper"], 1)) == (25.9, 34.4)
    assert bool(out.loc[0, intervals.COMPUTED])


def test_a_survey_without_a_design_factor_gets_no_computed_limits() -> None:
    # Limits from the raw sample size would be too narrow; the weighted counts (which do give
    # the published 30.0%) are estimates of the population, not people asked.
    frame = _frame(value=[30.0, 30.0], sample_size=[1000.0, math.nan],
                   numerator=[3e6, 3e6], denominator=[1e7, 1e7])  # fmt: skip

    out = intervals.with_computed_limits(frame, indicator=_survey(None))

    assert out["lower"].isna().all()
    assert not out[intervals.COMPUTED].any()
    counts = intervals.gap_counts(
        frame, methods=pd.Series([intervals.counts_method(_survey(None))] * 2, dtype=object)
    )
    assert counts[intervals.GAP_DEFT].isna().all()


def test_limits_are_computed_at_the_releases_confidence() -> None:
    frame = _frame(value=[30.8], numerator=[81.0], denominator=[263.0])

    out = intervals.with_computed_limits(frame, indicator=_percentage(), confidence=0.90)

    expected = stats.proportion_ci(81, 263, multiplier=100, confidence=0.90)
    assert (out.loc[0, "lower"], out.loc[0, "upper"]) == pytest.approx(
        (expected.lower, expected.upper)
    )


def test_gap_counts_are_the_genuine_counts_of_percentages_only() -> None:
    frame = _frame(value=[30.8, 30.8, 12.0], numerator=[81.0, 500.0, 120.0],
                   denominator=[263.0, 1000.0, 10_000.0])  # fmt: skip
    rate = Indicator(measure_type=Indicator.MeasureType.RATE, rate_per=1000, decimal_places=1)
    methods = pd.Series(
        [intervals.counts_method(_percentage())] * 2 + [intervals.counts_method(rate)],
        dtype=object,
    )

    out = intervals.gap_counts(frame, methods=methods)

    assert out[intervals.GAP_NUMERATOR].tolist()[0] == 81.0
    assert math.isnan(out[intervals.GAP_NUMERATOR].tolist()[1])  # 500 / 1,000 is not 30.8%
    assert math.isnan(out[intervals.GAP_NUMERATOR].tolist()[2])  # a rate: limits only
    assert out[intervals.GAP_DEFT].tolist() == [1.0, 1.0, 1.0]
