"""Result types, constants and small helpers shared by the statistics modules.

Nothing here is specific to one method. The conventions that decide numbers live here so that
every module applies them the same way:

* ``confidence`` is a fraction strictly between 0 and 1 (0.95, 0.998).
* Input confidence limits are always 95% limits. A standard error recovered from them is
  ``(upper - lower) / (2 * Z95_INPUT)`` with ``Z95_INPUT = 1.959964``, whatever confidence is
  asked for on output.
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


def se_from_limits(lower: FloatArray, upper: FloatArray) -> FloatArray:
    """Standard error recovered from 95% limits: ``(upper - lower) / (2 * 1.959964)``."""
    result: FloatArray = (upper - lower) / (2.0 * Z95_INPUT)
    return result


def nan_interval() -> Interval:
    """An Interval of three NaNs."""
    return Interval(NAN, NAN, NAN)


def check_polarity(polarity: str) -> None:
    """Raise ValueError unless ``polarity`` is one of the three known polarities."""
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {', '.join(POLARITIES)}; got {polarity!r}")
