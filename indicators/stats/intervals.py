"""Confidence intervals for a single value: proportions, rates, counts, means and DSRs.

Methods follow the Public Health England / OHID technical guidance as implemented in the R
package PHEindicatormethods (ukhsa-collaboration/PHEindicatormethods, R/utils.R, R/Rates.R,
R/Proportions.R, R/Means.R, R/DSR.R) and used by Fingertips:

* proportions: Wilson score interval (Wilson 1927; Newcombe 1998, method 3);
* rates: exact Poisson limits from the chi-squared distribution when the count is below 10,
  Byar's approximation otherwise (Breslow & Day 1987);
* counts: the same as rates: exact Poisson limits below 10 events, Byar's otherwise;
* means: Student's t with the n − 1 standard deviation;
* directly standardised rates: Dobson et al. (1991) limits built on Byar's limits for the total
  count.

Survey estimates: proportions and means take ``deft``, the survey's design factor, and use the
effective sample size ``n / deft²`` (Kish 1965). ``deft=None`` (the default) means the figure
is not from a survey; ``deft=NaN`` means it is from a survey whose design factor was not
recorded, and gives NaN limits rather than limits that are too narrow.

Each scalar function has an ``*_arrays`` twin that takes array-likes and returns three numpy
arrays (value, lower, upper) without a Python loop, for use on whole columns.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as sps

from ._common import (
    NAN,
    ArrayLike,
    FloatArray,
    Interval,
    check_confidence,
    check_deft,
    nan_interval,
    to_array,
    to_float,
    z_value,
)

__all__ = [
    "byars_lower",
    "byars_upper",
    "count_ci",
    "dsr_ci",
    "mean_ci",
    "proportion_ci",
    "proportion_ci_arrays",
    "rate_ci",
    "rate_ci_arrays",
    "wilson_limits",
]

#: Counts below this use exact Poisson limits in :func:`rate_ci`; at or above, Byar's method.
EXACT_POISSON_BELOW = 10
#: A DSR (and its limits) is not published when the total count is below this.
DSR_MINIMUM_COUNT = 10


# --------------------------------------------------------------------------------------------
# Array building blocks
# --------------------------------------------------------------------------------------------


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


def _count_limits(x: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Limits for Poisson counts: exact below 10 events, Byar's from 10 (PHEindicatormethods)."""
    exact_lower, exact_upper = _exact_poisson_limits(x, confidence)
    small = x < EXACT_POISSON_BELOW
    lower = np.where(small, exact_lower, byars_lower(x, confidence))
    upper = np.where(small, exact_upper, byars_upper(x, confidence))
    return lower, upper


def _check_counts(x: FloatArray, n: FloatArray, *, proportion: bool) -> None:
    if x.shape != n.shape:
        raise ValueError("x and n must have the same length")
    if np.any(x < 0):
        raise ValueError("counts (x) must not be negative")
    if np.any(n < 0):
        raise ValueError("denominators (n) must not be negative")
    if proportion and np.any(x > n):
        raise ValueError("a proportion needs x ≤ n")


# --------------------------------------------------------------------------------------------
# Proportions
# --------------------------------------------------------------------------------------------


def effective_counts(
    x: FloatArray, n: FloatArray, deft: ArrayLike | None
) -> tuple[FloatArray, FloatArray]:
    """x and n scaled to the effective sample size ``n / deft²`` (the proportion x/n is kept).

    ``deft=None`` returns them unchanged; a NaN design factor gives NaN counts (no interval).
    """
    if deft is None:
        return x, n
    factor = np.broadcast_to(to_array(deft, "deft"), x.shape)
    check_deft(factor)
    scale = 1.0 / factor**2
    return x * scale, n * scale


