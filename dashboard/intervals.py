"""Confidence limits the source did not publish, worked out from its counts, and the counts a
gap between two groups can be worked out from.

Most of the real files (the UK's Open SDG data in particular) publish values without
confidence limits, and without limits no gap or trend can be tested. Limits are computed here
with the statistics module only where the release gives what they need, and the rows are
flagged so that pages say which limits are the publisher's and which are ours:

* a survey percentage (the indicator ``is_survey``) with a ``sample_size`` gets a Wilson score
  interval with p = the published value and the **effective** sample size n / deft², deft
  being the survey's design factor (``Indicator.design_factor``). A survey whose design factor
  is not recorded gets no limits: limits from the raw sample size would be too narrow. A
  survey's ``numerator`` and ``denominator`` are estimates weighted up to the population (an
  estimate of millions, not the number of people asked), so they are never used as counts;
* a percentage with a ``sample_size`` that is not from a survey gets a Wilson interval with
  n = the sample size;
* otherwise (and always for a rate) a Wilson, exact Poisson or Byar's interval comes from the
  ``numerator`` and ``denominator`` only when both are given and reproduce the published value
  to the indicator's decimal places, which shows that they are the counts behind it.

Anything else (a base without a numerator, counts that do not give the value, a grossed-up
population) is left without limits, and its gaps are reported as not tested. Computed limits
that do not bracket the published value are dropped.

Limits are computed at the confidence the release publishes its own limits at
(``Release.limits_confidence``, 95% unless the publisher says 90% or 99%), so that every limit
of a release is at one level and the statistics read them all with one ``input_confidence``.

:func:`gap_counts` gives the same counts to ``indicators.stats.gaps_frame``, which works out
the gap between two percentages from them (Newcombe's difference, Katz's ratio) where both
groups have them.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from indicators import stats
from indicators.models import Indicator

#: The column flagging rows whose limits were computed here rather than published.
COMPUTED = "limits_from_counts"
#: The columns :func:`gap_counts` adds, for ``stats.gaps_frame(numerator=, denominator=,
#: deft=)``.
GAP_NUMERATOR, GAP_DENOMINATOR, GAP_DEFT = "gap_numerator", "gap_denominator", "gap_deft"


class CountsMethod(NamedTuple):
    """How limits follow from counts for one indicator."""

    method: Literal["proportion", "rate"]
    #: 100 for a percentage, N for a rate per N.
    multiplier: float
    #: The indicator's published decimal places: counts must reproduce the value to these.
    decimal_places: int
    #: The figures are survey estimates: only the sample size gives limits, with the design
    #: factor below.
    survey: bool = False
    #: The survey's design factor (deft); None for a survey without one (no limits) and for
    #: figures not from a survey.
    design_factor: float | None = None

    @property
    def deft(self) -> float:
        """The design factor to compute with: 1 when not a survey, NaN when it is unknown."""
        if not self.survey:
            return 1.0
        return math.nan if self.design_factor is None else float(self.design_factor)


def counts_method(indicator: Indicator) -> CountsMethod | None:
    """How limits follow from counts for this indicator: Wilson for a percentage (with the
    survey's design factor), Poisson or Byar's for a rate per N; None for other measures
    (means, medians, indices)."""
    places = indicator.decimal_places
    if indicator.measure_type == Indicator.MeasureType.PERCENTAGE:
        return CountsMethod(
            "proportion",
            100.0,
            places,
            survey=bool(indicator.is_survey),
            design_factor=indicator.design_factor if indicator.is_survey else None,
        )
    if indicator.measure_type == Indicator.MeasureType.RATE and indicator.rate_per:
        return CountsMethod("rate", float(indicator.rate_per), places)
    return None


def with_computed_limits(
    frame: pd.DataFrame, *, indicator: Indicator, confidence: float = 0.95
) -> pd.DataFrame:
    """``frame`` with missing limits filled (at ``confidence``, the release's own level)
    where the release gives a sample size or the genuine counts behind a percentage or rate,
    and a boolean column ``limits_from_counts``."""
    method = counts_method(indicator)
    return with_computed_limits_by(
        frame,
        methods=pd.Series([method] * len(frame), index=frame.index, dtype=object),
        confidence=confidence,
    )


def with_computed_limits_by(
    frame: pd.DataFrame, *, methods: pd.Series, confidence: float | pd.Series = 0.95
) -> pd.DataFrame:
    """As :func:`with_computed_limits`, for rows of many indicators: ``methods`` gives each
    row's :class:`CountsMethod` (or None) and ``confidence`` one level for every row or each
    row's. One vectorised call per method and level, not per indicator.
    """
    out = frame.copy()
    out[COMPUTED] = False
    if "sample_size" not in out.columns:
        out["sample_size"] = np.nan
    levels = (
        confidence
        if isinstance(confidence, pd.Series)
        else pd.Series(confidence, index=out.index, dtype="float64")
    )
    needs = out["value"].notna() & methods.notna() & (out["lower"].isna() | out["upper"].isna())
    needs &= out["denominator"].notna() | out["sample_size"].notna()
    keys = pd.Series(
        [(m, float(c)) for m, c in zip(methods[needs], levels[needs], strict=True)],
        index=out.index[needs],
        dtype=object,
    )
    for key, part in out[needs].groupby(keys, sort=False):
        how, level = key
        filled = _fill(part, how=CountsMethod(*how), confidence=level)
        out.loc[part.index, ["lower", "upper", COMPUTED]] = filled[["lower", "upper", COMPUTED]]
    out[COMPUTED] = out[COMPUTED].astype(bool)
    if "sample_size" not in frame.columns:
        out = out.drop(columns=["sample_size"])
    return out


def _counts(rows: pd.DataFrame, *, how: CountsMethod) -> tuple[pd.Series, pd.Series]:
    """The counts (x, n) behind each row's value, NaN where there are none: the sample size
    of a percentage (p × n, n), else a numerator and denominator that reproduce the value; a
    survey's weighted numerator and denominator never count."""
    value = rows["value"].astype("float64")
    numerator = rows["numerator"].astype("float64")
    denominator = rows["denominator"].astype("float64")
    sample = (
        rows["sample_size"].astype("float64")
        if "sample_size" in rows.columns
        else pd.Series(np.nan, index=rows.index)
    )
    tolerance = 0.5 * 10.0 ** (-how.decimal_places) + 1e-9
    with np.errstate(divide="ignore", invalid="ignore"):
        reproduced = (numerator / denominator * how.multiplier - value).abs() <= tolerance
    counted = numerator.notna() & denominator.notna() & (denominator > 0) & (numerator >= 0)
    counted &= reproduced
    if how.method != "proportion":
        return numerator.where(counted), denominator.where(counted)
    surveyed = sample.notna() & (sample > 0) & value.between(0, 100)
    counted &= (numerator <= denominator) & ~surveyed & (not how.survey)
    x = numerator.where(counted).fillna((value / 100 * sample).where(surveyed))
    n = denominator.where(counted).fillna(sample.where(surveyed))
    return x, n


def _fill(rows: pd.DataFrame, *, how: CountsMethod, confidence: float) -> pd.DataFrame:
    """Limits for ``rows`` from the sample size or from counts that reproduce the value."""
    x, n = _counts(rows, how=how)
    counts = rows.assign(numerator=x, denominator=n)
    filled = stats.limits_from_counts(
        counts,
        method=how.method,
        multiplier=how.multiplier,
        confidence=confidence,
        deft=how.deft if how.survey else None,
    )
    value = rows["value"].astype("float64")
    brackets = (filled["lower"] <= value) & (value <= filled["upper"])
    computed = filled[COMPUTED].astype(bool) & brackets
    filled["lower"] = filled["lower"].where(computed, rows["lower"])
    filled["upper"] = filled["upper"].where(computed, rows["upper"])
    filled[COMPUTED] = computed
    return filled


def gap_counts(frame: pd.DataFrame, *, methods: pd.Series) -> pd.DataFrame:
    """``frame`` with the counts behind each percentage, for ``stats.gaps_frame(numerator=
    GAP_NUMERATOR, denominator=GAP_DENOMINATOR, deft=GAP_DEFT)``: where a group and its
    reference both have them the gap comes from the counts (Newcombe, Katz), otherwise from
    the limits.

    ``methods`` as :func:`with_computed_limits_by`. Counts are given for percentages only
    (rates and other measures get NaN), as :func:`with_computed_limits` finds them: a sample
    size (with a survey's design factor, NaN when it is unknown, so that no gap is taken from
    the raw sample size), or genuine counts (design factor 1).
    """
    out = frame.copy()
    out[GAP_NUMERATOR] = np.nan
    out[GAP_DENOMINATOR] = np.nan
    out[GAP_DEFT] = 1.0
    proportions = methods.map(lambda m: isinstance(m, tuple) and m[0] == "proportion")
    proportions = proportions.astype(bool) & out["value"].notna()
    for how, part in out[proportions].groupby(methods[proportions], sort=False):
        method = CountsMethod(*how)
        x, n = _counts(part, how=method)
        out.loc[part.index, GAP_NUMERATOR] = x
        out.loc[part.index, GAP_DENOMINATOR] = n
        out.loc[part.index, GAP_DEFT] = method.deft
    return out
