"""A mean with its Student's t confidence interval (:func:`mean_ci`)."""

from __future__ import annotations

import numpy as np
from scipy import stats as sps

from .._common import (
    NAN,
    ArrayLike,
    Interval,
    check_confidence,
    check_deft,
    nan_interval,
    to_array,
    to_float,
)


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