def proportion_ci_arrays(
    x: ArrayLike,
    n: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 1,
    deft: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vectorised :func:`proportion_ci`: arrays of value, lower and upper for each (x, n).

    ``deft`` may be one design factor or one per row (NaN where a survey's is unknown).
    """
    check_confidence(confidence)
    xa = to_array(x, "x")
    na = to_array(n, "n")
    _check_counts(xa, na, proportion=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(na > 0, xa / na, np.nan)
    x_eff, n_eff = effective_counts(xa, na, deft)
    lower, upper = wilson_limits(x_eff, n_eff, confidence)
    return value * multiplier, lower * multiplier, upper * multiplier


def proportion_ci(
    x: float,
    n: float,
    *,
    confidence: float = 0.95,
    multiplier: float = 1,
    deft: float | None = None,
) -> Interval:
    """A proportion x / n with its Wilson score interval.

    Parameters
    ----------
    x, n:
        Numerator and denominator (x ≤ n, both ≥ 0; non-integers are accepted as PHE's tool does).
    confidence:
        Two-sided confidence as a fraction (0.95, 0.998).
    multiplier:
        Scales value and limits, e.g. 100 for a percentage.
    deft:
        For a survey estimate, the design factor: the limits are the Wilson limits for the same
        proportion in the effective sample ``n / deft²``. None (default) for a figure that is
        not from a survey; NaN for a survey whose design factor is unknown (NaN limits).

    Returns
    -------
    Interval(value, lower, upper)
        ``value = x / n × multiplier``; limits are Wilson score limits clamped to [0, 1] before
        scaling: exactly 0 at x = 0 and exactly 1 (× multiplier) at x = n. NaN when n = 0 or
        an input is missing.

    Example: 300 of 1,000 people asked (30%) in a survey with deft 1.5 have the interval of 30%
    of 1,000 / 2.25 = 444.4 people: 25.9% to 34.4% rather than 27.2% to 32.9%.

    Raises
    ------
    ValueError
        For a negative count or denominator, x > n, or a confidence outside (0, 1).

    References
    ----------
    Wilson EB (1927) J Am Stat Assoc 22:209-212. Newcombe RG (1998) Stat Med 17:857-872
    (method 3). PHEindicatormethods ``phe_proportion``.
    """
    value, lower, upper = proportion_ci_arrays(
        [to_float(x)],
        [to_float(n)],
        confidence=confidence,
        multiplier=multiplier,
        deft=None if deft is None else [to_float(deft)],
    )
    return Interval(float(value[0]), float(lower[0]), float(upper[0]))


# --------------------------------------------------------------------------------------------
# Rates and counts
# --------------------------------------------------------------------------------------------


def rate_ci_arrays(
    x: ArrayLike, n: ArrayLike, *, confidence: float = 0.95, multiplier: float = 100_000
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vectorised :func:`rate_ci`: arrays of value, lower and upper for each (x, n)."""
    check_confidence(confidence)
    xa = to_array(x, "x")
    na = to_array(n, "n")
    _check_counts(xa, na, proportion=False)
    count_lower, count_upper = _count_limits(xa, confidence)
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
    lower, upper = _count_limits(np.array([xv]), confidence)
    return Interval(xv, float(lower[0]), float(upper[0]))


# --------------------------------------------------------------------------------------------
# Means
# --------------------------------------------------------------------------------------------


def mean_ci(values: ArrayLike, *, confidence: float = 0.95, deft: float | None = None) -> Interval:
    """The mean of ``values`` with a Student's t confidence interval.

    ``mean ± t(1 − (1 − c)/2; n − 1) × s / √n`` with s the sample standard deviation (n − 1
    divisor), as PHEindicatormethods ``phe_mean``. Missing values (NaN/None) are left out. With
    no values the result is all NaN; with one value the limits are NaN.

    ``deft``: for a survey, the design factor; the standard error becomes ``deft × s / √n``
    (the effective sample size n / deft²). None means not a survey; NaN (a survey whose
    design factor is unknown) gives NaN limits.
    """
    check_confidence(confidence)
    factor = 1.0 if deft is None else to_float(deft)
    check_deft(np.array([factor]))
    arr = to_array(values, "values")
    arr = arr[~np.isnan(arr)]
    count = arr.size
    if count == 0:
        return nan_interval()
    mean = float(arr.mean())
    if count == 1:
        return Interval(mean, NAN, NAN)
    sd = float(arr.std(ddof=1))
    t = float(sps.t.ppf(0.5 + confidence / 2.0, count - 1))
    half_width = t * factor * sd / float(np.sqrt(count))
    return Interval(mean, mean - half_width, mean + half_width)


# --------------------------------------------------------------------------------------------
# Directly standardised rates
# --------------------------------------------------------------------------------------------


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
