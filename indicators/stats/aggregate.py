"""Wider-area figures calculated from local authority counts (pure pandas).

Some sources (the DfE's attainment-by-19 tables, for example) publish only local authorities,
each with its cohort and percentage. A region's or England's figure is then the sum of its
authorities' numerators over the sum of their denominators, with a Wilson score interval —
exactly the figure the publisher would compute, provided every authority is counted. The rule:

* a numerator is the published one, or the percentage × denominator ÷ 100 rounded to a whole
  number (the cohort count the percentage was computed from);
* an area's figure for a group and period is calculated only when every authority of that area
  that published anything for the period has a count for the group; a suppressed or missing
  authority leaves the area without a figure, never with a biased one;
* calculated rows say so: ``calculated`` is True, and pages label them "calculated from local
  authority figures".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .intervals import proportion_ci_arrays

KEY = ["period_id", "group_a_id", "group_b_id"]


def counts_from_percentages(frame: pd.DataFrame) -> pd.Series:
    """Each row's numerator: published, or value × denominator ÷ 100 rounded (NaN if neither)."""
    derived = (
        frame["value"].astype("float64") * frame["denominator"].astype("float64") / 100
    ).round()
    return frame["numerator"].astype("float64").fillna(derived)


def aggregate_counts(
    frame: pd.DataFrame,
    *,
    areas: Mapping[int, Sequence[int]],
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Rows for wider areas from authority rows, as described in the module docstring.

    ``frame`` holds local authority observations (``geography_id``, ``period_id``,
    ``group_a_id``, ``group_b_id``, ``value`` as a percentage, ``numerator``, ``denominator``);
    ``areas`` maps each authority's id to the wider areas it belongs to (its region, England).
    Returns one row per area × period × group with ``geography_id``, the key, ``numerator``,
    ``denominator``, ``value``, ``lower``, ``upper`` (percentages) and ``calculated`` True.

    Example: two authorities with 30 of 100 and 10 of 50 pupils give their region 40 of 150,
    26.7% (Wilson 95% interval 20.2% to 34.3%).
    """
    columns = ["geography_id", *KEY, "numerator", "denominator", "value", "lower", "upper"]
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "calculated"])
    rows = frame.assign(
        numerator=counts_from_percentages(frame),
        denominator=frame["denominator"].astype("float64"),
    )
    rows = rows.assign(counted=rows["numerator"].notna() & rows["denominator"].notna())
    links = pd.DataFrame(
        [(child, area) for child, parents in areas.items() for area in parents],
        columns=["geography_id", "area_id"],
    )
    rows = rows.merge(links, on="geography_id")
    keys = [column for column in KEY if rows[column].notna().any()]
    # Authorities that published anything for the period count towards completeness.
    reporting = rows.groupby(["area_id", "period_id"])["geography_id"].nunique()
    grouped = rows.groupby(["area_id", *keys], dropna=False)
    summed = grouped.agg(
        numerator=("numerator", lambda s: s.sum(min_count=1)),
        denominator=("denominator", lambda s: s.sum(min_count=1)),
        counted=("counted", "sum"),
    ).reset_index()
    expected = reporting.reindex(
        pd.MultiIndex.from_frame(summed[["area_id", "period_id"]])
    ).to_numpy()
    complete = summed["counted"].to_numpy() == expected
    summed = summed[complete & (summed["denominator"] > 0)].copy()
    value, lower, upper = proportion_ci_arrays(
        summed["numerator"], summed["denominator"], confidence=confidence, multiplier=100
    )
    summed = summed.assign(value=value, lower=lower, upper=upper, calculated=True)
    summed = summed.rename(columns={"area_id": "geography_id"})
    for column in KEY:
        if column not in summed:
            summed[column] = np.nan
    result: pd.DataFrame = summed[[*columns, "calculated"]].reset_index(drop=True)
    return result
