"""Confidence intervals for one value: proportions, rates, counts, means, DSRs."""

import math

import numpy as np
import pytest
from scipy import stats as sps

from indicators import stats

Z = 1.959964  # z for 95%, as the PHE tools and Fingertips use it


# --- Wilson score interval (proportions) -----------------------------------------------------


def test_wilson_matches_newcombe_single_proportion_example():
    # Source: Newcombe RG (1998) "Two-sided confidence intervals for the single proportion:
    # comparison of seven methods", Stat Med 17:857-872, Table I, 81/263 by method 3 (Wilson
    # score without continuity correction): 0.2553 to 0.3662.
    result = stats.proportion_ci(81, 263)
    assert result.value == pytest.approx(81 / 263)
    assert result.lower == pytest.approx(0.2553, abs=5e-5)
    assert result.upper == pytest.approx(0.3662, abs=5e-5)


def test_wilson_worked_example_on_phe_test_input():
    # Input from ukhsa-collaboration/PHEindicatormethods tests/testthat/testWilson.R
    # (wilson_lower(65, 100)); its expected values sit in a binary xlsx that could not be read,
    # so the limits are worked by hand from the Wilson formula:
    #   z = 1.959964, z² = 3.841459
    #   √(z² + 4·65·(1 − 0.65)) = √(3.841459 + 91) = √94.841459 = 9.738658
    #   z·9.738658 = 19.087419; denominator 2(100 + z²) = 207.682918
    #   lower = (130 + 3.841459 − 19.087419) / 207.682918 = 114.754040 / 207.682918 = 0.552544
    #   upper = (130 + 3.841459 + 19.087419) / 207.682918 = 152.928878 / 207.682918 = 0.736358
    result = stats.proportion_ci(65, 100, multiplier=100)
    assert result.value == pytest.approx(65.0)
    assert result.lower == pytest.approx(55.2544, abs=1e-4)
    assert result.upper == pytest.approx(73.6358, abs=1e-4)


def test_wilson_at_zero_is_exactly_zero_and_at_n_exactly_one():
    at_zero = stats.proportion_ci(0, 10)
    at_n = stats.proportion_ci(10, 10)
    assert at_zero.lower == 0.0
    assert at_n.upper == 1.0
    # Newcombe (1998) Table I, 0/10 by the Wilson method: upper limit 0.2775.
    assert at_zero.upper == pytest.approx(0.2775, abs=5e-5)
    assert at_n.lower == pytest.approx(1 - 0.2775, abs=5e-5)


def test_wilson_with_zero_denominator_is_nan():
    result = stats.proportion_ci(0, 0)
    assert all(math.isnan(v) for v in result)


def test_wilson_with_missing_input_is_nan():
    assert all(math.isnan(v) for v in stats.proportion_ci(None, 100))  # type: ignore[arg-type]
    assert all(math.isnan(v) for v in stats.proportion_ci(float("nan"), 100))


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [(-1, 10, "negative"), (5, -10, "negative"), (11, 10, "x ≤ n")],
)
def test_proportion_rejects_impossible_input(x, n, message):
    with pytest.raises(ValueError, match=message):
        stats.proportion_ci(x, n)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_confidence_must_be_a_fraction(confidence):
    with pytest.raises(ValueError, match="confidence"):
        stats.proportion_ci(5, 10, confidence=confidence)


def test_proportion_arrays_match_scalar_function():
    x = [0, 3, 10, 81]
    n = [10, 10, 10, 263]
    values, lowers, uppers = stats.proportion_ci_arrays(x, n, multiplier=100)
    for i, (xi, ni) in enumerate(zip(x, n, strict=True)):
        expected = stats.proportion_ci(xi, ni, multiplier=100)
        assert (values[i], lowers[i], uppers[i]) == pytest.approx(tuple(expected))


# --- Rates: exact Poisson below 10, Byar's from 10 -------------------------------------------


