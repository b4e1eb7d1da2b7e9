"""Differences, ratios, gaps to a reference group and benchmark comparisons."""

import math

import pytest

from indicators import stats

# --- Newcombe hybrid score interval for a difference of proportions -------------------------


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "lower", "upper"),
    [
        # Source: Newcombe RG (1998) "Interval estimation for the difference between independent
        # proportions: comparison of eleven methods", Stat Med 17:873-890, Table II, method 10
        # (score interval without continuity correction), examples (a), (b) and (g). The same
        # figures are quoted as SAS reference values in WUSS 2016 paper 127, p. 9.
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (10, 10, 0, 20, 0.6791, 1.0000),
    ],
)
def test_newcombe_matches_published_table(x1, n1, x2, n2, lower, upper):
    result = stats.proportion_difference(x1, n1, x2, n2)
    assert result.value == pytest.approx(x1 / n1 - x2 / n2)
    assert result.lower == pytest.approx(lower, abs=5e-5)
    assert result.upper == pytest.approx(upper, abs=5e-5)


def test_difference_with_an_empty_group_is_nan():
    assert all(math.isnan(v) for v in stats.proportion_difference(5, 10, 0, 0))


def test_difference_rejects_x_above_n():
    with pytest.raises(ValueError, match="x ≤ n"):
        stats.proportion_difference(11, 10, 3, 10)


# --- Ratios ----------------------------------------------------------------------------------


def test_proportion_ratio_katz_worked_example():
    # 56/70 vs 48/80, worked by hand (Katz et al. 1978):
    #   RR = 0.8/0.6 = 1.333333; SE(ln RR) = √(1/56 − 1/70 + 1/48 − 1/80)
    #      = √(0.0178571 − 0.0142857 + 0.0208333 − 0.0125) = √0.0119048 = 0.1091089
    #   ln RR = 0.2876821; ± 1.959964 × 0.1091089 = ± 0.2138496
    #   limits exp(0.0738325) = 1.076626 and exp(0.5015317) = 1.651249
    result = stats.proportion_ratio(56, 70, 48, 80)
    assert result.value == pytest.approx(4 / 3)
    assert result.lower == pytest.approx(1.076626, abs=1e-6)
    assert result.upper == pytest.approx(1.651249, abs=1e-6)


def test_proportion_ratio_with_zero_counts():
    zero_numerator = stats.proportion_ratio(0, 10, 5, 10)
    assert zero_numerator.value == 0.0
    assert math.isnan(zero_numerator.lower)
    assert all(math.isnan(v) for v in stats.proportion_ratio(5, 10, 0, 10))


def test_rate_ratio_worked_example():
    # 30 events per 10,000 vs 20 per 10,000, worked by hand:
    #   RR = 1.5; SE(ln RR) = √(1/30 + 1/20) = √0.0833333 = 0.2886751
    #   ln 1.5 = 0.4054651; ± 1.959964 × 0.2886751 = ± 0.5657928
    #   limits exp(−0.1603277) = 0.851865 and exp(0.9712579) = 2.641265
    result = stats.rate_ratio(30, 10_000, 20, 10_000)
    assert result.value == pytest.approx(1.5)
    assert result.lower == pytest.approx(0.851865, abs=1e-6)
    assert result.upper == pytest.approx(2.641265, abs=1e-6)


def test_rate_ratio_rejects_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        stats.rate_ratio(-1, 100, 3, 100)


# --- Gap to a reference group ----------------------------------------------------------------


def test_gap_worked_example():
    # Group 30 (95% CI 25 to 35) against reference 20 (18 to 22), worked by hand:
    #   se₁ = (35 − 25)/(2 × 1.959964) = 2.551067; se₂ = (22 − 18)/3.919928 = 1.020427
    #   SE(diff) = √(2.551067² + 1.020427²) = √(6.507944 + 1.041271) = 2.747584
    #   difference 10 ± 1.959964 × 2.747584 = 10 ± 5.385165 → 4.614835 to 15.385165
    #   s₁ = (ln 35 − ln 25)/3.919928 = 0.3364722/3.919928 = 0.0858363
    #   s₂ = (ln 22 − ln 18)/3.919928 = 0.2006707/3.919928 = 0.0511924
    #   SE(ln ratio) = √(0.0858363² + 0.0511924²) = 0.0999427
    #   ratio 1.5: exp(0.4054651 ± 1.959964 × 0.0999427) = exp(0.4054651 ± 0.1958841)
    #            → 1.233161 to 1.824579
    result = stats.gap(30, 25, 35, 20, 18, 22)
    assert result.difference == pytest.approx(10.0)
    assert result.difference_lower == pytest.approx(4.614835, abs=1e-5)
    assert result.difference_upper == pytest.approx(15.385165, abs=1e-5)
    assert result.ratio == pytest.approx(1.5)
    assert result.ratio_lower == pytest.approx(1.233161, abs=1e-5)
    assert result.ratio_upper == pytest.approx(1.824579, abs=1e-5)
    assert result.significant is True


