"""Direction of travel: the Fingertips recent-trend rule.

Reference implementation: Fingertips ``TrendMarkerCalculator`` (ukhsa-collaboration/
fingertips-open, PholioVisualisationWS/Analysis/TrendMarkers/TrendMarkerCalculator.cs), the
method for values with confidence intervals:

1. Take the five most recent points that have a value and both 95% limits, oldest first, and
   number them t = 1 … 5. A zero-width interval (lower == upper) is no interval: that point is
   skipped like one without limits.
2. Recover each point's standard error as ``se = (upper − lower) / 3.92`` and weight it by
   ``w = 1 / se²`` (for limits published at another confidence, ``input_confidence``, the
   divisor is 2z instead of 3.92).
3. Fit the inverse-variance weighted least-squares slope
   ``β = (Σw·Σwyt − Σwt·Σwy) / (Σw·Σwt² − (Σwt)²)`` with standard error
   ``√(Σw / (Σw·Σwt² − (Σwt)²))`` and form ``χ² = (β / SE)²``.
4. The trend is significant when χ² > 9.5495 (the 99.8% point of χ² on one degree of freedom)
   **and** the slope keeps its sign when each of the five points is left out in turn (a slope of
   exactly 0 counts as positive). A significant trend is "increasing" or "decreasing" by the
   sign of β; anything else is "no_change".
"""

from __future__ import annotations

from typing import Literal, NamedTuple, TypeAlias

import numpy as np

from ._common import (
    NAN,
    ArrayLike,
    FloatArray,
    Polarity,
    check_polarity,
    input_z,
    to_array,
    without_zero_width,
)

__all__ = [
    "CHI2_998",
    "POINTS",
    "Direction",
    "TravelLabel",
    "Trend",
    "direction_of_travel",
    "trend",
]

Direction: TypeAlias = Literal["increasing", "decreasing", "no_change"]
TravelLabel: TypeAlias = Literal[
    "improving", "worsening", "increasing", "decreasing", "no_significant_change", "not_enough_data"
]

#: Number of most recent points the rule uses.
POINTS = 5
#: χ² on 1 degree of freedom at 99.8% (Excel ``CHIINV(0.002, 1)``), as Fingertips.
CHI2_998 = 9.54953570608324
#: Width of a 95% interval in standard errors (2 × 1.96), as Fingertips.
INTERVAL_WIDTH_IN_SE = 3.92


class Trend(NamedTuple):
    """Result of :func:`trend`.

    ``chi2`` is NaN when the trend could not be calculated (fewer than five points with
    limits); then ``direction`` is "no_change" and ``significant`` False.
    """

    direction: Direction
    chi2: float
    significant: bool


def _weighted_slope(
    values: FloatArray, weights: FloatArray, times: FloatArray
) -> tuple[float, float]:
    s1 = weights.sum()
    s2 = np.sum(weights * values * times)
    s3 = np.sum(weights * times)
    s4 = np.sum(weights * values)
    s5 = np.sum(weights * times**2)
    denominator = s1 * s5 - s3**2
    slope = float((s1 * s2 - s3 * s4) / denominator)
    se = float(np.sqrt(s1 / denominator))
    return slope, se


class Fit(NamedTuple):
    """The weighted slope of five points, its χ² and whether its sign survives leaving one out."""

    slope: float
    chi2: float
    consistent: bool

    @property
    def significant(self) -> bool:
        """χ² above the 99.8% point and the same sign whichever point is left out."""
        return bool(self.chi2 > CHI2_998 and self.consistent)


