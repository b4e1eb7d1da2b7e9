"""Direction of a gap (issue 10, findings 1 and 3): widening, narrowing, changed sign, untested."""

import math

import numpy as np
import pytest

from indicators import stats

# A gap that grows from −2 to −6 (the group below its reference), limits ±1 throughout. Each
# standard error is 2/3.92 = 1/1.96; the size 2, 3, 4, 5, 6 rises by exactly 1 a period, the
# slope's standard error is (1/1.96)/√10, so χ² = 10 × 1.96² = 38.416 > 9.5495.
GROWING = np.array([-2.0, -3.0, -4.0, -5.0, -6.0])


def limits(gaps, half_width=1.0):
    gaps = np.asarray(gaps, dtype=float)
    return gaps - half_width, gaps + half_width


def test_a_growing_gap_below_the_reference_is_widening():
    result = stats.gap_direction(GROWING, *limits(GROWING), polarity="higher_is_better")
    assert result.label == "widening"
    assert result.chi2 == pytest.approx(38.416)
    assert result.size_change == 4.0
    assert result.latest == -6.0
    assert result.worse is True


def test_the_same_gap_shrinking_is_narrowing():
    shrinking = GROWING[::-1]
    result = stats.gap_direction(shrinking, *limits(shrinking), polarity="higher_is_better")
    assert result.label == "narrowing"
    assert result.size_change == -4.0


def test_a_gap_that_crosses_zero_has_changed_sign_not_widened():
    # Issue 10, finding 3: −6, −4, −2, 0, +2 (lower is better) was "widened" because the signed
    # gap rose; its size fell from 6 to 2 and the group moved to the other side.
    gaps = [-6.0, -4.0, -2.0, 0.0, 2.0]
    assert stats.trend(gaps, *limits(gaps)).direction == "increasing"  # the signed trend
    result = stats.gap_direction(gaps, *limits(gaps), polarity="lower_is_better")
    assert result.label == "changed_sign"
    assert result.size_change == -4.0
    # The latest gap, +2 (1 to 3), is above 0 with lower better: significantly worse.
    assert result.worse is True


def test_a_gap_reaching_zero_from_one_side_is_narrowing():
    # −8, −6, −4, −2, 0 never goes above 0: its size 8, 6, 4, 2, 0 falls significantly.
    gaps = [-8.0, -6.0, -4.0, -2.0, 0.0]
    result = stats.gap_direction(gaps, *limits(gaps), polarity="lower_is_better")
    assert result.label == "narrowing"
    assert result.worse is False  # the latest gap, 0 (−1 to 1), is not significantly different


def test_a_constant_gap_shows_no_significant_change():
    gaps = [-4.0, -4.5, -3.5, -4.0, -4.2]
    result = stats.gap_direction(gaps, *limits(gaps), polarity="higher_is_better")
    assert result.label == "no_significant_change"
    assert result.worse is True
    assert result.p_value == 1.0


def test_fewer_than_five_periods_is_not_enough_data():
    result = stats.gap_direction(GROWING[:4], *limits(GROWING[:4]), polarity="higher_is_better")
    assert result.label == "not_enough_data"
    assert math.isnan(result.p_value)
    assert result.worse is True  # the latest gap can still be compared with 0


def test_a_period_without_limits_is_not_tested_rather_than_no_change():
    # Issue 10, finding 1: a missing test must never read as "no significant change". Six
    # periods, the third from last without limits: the latest five are not all testable, so
    # the rule does not fall back on older periods.
    gaps = np.array([-1.0, -2.0, -3.0, -4.0, -5.0, -6.0])
    lower, upper = limits(gaps)
    lower[3] = upper[3] = math.nan
    result = stats.gap_direction(gaps, lower, upper, polarity="higher_is_better")
    assert result.label == "not_tested"
    assert result.size_change == 4.0
    assert math.isnan(result.chi2)
    assert math.isnan(result.p_value)


def test_a_zero_width_interval_is_not_tested():
    # Issue 10, finding 8: limits equal to the value are no interval.
    lower, upper = limits(GROWING)
    lower[-1] = upper[-1] = GROWING[-1]
    result = stats.gap_direction(GROWING, lower, upper, polarity="higher_is_better")
    assert result.label == "not_tested"
    assert result.worse is None


def test_periods_without_a_gap_are_skipped():
    gaps = np.array([-2.0, math.nan, -3.0, -4.0, -5.0, -6.0])
    lower, upper = limits(gaps)
    result = stats.gap_direction(gaps, lower, upper, polarity="higher_is_better")
    assert result.label == "widening"


@pytest.mark.parametrize(
    ("latest", "polarity", "worse"),
    [
        (-6.0, "higher_is_better", True),  # below the reference, higher is better
        (-6.0, "lower_is_better", False),  # below the reference, lower is better
        (-0.5, "higher_is_better", False),  # −1.5 to 0.5 includes 0: not significantly worse
        (-6.0, "neither", None),
    ],
)
def test_worse_follows_the_polarity(latest, polarity, worse):
    gaps = [-2.0, -3.0, -4.0, -5.0, latest]
    assert stats.gap_direction(gaps, *limits(gaps), polarity=polarity).worse is worse


def test_p_value_combines_worse_and_widening():
    # Widening with χ² = 38.416: p = P(χ²₁ > 38.416) = 5.716e-10. The latest gap −6 with half
    # width 1 is z = 6 × 1.959964 = 11.76 from 0, p ≈ 6e-32. The larger is the widening one.
    result = stats.gap_direction(GROWING, *limits(GROWING), polarity="higher_is_better")
    assert result.p_value == pytest.approx(5.7162e-10, rel=1e-4)
    # Not worse (lower is better and the group is below): the p-value of worse is 1.
    better = stats.gap_direction(GROWING, *limits(GROWING), polarity="lower_is_better")
    assert better.label == "widening"
    assert better.p_value == 1.0


def test_gap_direction_rejects_bad_input():
    with pytest.raises(ValueError, match="same length"):
        stats.gap_direction([1, 2], [0], [3, 4], polarity="neither")
    with pytest.raises(ValueError, match="above its upper"):
        stats.gap_direction([1], [2], [0], polarity="neither")
    with pytest.raises(ValueError, match="polarity"):
        stats.gap_direction([1], [0], [2], polarity="up")