def test_rate_at_zero_events_has_lower_limit_zero_and_exact_upper():
    # Exact Poisson upper limit for 0 events is χ²(0.975; 2)/2. χ² with 2 degrees of freedom is
    # exponential with mean 2, so χ²(p; 2) = −2·ln(1 − p) and the limit is −ln(0.025) = 3.688879
    # events. Per 1,000 population and multiplier 100,000: 3.688879 / 1000 × 100000 = 368.8879.
    result = stats.rate_ci(0, 1000)
    assert result.value == 0.0
    assert result.lower == 0.0
    assert result.upper == pytest.approx(368.8879, abs=1e-4)


def test_rate_exact_lower_limit_for_one_event():
    # Exact lower limit for 1 event: χ²(0.025; 2)/2 = −ln(0.975) = 0.0253178 events (closed form
    # as above). Per 100 population with multiplier 100: 0.0253178.
    result = stats.rate_ci(1, 100, multiplier=100)
    assert result.lower == pytest.approx(0.0253178, abs=1e-7)


@pytest.mark.parametrize("x", [1, 2, 5, 9])
def test_rate_exact_limits_satisfy_the_poisson_tail_definition(x):
    # Definition of the exact (Garwood) interval: the lower limit μL has P(X ≥ x | μL) = 0.025
    # and the upper limit μU has P(X ≤ x | μU) = 0.025.
    result = stats.rate_ci(x, 1, multiplier=1)
    assert sps.poisson.sf(x - 1, result.lower) == pytest.approx(0.025, abs=1e-9)
    assert sps.poisson.cdf(x, result.upper) == pytest.approx(0.025, abs=1e-9)


def test_rate_uses_byars_method_from_ten_events():
    # Byar's method, worked by hand for 65 events (the count in PHEindicatormethods
    # tests/testthat/testByars.R, whose expected values are in an unreadable xlsx):
    #   lower = 65(1 − 1/585 − 1.959964/(3√65))³ = 65(1 − 0.0017094 − 0.0810345)³
    #         = 65 × 0.9172561³ = 65 × 0.7717413 = 50.16319
    #   upper = 66(1 − 1/594 + 1.959964/(3√66))³ = 66(1 − 0.0016835 + 0.0804183)³
    #         = 66 × 1.0787348³ = 66 × 1.2552900 = 82.84914
    result = stats.rate_ci(65, 100_000)
    assert result.value == pytest.approx(65.0)
    assert result.lower == pytest.approx(50.16319, abs=1e-5)
    assert result.upper == pytest.approx(82.84914, abs=1e-5)


def test_rate_switches_method_at_ten():
    nine = stats.rate_ci(9, 1, multiplier=1)
    ten = stats.rate_ci(10, 1, multiplier=1)
    assert nine.lower == pytest.approx(sps.chi2.ppf(0.025, 18) / 2)
    assert ten.lower == pytest.approx(10 * (1 - 1 / 90 - Z / (3 * math.sqrt(10))) ** 3, rel=1e-6)


def test_rate_with_zero_denominator_is_nan():
    assert all(math.isnan(v) for v in stats.rate_ci(3, 0))


def test_rate_rejects_negative_count():
    with pytest.raises(ValueError, match="negative"):
        stats.rate_ci(-1, 100)


# --- Counts ----------------------------------------------------------------------------------


def test_small_counts_use_exact_poisson_limits():
    # Issue 10, finding 8: below 10 events a count gets exact Poisson limits, as rate_ci does
    # (Byar's approximation gave 0.0130721 to 5.5637556 for one event). Exact limits for x = 1:
    #   lower = χ²(0.025; 2)/2 = −ln(0.975) = 0.0253178; upper = χ²(0.975; 4)/2 = 5.5716434
    result = stats.count_ci(1)
    assert result.lower == pytest.approx(0.0253178, abs=1e-7)
    assert result.upper == pytest.approx(5.5716434, abs=1e-6)
    assert stats.count_ci(3) == pytest.approx((3, 0.6186721, 8.7672731), abs=1e-6)


