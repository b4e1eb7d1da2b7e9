"""Result types, constants and small helpers shared by the statistics modules.

Nothing here is specific to one method. The conventions that decide numbers live here so that
every module applies them the same way:

* ``confidence`` is a fraction strictly between 0 and 1 (0.95, 0.998): the confidence of the
  limits a function returns.
* ``input_confidence`` is the confidence of the limits a function is given (0.90, 0.95, 0.99;
  default 0.95, what most publishers give). A standard error recovered from them is
  ``(upper - lower) / (2 * z)`` with z the two-sided normal quantile of ``input_confidence``;
  at 95% that is ``Z95_INPUT = 1.959964``, whatever confidence is asked for on output.
* A zero-width interval (lower == upper) is no interval: it is read as missing limits.
* ``deft`` is a survey's design factor (the square root of the design effect). Intervals from
  a sample size use the effective sample size ``n / deft²``. ``None`` (the default) means "not
  a survey"; NaN means "a survey whose design factor was not recorded", and gives NaN limits.
* Missing or zero input gives NaN; impossible input (a negative count, x > n) raises ValueError.
"""

from __future__ import annotations

import math
from typing import Any, Literal, NamedTuple, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import stats as _sps

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
ArrayLike: TypeAlias = npt.ArrayLike
#: A value and its lower and upper limits as three array-likes, as ``*_ci_arrays`` return them.
Triple: TypeAlias = tuple[ArrayLike, ArrayLike, ArrayLike]

#: The normal quantile that converts a 95% input interval back to a standard error.
Z95_INPUT = 1.959964

Polarity: TypeAlias = Literal["higher_is_better", "lower_is_better", "neither"]
POLARITIES: tuple[str, ...] = ("higher_is_better", "lower_is_better", "neither")

NAN = math.nan


class Interval(NamedTuple):
    """A point estimate with its lower and upper confidence limits (NaN where undefined)."""

    value: float
    lower: float
    upper: float


class Gap(NamedTuple):
    """The gap between a group and its reference group.

    ``difference`` is value − reference value and ``ratio`` is value / reference value, each with
    limits at the requested confidence. ``significant`` is True when the difference's interval
    excludes 0, False when it includes 0, and None when there are no limits to decide with.
    """

    difference: float
    difference_lower: float
    difference_upper: float
    ratio: float
    ratio_lower: float
    ratio_upper: float
    significant: bool | None


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile for ``confidence`` (1.959964 for 0.95).

    Raises ValueError unless 0 < confidence < 1.
    """
    check_confidence(confidence)
    return float(_sps.norm.ppf(0.5 + confidence / 2.0))


def check_confidence(confidence: float) -> None:
    """Raise ValueError unless ``confidence`` is a fraction strictly between 0 and 1."""
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        raise ValueError(f"confidence must be a number between 0 and 1, got {confidence!r}")
    if not 0.0 < float(confidence) < 1.0:
        raise ValueError(
            f"confidence must be a fraction between 0 and 1 (0.95, 0.998), got {confidence!r}"
        )


def to_float(value: Any) -> float:
    """Convert a scalar (int, float, numpy scalar, None, pandas NA) to float; missing is NaN."""
    if value is None:
        return NAN
    try:
        result = float(value)
    except (TypeError, ValueError):
        # pandas.NA and friends refuse float(); anything else non-numeric is a caller error.
        if _is_missing_marker(value):
            return NAN
        raise ValueError(f"expected a number, got {value!r}") from None
    return result


def _is_missing_marker(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def to_array(values: ArrayLike, name: str = "values") -> FloatArray:
    """Convert an array-like (list, tuple, numpy array, pandas Series) to a 1-D float array.

    None and pandas NA become NaN. Raises ValueError for non-numeric content or more than one
    dimension.
    """
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        try:
            import pandas as pd

            arr = pd.to_numeric(pd.Series(values, dtype="object"), errors="raise").to_numpy(
                dtype=np.float64, na_value=np.nan
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numbers") from exc
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    return arr


def input_z(input_confidence: float = 0.95) -> float:
    """The normal quantile for limits published at ``input_confidence``.

    1.959964 (``Z95_INPUT``, as Fingertips and PHEindicatormethods) at 0.95; otherwise the
    two-sided quantile, e.g. 1.644854 at 0.90 and 2.575829 at 0.99.
    """
    check_confidence(input_confidence)
    if input_confidence == 0.95:
        return Z95_INPUT
    return z_value(input_confidence)


def se_from_limits(
    lower: FloatArray, upper: FloatArray, input_confidence: float = 0.95
) -> FloatArray:
    """Standard error recovered from limits: ``(upper - lower) / (2 * z)``.

    ``z`` is :func:`input_z` of ``input_confidence`` (1.959964 for 95% limits).
    """
    result: FloatArray = (upper - lower) / (2.0 * input_z(input_confidence))
    return result


def without_zero_width(lower: FloatArray, upper: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``lower`` and ``upper`` with zero-width intervals (lower == upper) made NaN.

    A published interval with no width says nothing about uncertainty (it is usually a
    placeholder), so it is read as no interval rather than as perfect precision.
    """
    zero = lower == upper
    return np.where(zero, np.nan, lower), np.where(zero, np.nan, upper)


def check_deft(deft: FloatArray) -> None:
    """Raise ValueError unless every known design factor is positive (NaN means unknown)."""
    if np.any(deft <= 0):
        raise ValueError("a design factor (deft) must be positive")


def effective_sample_size(n: ArrayLike, deft: ArrayLike | None = None) -> FloatArray:
    """The effective sample size ``n / deft²`` of a survey (``n`` itself when deft is None).

    A NaN design factor (a survey whose design factor was not recorded) gives NaN, so no
    interval is computed from it. Raises ValueError for a design factor that is not positive.

    Example: 1,200 people asked in a survey with a design factor of 1.2 carry the information
    of 1,200 / 1.44 = 833.3 people in a simple random sample.
    """
    na = to_array(n, "n")
    if deft is None:
        return na
    factor = to_array(deft, "deft")
    check_deft(factor)
    result: FloatArray = na / factor**2
    return result


def nan_interval() -> Interval:
    """An Interval of three NaNs."""
    return Interval(NAN, NAN, NAN)


def check_polarity(polarity: str) -> None:
    """Raise ValueError unless ``polarity`` is one of the three known polarities."""
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {', '.join(POLARITIES)}; got {polarity!r}")
