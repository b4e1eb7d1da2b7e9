"""The slope index of inequality (SII) for ordered socio-economic breakdowns, period by period.

Computed with ``indicators.stats.sii_rii`` as the OHID/PHE method does for the indicator's
kind of value (:func:`value_type`): for a percentage the regression is fitted to the logit of
the proportions and a rate to the log of the rate, then back-transformed to the indicator's
units (PHEindicatormethods' ``transform = TRUE``); anything else (a mean, years) on its own
scale. The limits come from Monte Carlo draws of each group's value within its limits, read
at the release's confidence (the rows' ``input_confidence``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from indicators import stats
from indicators.models import Characteristic, Group, Indicator

#: Monte Carlo draws for the slope index's limits: enough for limits stable to about 1% of
#: their width, and fast enough to compute every period on each request.
SII_REPETITIONS = 10_000
SII_SEED = 20_240_101


def has_slope_index(characteristic: Characteristic) -> bool:
    """Whether a slope index of inequality makes sense for ``characteristic``.

    The SII regresses values on each group's cumulative share of the population, so the groups
    must be quantiles: ordered, non-overlapping, together the whole population. Ordered
    socio-economic characteristics are (IMD deciles and quintiles, income quintiles); ordered
    protected characteristics such as age are bands of unequal and sometimes overlapping
    width, so they get no SII.
    """
    return characteristic.is_ordered and characteristic.kind == Characteristic.Kind.SOCIO_ECONOMIC


def end_groups(groups: list[Group]) -> tuple[str, str]:
    """The names of the lowest-ranked and the highest-ranked groups: the two ends the SII's
    modelled difference runs between."""
    ranked = sorted((g for g in groups if g.rank is not None), key=lambda g: g.rank or 0)
    return ranked[0].name, ranked[-1].name


def value_type(indicator: Indicator | None) -> tuple[stats.ValueType, float]:
    """How ``stats.sii_rii`` reads the indicator's values, and the scale they are on: a
    percentage is a proportion × 100 (logit scale), a rate per N a rate (log scale), anything
    else "other" (no transform)."""
    if indicator is None:
        return "other", 1.0
    if indicator.measure_type == Indicator.MeasureType.PERCENTAGE:
        return "proportion", 100.0
    if indicator.measure_type == Indicator.MeasureType.RATE:
        return "rate", 1.0
    return "other", 1.0


def _readable(values: np.ndarray, kind: stats.ValueType) -> bool:
    """Whether the transform can take these values and limits (those it cannot, such as a
    published lower limit below 0%, leave the period without a slope index)."""
    finite = values[np.isfinite(values)]
    if kind == "proportion":
        return bool(np.all((finite >= 0) & (finite <= 1)))
    if kind == "rate":
        return bool(np.all(finite >= 0))
    return True


def sii_rows(
    rows: pd.DataFrame, *, groups: list[Group], indicator: Indicator | None = None
) -> pd.DataFrame:
    """The slope index of inequality for each period and place with every ranked group's value.

    Populations come from the denominators when every group has one; otherwise the groups are
    taken as equal-sized (true by construction of quantiles such as IMD quintiles). The
    ``indicator`` says how its values are transformed (:func:`value_type`); without it they
    are taken on their own scale.
    """
    kind, scale = value_type(indicator)
    level = (
        float(rows["input_confidence"].iloc[0])
        if "input_confidence" in rows.columns and not rows.empty
        else 0.95
    )
    ranks = {g.pk: g.rank for g in groups if g.rank is not None}
    ranked = rows[rows["group_id"].isin(ranks) & rows["value"].notna()]
    results = []
    for (place, label, order), series in ranked.groupby(
        ["geography_name", "period_label", "period_order"], sort=False
    ):
        if len(series) < len(ranks) or len(series) < 2:
            continue
        population = series["denominator"]
        if population.isna().any():
            population = pd.Series(1.0, index=series.index)
        value, lower, upper = (
            series[c].to_numpy(dtype=float) / scale for c in ("value", "lower", "upper")
        )
        if _readable(np.concatenate([value, lower, upper]), kind):
            result = stats.sii_rii(
                series["group_id"].map(ranks).to_numpy(dtype=float),
                population.to_numpy(dtype=float),
                value,
                lower=lower,
                upper=upper,
                value_type=kind,
                transform=kind != "other",
                multiplier=scale,
                input_confidence=level,
                repetitions=SII_REPETITIONS,
                seed=SII_SEED,
            )
        else:
            result = stats.SII(*([math.nan] * 6))
        results.append(
            {
                "geography_name": place,
                "period_label": label,
                "period_order": order,
                "sii": result.sii,
                "sii_lower": result.sii_lower,
                "sii_upper": result.sii_upper,
            }
        )
    if not results:
        return pd.DataFrame()
    return pd.DataFrame(results).sort_values(["geography_name", "period_order"])
