"""Two proportions compared from their counts: difference and ratio with their intervals.

* :func:`proportion_difference` — Newcombe's hybrid score interval (Newcombe 1998, method 10).
* :func:`proportion_ratio` — ratio of two proportions, Katz log interval (Katz et al. 1978).

:func:`proportion_gap_arrays` is the vectorised Newcombe and Katz intervals from counts.
"""

from __future__ import annotations

import numpy as np

from .._common import (
    ArrayLike,
    FloatArray,
    Interval,
    check_confidence,
    to_array,
    to_float,
    z_value,
)
from ..intervals import effective_counts, wilson_limits
from .gaps import GapArrays, significance


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
    deft1: ArrayLike | None = None,
    deft2: ArrayLike | None = None,
    *,
    confidence: float = 0.95,
) -> GapArrays:
    """Gaps p₁ − p₂ and p₁ / p₂ between two proportions from counts, vectorised.

    The difference has Newcombe's hybrid score interval (:func:`proportion_difference`) and the
    ratio the Katz log interval (:func:`proportion_ratio`). ``deft1``/``deft2`` are design
    factors of survey estimates, per row like the counts: each group's Wilson limits and Katz
    variance use its effective sample size ``n / deft²``; NaN (a survey whose design factor is
    unknown) gives NaN limits. Values are fractions. ``significant`` is 1.0 when the
    difference's interval excludes 0, 0.0 when it includes 0 and NaN without limits.
    ValueError for negative input or x > n.
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
        significance(difference_lower, difference_upper),
    )


def _one_pair(
    counts: tuple[float, float, float, float],
    defts: tuple[float | None, float | None],
    confidence: float,
) -> GapArrays:
    """:func:`proportion_gap_arrays` of one pair of groups given as scalars."""
    x1, n1, x2, n2 = ([to_float(v)] for v in counts)
    deft1, deft2 = (None if d is None else [to_float(d)] for d in defts)
    return proportion_gap_arrays(x1, n1, x2, n2, deft1, deft2, confidence=confidence)


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
    result = _one_pair((x1, n1, x2, n2), (deft1, deft2), confidence)
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
    result = _one_pair((x1, n1, x2, n2), (deft1, deft2), confidence)
    return Interval(
        float(result.ratio[0]), float(result.ratio_lower[0]), float(result.ratio_upper[0])
    )
