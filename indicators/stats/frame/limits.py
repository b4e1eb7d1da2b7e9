"""Confidence limits from counts, for a whole DataFrame (:func:`limits_from_counts`)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from .._common import check_confidence, check_deft
from ..intervals import proportion_ci_arrays, rate_ci_arrays
from .columns import numeric, require


def limits_from_counts(
    df: pd.DataFrame,
    *,
    method: Literal["proportion", "rate"],
    numerator: str = "numerator",
    denominator: str = "denominator",
    value: str = "value",
    lower: str = "lower",
    upper: str = "upper",
    multiplier: float = 100,
    confidence: float = 0.95,
    overwrite: bool = False,
    deft: str | float | None = None,
) -> pd.DataFrame:
    """Fill in missing value and confidence limits from counts, for a whole DataFrame.

    Input columns
    -------------
    ``numerator``, ``denominator``
        Counts (x and n). Rows where either is missing are left as they are.
    ``value``, ``lower``, ``upper``
        Existing value and limits; created (all NaN) if absent.

    Parameters
    ----------
    method:
        "proportion" — Wilson score (:func:`indicators.stats.proportion_ci`);
        "rate" — exact Poisson below 10 events, Byar's otherwise (:func:`indicators.stats.rate_ci`).
    multiplier:
        100 for a percentage, 100_000 for a rate per 100,000, …
    overwrite:
        If False (default) only rows missing a lower or upper limit are filled, and an existing
        value is kept; if True every row with counts is recomputed.
    deft:
        For survey estimates (proportions only): the design factor, as one number or the name
        of a column. The limits use the effective sample size n / deft². None (default) means
        the rows are not from a survey. A NaN design factor marks a survey whose design factor
        was not recorded: such rows get no limits (they stay missing, and
        ``limits_from_counts`` is False), because limits from the raw sample size would be
        too narrow.

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``value``, ``lower`` and ``upper`` filled, plus a boolean column
        ``limits_from_counts`` that is True on the rows whose limits were computed here.

    Raises ValueError for an unknown method, negative counts or (proportions) x > n.
    """
    check_confidence(confidence)
    if method not in ("proportion", "rate"):
        raise ValueError("method must be 'proportion' or 'rate'")
    if deft is not None and method != "proportion":
        raise ValueError("a design factor (deft) applies to survey proportions only")
    require(df, [numerator, denominator, *([deft] if isinstance(deft, str) else [])])
    out = df.copy()
    for column in (value, lower, upper):
        if column not in out.columns:
            out[column] = np.nan
    x = numeric(out, numerator)
    n = numeric(out, denominator)
    has_counts = np.isfinite(x) & np.isfinite(n)
    factor = None
    if deft is not None:
        factor = numeric(out, deft) if isinstance(deft, str) else np.full(len(out), float(deft))
        check_deft(factor)
        has_counts &= np.isfinite(factor)
    current_value = numeric(out, value)
    current_lower = numeric(out, lower)
    current_upper = numeric(out, upper)
    if overwrite:
        target = has_counts
    else:
        target = has_counts & ~(np.isfinite(current_lower) & np.isfinite(current_upper))
    x_used = np.where(target, x, 0.0)
    n_used = np.where(target, n, 1.0)
    if method == "proportion":
        new_value, new_lower, new_upper = proportion_ci_arrays(
            x_used,
            n_used,
            confidence=confidence,
            multiplier=multiplier,
            deft=None if factor is None else np.where(target, factor, 1.0),
        )
    else:
        new_value, new_lower, new_upper = rate_ci_arrays(
            x_used, n_used, confidence=confidence, multiplier=multiplier
        )
    keep_value = np.isfinite(current_value) & (not overwrite)
    out[value] = np.where(target & ~keep_value, new_value, current_value)
    out[lower] = np.where(target, new_lower, current_lower)
    out[upper] = np.where(target, new_upper, current_upper)
    out["limits_from_counts"] = target
    return out
