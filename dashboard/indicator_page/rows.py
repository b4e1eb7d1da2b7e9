"""The rows the indicator page shows: one per period × place × group, named, in order, with
limits filled from counts where the source gives none, and each group's gap to the reference
group (``indicators.stats.gaps_frame``, one vectorised call).

Limits are read, and filled, at the confidence the current release publishes them at
(``Release.limits_confidence``: 90, 95 or 99%), given to every row as ``input_confidence``;
gaps and their limits come out at 95%. For a percentage, the gap comes from the counts where a
group and its reference both have them (Newcombe's difference, Katz's ratio; a survey's sample
size with its design factor: ``dashboard.intervals.gap_counts``)."""

from __future__ import annotations

import math

import pandas as pd

from dashboard import charts, intervals
from dashboard.indicator_page.data import IndicatorPageData
from dashboard.indicator_page.filters import Filters
from indicators import stats


def page_rows(data: IndicatorPageData) -> pd.DataFrame:
    """Rows of every group of the breakdown (colours and the slope index need them all), not
    only the groups shown: see :func:`shown`."""
    assert data.observations is not None
    assert data.filters.breakdown is not None
    confidence = input_confidence(data)
    frame = intervals.with_computed_limits(
        data.observations, indicator=data.indicator, confidence=confidence
    )
    rows = _labelled(frame, filters=data.filters).assign(input_confidence=confidence)
    reference = data.filters.breakdown.reference
    if reference is not None and not rows.empty:
        method = intervals.counts_method(data.indicator)
        counted = intervals.gap_counts(
            rows, methods=pd.Series([method] * len(rows), index=rows.index, dtype=object)
        )
        return stats.gaps_frame(
            counted,
            reference_group=reference.pk,
            group="group_id",
            period="period_id",
            by=["geography_id"],
            input_confidence=confidence,
            numerator=intervals.GAP_NUMERATOR,
            denominator=intervals.GAP_DENOMINATOR,
            deft=intervals.GAP_DEFT,
        ).drop(columns=[intervals.GAP_NUMERATOR, intervals.GAP_DENOMINATOR, intervals.GAP_DEFT])
    rows = rows.assign(**dict.fromkeys(charts.MEASURE_COLUMNS["gap"], math.nan))
    rows = rows.assign(**dict.fromkeys(charts.MEASURE_COLUMNS["ratio"], math.nan))
    rows["is_reference"] = False
    rows["significant"] = pd.array([pd.NA] * len(rows), dtype="boolean")
    return rows


def input_confidence(data: IndicatorPageData) -> float:
    """The confidence of the current release's limits, as a fraction (0.95 by default)."""
    return float(data.current.limits_confidence or 95) / 100


def shown(rows: pd.DataFrame, *, filters: Filters) -> pd.DataFrame:
    """The rows of the groups the filters show."""
    return rows[rows["group_id"].isin([g.pk for g in filters.groups])]


def _labelled(frame: pd.DataFrame, *, filters: Filters) -> pd.DataFrame:
    """Add names and sort keys to observation rows; drop groups not of this characteristic."""
    assert filters.breakdown is not None
    groups = filters.breakdown.groups
    period_order = {p.pk: i for i, p in enumerate(filters.periods)}
    rows = frame.rename(columns={"group_a_id": "group_id"})
    if filters.is_all_people:
        rows["group_id"] = rows["group_id"].fillna(0)
    rows = rows[rows["group_id"].isin([g.pk for g in groups])].copy()
    rows["group_id"] = rows["group_id"].astype(int)
    rows["group_name"] = rows["group_id"].map({g.pk: g.name for g in groups})
    rows["group_order"] = rows["group_id"].map({g.pk: i for i, g in enumerate(groups)})
    rows["period_label"] = rows["period_id"].map({p.pk: p.label for p in filters.periods})
    rows["period_order"] = rows["period_id"].map(period_order)
    place_order = {g.pk: i for i, g in enumerate(filters.geographies)}
    rows["geography_name"] = rows["geography_id"].map({g.pk: g.name for g in filters.geographies})
    rows["geography_order"] = rows["geography_id"].map(place_order)
    return rows.sort_values(["geography_order", "group_order", "period_order"]).reset_index(
        drop=True
    )
