"""Property-based tests (hypothesis): orderings and symmetries every result must respect."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators import stats

TOL = 1e-9

counts = st.integers(min_value=0, max_value=100_000)
confidences = st.sampled_from([0.9, 0.95, 0.99, 0.998])


@st.composite
def proportion_inputs(draw):
    n = draw(st.integers(min_value=1, max_value=100_000))
    x = draw(st.integers(min_value=0, max_value=n))
    return x, n


@st.composite
def value_with_limits(draw):
    value = draw(st.floats(min_value=0.5, max_value=1000, allow_nan=False))
    below = draw(st.floats(min_value=0.01, max_value=0.9)) * value
    above = draw(st.floats(min_value=0.01, max_value=5.0)) * value
    return value, value - below, value + above


def ordered(interval, tol=TOL):
    value, lower, upper = interval
    return lower - tol <= value <= upper + tol


def contains(wide, narrow, tol=TOL):
    return wide.lower <= narrow.lower + tol and narrow.upper <= wide.upper + tol


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(proportion_inputs(), confidences)
def test_proportion_value_lies_within_its_limits(xn, confidence):
    result = stats.proportion_ci(*xn, confidence=confidence)
    assert ordered(result)
    assert 0.0 <= result.lower <= result.upper <= 1.0


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(proportion_inputs())
def test_proportion_998_limits_contain_95_limits(xn):
    assert contains(stats.proportion_ci(*xn, confidence=0.998), stats.proportion_ci(*xn))


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(counts, st.integers(min_value=1, max_value=10_000_000), confidences)
def test_rate_value_lies_within_its_limits(x, n, confidence):
    assert ordered(stats.rate_ci(x, n, confidence=confidence), tol=1e-9 * max(1.0, x / n * 1e5))


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(counts, st.integers(min_value=1, max_value=10_000_000))
def test_rate_998_limits_contain_95_limits(x, n):
    assert contains(stats.rate_ci(x, n, confidence=0.998), stats.rate_ci(x, n), tol=1e-6)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(st.integers(min_value=1, max_value=1_000_000))
def test_count_value_lies_within_its_limits(x):
    result = stats.count_ci(x)
    wide = stats.count_ci(x, confidence=0.998)
    assert ordered(result)
    # A lower limit Byar's formula makes negative is NaN (no lower limit): read it as −∞.
    wide_lower = -math.inf if math.isnan(wide.lower) else wide.lower
    assert wide_lower <= result.lower + 1e-6
    assert result.upper <= wide.upper + 1e-6


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=50))
def test_mean_lies_within_its_limits_and_998_is_wider(values):
    narrow = stats.mean_ci(values)
    wide = stats.mean_ci(values, confidence=0.998)
    scale = max(1.0, max(abs(v) for v in values))
    assert ordered(narrow, tol=1e-9 * scale)
    assert contains(wide, narrow, tol=1e-9 * scale)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(proportion_inputs(), proportion_inputs(), confidences)
def test_difference_lies_within_limits_and_swapping_negates_it(a, b, confidence):
    forward = stats.proportion_difference(*a, *b, confidence=confidence)
    backward = stats.proportion_difference(*b, *a, confidence=confidence)
    assert ordered(forward)
    assert backward.value == pytest.approx(-forward.value, abs=1e-12)
    assert backward.lower == pytest.approx(-forward.upper, abs=1e-12)
    assert backward.upper == pytest.approx(-forward.lower, abs=1e-12)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(proportion_inputs(), proportion_inputs())
def test_difference_998_contains_95(a, b):
    assert contains(
        stats.proportion_difference(*a, *b, confidence=0.998), stats.proportion_difference(*a, *b)
    )


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(proportion_inputs(), proportion_inputs())
def test_swapping_groups_inverts_a_proportion_ratio(a, b):
    assume(a[0] > 0 and b[0] > 0)
    forward = stats.proportion_ratio(*a, *b)
    backward = stats.proportion_ratio(*b, *a)
    assert ordered(forward, tol=1e-9 * forward.value)
    assert backward.value == pytest.approx(1 / forward.value, rel=1e-12)
    assert backward.lower == pytest.approx(1 / forward.upper, rel=1e-9)
    assert backward.upper == pytest.approx(1 / forward.lower, rel=1e-9)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=1, max_value=1_000_000),
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=1, max_value=1_000_000),
)
def test_swapping_groups_inverts_a_rate_ratio(x1, n1, x2, n2):
    forward = stats.rate_ratio(x1, n1, x2, n2)
    backward = stats.rate_ratio(x2, n2, x1, n1)
    assert ordered(forward, tol=1e-9 * forward.value)
    assert backward.value == pytest.approx(1 / forward.value, rel=1e-12)
    assert backward.lower == pytest.approx(1 / forward.upper, rel=1e-9)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(value_with_limits(), value_with_limits(), confidences)
def test_gap_swapping_groups_negates_difference_and_inverts_ratio(a, b, confidence):
    forward = stats.gap(*a, *b, confidence=confidence)
    backward = stats.gap(*b, *a, confidence=confidence)
    assert forward.difference_lower <= forward.difference <= forward.difference_upper
    assert forward.ratio_lower <= forward.ratio * (1 + 1e-12)
    assert forward.ratio * (1 - 1e-12) <= forward.ratio_upper
    assert backward.difference == pytest.approx(-forward.difference, abs=1e-9)
    assert backward.difference_lower == pytest.approx(-forward.difference_upper, abs=1e-9)
    assert backward.ratio == pytest.approx(1 / forward.ratio, rel=1e-12)
    assert backward.ratio_lower == pytest.approx(1 / forward.ratio_upper, rel=1e-9)
    assert backward.significant == forward.significant


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(value_with_limits(), value_with_limits())
def test_gap_998_limits_contain_95_limits(a, b):
    narrow = stats.gap(*a, *b)
    wide = stats.gap(*a, *b, confidence=0.998)
    assert wide.difference_lower <= narrow.difference_lower + TOL
    assert narrow.difference_upper <= wide.difference_upper + TOL
    assert wide.ratio_lower <= narrow.ratio_lower * (1 + 1e-12)
    assert narrow.ratio_upper <= wide.ratio_upper * (1 + 1e-12)
    if wide.significant:
        assert narrow.significant


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.floats(min_value=1, max_value=100), min_size=5, max_size=10),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_seeded_monte_carlo_is_reproducible(values, seed):
    quantiles = list(range(1, len(values) + 1))
    population = [1000 + 100 * q for q in quantiles]
    se = [0.05 * v for v in values]
    first = stats.sii_rii(quantiles, population, values, se=se, repetitions=1000, seed=seed)
    second = stats.sii_rii(quantiles, population, values, se=se, repetitions=1000, seed=seed)
    assert first == second
    assert first.sii_lower <= first.sii_upper


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(min_value=1, max_value=99), min_size=3, max_size=12),
    st.booleans(),
    st.booleans(),
)
def test_summary_measure_intervals_are_ordered(estimates, ordered_dimension, favourable):
    k = len(estimates)
    result = stats.summary_measures(
        estimates,
        [1.0] * k,
        [100 + 10 * i for i in range(k)],
        ordered=ordered_dimension,
        favourable=favourable,
    )
    for name in ("d", "r", "par", "paf", "bgv", "ti", "mld", "sii", "rii", "aci", "rci"):
        lower, value, upper = result[f"{name}_lower"], result[name], result[f"{name}_upper"]
        if not math.isnan(lower):
            assert (
                lower <= value + 1e-9 * max(1.0, abs(value)) <= upper + 2e-9 * max(1.0, abs(value))
            )


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(
    st.lists(
        st.tuples(st.floats(min_value=1, max_value=100), st.floats(min_value=0.1, max_value=5)),
        min_size=5,
        max_size=10,
    )
)
def test_trend_direction_matches_the_sign_of_a_significant_slope(points):
    values = np.array([p[0] for p in points])
    half = np.array([p[1] for p in points])
    result = stats.trend(values, values - half, values + half)
    if result.significant:
        assert result.direction in ("increasing", "decreasing")
    else:
        assert result.direction == "no_change"


@st.composite
def gap_series(draw):
    """Five gaps with limits: values in [−50, 50], half-widths in [0.1, 5] (asymmetric)."""
    gaps = np.array(draw(st.lists(st.floats(-50, 50), min_size=5, max_size=5)))
    below = np.array(draw(st.lists(st.floats(0.1, 5), min_size=5, max_size=5)))
    above = np.array(draw(st.lists(st.floats(0.1, 5), min_size=5, max_size=5)))
    return gaps, gaps - below, gaps + above


polarities = st.sampled_from(["higher_is_better", "lower_is_better", "neither"])


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(gap_series())
def test_swapping_the_polarity_flips_worse(series):
    # Issue 10: a gap significantly below 0 is worse when higher is better and better when
    # lower is better; one whose interval includes 0 is not worse either way.
    gaps, lower, upper = series
    higher = stats.gap_direction(gaps, lower, upper, polarity="higher_is_better")
    lower_better = stats.gap_direction(gaps, lower, upper, polarity="lower_is_better")
    assert higher.label == lower_better.label
    significant = lower[-1] > 0 or upper[-1] < 0
    if significant:
        assert higher.worse is (not lower_better.worse)
    else:
        assert higher.worse is False
        assert lower_better.worse is False


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(gap_series(), st.sampled_from([0.001, 0.01, 100.0, 1000.0, 100_000.0]), polarities)
def test_rescaling_the_unit_leaves_every_label_unchanged(series, scale, polarity):
    # Percent to fraction, per 1,000 to per 100,000: the same judgement.
    gaps, lower, upper = series
    plain = stats.gap_direction(gaps, lower, upper, polarity=polarity)
    scaled = stats.gap_direction(gaps * scale, lower * scale, upper * scale, polarity=polarity)
    assume(math.isnan(plain.chi2) or abs(plain.chi2 - 9.5495357) > 1e-6)
    assert scaled.label == plain.label
    assert scaled.worse == plain.worse
    if not math.isnan(plain.chi2):
        assert scaled.chi2 == pytest.approx(plain.chi2, rel=1e-9)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(gap_series(), polarities)
def test_reversing_time_swaps_widening_and_narrowing(series, polarity):
    gaps, lower, upper = series
    forward = stats.gap_direction(gaps, lower, upper, polarity=polarity)
    assume(math.isnan(forward.chi2) or abs(forward.chi2 - 9.5495357) > 1e-6)
    backward = stats.gap_direction(gaps[::-1], lower[::-1], upper[::-1], polarity=polarity)
    swap = {"widening": "narrowing", "narrowing": "widening"}
    assert backward.label == swap.get(forward.label, forward.label)
    if not math.isnan(forward.chi2):
        assert backward.chi2 == pytest.approx(forward.chi2, rel=1e-9)


@settings(deadline=None)  # timing varies on a shared machine; the checks do not
@given(st.lists(gap_series(), min_size=1, max_size=30))
def test_listed_gaps_are_always_worse_and_widening(many):
    results = [stats.gap_direction(*s, polarity="higher_is_better") for s in many]
    listing = stats.worse_and_widening(results)
    for result, listed in zip(results, listing.listed, strict=True):
        if listed:
            assert result.label == "widening"
            assert result.worse is True
    assert listing.tested + listing.not_tested == len(results)
