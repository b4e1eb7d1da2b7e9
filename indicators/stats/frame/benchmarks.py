"""Every row compared with a benchmark column, for a whole DataFrame (:func:`compare_frame`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._common import Polarity, check_polarity
from .columns import numeric, require


def compare_frame(
    df: pd.DataFrame,
    *,
    polarity: Polarity,
    benchmark: str = "benchmark",
    value: str = "value",
    lower: str = "lower",
    upper: str = "upper",
    lower998: str | None = None,
    upper998: str | None = None,
) -> pd.DataFrame:
    """Compare every row with a benchmark column by the Fingertips rule, vectorised.

    Input columns: ``value``, ``lower``, ``upper`` (95% limits), ``benchmark`` (e.g. the England
    value on the same row) and optionally ``lower998``/``upper998``.

    Returns a copy of ``df`` with ``comparison_95`` and ``comparison_998`` (object columns of
    "better"/"similar"/"worse", or "higher"/"similar"/"lower" for polarity "neither", and None
    where a number is missing; ``comparison_998`` is all None without 99.8% limits). Same rule
    as :func:`indicators.stats.compare_to_benchmark`.
    """
    check_polarity(polarity)
    columns = [benchmark, value, lower, upper]
    if lower998 is not None and upper998 is not None:
        columns += [lower998, upper998]
    require(df, columns)
    out = df.copy()
    mark = numeric(out, benchmark)
    missing_value = ~np.isfinite(numeric(out, value))

    def label(lo_col: str, up_col: str) -> pd.Series:
        lo = numeric(out, lo_col)
        up = numeric(out, up_col)
        if np.any(lo > up):
            raise ValueError("a lower confidence limit is above its upper limit")
        known = np.isfinite(lo) & np.isfinite(up) & np.isfinite(mark) & ~missing_value
        higher = mark < lo
        lower_side = mark > up
        if polarity == "neither":
            names = ("higher", "lower")
        elif polarity == "higher_is_better":
            names = ("better", "worse")
        else:
            names = ("worse", "better")
        labels = np.select([higher, lower_side], list(names), default="similar").astype(object)
        labels[~known] = None
        # explicit object dtype: pandas 3 would otherwise infer its string dtype and turn None
        # into NaN
        return pd.Series(labels, index=out.index, dtype=object)

    out["comparison_95"] = label(lower, upper)
    if lower998 is not None and upper998 is not None:
        out["comparison_998"] = label(lower998, upper998)
    else:
        out["comparison_998"] = pd.Series([None] * len(out), index=out.index, dtype=object)
    return out
