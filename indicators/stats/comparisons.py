"""Comparing two values: differences and ratios with intervals, gaps, benchmark comparisons.

* :func:`proportion_difference` — Newcombe's hybrid score interval (Newcombe 1998, method 10).
* :func:`proportion_ratio` — ratio of two proportions, Katz log interval (Katz et al. 1978).
* :func:`rate_ratio` — ratio of two rates, log interval with SE √(1/x₁ + 1/x₂).
* :func:`gap` — a group's gap to its reference group from published values and limits.
* :func:`compare_to_benchmark` — the Fingertips overlapping-interval rule (better/similar/worse).

:func:`gap_arrays` is the vectorised form of :func:`gap`, and :func:`proportion_gap_arrays` the
vectorised Newcombe and Katz intervals from counts; ``frame.gaps_frame`` uses the counts where
both groups have them and the published limits otherwise.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, TypeAlias

import numpy as np

from ._common import (
    NAN,
    ArrayLike,
    FloatArray,
    Gap,
    Interval,
    Polarity,
    check_confidence,
    check_polarity,
    nan_interval,
    se_from_limits,
    to_array,
    to_float,
    without_zero_width,
    z_value,
)
from .intervals import effective_counts, wilson_limits

__all__ = [
    "Comparison",
    "GapArrays",
    "compare_to_benchmark",
    "gap",
    "gap_arrays",
    "proportion_difference",
    "proportion_gap_arrays",
    "proportion_ratio",
    "rate_ratio",
]

ComparisonLabel: TypeAlias = Literal["better", "similar", "worse", "higher", "lower"]


class Comparison(NamedTuple):
    """Result of comparing a value with a benchmark at 95% and (optionally) 99.8%.

    Each level is "better", "similar" or "worse" ("higher", "similar", "lower" when the
    indicator has no polarity), or None when it cannot be judged: a missing value, benchmark or
    limit, or (for ``at998``) no 99.8% limits supplied.
    """

    at95: ComparisonLabel | None
    at998: ComparisonLabel | None


class GapArrays(NamedTuple):
    """Vectorised :class:`Gap`: one array per field. ``significant`` is 1.0, 0.0 or NaN."""

    difference: FloatArray
    difference_lower: FloatArray
    difference_upper: FloatArray
    ratio: FloatArray
    ratio_lower: FloatArray
    ratio_upper: FloatArray
    significant: FloatArray


def _check_two_proportions(x1: FloatArray, n1: FloatArray, x2: FloatArray, n2: FloatArray) -> None:
    if np.any(x1 < 0) or np.any(x2 < 0):
        raise ValueError("counts (x) must not be negative")
    if np.any(n1 < 0) or np.any(n2 < 0):
        raise ValueError("denominators (n) must not be negative")
    if np.any(x1 > n1) or np.any(x2 > n2):
        raise ValueError("a proportion needs x ≤ n")


def proportion_gap_arrays(
    x1: ArrayLike,
    n1: ArrayLike,
    x2: ArrayLike,
    n2: ArrayLike,
    *,
    confidence: float = 0.95,
    deft1: ArrayLike | None = None,
    deft2: ArrayLike | None = None,
) -> GapArrays:
    """Gaps p₁ − p₂ and p₁ / p₂ between two proportions from counts, vectorised.

    The difference has Newcombe's hybrid score interval (:func:`proportion_difference`) and the
    ratio the Katz log interval (:func:`proportion_ratio`). ``deft1``/``deft2`` are design
    factors of survey estimates: each group's Wilson limits and Katz variance use its effective
    sample size ``n / deft²``; NaN (a survey whose design factor is unknown) gives NaN limits.
    Values are fractions. ``significant`` is 1.0 when the difference's interval excludes 0,
    0.0 when it includes 0 and NaN without limits. ValueError for negative input or x > n.
    """
    check_confidence(confidence)
    a, b, c, d = np.broadcast_arrays(
        to_array(x1, "x1"), to_array(n1, "n1"), to_array(x2, "x2"), to_array(n2, "n2")
    )
    _check_two_proportions(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(b > 0, a / b, np.nan)
        p2 = np.where(d > 0, c / d, np.nan)
    ea, eb = effective_counts(a, b, deft1)
    ec, ed = effective_counts(c, d, deft2)
    lower1, upper1 = wilson_limits(ea, eb, confidence)
    lower2, upper2 = wilson_limits(ec, ed, confidence)
    difference = p1 - p2
    difference_lower = difference - np.hypot(p1 - lower1, upper2 - p2)
    difference_upper = difference + np.hypot(upper1 - p1, p2 - lower2)

    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p2 > 0, p1 / p2, np.nan)
        defined = (ea > 0) & (ec > 0) & (eb > 0) & (ed > 0) & np.isfinite(ratio)
        log_se = np.sqrt(1 / ea - 1 / eb + 1 / ec - 1 / ed)
        log_ratio = np.log(np.where(defined, ratio, 1.0))
    ratio_lower = np.where(defined, np.exp(log_ratio - z * log_se), np.nan)
    ratio_upper = np.where(defined, np.exp(log_ratio + z * log_se), np.nan)
    return GapArrays(
        difference,
        difference_lower,
        difference_upper,
        ratio,
        ratio_lower,
        ratio_upper,
        _significance(difference_lower, difference_upper),
    )


def _significance(lower: FloatArray, upper: FloatArray) -> FloatArray:
    """1.0 where the interval excludes 0, 0.0 where it includes 0, NaN without limits."""
    known = np.isfinite(lower) & np.isfinite(upper)
    excludes_zero = (lower > 0) | (upper < 0)
    return np.where(known, excludes_zero.astype(np.float64), np.nan)


def _scalar_counts(x1: float, n1: float, x2: float, n2: float) -> list[list[float]]:
    return [[to_float(v)] for v in (x1, n1, x2, n2)]


def _scalar_deft(deft: float | None) -> list[float] | None:
    return None if deft is None else [to_float(deft)]


def proportion_difference(
    x1: float,
    n1: float,
    x2: float,
    n2: float,
    *,
    confidence: float = 0.95,
    deft1: float | None = None,
    deft2: float | None = None,
) -> Interval:
    """Difference of two independent proportions p₁ − p₂ with Newcombe's hybrid score interval.

    With Wilson limits (l₁, u₁) for p₁ and (l₂, u₂) for p₂ at the same confidence::

        lower = (p₁ − p₂) − √((p₁ − l₁)² + (u₂ − p₂)²)
        upper = (p₁ − p₂) + √((u₁ − p₁)² + (p₂ − l₂)²)

    Values are fractions (not percentages). NaN when either denominator is 0 or an input is
    missing; ValueError for negative input or x > n. ``deft1``/``deft2``: design factors of
    survey estimates (Wilson limits from the effective sample size ``n / deft²``; None: not a
    survey; NaN: a survey with no recorded design factor, NaN limits).

    Reference: Newcombe RG (1998) Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17:873-890 (method 10).
    """
    result = proportion_gap_arrays(
        *_scalar_counts(x1, n1, x2, n2),
        confidence=confidence,
        deft1=_scalar_deft(deft1),
        deft2=_scalar_deft(deft2),
    )
    return Interval(
        float(result.difference[0]),
        float(result.difference_lower[0]),
        float(result.difference_upper[0]),
    )


def proportion_ratio(
    x1: float,
    n1: float,
    x2: float,
    n2: float,
    *,
    confidence: float = 0.95,
    deft1: float | None = None,
    deft2: float | None = None,
) -> Interval:
    """Ratio of two independent proportions p₁ / p₂ with the Katz log interval.

    ``SE(ln RR) = √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)`` and limits ``exp(ln RR ± z·SE)``; for survey
    estimates the counts are the effective ones, ``x / deft²`` and ``n / deft²``.

    The ratio is NaN when p₂ = 0 (or a denominator is 0); the limits are NaN when either count
    is 0, where the log method is undefined. ValueError for negative input or x > n.

    Reference: Katz D, Baptista J, Azen SP, Pike MC (1978) Obtaining confidence intervals for
    the risk ratio in cohort studies. Biometrics 34:469-474.
    """
    result = proportion_gap_arrays(
        *_scalar_counts(x1, n1, x2, n2),
        confidence=confidence,
        deft1=_scalar_deft(deft1),
        deft2=_scalar_deft(deft2),
    )
    return Interval(
        float(result.ratio[0]), float(result.ratio_lower[0]), float(result.ratio_upper[0])
    )


def rate_ratio(x1: float, n1: float, x2: float, n2: float, *, confidence: float = 0.95) -> Interval:
    """Ratio of two rates (x₁/n₁) / (x₂/n₂) with a log-scale interval.

    Treating each count as Poisson, ``SE(ln RR) = √(1/x₁ + 1/x₂)`` and the limits are
    ``exp(ln RR ± z·SE)``. The ratio is NaN when x₂ or a denominator is 0; the limits are NaN when
    either count is 0. ValueError for negative input. (Events may exceed the denominator.)

    Reference: Rothman KJ, Greenland S, Lash TL (2008) Modern Epidemiology, 3rd ed., ch. 14.
    """
    z = z_value(confidence)
    a, b, c, d = (to_float(v) for v in (x1, n1, x2, n2))
    if a < 0 or c < 0:
        raise ValueError("counts (x) must not be negative")
    if b < 0 or d < 0:
        raise ValueError("denominators (n) must not be negative")
    if not (b > 0 and d > 0 and c > 0) or math.isnan(a):
        return nan_interval()
    ratio = (a / b) / (c / d)
    if a == 0:
        return Interval(ratio, NAN, NAN)
    se = math.sqrt(1 / a + 1 / c)
    log_ratio = math.log(ratio)
    return Interval(ratio, math.exp(log_ratio - z * se), math.exp(log_ratio + z * se))


# --------------------------------------------------------------------------------------------
# Gaps to a reference group
# --------------------------------------------------------------------------------------------


def gap_arrays(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    ref_value: ArrayLike,
    ref_lower: ArrayLike,
    ref_upper: ArrayLike,
    *,
    confidence: float = 0.95,
    input_confidence: float = 0.95,
) -> GapArrays:
    """Vectorised :func:`gap`; all inputs are equal-length array-likes (or scalars).

    Raises ValueError when any row has a lower limit above its upper limit.
    """
    z = z_value(confidence)
    arrays = [
        to_array(v, name)
        for v, name in (
            (value, "value"),
            (lower, "lower"),
            (upper, "upper"),
            (ref_value, "ref_value"),
            (ref_lower, "ref_lower"),
            (ref_upper, "ref_upper"),
        )
    ]
    v, lo, up, rv, rlo, rup = np.broadcast_arrays(*arrays)
    if np.any(lo > up) or np.any(rlo > rup):
        raise ValueError("a lower confidence limit is above its upper limit")
    lo, up = without_zero_width(lo, up)
    rlo, rup = without_zero_width(rlo, rup)

    def se(lower_limit: FloatArray, upper_limit: FloatArray) -> FloatArray:
        return se_from_limits(lower_limit, upper_limit, input_confidence)

    difference = v - rv
    se_difference = np.hypot(se(lo, up), se(rlo, rup))
    difference_lower = difference - z * se_difference
    difference_upper = difference + z * se_difference

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(rv != 0, v / rv, np.nan)
        positive = (v > 0) & (rv > 0) & (lo > 0) & (rlo > 0) & (up > 0) & (rup > 0)
        log_se = np.hypot(
            se(np.log(np.where(positive, lo, 1.0)), np.log(np.where(positive, up, 1.0))),
            se(np.log(np.where(positive, rlo, 1.0)), np.log(np.where(positive, rup, 1.0))),
        )
        log_ratio = np.log(np.where(positive, ratio, 1.0))
    ratio_lower = np.where(positive, np.exp(log_ratio - z * log_se), np.nan)
    ratio_upper = np.where(positive, np.exp(log_ratio + z * log_se), np.nan)

    significant = _significance(difference_lower, difference_upper)
    return GapArrays(
        difference.astype(np.float64),
        difference_lower.astype(np.float64),
        difference_upper.astype(np.float64),
        ratio.astype(np.float64),
        ratio_lower.astype(np.float64),
        ratio_upper.astype(np.float64),
        significant.astype(np.float64),
    )


def gap(
    value: float,
    lower: float,
    upper: float,
    ref_value: float,
    ref_lower: float,
    ref_upper: float,
    *,
    confidence: float = 0.95,
    input_confidence: float = 0.95,
) -> Gap:
    """The gap between a group and its reference group, as a difference and a ratio.

    Inputs are the two published values with their limits, which are read as
    ``input_confidence`` limits (0.95 unless the publisher says otherwise: 0.90 or 0.99); the
    output limits are at ``confidence``. A zero-width interval (lower == upper) is read as no
    interval.

    * Difference ``value − ref_value``: each standard error is recovered on the natural scale as
      ``(upper − lower) / (2 × z)``, with z = 1.959964 for 95% input limits; the difference's
      SE is ``√(se₁² + se₂²)`` and its limits are ``difference ± z·SE``.
    * Ratio ``value / ref_value``: each SE of ln(value) is
      ``(ln upper − ln lower) / (2 × z)`` (so asymmetric limits such as Wilson's are
      handled); the ratio's log SE is ``√(s₁² + s₂²)`` and its limits are
      ``exp(ln ratio ± z·SE)``. Ratio limits need every value and limit to be positive;
      otherwise they are NaN.
    * ``significant`` is True when the difference's interval excludes 0 (so the ratio's does
      too, approximately), False when it includes 0, None when limits are missing.

    Missing limits give NaN limits (the difference and ratio are still returned); a reference
    value of 0 gives a NaN ratio. ValueError when a lower limit is above its upper limit.

    Reference: Altman DG, Bland JM (2003) Interaction revisited: the difference between two
    estimates. BMJ 326:219.
    """
    result = gap_arrays(
        [to_float(value)],
        [to_float(lower)],
        [to_float(upper)],
        [to_float(ref_value)],
        [to_float(ref_lower)],
        [to_float(ref_upper)],
        confidence=confidence,
        input_confidence=input_confidence,
    )
    significant_value = float(result.significant[0])
    significant = None if math.isnan(significant_value) else bool(significant_value)
    return Gap(
        float(result.difference[0]),
        float(result.difference_lower[0]),
        float(result.difference_upper[0]),
        float(result.ratio[0]),
        float(result.ratio_lower[0]),
        float(result.ratio_upper[0]),
        significant,
    )


# --------------------------------------------------------------------------------------------
# Benchmark comparisons
# --------------------------------------------------------------------------------------------


def _label(
    lower: float, upper: float, benchmark: float, polarity: Polarity
) -> ComparisonLabel | None:
    if any(math.isnan(v) for v in (lower, upper, benchmark)):
        return None
    if lower > upper:
        raise ValueError("a lower confidence limit is above its upper limit")
    if lower <= benchmark <= upper:
        return "similar"
    higher = benchmark < lower
    if polarity == "neither":
        return "higher" if higher else "lower"
    if polarity == "higher_is_better":
        return "better" if higher else "worse"
    return "worse" if higher else "better"


def compare_to_benchmark(
    value: float,
    lower95: float,
    upper95: float,
    benchmark: float,
    *,
    polarity: Polarity,
    lower998: float | None = None,
    upper998: float | None = None,
) -> Comparison:
    """Compare a value with a benchmark (England, a reference group) by the Fingertips rule.

    A benchmark inside the value's confidence interval, bounds included, is "similar". Otherwise
    the value is significantly higher (the benchmark is below the interval) or lower (above it),
    which ``polarity`` turns into "better" or "worse"; with polarity "neither" the labels are
    "higher" and "lower". The comparison is made at 95% and, when 99.8% limits are given, at
    99.8% too (``at998`` is None without them).

    A missing value, benchmark or limit gives None at that level. ValueError for an unknown
    polarity or a lower limit above its upper limit.

    Reference: Fingertips ``SingleOverlappingCIsComparer`` and
    ``SingleOverlappingCIsForTwoCILevelsComparer`` (ukhsa-collaboration/fingertips-open,
    PholioVisualisationWS/Analysis).
    """
    check_polarity(polarity)
    v = to_float(value)
    b = to_float(benchmark)
    if math.isnan(v):
        return Comparison(None, None)
    at95 = _label(to_float(lower95), to_float(upper95), b, polarity)
    at998: ComparisonLabel | None = None
    if lower998 is not None and upper998 is not None:
        at998 = _label(to_float(lower998), to_float(upper998), b, polarity)
    return Comparison(at95, at998)