def series_arrays(
    values: ArrayLike, lower: ArrayLike, upper: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Values and limits as float arrays, zero-width intervals made NaN.

    Raises ValueError when the arrays differ in length or a lower limit is above its upper.
    """
    v = to_array(values, "values")
    lo = to_array(lower, "lower")
    up = to_array(upper, "upper")
    if not v.shape == lo.shape == up.shape:
        raise ValueError("values, lower and upper must have the same length")
    if np.any(lo > up):
        raise ValueError("a lower confidence limit is above its upper limit")
    lo, up = without_zero_width(lo, up)
    return v, lo, up


def fit_recent_trend(
    values: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    input_confidence: float = 0.95,
    *,
    zero_breaks_sign: bool = False,
) -> Fit:
    """The weighted slope test of exactly five points that all have limits of positive width.

    The leave-one-out check counts a slope of exactly 0 as positive, as Fingertips does. With
    ``zero_breaks_sign`` a leave-one-out slope of 0 (within 10⁻⁹ of the full slope's size)
    breaks the sign instead, whichever way the full slope goes: a trend that vanishes when one
    point is left out depends on that point. That version is symmetric in time (used for gaps).
    """
    width = INTERVAL_WIDTH_IN_SE if input_confidence == 0.95 else 2.0 * input_z(input_confidence)
    weights = 1.0 / ((upper - lower) / width) ** 2
    times = np.arange(1.0, POINTS + 1.0)
    slope, slope_se = _weighted_slope(values, weights, times)
    left_out_slopes = [
        _weighted_slope(values[keep], weights[keep], times[keep])[0]
        for keep in (np.arange(POINTS) != left_out for left_out in range(POINTS))
    ]
    chi2 = float((slope / slope_se) ** 2)
    if zero_breaks_sign:
        tolerance = 1e-9 * abs(slope)
        consistent = all(s * np.sign(slope) > tolerance for s in left_out_slopes)
        return Fit(slope, chi2, bool(consistent and slope != 0))
    signs = [slope >= 0] + [s >= 0 for s in left_out_slopes]
    return Fit(slope, chi2, all(signs) or not any(signs))


def trend(
    values: ArrayLike, lower: ArrayLike, upper: ArrayLike, *, input_confidence: float = 0.95
) -> Trend:
    """Direction of travel of a series by the Fingertips recent-trend rule.

    Parameters
    ----------
    values, lower, upper:
        The series in time order (oldest first) with its 95% confidence limits. Points missing a
        value or a limit, or with a zero-width interval, are skipped; the rule uses the last
        five points that have all three. The series can be a group's value or a gap
        (difference with its limits).
    input_confidence:
        The confidence of the limits given (0.95 unless the publisher says otherwise).

    Returns
    -------
    Trend(direction, chi2, significant)
        ``direction`` is "increasing", "decreasing" or "no_change"; see the module docstring.

    Raises ValueError when the arrays differ in length or a lower limit is above its upper
    limit.
    """
    v, lo, up = series_arrays(values, lower, upper)
    usable = np.isfinite(v) & np.isfinite(lo) & np.isfinite(up)
    v, lo, up = v[usable][-POINTS:], lo[usable][-POINTS:], up[usable][-POINTS:]
    if v.size < POINTS:
        return Trend("no_change", NAN, False)
    fit = fit_recent_trend(v, lo, up, input_confidence)
    direction: Direction = "no_change"
    if fit.significant:
        direction = "increasing" if fit.slope > 0 else "decreasing"
    return Trend(direction, fit.chi2, fit.significant)


def direction_of_travel(result: Trend, polarity: Polarity) -> TravelLabel:
    """Turn a :class:`Trend` into the label the dashboard shows.

    "improving" or "worsening" for an indicator with a polarity ("increasing"/"decreasing" when
    the polarity is "neither"), "no_significant_change", or "not_enough_data" when the trend
    could not be calculated. For a gap, pass the polarity of closing it: a gap measured as
    group − reference that should shrink towards 0 from above is "lower_is_better".
    """
    check_polarity(polarity)
    if np.isnan(result.chi2):
        return "not_enough_data"
    if not result.significant or result.direction == "no_change":
        return "no_significant_change"
    if polarity == "neither":
        return result.direction
    up_is_good = polarity == "higher_is_better"
    return "improving" if (result.direction == "increasing") == up_is_good else "worsening"