def test_count_at_zero_has_a_lower_limit_of_zero():
    # Issue 10, finding 8: zero events is a lower limit of exactly 0, not NaN.
    # upper = χ²(0.975; 2)/2 = −ln(0.025) = 3.6888795
    result = stats.count_ci(0)
    assert result.value == 0.0
    assert result.lower == 0.0
    assert result.upper == pytest.approx(3.6888795, abs=1e-6)


def test_count_switches_to_byars_at_ten():
    # From 10 events Byar's approximation, as rate_ci:
    #   lower = 10 × (1 − 1/90 − 1.959964/(3√10))³ = 4.7954
    ten = stats.count_ci(10)
    assert ten.lower == pytest.approx(10 * (1 - 1 / 90 - Z / (3 * math.sqrt(10))) ** 3, rel=1e-6)
    assert stats.count_ci(9).lower == pytest.approx(sps.chi2.ppf(0.025, 18) / 2)


def test_count_matches_rate_with_a_denominator_of_one():
    for x in (0, 1, 4, 9, 10, 65):
        assert tuple(stats.count_ci(x)) == pytest.approx(tuple(stats.rate_ci(x, 1, multiplier=1)))


# --- Means -----------------------------------------------------------------------------------


def test_mean_ci_worked_example():
    # values 2, 4, 4, 4, 5, 5, 7, 9: mean 5; Σ(x − 5)² = 32; s = √(32/7) = 2.1380899;
    # SE = s/√8 = 0.7559289; t(0.975; 7) = 2.3646243 (standard t table: 2.365);
    # half-width = 2.3646243 × 0.7559289 = 1.7874879 → 3.2125121 to 6.7874879.
    result = stats.mean_ci([2, 4, 4, 4, 5, 5, 7, 9])
    assert result.value == pytest.approx(5.0)
    assert result.lower == pytest.approx(3.2125121, abs=1e-6)
    assert result.upper == pytest.approx(6.7874879, abs=1e-6)


def test_mean_ci_ignores_missing_values_and_handles_tiny_samples():
    assert stats.mean_ci([2, None, 4, 4, 4, 5, 5, 7, 9]) == stats.mean_ci([2, 4, 4, 4, 5, 5, 7, 9])
    single = stats.mean_ci([3.0])
    assert single.value == 3.0
    assert math.isnan(single.lower)
    assert all(math.isnan(v) for v in stats.mean_ci([]))


# --- Directly standardised rates -------------------------------------------------------------


def test_dsr_worked_example_with_dobson_limits():
    # Two age bands, worked by hand (Dobson et al. 1991; PHEindicatormethods phe_dsr method):
    #   x = (10, 30), n = (1000, 2000), standard population w = (3000, 1000), Σw = 4000
    #   DSR = (3000 × 10/1000 + 1000 × 30/2000) / 4000 = (30 + 15)/4000 = 0.01125 → 1125 per 100,000
    #   var(DSR) = (3000² × 10/1000² + 1000² × 30/2000²) / 4000² = (90 + 7.5)/16e6 = 6.09375e-6
    #   O = 40; √(var/O) = √(1.5234375e-7) = 3.903124e-4
    #   Byar's for O = 40: lower 40 × (1 − 1/360 − 1.959964/(3√40))³ = 40 × 0.8939230³ = 28.573300
    #                      upper 41 × (1 − 1/369 + 1.959964/(3√41))³ = 41 × 1.0993216³ = 54.470099
    #   lower = 0.01125 + 3.903124e-4 × (28.573300 − 40) = 0.006790018 → 679.0018
    #   upper = 0.01125 + 3.903124e-4 × (54.470099 − 40) = 0.016897859 → 1689.7859
    result = stats.dsr_ci([10, 30], [1000, 2000], [3000, 1000])
    assert result.value == pytest.approx(1125.0)
    assert result.lower == pytest.approx(679.0018, abs=1e-3)
    assert result.upper == pytest.approx(1689.7859, abs=1e-3)


