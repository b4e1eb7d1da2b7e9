"""Two rates compared: their ratio with a log-scale interval (:func:`rate_ratio`)."""

from __future__ import annotations

import math

from .._common import NAN, Interval, nan_interval, to_float, z_value


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
