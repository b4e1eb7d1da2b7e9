"""Confidence limits the source did not publish, worked out from its counts.

Most of the real files (the UK's Open SDG data in particular) publish values without
confidence limits, and without limits no gap or trend can be tested. Where a release gives the
numerator and denominator of a percentage or a rate, the limits are computed here with the
statistics module (Wilson score for percentages; exact Poisson or Byar's for rates), and the
rows are flagged so that pages say which limits are the publisher's and which are ours.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from indicators import stats
from indicators.models import Indicator

#: The column flagging rows whose limits were computed here rather than published.
COMPUTED = "limits_from_counts"


def counts_method(indicator: Indicator) -> tuple[Literal["proportion", "rate"], float] | None:
    """How limits follow from counts for this indicator: Wilson for a percentage, Poisson or
    Byar's for a rate per N; None for other measures (means, medians, indices)."""
    if indicator.measure_type == Indicator.MeasureType.PERCENTAGE:
        return "proportion", 100.0
    if indicator.measure_type == Indicator.MeasureType.RATE and indicator.rate_per:
        return "rate", float(indicator.rate_per)
    return None


def with_computed_limits(frame: pd.DataFrame, *, indicator: Indicator) -> pd.DataFrame:
    """``frame`` with missing 95% limits filled from ``numerator``/``denominator`` where the
    indicator is a percentage or a rate, and a boolean column ``limits_from_counts``."""
    method = counts_method(indicator)
    return with_computed_limits_by(
        frame, methods=pd.Series([method] * len(frame), index=frame.index, dtype=object)
    )


def with_computed_limits_by(frame: pd.DataFrame, *, methods: pd.Series) -> pd.DataFrame:
    """As :func:`with_computed_limits`, for rows of many indicators: ``methods`` gives each
    row's ``counts_method`` (or None). One vectorised call per method, not per indicator.

    A percentage published with its base but no numerator (as DfE tables do) gets its
    numerator back as value × base ÷ 100, rounded to whole people. Published values are kept;
    rows whose counts are impossible (negative, or more people with the outcome than in the
    base) are left without limits rather than guessed.
    """
    out = frame.copy()
    out[COMPUTED] = False
    needs = out["denominator"].notna() & (out["lower"].isna() | out["upper"].isna())
    needs &= out["value"].notna() & methods.notna()
    for key, part in out[needs].groupby(methods[needs], sort=False):
        method, multiplier = key
        filled = _fill(part, method=method, multiplier=multiplier)
        out.loc[part.index, ["lower", "upper", COMPUTED]] = filled[["lower", "upper", COMPUTED]]
    out[COMPUTED] = out[COMPUTED].astype(bool)
    return out


def _fill(
    rows: pd.DataFrame, *, method: Literal["proportion", "rate"], multiplier: float
) -> pd.DataFrame:
    numerator = rows["numerator"].astype("float64")
    denominator = rows["denominator"].astype("float64")
    if method == "proportion":
        numerator = numerator.fillna((rows["value"].astype("float64") * denominator / 100).round())
        possible = (numerator >= 0) & (numerator <= denominator) & (denominator > 0)
    else:
        possible = (numerator >= 0) & (denominator > 0)
    counts = rows.assign(
        numerator=numerator.where(possible, np.nan),
        denominator=denominator.where(possible, np.nan),
    )
    filled = stats.limits_from_counts(counts, method=method, multiplier=multiplier)
    filled[COMPUTED] = filled[COMPUTED].astype(bool)
    return filled
