"""Direction of travel (Fingertips recent-trend rule) and progress against targets."""

import math

import pytest

from indicators import stats

# --- Recent trend: Fingertips reference cases -------------------------------------------------


# Source: ukhsa-collaboration/fingertips-open,
# PholioVisualisationWS/AnalysisTest/TrendMarkerCalculatorTest.cs: (values, lower, upper) of its
# trend data sets, years 2014-2018 put in time order.
FINGERTIPS_SETS = {
    "GetTrendData_Set1": (
        [24.67, 24.6, 28, 30.2, 30.6],
        [23.16, 23.15, 26.44, 28.63, 28.98],
        [26.25, 26.19, 29.64, 31.9, 32.25],
    ),
    "GetTrendData_Set2": (
        [20.5506, 19.5952, 19.0349, 21.3966, 18.4372],
        [18.1803, 17.3444, 16.8421, 19.0918, 16.2925],
        [23.1427, 22.0602, 21.4394, 23.8975, 20.7941],
    ),
}


def test_fingertips_significant_increase_and_its_chi_squared():
    # TestIsSignificantReturnsTrue (Set1): significant, χ² rounds to 46.77.
    result = stats.trend(*FINGERTIPS_SETS["GetTrendData_Set1"])
    assert result.significant is True
    assert round(result.chi2, 2) == 46.77
    assert result.direction == "increasing"


def test_fingertips_no_significant_change():
    # TestIsSignificantReturnsFalse (Set2).
    result = stats.trend(*FINGERTIPS_SETS["GetTrendData_Set2"])
    assert result.significant is False
    assert result.direction == "no_change"


@pytest.mark.parametrize(
    ("values", "lower", "upper", "direction"),
    [
        # Source: dhsc-govuk/FingertipsNext,
        # trend-analysis/TrendAnalysisApp.UnitTests/Legacy/TrendMarkerCalculatorTests.cs (the
        # legacy Fingertips calculator, which always uses the interval method), 2020-2024.
        (  # CheckDiabetesTrendMarkersAreCorrect → Increasing
            [7.0826, 7.1085, 7.2571, 7.4528, 7.6554],
            [7.0754, 7.1013, 7.2499, 7.4456, 7.6481],
            [7.094, 7.1199, 7.2684, 7.4643, 7.6669],
            "increasing",
        ),
        (  # GenerateYorkshireMmrCoverageTrendMarkersAreCorrect → Decreasing
            [92.6254, 92.3221, 90.8708, 90.017, 90.1013],
            [92.4168, 92.1072, 90.6358, 89.7694, 89.8578],
            [92.8288, 92.5315, 91.1004, 90.2594, 90.3396],
            "decreasing",
        ),
        (  # DiabeticEyeDiseaseTrendMarkersAreCorrect → Increasing
            [2.935, 1.93028, 2.7567, 2.8701, 3.0121],
            [2.7841, 1.8085, 2.6113, 2.7225, 2.8616],
            [3.0919, 2.058, 2.9082, 3.0237, 3.1683],
            "increasing",
        ),
    ],
)
def test_fingertips_next_trend_markers(values, lower, upper, direction):
    assert stats.trend(values, lower, upper).direction == direction


def test_series_without_limits_cannot_be_calculated():
    # Source: dhsc-govuk/FingertipsNext (file above),
    # CheckGPRegisteredPopulationTrendMarkersAreCorrect: values without intervals give NoChange.
    nan = float("nan")
    result = stats.trend([17.5144, 17.3646, 17.6087, 17.6782, 17.7872], [nan] * 5, [nan] * 5)
    assert result.direction == "no_change"
    assert math.isnan(result.chi2)
    assert result.significant is False


# --- Recent trend: the rule itself ------------------------------------------------------------


def test_uses_only_the_last_five_points_with_limits():
    values = [99.0, 24.67, 24.6, 28, 30.2, 30.6]
    lower = [98.0, 23.16, 23.15, 26.44, 28.63, 28.98]
    upper = [100.0, 26.25, 26.19, 29.64, 31.9, 32.25]
    with_old_point = stats.trend(values, lower, upper)
    assert round(with_old_point.chi2, 2) == 46.77
    # A missing point is skipped, and the earlier point takes its place.
    gappy = stats.trend(
        [24.67, 24.6, None, 28, 30.2, 30.6],
        [23.16, 23.15, None, 26.44, 28.63, 28.98],
        [26.25, 26.19, None, 29.64, 31.9, 32.25],
    )
    assert round(gappy.chi2, 2) == 46.77


def test_one_outlier_that_reverses_the_slope_blocks_significance():
    # Worked example: 10, 10, 10, 10 then 30, all with SE 1 (limits ±1.96). The full slope is
    # positive (χ² = (4/√(1/10))² = 160 > 9.55), but leaving out the last point gives a slope of
    # 0, which counts as positive too, so the sign survives: significant increase.
    values = [10, 10, 10, 10, 30]
    limits = ([v - 1.96 for v in values], [v + 1.96 for v in values])
    assert stats.trend(values, *limits).direction == "increasing"
    # Now 10, 10, 10, 9, 30: without the last point the slope is negative (the drop to 9), so
    # the slope changes sign when one point is removed and the trend is not significant.
    values = [10, 10, 10, 9, 30]
    limits = ([v - 1.96 for v in values], [v + 1.96 for v in values])
    result = stats.trend(values, *limits)
    assert result.chi2 > 9.5495
    assert result.significant is False