def test_gap_output_confidence_does_not_change_how_inputs_are_read():
    # Input limits are 95% whatever the output confidence: at 99.8% the SE is the same
    # (2.747584) and only z changes, to 3.090232: 10 ± 8.490671 → 1.509329 to 18.490671.
    result = stats.gap(30, 25, 35, 20, 18, 22, confidence=0.998)
    assert result.difference_lower == pytest.approx(1.509329, abs=1e-5)
    assert result.difference_upper == pytest.approx(18.490671, abs=1e-5)


def test_gap_not_significant_when_interval_includes_zero():
    assert stats.gap(21, 17, 25, 20, 18, 22).significant is False


def test_gap_with_missing_limits_keeps_the_difference():
    result = stats.gap(30, None, None, 20, 18, 22)  # type: ignore[arg-type]
    assert result.difference == 10.0
    assert result.ratio == 1.5
    assert math.isnan(result.difference_lower)
    assert math.isnan(result.ratio_upper)
    assert result.significant is None


def test_gap_ratio_limits_need_positive_limits():
    # A Wilson interval at x = 0 has lower limit 0, whose log is undefined: no ratio limits.
    result = stats.gap(5, 0, 12, 20, 18, 22)
    assert not math.isnan(result.difference_lower)
    assert math.isnan(result.ratio_lower)


def test_gap_to_a_zero_reference_has_no_ratio():
    assert math.isnan(stats.gap(5, 3, 7, 0, 0, 1).ratio)


def test_gap_rejects_inverted_limits():
    with pytest.raises(ValueError, match="above its upper"):
        stats.gap(30, 35, 25, 20, 18, 22)


# --- Benchmark comparison (Fingertips rule) ---------------------------------------------------
# Source for every case below: ukhsa-collaboration/fingertips-open,
# PholioVisualisationWS/AnalysisTest/SingleOverlappingCIsComparatorTest.cs. Fingertips polarity
# 0 is "RAG - low is good" and 1 is "RAG - high is good".


def test_benchmark_equal_to_value_is_similar():
    # TestSameExactly: parent 11, data 11 (10 to 12) → Same for both polarities.
    for polarity in ("lower_is_better", "higher_is_better"):
        assert stats.compare_to_benchmark(11, 10, 12, 11, polarity=polarity).at95 == "similar"


def test_benchmark_inside_interval_is_similar():
    # TestSame: parent 3.0, data 3.05 (2.7 to 3.1) → Same.
    result = stats.compare_to_benchmark(3.05, 2.7, 3.1, 3.0, polarity="lower_is_better")
    assert result.at95 == "similar"


def _at95_by_polarity(value, lower, upper, benchmark):
    """The 95% comparison with ``benchmark`` when lower is better, higher is better, neither."""
    return tuple(
        stats.compare_to_benchmark(value, lower, upper, benchmark, polarity=polarity).at95
        for polarity in ("lower_is_better", "higher_is_better", "neither")
    )


def test_value_above_benchmark():
    # TestHigher: parent 3.0, data 3.3 (3.2 to 3.5) → Worse when low is good, Better when high is.
    assert _at95_by_polarity(3.3, 3.2, 3.5, 3.0) == ("worse", "better", "higher")


def test_value_below_benchmark():
    # TestLower: parent 3.0, data 2.5 (2.2 to 2.8) → Better when low is good, Worse when high is.
    assert _at95_by_polarity(2.5, 2.2, 2.8, 3.0) == ("better", "worse", "lower")


def test_missing_numbers_are_not_compared():
    # TestMinusOneData / TestMinusOneParent / TestNoCIsOnLocalDataReturnNoneSignificance.
    nan = float("nan")
    assert stats.compare_to_benchmark(nan, nan, nan, 3.0, polarity="lower_is_better").at95 is None
    assert stats.compare_to_benchmark(2.5, 2.2, 2.8, nan, polarity="lower_is_better").at95 is None
    assert stats.compare_to_benchmark(4.0, nan, 4.1, 3.0, polarity="lower_is_better").at95 is None
    assert stats.compare_to_benchmark(4.0, 4.0, nan, 3.0, polarity="lower_is_better").at95 is None


