"""The slope index of inequality (SII) for ordered socio-economic breakdowns, period by period.

Computed with ``indicators.stats.sii_rii``; its limits come from Monte Carlo draws of each
group's value within its 95% limits.
"""

from __future__ import annotations

import pandas as pd

from indicators import stats
from indicators.models import Characteristic, Group

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


def sii_rows(rows: pd.DataFrame, *, groups: list[Group]) -> pd.DataFrame:
    """The slope index of inequality for each period and place with every ranked group's value.

    Populations come from the denominators when every group has one; otherwise the groups are
    taken as equal-sized (true by construction of quantiles such as IMD quintiles).
    """
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
        result = stats.sii_rii(
            series["group_id"].map(ranks).to_numpy(dtype=float),
            population.to_numpy(dtype=float),
            series["value"].to_numpy(dtype=float),
            lower=series["lower"].to_numpy(dtype=float),
            upper=series["upper"].to_numpy(dtype=float),
            repetitions=SII_REPETITIONS,
            seed=SII_SEED,
        )
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
