"""Confidence limits the source did not publish, worked out from its counts.

Most of the real files (the UK's Open SDG data in particular) publish values without
confidence limits, and without limits no gap or trend can be tested. Limits are computed here
with the statistics module only where the release gives what they need, and the rows are
flagged so that pages say which limits are the publisher's and which are ours:

* a percentage with a ``sample_size`` gets a Wilson score interval with n = the sample size
  and p = the published value (survey estimates are weighted up to the population, so their
  ``denominator`` is an estimate of millions, not the number of people asked);
* otherwise (and always for a rate) a Wilson, exact Poisson or Byar's interval comes from the
  ``numerator`` and ``denominator`` only when both are given and reproduce the published value
  to the indicator's decimal places, which shows that they are the counts behind it.

Anything else (a base without a numerator, counts that do not give the value, a grossed-up
population) is left without limits, and its gaps are reported as not tested. Computed limits
that do not bracket the published value are dropped.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from indicators import stats
from indicators.models import Indicator

#: The column flagging rows whose limits were computed here rather than published.
COMPUTED = "limits_from_counts"


class CountsMethod(NamedTuple):
    """How limits follow from counts for one indicator."""

    method: Literal["proportion", "rate"]
    #: 100 for a percentage, N for a rate per N.
    multiplier: float
    #: The indicator's published decimal places: counts must reproduce the value to these.
    decimal_places: int


def counts_method(indicator: Indicator) -> CountsMethod | None:
    """How limits follow from counts for this indicator: Wilson for a percentage, Poisson or
    Byar's for a rate per N; None for other measures (means, medians, indices)."""
    places = indicator.decimal_places
    if indicator.measure_type == Indicator.MeasureType.PERCENTAGE:
        return CountsMethod("proportion", 100.0, places)
    if indicator.measure_type == Indicator.MeasureType.RATE and indicator.rate_per:
        return CountsMethod("rate", float(indicator.rate_per), places)
    return None


def with_computed_limits(frame: pd.DataFrame, *, indicator: Indicator) -> pd.DataFrame:
    """``frame`` with missing 95% limits filled where the release gives a sample size or the
    genuine counts behind a percentage or rate, and a boolean column ``limits_from_counts``."""
    method = counts_method(indicator)
    return with_computed_limits_by(
        frame, methods=pd.Series([method] * len(frame), index=frame.index, dtype=object)
    )


def with_computed_limits_by(frame: pd.DataFrame, *, methods: pd.Series) -> pd.DataFrame:
    """As :func:`with_computed_limits`, for rows of many indicators: ``methods`` gives each
    row's :class:`CountsMethod` (or None). One vectorised call per method, not per indicator.
    """
    out = frame.copy()
    out[COMPUTED] = False
    if "sample_size" not in out.columns:
        out["sample_size"] = np.nan
    needs = out["value"].notna() & methods.notna() & (out["lower"].isna() | out["upper"].isna())
    needs &= out["denominator"].notna() | out["sample_size"].notna()
    for key, part in out[needs].groupby(methods[needs], sort=False):
        filled = _fill(part, how=CountsMethod(*key))
        out.loc[part.index, ["lower", "upper", COMPUTED]] = filled[["lower", "upper", COMPUTED]]
    out[COMPUTED] = out[COMPUTED].astype(bool)
    if "sample_size" not in frame.columns:
        out = out.drop(columns=["sample_size"])
    return out


def _fill(rows: pd.DataFrame, *, how: CountsMethod) -> pd.DataFrame:
    """Limits for ``rows`` from the sample size or from counts that reproduce the value."""
    value = rows["value"].astype("float64")
    numerator = rows["numerator"].astype("float64")
    denominator = rows["denominator"].astype("float64")
    sample = rows["sample_size"].astype("float64")
    tolerance = 0.5 * 10.0 ** (-how.decimal_places) + 1e-9
    with np.errstate(divide="ignore", invalid="ignore"):
        reproduced = (numerator / denominator * how.multiplier - value).abs() <= tolerance
    counted = numerator.notna() & denominator.notna() & (denominator > 0) & (numerator >= 0)
    counted &= reproduced
    if how.method == "proportion":
        surveyed = sample.notna() & (sample > 0) & value.between(0, 100)
        counted &= (numerator <= denominator) & ~surveyed
        x = numerator.where(counted).fillna((value / 100 * sample).where(surveyed))
        n = denominator.where(counted).fillna(sample.where(surveyed))
    else:
        x, n = numerator.where(counted), denominator.where(counted)
    counts = rows.assign(numerator=x, denominator=n)
    filled = stats.limits_from_counts(counts, method=how.method, multiplier=how.multiplier)
    brackets = (filled["lower"] <= value) & (value <= filled["upper"])
    computed = filled[COMPUTED].astype(bool) & brackets
    filled["lower"] = filled["lower"].where(computed, rows["lower"])
    filled["upper"] = filled["upper"].where(computed, rows["upper"])
    filled[COMPUTED] = computed
    return filled