@pytest.mark.parametrize(
    ("benchmark", "low_is_good", "high_is_good"),
    [
        # Source: ukhsa-collaboration/fingertips-open,
        # PholioVisualisationWS/AnalysisTest/SingleOverlappingCIsForTwoCILevelsComparerTest.cs,
        # data 2.6 with 95% limits 2.5 to 2.7 and 99.8% limits 2.3 to 2.9. Fingertips' "Best"/
        # "Worst" are different at both levels; "Better"/"Worse" different at 95% only.
        (3.0, ("better", "better"), ("worse", "worse")),  # Best / Worst
        (2.8, ("better", "similar"), ("worse", "similar")),  # Better / Worse
        (2.6, ("similar", "similar"), ("similar", "similar")),  # Same
        (2.4, ("worse", "similar"), ("better", "similar")),  # Worse / Better
        (2.2, ("worse", "worse"), ("better", "better")),  # Worst / Best
    ],
)
def test_two_confidence_levels(benchmark, low_is_good, high_is_good):
    def compare(polarity):
        return tuple(
            stats.compare_to_benchmark(
                2.6, 2.5, 2.7, benchmark, polarity=polarity, lower998=2.3, upper998=2.9
            )
        )

    assert compare("lower_is_better") == low_is_good
    assert compare("higher_is_better") == high_is_good


def test_at998_is_none_without_998_limits():
    assert stats.compare_to_benchmark(2.6, 2.5, 2.7, 3.0, polarity="neither").at998 is None


def test_benchmark_on_the_boundary_is_similar():
    # Fingertips: val <= UpperCI && val >= LowerCI, so the bounds are inclusive.
    assert stats.compare_to_benchmark(2.6, 2.5, 2.7, 2.7, polarity="neither").at95 == "similar"
    assert stats.compare_to_benchmark(2.6, 2.5, 2.7, 2.5, polarity="neither").at95 == "similar"


def test_unknown_polarity_is_rejected():
    with pytest.raises(ValueError, match="polarity"):
        stats.compare_to_benchmark(1, 0, 2, 1, polarity="up")  # type: ignore[arg-type]


# --- Confidence of the published limits and zero-width intervals (issue 10) ------------------


def test_gap_reads_90_percent_input_limits_with_their_own_z():
    # Issue 10, finding 7. 30 with 90% limits 30 ± 1.644854 × 2.5 (SE 2.5) against 20 with 90%
    # limits 20 ± 1.644854 (SE 1): SE of the difference √(2.5² + 1²) = 2.692582, so the 95%
    # limits are 10 ± 1.959964 × 2.692582 = 10 ± 5.277364 → 4.722636 to 15.277364.
    z90 = 1.6448536
    result = stats.gap(
        30, 30 - z90 * 2.5, 30 + z90 * 2.5, 20, 20 - z90, 20 + z90, input_confidence=0.90
    )
    assert result.difference_lower == pytest.approx(4.722636, abs=1e-5)
    assert result.difference_upper == pytest.approx(15.277364, abs=1e-5)
    # Read as 95% limits (the old assumption) the same numbers gave a narrower interval.
    as_95 = stats.gap(30, 30 - z90 * 2.5, 30 + z90 * 2.5, 20, 20 - z90, 20 + z90)
    assert as_95.difference_lower > result.difference_lower


def test_gap_reads_99_percent_input_limits():
    z99 = 2.5758293
    result = stats.gap(30, 30 - z99, 30 + z99, 20, 20 - z99, 20 + z99, input_confidence=0.99)
    # SE 1 each: 10 ± 1.959964 × √2 = 10 ± 2.771808.
    assert result.difference_lower == pytest.approx(10 - 2.771808, abs=1e-5)


def test_zero_width_interval_is_no_interval():
    # Issue 10, finding 8: lower == upper == value is not a real interval.
    result = stats.gap(30, 30, 30, 20, 18, 22)
    assert result.difference == 10
    assert math.isnan(result.difference_lower)
    assert math.isnan(result.ratio_lower)
    assert result.significant is None


def test_newcombe_and_katz_with_design_factors():
    # Each group's Wilson limits come from its effective sample size n / deft²: with deft 2 for
    # both, 56 of 70 and 48 of 80 act as 14 of 17.5 and 12 of 20.
    survey = stats.proportion_difference(56, 70, 48, 80, deft1=2.0, deft2=2.0)
    effective = stats.proportion_difference(14, 17.5, 12, 20)
    assert survey == pytest.approx(effective)
    ratio = stats.proportion_ratio(56, 70, 48, 80, deft1=2.0, deft2=2.0)
    # Katz: SE(ln RR) = √(1/14 − 1/17.5 + 1/12 − 1/20) = √0.0476190 = 0.2182179
    assert ratio.upper == pytest.approx((0.8 / 0.6) * math.exp(1.959964 * 0.2182179), rel=1e-6)
    unknown = stats.proportion_difference(56, 70, 48, 80, deft1=math.nan)
    assert math.isnan(unknown.lower)