def test_single_period_cannot_be_calculated():
    assert math.isnan(stats.trend([5.0], [4.0], [6.0]).chi2)


def test_trend_rejects_inverted_limits():
    with pytest.raises(ValueError, match="above its upper"):
        stats.trend([1, 2, 3, 4, 5], [0, 1, 2, 3, 6], [2, 3, 4, 5, 4])


#: (direction of a significant trend, polarity) → its direction of travel.
TRAVEL_LABELS = {
    ("increasing", "higher_is_better"): "improving",
    ("increasing", "lower_is_better"): "worsening",
    ("decreasing", "lower_is_better"): "improving",
    ("decreasing", "neither"): "decreasing",
}


@pytest.mark.parametrize(
    ("direction", "polarity", "label"),
    [(direction, polarity, label) for (direction, polarity), label in TRAVEL_LABELS.items()],
)
def test_direction_of_travel_labels(direction, polarity, label):
    result = stats.Trend(direction, 50.0, True)
    assert stats.direction_of_travel(result, polarity) == label


def test_direction_of_travel_without_data_or_significance():
    assert stats.direction_of_travel(stats.Trend("no_change", math.nan, False), "neither") == (
        "not_enough_data"
    )
    assert stats.direction_of_travel(stats.Trend("no_change", 2.0, False), "neither") == (
        "no_significant_change"
    )


# --- Progress against a target -----------------------------------------------------------------


def test_progress_worked_example_some_progress():
    # Baseline 60 in 2020, target 70 by 2030, latest 63 in 2024:
    # expected = 60 + (70 − 60) × 4/10 = 64; ratio = (63 − 60)/(64 − 60) = 0.75 → some progress.
    result = stats.progress(2020, 60, 2030, 70, 2024, 63)
    assert result == stats.Progress("some_progress", pytest.approx(0.75), pytest.approx(64.0))


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (63.8, "on_track"),  # ratio 3.8/4 = 0.95, the boundary, is on track
        (64.5, "on_track"),  # ahead of the line
        (62.0, "some_progress"),  # 2/4 = 0.5, the boundary, is some progress
        (61.9, "off_track"),  # 1.9/4 = 0.475
        (60.0, "off_track"),  # no movement
        (58.0, "off_track"),  # the wrong way: ratio −0.5
    ],
)
def test_progress_thresholds(latest, status):
    assert stats.progress(2020, 60, 2030, 70, 2024, latest).status == status


def test_progress_towards_a_lower_target():
    # Baseline 20 in 2020, target 10 by 2030, latest 17 in 2025: expected 15, ratio 3/5 = 0.6.
    result = stats.progress(2020, 20, 2030, 10, 2025, 17)
    assert result.ratio == pytest.approx(0.6)
    assert result.status == "some_progress"


def test_progress_after_the_target_year_is_judged_against_the_target():
    result = stats.progress(2020, 60, 2030, 70, 2032, 69)
    assert result.expected == 70
    assert result.ratio == pytest.approx(0.9)
    assert result.status == "missed"


@pytest.mark.parametrize(
    "latest",
    [
        (2020, 61),  # no data after the baseline
        (None, None),  # no latest value at all
        (2024, None),  # a year but no value
    ],
)
def test_progress_without_data_after_baseline(latest):
    assert stats.progress(2020, 60, 2030, 70, *latest).status == "not_enough_data"


def test_a_maintain_target_is_judged_with_the_polarity():
    # Issue 10, finding 10: a target equal to its baseline ("keep it at 60%") was "not enough
    # data". It is on track while the latest value is not significantly worse than the target.
    assert stats.progress(2020, 60, 2030, 60, 2024, 60).status == "on_track"
    higher = {"polarity": "higher_is_better"}
    assert stats.progress(2020, 60, 2030, 60, 2024, 61, **higher).status == "on_track"
    assert stats.progress(2020, 60, 2030, 60, 2024, 59, **higher).status == "off_track"
    # 59 with limits 57.5 to 60.5 reaches 60, so it is not significantly worse: on track.
    within = stats.progress(
        2020, 60, 2030, 60, 2024, 59, latest_lower=57.5, latest_upper=60.5, **higher
    )
    assert within.status == "on_track"
    assert math.isnan(within.ratio)
    assert within.expected == 60
    below = stats.progress(2020, 60, 2030, 60, 2024, 57, latest_lower=56, latest_upper=58, **higher)
    assert below.status == "off_track"
    lower = {"polarity": "lower_is_better"}
    assert stats.progress(2020, 60, 2030, 60, 2024, 59, **lower).status == "on_track"
    # At the deadline: met or missed.
    assert stats.progress(2020, 60, 2030, 60, 2030, 61, **higher).status == "met"
    assert (
        stats.progress(
            2020, 60, 2030, 60, 2031, 57, latest_lower=56, latest_upper=58, **higher
        ).status
        == "missed"
    )


