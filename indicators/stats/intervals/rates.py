"""Rates, counts and directly standardised rates with their confidence intervals."""

from __future__ import annotations

import numpy as np

from .._common import (
    ArrayLike,
    FloatArray,
    Interval,
    check_confidence,
    nan_interval,
    to_array,
    to_float,
)
from .limits import byars_lower, byars_upper, check_counts, count_limits

#: A DSR (and its limits) is not published when the total count is below this.
DSR_MINIMUM_COUNT = 10


def rate_ci_arrays(
    x: ArrayLike, n: ArrayLike, *, confidence: float = 0.95, multiplier: float = 100_000
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vectorised :func:`rate_ci`: arrays of value, lower and upper for each (x, n)."""
    check_confidence(confidence)
    xa = to_array(x, "x")
    na = to_array(n, "n")
    check_counts(xa, na, proportion=False)
    count_lower, count_upper = count_limits(xa, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(na > 0, multiplier / na, np.nan)
    value = xa * scale
    return value, count_lower * scale, count_upper * scale


def rate_ci(
    x: float, n: float, *, confidence: float = 0.95, multiplier: float = 100_000
) -> Interval:
    """A crude rate x / n × multiplier with its confidence interval.

    The count's limits are exact Poisson limits from the chi-squared distribution when x < 10
    and Byar's approximation when x ≥ 10; both are divided by n and scaled by ``multiplier``.
    At x = 0 the lower limit is exactly 0.

    Returns NaN when n = 0 or an input is missing; raises ValueError for a negative count or
    denominator or a confidence outside (0, 1).

    References
    ----------
    Breslow NE, Day NE (1987) Statistical Methods in Cancer Research vol II, IARC, p. 69
    (Byar's approximation). PHEindicatormethods ``phe_rate`` (exact method below 10 events).
    """
    value, lower, upper = rate_ci_arrays(
        [to_float(x)], [to_float(n)], confidence=confidence, multiplier=multiplier
    )
    return Interval(float(value[0]), float(lower[0]), float(upper[0]))


def count_ci(x: float, *, confidence: float = 0.95) -> Interval:
    """A count of events with its Poisson confidence limits, the same method as :func:`rate_ci`.

    Below 10 events the limits are exact Poisson limits from the chi-squared distribution,
    ``χ²((1 − c)/2; 2x)/2`` and ``χ²((1 + c)/2; 2x + 2)/2``; from 10 events Byar's
    approximation. At 0 events the lower limit is exactly 0 (no events is a possible count of
    a process whose rate is 0). Raises ValueError for a negative count.

    Example: 3 events have 95% limits 0.619 to 8.767 (exact); 0 events, 0 to 3.689.

    References: Breslow & Day (1987); PHEindicatormethods ``phe_rate`` (exact below 10).
    """
    check_confidence(confidence)
    xv = to_float(x)
    if xv < 0:
        raise ValueError("counts (x) must not be negative")
    if np.isnan(xv):
        return nan_interval()
    lower, upper = count_limits(np.array([xv]), confidence)
    return Interval(xv, float(lower[0]), float(upper[0]))


def dsr_ci(
    x: ArrayLike,
    n: ArrayLike,
    standard_population: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> Interval:
    """A directly standardised rate with Dobson confidence limits.

    Parameters
    ----------
    x, n, standard_population:
        Per age band: event counts, local populations and standard population weights (for
        example the 2013 European Standard Population). Missing counts count as 0, as
        PHEindicatormethods ``phe_dsr`` does.

    Method
    ------
    With ``w`` the standard population and ``O = Σx`` the total count::

        DSR      = Σ(w·x/n) / Σw
        var(DSR) = Σ(w²·x/n²) / (Σw)²
        limits   = DSR + √(var(DSR)/O) × (O_limit − O)

    where ``O_limit`` are Byar's limits for O (Dobson et al. 1991). The multiplier is applied
    after the limits are formed. Everything is NaN when O < 10 (PHE does not publish such DSRs),
    when a population is 0 or missing, or when there are no age bands.

    Raises ValueError for negative inputs or arrays of different lengths.

    References
    ----------
    Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991) Stat Med 10:457-462. Breslow & Day (1987).
    PHEindicatormethods ``phe_dsr``.
    """
    check_confidence(confidence)
    xa = to_array(x, "x")
    na = to_array(n, "n")
    wa = to_array(standard_population, "standard_population")
    if not xa.shape == na.shape == wa.shape:
        raise ValueError("x, n and standard_population must have the same length")
    if np.any(xa < 0) or np.any(na < 0) or np.any(wa < 0):
        raise ValueError("counts, populations and standard populations must not be negative")
    xa = np.where(np.isnan(xa), 0.0, xa)
    if xa.size == 0 or np.any(~(na > 0)) or np.any(np.isnan(wa)) or wa.sum() <= 0:
        return nan_interval()
    total = float(xa.sum())
    if total < DSR_MINIMUM_COUNT:
        return nan_interval()
    weight_total = float(wa.sum())
    dsr = float(np.sum(wa * xa / na)) / weight_total
    variance = float(np.sum(wa**2 * xa / na**2)) / weight_total**2
    factor = float(np.sqrt(variance / total))
    lower = dsr + factor * (float(byars_lower([total], confidence)[0]) - total)
    upper = dsr + factor * (float(byars_upper([total], confidence)[0]) - total)
    return Interval(dsr * multiplier, lower * multiplier, upper * multiplier)
