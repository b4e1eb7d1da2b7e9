"""Vectorised DataFrame helpers used by the dashboard pages."""

import math

import numpy as np
import pandas as pd
import pytest

from indicators import stats


@pytest.fixture
def observations():
    return pd.DataFrame(
        {
            "period": ["2022", "2022", "2022", "2023", "2023", "2023", "2024", "2024"],
            "group": ["White", "Black", "Asian", "White", "Black", "Asian", "Black", "Asian"],
            "value": [20.0, 30.0, 21.0, 20.0, 28.0, None, 26.0, 25.0],
            "lower": [18.0, 25.0, 17.0, 18.0, None, None, 22.0, 21.0],
            "upper": [22.0, 35.0, 25.0, 22.0, None, None, 30.0, 29.0],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    )


def test_gaps_frame_matches_gap_for_every_row(observations):
    result = stats.gaps_frame(observations, reference_group="White")
    assert list(result.index) == list(observations.index)
    row = result.loc[11]
    expected = stats.gap(30, 25, 35, 20, 18, 22)
    assert row["difference"] == pytest.approx(expected.difference)
    assert row["difference_lower"] == pytest.approx(expected.difference_lower)
    assert row["ratio_upper"] == pytest.approx(expected.ratio_upper)
    assert bool(row["significant"]) is True
    assert row["ref_value"] == 20.0


def test_gaps_frame_blanks_reference_rows_and_periods_without_reference(observations):
    result = stats.gaps_frame(observations, reference_group="White")
    reference_row = result.loc[10]
    assert bool(reference_row["is_reference"]) is True
    assert math.isnan(reference_row["difference"])
    assert reference_row["significant"] is pd.NA
    # 2024 has no White row: no reference, so no gap.
    assert math.isnan(result.loc[16, "difference"])
    assert result.loc[16, "significant"] is pd.NA


def test_gaps_frame_missing_limits_give_difference_without_significance(observations):
    result = stats.gaps_frame(observations, reference_group="White")
    assert result.loc[14, "difference"] == 8.0
    assert math.isnan(result.loc[14, "difference_lower"])
    assert result.loc[14, "significant"] is pd.NA
    assert bool(result.loc[12, "significant"]) is False  # Asian 2022: 21 (17-25) vs 20 (18-22)


def test_gaps_frame_columns_and_types(observations):
    result = stats.gaps_frame(observations, reference_group="White")
    for column in stats.GAP_COLUMNS:
        assert column in result.columns
    assert str(result["significant"].dtype) == "boolean"
    assert "difference" not in observations.columns  # input untouched


def test_gaps_frame_by_separate_series_and_reference_column():
    frame = pd.DataFrame(
        {
            "geography": ["E", "E", "W", "W"],
            "period": [2023] * 4,
            "group": ["Female", "Male", "Female", "Male"],
            "value": [10.0, 12.0, 30.0, 24.0],
            "lower": [9.0, 11.0, 28.0, 22.0],
            "upper": [11.0, 13.0, 32.0, 26.0],
            "is_ref": [False, True, True, False],
        }
    )
    result = stats.gaps_frame(frame, reference_col="is_ref", by=["geography"])
    assert result["difference"].tolist()[0] == -2.0
    assert math.isnan(result["difference"].tolist()[1])
    assert result["difference"].tolist()[3] == -6.0


def test_gaps_frame_rejects_two_references_in_one_period(observations):
    doubled = pd.concat([observations, observations.iloc[[0]]])
    with pytest.raises(ValueError, match="more than one reference"):
        stats.gaps_frame(doubled, reference_group="White")


def test_gaps_frame_needs_exactly_one_way_to_find_the_reference(observations):
    with pytest.raises(ValueError, match="exactly one"):
        stats.gaps_frame(observations)


def test_gaps_frame_is_vectorised_over_many_rows():
    # 50 groups × 200 periods = 10,000 rows in one call.
    rng = np.random.default_rng(0)
    periods = np.repeat(np.arange(200), 50)
    groups = np.tile([f"g{i}" for i in range(50)], 200)
    values = rng.uniform(10, 90, periods.size)
    frame = pd.DataFrame(
        {
            "period": periods,
            "group": groups,
            "value": values,
            "lower": values - 2,
            "upper": values + 2,
        }
    )
    result = stats.gaps_frame(frame, reference_group="g0")
    assert result["difference"].notna().sum() == 49 * 200
    sample = result.iloc[1234]
    reference = frame[(frame["period"] == sample["period"]) & (frame["group"] == "g0")].iloc[0]
    assert sample["difference"] == pytest.approx(sample["value"] - reference["value"])


def test_limits_from_counts_fills_only_missing_limits():
    frame = pd.DataFrame(
        {
            "numerator": [81, 65, None],
            "denominator": [263, 100, 50],
            "value": [None, 65.0, 12.0],
            "lower": [None, 60.0, 10.0],
            "upper": [None, 70.0, 14.0],
        }
    )
    result = stats.limits_from_counts(frame, method="proportion", multiplier=100)
    first = stats.proportion_ci(81, 263, multiplier=100)
    assert tuple(result.loc[0, ["value", "lower", "upper"]]) == pytest.approx(tuple(first))
    assert tuple(result.loc[1, ["value", "lower", "upper"]]) == (65.0, 60.0, 70.0)
    assert tuple(result.loc[2, ["value", "lower", "upper"]]) == (12.0, 10.0, 14.0)
    assert result["limits_from_counts"].tolist() == [True, False, False]


def test_limits_from_counts_for_rates_and_overwrite():
    frame = pd.DataFrame({"numerator": [0, 65], "denominator": [1000, 100_000]})
    result = stats.limits_from_counts(frame, method="rate", multiplier=100_000, overwrite=True)
    assert result.loc[0, "lower"] == 0.0
    assert result.loc[1, "lower"] == pytest.approx(stats.rate_ci(65, 100_000).lower)


def test_limits_from_counts_rejects_impossible_counts():
    frame = pd.DataFrame({"numerator": [11], "denominator": [10]})
    with pytest.raises(ValueError, match="x ≤ n"):
        stats.limits_from_counts(frame, method="proportion")


def test_compare_frame_matches_compare_to_benchmark():
    frame = pd.DataFrame(
        {
            "value": [2.6, 2.6, 2.6, None],
            "lower": [2.5, 2.5, 2.5, 1.0],
            "upper": [2.7, 2.7, 2.7, 2.0],
            "lower998": [2.3, 2.3, 2.3, 0.5],
            "upper998": [2.9, 2.9, 2.9, 2.5],
            "benchmark": [3.0, 2.8, 2.6, 1.5],
        }
    )
    result = stats.compare_frame(
        frame, polarity="lower_is_better", lower998="lower998", upper998="upper998"
    )
    assert result["comparison_95"].tolist() == ["better", "better", "similar", None]
    assert result["comparison_998"].tolist() == ["better", "similar", "similar", None]


def test_trends_frame_one_row_per_series():
    values = [24.67, 24.6, 28, 30.2, 30.6]
    lower = [23.16, 23.15, 26.44, 28.63, 28.98]
    upper = [26.25, 26.19, 29.64, 31.9, 32.25]
    frame = pd.DataFrame(
        {
            "group": ["A"] * 5 + ["B"] * 2,
            "period": [2018, 2014, 2016, 2017, 2015, 2023, 2024],
            "value": [values[4], values[0], values[2], values[3], values[1], 1.0, 2.0],
            "lower": [lower[4], lower[0], lower[2], lower[3], lower[1], 0.5, 1.5],
            "upper": [upper[4], upper[0], upper[2], upper[3], upper[1], 1.5, 2.5],
        }
    )
    result = stats.trends_frame(frame, by=["group"], polarity="higher_is_better")
    assert result["group"].tolist() == ["A", "B"]
    assert result.loc[0, "direction"] == "increasing"
    assert round(result.loc[0, "chi2"], 2) == 46.77
    assert result.loc[0, "travel"] == "improving"
    assert result.loc[1, "travel"] == "not_enough_data"
    assert result.loc[1, "points"] == 2


# --- Gaps from counts (issue 10, finding 7) ---------------------------------------------------


@pytest.fixture
def counted():
    # 2023: Black 81 of 270 (30%) and White 200 of 1,000 (20%), with published limits too.
    # 2024: the White row has no counts, so the published limits are used.
    return pd.DataFrame(
        {
            "period": [2023, 2023, 2024, 2024],
            "group": ["White", "Black", "White", "Black"],
            "value": [20.0, 30.0, 20.0, 30.0],
            "lower": [18.0, 25.0, 18.0, 25.0],
            "upper": [22.0, 35.0, 22.0, 35.0],
            "numerator": [200, 81, None, 81],
            "denominator": [1000, 270, None, 270],
        }
    )


def test_gaps_frame_uses_newcombe_and_katz_when_both_groups_have_counts(counted):
    result = stats.gaps_frame(
        counted, reference_group="White", numerator="numerator", denominator="denominator"
    )
    newcombe = stats.proportion_difference(81, 270, 200, 1000)
    katz = stats.proportion_ratio(81, 270, 200, 1000)
    row = result.loc[1]
    assert bool(row["gap_from_counts"]) is True
    assert row["difference"] == pytest.approx(10.0)
    # Newcombe: 4.23 to 16.18 percentage points (the limits alone gave 4.61 to 15.39).
    assert row["difference_lower"] == pytest.approx(100 * newcombe.lower)
    assert row["difference_lower"] == pytest.approx(4.2307, abs=1e-4)
    assert row["difference_upper"] == pytest.approx(16.1844, abs=1e-4)
    assert row["ratio_lower"] == pytest.approx(katz.lower)
    assert bool(row["significant"]) is True
    published = result.loc[3]
    assert bool(published["gap_from_counts"]) is False
    assert published["difference_lower"] == pytest.approx(stats.gap(30, 25, 35, 20, 18, 22)[1])


def test_gaps_frame_does_not_use_counts_of_a_survey_without_design_factor(counted):
    counted["deft"] = [1.3, math.nan, 1.3, 1.3]
    result = stats.gaps_frame(
        counted,
        reference_group="White",
        numerator="numerator",
        denominator="denominator",
        deft="deft",
    )
    # 2023 Black: design factor unknown, so the publisher's limits (which allow for the design).
    assert bool(result.loc[1, "gap_from_counts"]) is False
    assert result.loc[1, "difference_lower"] == pytest.approx(stats.gap(30, 25, 35, 20, 18, 22)[1])


def test_gaps_frame_reads_the_confidence_of_published_limits(observations):
    as_90 = stats.gaps_frame(observations, reference_group="White", input_confidence=0.90)
    expected = stats.gap(30, 25, 35, 20, 18, 22, input_confidence=0.90)
    assert as_90.loc[11, "difference_lower"] == pytest.approx(expected.difference_lower)


def test_limits_from_counts_allows_for_the_design_factor():
    frame = pd.DataFrame(
        {"numerator": [300, 300, 300], "denominator": [1000] * 3, "deft": [1.0, 1.5, math.nan]}
    )
    result = stats.limits_from_counts(frame, method="proportion", deft="deft")
    assert result.loc[1, "lower"] == pytest.approx(25.9258, abs=1e-4)
    # A survey without a recorded design factor is left without limits.
    assert math.isnan(result.loc[2, "lower"])
    assert result["limits_from_counts"].tolist() == [True, True, False]
