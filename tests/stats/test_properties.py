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