def test_a_maintain_target_without_polarity_needs_limits_to_judge_a_change():
    assert stats.progress(2020, 60, 2030, 60, 2024, 61).status == "not_enough_data"
    both_sides = {"latest_lower": 59.0, "latest_upper": 63.0}
    assert stats.progress(2020, 60, 2030, 60, 2024, 61, **both_sides).status == "on_track"
    away = {"latest_lower": 60.5, "latest_upper": 61.5}
    assert stats.progress(2020, 60, 2030, 60, 2024, 61, **away).status == "off_track"


@pytest.mark.parametrize(("latest", "status"), [(69.0, "missed"), (70.0, "met"), (70.5, "met")])
def test_progress_at_or_after_the_deadline_is_met_or_missed(latest, status):
    # Issue 10, finding 10: after the deadline 69 (short of 70) was "on track", because the
    # expected value stops at the target and 69 is 90% of the way there.
    assert stats.progress(2020, 60, 2030, 70, 2032, latest).status == status
    assert stats.progress(2020, 60, 2030, 70, 2030, latest).status == status


def test_met_or_missed_towards_a_lower_target():
    assert stats.progress(2020, 20, 2030, 10, 2030, 9.5).status == "met"
    assert stats.progress(2020, 20, 2030, 10, 2031, 10.5).status == "missed"


def test_an_interval_that_reaches_the_trajectory_is_on_track():
    # Issue 10, finding 10. Baseline 60 in 2020, target 70 by 2030, latest in 2021: expected
    # 61. Without limits 60.6 is some progress (ratio 0.6) and 60.4 off track (ratio 0.4); with
    # ±2.5 both intervals reach 61, so neither can be told from being on the line.
    assert stats.progress(2020, 60, 2030, 70, 2021, 60.6).status == "some_progress"
    assert stats.progress(2020, 60, 2030, 70, 2021, 60.4).status == "off_track"
    for latest in (60.6, 60.4):
        result = stats.progress(
            2020, 60, 2030, 70, 2021, latest, latest_lower=latest - 2.5, latest_upper=latest + 2.5
        )
        assert result.status == "on_track"
        assert result.ratio == pytest.approx((latest - 60) / 1)


def test_limits_lift_a_status_only_as_far_as_the_interval_reaches():
    # Expected 64 by 2024 (ratio thresholds at 63.8 and 62.0). 61.0 (60.5 to 62.5): the upper
    # limit 62.5 is (62.5 − 60)/4 = 0.625 of the way: some progress, not on track.
    result = stats.progress(2020, 60, 2030, 70, 2024, 61.0, latest_lower=60.5, latest_upper=62.5)
    assert result.status == "some_progress"
    assert result.ratio == pytest.approx(0.25)
    # A narrow interval short of the halfway line stays off track: 61.0 (60.8 to 61.2).
    tight = stats.progress(2020, 60, 2030, 70, 2024, 61.0, latest_lower=60.8, latest_upper=61.2)
    assert tight.status == "off_track"
    # For a falling target the end nearer the target is the lower limit: baseline 20, target
    # 10 by 2030, latest 18 in 2025 (expected 15): 18 (14.5 to 21.5) reaches 15.
    falling = stats.progress(2020, 20, 2030, 10, 2025, 18, latest_lower=14.5, latest_upper=21.5)
    assert falling.status == "on_track"


def test_progress_rejects_inverted_limits_and_unknown_polarity():
    with pytest.raises(ValueError, match="above its upper"):
        stats.progress(2020, 60, 2030, 70, 2024, 63, latest_lower=65, latest_upper=61)
    with pytest.raises(ValueError, match="polarity"):
        stats.progress(2020, 60, 2030, 70, 2024, 63, polarity="up")  # type: ignore[arg-type]


def test_progress_rejects_a_target_before_the_baseline():
    with pytest.raises(ValueError, match="target year"):
        stats.progress(2020, 60, 2019, 70, 2024, 63)


# --- Zero-width intervals (issue 10, finding 8) -----------------------------------------------


def test_zero_width_interval_is_skipped_like_a_missing_one():
    # The Fingertips set (χ² 46.77) followed by a point whose interval has no width: the point is
    # read as having no interval, so the rule still uses the five before it.
    values = [24.67, 24.6, 28, 30.2, 30.6, 31.0]
    lower = [23.16, 23.15, 26.44, 28.63, 28.98, 31.0]
    upper = [26.25, 26.19, 29.64, 31.9, 32.25, 31.0]
    assert round(stats.trend(values, lower, upper).chi2, 2) == 46.77
    # Five points, one without width: not enough points, rather than an error or a real test.
    assert math.isnan(stats.trend(values[1:], lower[1:], upper[1:]).chi2)
