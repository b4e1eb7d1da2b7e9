"""A proportion with its Wilson score interval (:func:`proportion_ci`), allowing for a survey's
design factor.
"""

from __future__ import annotations

import numpy as np

from .._common import (
    ArrayLike,
    FloatArray,
    Interval,
    check_confidence,
    check_deft,
    to_array,
    to_float,
)
from .limits import check_counts, wilson_limits


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
    deft: ArrayLike | None = None,
    *,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vectorised :func:`proportion_ci`: arrays of value, lower and upper for each (x, n).

    ``deft`` may be one design factor or one per row (NaN where a survey's is unknown).
    """
    check_confidence(confidence)
    xa = to_array(x, "x")
    na = to_array(n, "n")
    check_counts(xa, na, proportion=True)
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
