"""A group's gap to its reference group from published values and limits (:func:`gap`).

:func:`gap_arrays` is its vectorised form. Both return the difference and the ratio with their
intervals, and whether the difference is significant.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._common import (
    FloatArray,
    Gap,
    Triple,
    se_from_limits,
    to_array,
    to_float,
    without_zero_width,
    z_value,
)


class GapArrays(NamedTuple):
    """Vectorised :class:`Gap`: one array per field. ``significant`` is 1.0, 0.0 or NaN."""

    difference: FloatArray
    difference_lower: FloatArray
    difference_upper: FloatArray
    ratio: FloatArray
    ratio_lower: FloatArray
    ratio_upper: FloatArray
    significant: FloatArray


def significance(lower: FloatArray, upper: FloatArray) -> FloatArray:
    """1.0 where the interval excludes 0, 0.0 where it includes 0, NaN without limits."""
    known = np.isfinite(lower) & np.isfinite(upper)
    excludes_zero = (lower > 0) | (upper < 0)
    return np.where(known, excludes_zero.astype(np.float64), np.nan)


def gap_arrays(
    own: Triple,
    reference: Triple,
    *,
    confidence: float = 0.95,
    input_confidence: float = 0.95,
) -> GapArrays:
    """Vectorised :func:`gap`: ``own`` and ``reference`` are each (value, lower, upper), three
    equal-length array-likes (or scalars), as the ``*_ci_arrays`` functions return them.

    Raises ValueError when any row has a lower limit above its upper limit.
    """
    z = z_value(confidence)
    names = ("value", "lower", "upper", "ref_value", "ref_lower", "ref_upper")
    arrays = [to_array(v, name) for v, name in zip((*own, *reference), names, strict=True)]
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

    significant = significance(difference_lower, difference_upper)
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
        ([to_float(value)], [to_float(lower)], [to_float(upper)]),
        ([to_float(ref_value)], [to_float(ref_lower)], [to_float(ref_upper)]),
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