def test_dsr_is_nan_below_ten_events():
    result = stats.dsr_ci([4, 5], [1000, 2000], [3000, 1000])
    assert all(math.isnan(v) for v in result)


def test_dsr_treats_missing_counts_as_zero_and_zero_population_as_undefined():
    with_missing = stats.dsr_ci([10, None, 30], [1000, 500, 2000], [3000, 100, 1000])
    with_zero = stats.dsr_ci([10, 0, 30], [1000, 500, 2000], [3000, 100, 1000])
    assert with_missing == with_zero
    assert all(math.isnan(v) for v in stats.dsr_ci([10, 30], [0, 2000], [3000, 1000]))


def test_dsr_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        stats.dsr_ci([10, 30], [1000], [3000, 1000])


def test_wilson_limits_array_helper_handles_missing_rows():
    lower, upper = stats.wilson_limits([5, np.nan, 3], [10, 10, 0])
    assert not math.isnan(lower[0])
    assert math.isnan(lower[1])
    assert math.isnan(upper[2])


# --- Survey estimates: the design factor (issue 10, finding 6) ------------------------------


def test_proportion_from_a_survey_uses_the_effective_sample_size():
    # 300 of 1,000 people asked, design factor 1.5: effective n = 1000/1.5² = 444.444, x = 133.333.
    #   z² = 3.841459; √(z² + 4 × 133.333 × 0.7) = √377.1748 = 19.42100; × z = 38.06444
    #   lower = (266.667 + 3.841459 − 38.06444)/(2 × 448.2859) = 232.4437/896.5718 = 0.259258
    #   upper = (266.667 + 3.841459 + 38.06444)/896.5718 = 308.5726/896.5718 = 0.344169
    result = stats.proportion_ci(300, 1000, multiplier=100, deft=1.5)
    assert result.value == pytest.approx(30.0)
    assert result.lower == pytest.approx(25.9258, abs=1e-4)
    assert result.upper == pytest.approx(34.4169, abs=1e-4)
    # Without the design factor the interval is too narrow: 27.24 to 32.91.
    plain = stats.proportion_ci(300, 1000, multiplier=100)
    assert plain.lower == pytest.approx(27.2407, abs=1e-4)


def test_a_design_factor_of_one_changes_nothing():
    assert stats.proportion_ci(81, 263, deft=1.0) == stats.proportion_ci(81, 263)


def test_a_survey_without_a_recorded_design_factor_gets_no_limits():
    result = stats.proportion_ci(300, 1000, multiplier=100, deft=math.nan)
    assert result.value == pytest.approx(30.0)
    assert math.isnan(result.lower)
    assert math.isnan(result.upper)


def test_proportion_arrays_take_one_design_factor_per_row():
    value, lower, _ = stats.proportion_ci_arrays(
        [300, 300, 300], [1000, 1000, 1000], multiplier=100, deft=[1.0, 1.5, math.nan]
    )
    assert lower[0] == pytest.approx(27.2407, abs=1e-4)
    assert lower[1] == pytest.approx(25.9258, abs=1e-4)
    assert math.isnan(lower[2])
    assert value.tolist() == pytest.approx([30.0] * 3)


@pytest.mark.parametrize("deft", [0.0, -1.0])
def test_design_factor_must_be_positive(deft):
    with pytest.raises(ValueError, match="deft"):
        stats.proportion_ci(300, 1000, deft=deft)


def test_mean_from_a_survey_widens_by_the_design_factor():
    # The worked mean example (mean 5, half-width 1.787434) with deft 1.2: 1.2 × 1.787434.
    values = [2, 4, 4, 4, 5, 5, 7, 9]
    plain = stats.mean_ci(values)
    survey = stats.mean_ci(values, deft=1.2)
    assert survey.upper - survey.value == pytest.approx(1.2 * (plain.upper - plain.value))
    assert math.isnan(stats.mean_ci(values, deft=math.nan).lower)
