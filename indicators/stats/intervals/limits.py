"""Building blocks on arrays: Wilson score limits, Byar's and exact Poisson limits for counts."""

from __future__ import annotations

import numpy as np
from scipy import stats as sps

from .._common import ArrayLike, FloatArray, to_array, z_value

#: Counts below this use exact Poisson limits in :func:`rate_ci`; at or above, Byar's method.
EXACT_POISSON_BELOW = 10


def wilson_limits(
    x: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits for the proportion x / n, as fractions in [0, 1].

    ``lower = (2x + z² − z·√(z² + 4x(1 − x/n))) / (2(n + z²))`` and the same with ``+ z·√…``
    for the upper limit (PHEindicatormethods ``wilson_lower``/``wilson_upper``). Limits are
    clamped to [0, 1] and are exactly 0 when x = 0 and exactly 1 when x = n. Rows with n = 0 or a
    missing input give NaN. No validation: see :func:`proportion_ci_arrays`.
    """
    z = z_value(confidence)
    xa = to_array(x, "x")
    na = to_array(n, "n")
    with np.errstate(divide="ignore", invalid="ignore"):
        root = z * np.sqrt(z * z + 4.0 * xa * (1.0 - xa / na))
        denominator = 2.0 * (na + z * z)
        lower = (2.0 * xa + z * z - root) / denominator
        upper = (2.0 * xa + z * z + root) / denominator
    lower = np.clip(lower, 0.0, 1.0)
    upper = np.clip(upper, 0.0, 1.0)
    lower = np.where(xa == 0, 0.0, lower)
    upper = np.where((xa == na) & (na > 0), 1.0, upper)
    undefined = ~(na > 0) | np.isnan(xa)
    lower = np.where(undefined, np.nan, lower)
    upper = np.where(undefined, np.nan, upper)
    return lower.astype(np.float64), upper.astype(np.float64)


def byars_lower(x: ArrayLike, confidence: float = 0.95) -> FloatArray:
    """Byar's lower limit for a Poisson count: ``x(1 − 1/(9x) − z/(3√x))³``.

    Undefined (NaN) at x = 0. Can be negative for x below about 0.5; callers decide what to do.
    """
    z = z_value(confidence)
    xa = to_array(x, "x")
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = xa * (1.0 - 1.0 / (9.0 * xa) - z / (3.0 * np.sqrt(xa))) ** 3
    return np.where(xa > 0, result, np.nan)


def byars_upper(x: ArrayLike, confidence: float = 0.95) -> FloatArray:
    """Byar's upper limit for a Poisson count: ``(x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³``."""
    z = z_value(confidence)
    xa = to_array(x, "x") + 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = xa * (1.0 - 1.0 / (9.0 * xa) + z / (3.0 * np.sqrt(xa))) ** 3
    return result


def _exact_poisson_limits(x: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Exact (Garwood) Poisson limits for a count from the chi-squared distribution.

    ``lower = χ²((1 − c)/2; 2x) / 2`` and ``upper = χ²((1 + c)/2; 2x + 2) / 2``. scipy returns NaN
    for zero degrees of freedom, so x = 0 is special-cased to a lower limit of exactly 0.
    """
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, sps.chi2.ppf(alpha / 2.0, 2.0 * np.where(x > 0, x, 1.0)) / 2.0, 0.0)
        upper = sps.chi2.ppf(1.0 - alpha / 2.0, 2.0 * x + 2.0) / 2.0
    lower = np.where(np.isnan(x), np.nan, lower)
    return lower.astype(np.float64), np.asarray(upper, dtype=np.float64)


def count_limits(x: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Limits for Poisson counts: exact below 10 events, Byar's from 10 (PHEindicatormethods)."""
    exact_lower, exact_upper = _exact_poisson_limits(x, confidence)
    small = x < EXACT_POISSON_BELOW
    lower = np.where(small, exact_lower, byars_lower(x, confidence))
    upper = np.where(small, exact_upper, byars_upper(x, confidence))
    return lower, upper


def check_counts(x: FloatArray, n: FloatArray, *, proportion: bool) -> None:
    if x.shape != n.shape:
        raise ValueError("x and n must have the same length")
    if np.any(x < 0):
        raise ValueError("counts (x) must not be negative")
    if np.any(n < 0):
        raise ValueError("denominators (n) must not be negative")
    if proportion and np.any(x > n):
        raise ValueError("a proportion needs x ≤ n")
