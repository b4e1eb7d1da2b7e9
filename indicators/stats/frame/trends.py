"""Trends of values and of gaps for every series of a DataFrame (:func:`trends_frame`,
:func:`gap_directions_frame`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from .._common import Polarity, check_polarity
from ..gap_trend import gap_direction
from ..trend import direction_of_travel, trend
from ..verdicts import FALSE_DISCOVERY_RATE, worse_and_widening
from .columns import numeric, require

#: Columns :func:`gap_directions_frame` returns after the ``by`` columns, in order.
GAP_DIRECTION_COLUMNS: tuple[str, ...] = (
    "label",
    "worse",
    "latest",
    "size_change",
    "chi2",
    "p_value",
    "periods",
    "latest_order",
    "worse_and_widening",
)


def trends_frame(
    df: pd.DataFrame,
    *,
    by: Sequence[str],
    order: str = "period",
    value: str = "value",
    lower: str = "lower",
    upper: str = "upper",
    polarity: Polarity | None = None,
    input_confidence: float = 0.95,
) -> pd.DataFrame:
    """The recent-trend rule (:func:`indicators.stats.trend`) for every series in ``df``.

    Input columns: the series keys in ``by`` (e.g. ``["group"]`` or ``["geography", "group"]``),
    ``order`` (something that sorts in time order: a year, a start date or a period sort key),
    and ``value``, ``lower``, ``upper`` (95% limits). To trend gaps, pass the output of
    :func:`gaps_frame` with ``value="difference"``, ``lower="difference_lower"``,
    ``upper="difference_upper"``.

    Returns one row per series: the ``by`` columns, ``direction``, ``chi2``, ``significant``,
    ``points`` (how many points had limits) and, when ``polarity`` is given, ``travel`` (the
    label from :func:`indicators.stats.direction_of_travel`).
    """
    keys = list(by)
    if not keys:
        raise ValueError("by must name at least one column")
    require(df, [*keys, order, value, lower, upper])
    if polarity is not None:
        check_polarity(polarity)
    rows: list[dict[str, object]] = []
    ordered = df.sort_values([*keys, order], kind="stable")
    for key, series in ordered.groupby(keys, sort=True, dropna=False):
        key_values = key if isinstance(key, tuple) else (key,)
        v = numeric(series, value)
        lo = numeric(series, lower)
        up = numeric(series, upper)
        result = trend(v, lo, up, input_confidence=input_confidence)
        row: dict[str, object] = dict(zip(keys, key_values, strict=True))
        row.update(
            direction=result.direction,
            chi2=result.chi2,
            significant=result.significant,
            points=int(np.sum(np.isfinite(v) & np.isfinite(lo) & np.isfinite(up) & (lo != up))),
        )
        if polarity is not None:
            row["travel"] = direction_of_travel(result, polarity)
        rows.append(row)
    columns = [*keys, "direction", "chi2", "significant", "points"]
    if polarity is not None:
        columns.append("travel")
    return pd.DataFrame(rows, columns=columns)


def gap_directions_frame(
    gaps: pd.DataFrame,
    *,
    by: Sequence[str],
    order: str = "period",
    polarity: Polarity | None = None,
    polarity_col: str | None = None,
    difference: str = "difference",
    lower: str = "difference_lower",
    upper: str = "difference_upper",
    false_discovery_rate: float = FALSE_DISCOVERY_RATE,
) -> pd.DataFrame:
    """:func:`indicators.stats.gap_direction` for every gap series, and the worse-and-widening
    list across all of them, in one call.

    Input: the output of :func:`gaps_frame` (or any long frame with a gap and its limits per
    row). ``by`` names the columns that identify one gap series, e.g. ``["group"]`` or
    ``["indicator_id", "characteristic_id", "group_id", "geography_id"]``; ``order`` sorts the
    periods oldest first (a year, a start date, a sort key). Reference rows (``is_reference``
    True, when that column exists) are left out. Give the polarity either for every series
    (``polarity``) or per row (``polarity_col``, e.g. each indicator's polarity on a page of
    many indicators).

    Returns one row per series: the ``by`` columns, then ``label``, ``worse`` (object: True,
    False or None), ``latest``, ``size_change``, ``chi2``, ``p_value`` (as
    :class:`indicators.stats.GapDirection`), ``periods`` (periods with a gap), ``latest_order``
    (the ``order`` value of the latest gap) and ``worse_and_widening`` (bool): listed by
    :func:`indicators.stats.worse_and_widening` with every series in ``gaps`` as one family
    (Benjamini–Hochberg at ``false_discovery_rate``), so pass a whole page's gaps at once.

    Example: one group with gaps −2, −3, −4, −5, −6 (limits ±1) in 2019–2023 and higher is
    better gives one row: label "widening", worse True, latest −6, size_change 4,
    worse_and_widening True (it is the only gap tested, and its p-value is below 0.05).
    """
    keys = list(by)
    if not keys:
        raise ValueError("by must name at least one column")
    if (polarity is None) == (polarity_col is None):
        raise ValueError("give exactly one of polarity and polarity_col")
    needed = [*keys, order, difference, lower, upper]
    if polarity_col is not None:
        needed.append(polarity_col)
    require(gaps, needed)
    if polarity is not None:
        check_polarity(polarity)
    rows = gaps
    if "is_reference" in rows.columns:
        rows = rows[~rows["is_reference"].fillna(False).astype(bool)]
    rows = rows.sort_values([*keys, order], kind="stable")
    # One pass over numpy arrays split at the series boundaries (a pandas group per series
    # costs more than the rule itself).
    g_all, lo_all, up_all = (numeric(rows, c) for c in (difference, lower, upper))
    order_all = rows[order].to_numpy()
    codes = rows.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    starts = [int(i) for i in np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])]
    bounds = list(zip(starts, [*starts[1:], len(rows)], strict=True)) if len(rows) else []
    key_rows = rows[keys].to_numpy(dtype=object)
    polarity_rows = None if polarity_col is None else rows[polarity_col].to_numpy(dtype=object)
    records: list[dict[str, object]] = []
    results = []
    for start, stop in bounds:
        g = g_all[start:stop]
        which = polarity or cast(Polarity, str(cast(Any, polarity_rows)[start]))
        result = gap_direction(g, lo_all[start:stop], up_all[start:stop], polarity=which)
        results.append(result)
        has_gap = np.isfinite(g)
        record: dict[str, object] = dict(zip(keys, key_rows[start], strict=True))
        record.update(result._asdict())
        record["periods"] = int(has_gap.sum())
        record["latest_order"] = order_all[start:stop][has_gap][-1] if has_gap.any() else None
        records.append(record)
    listing = worse_and_widening(results, false_discovery_rate=false_discovery_rate)
    out = pd.DataFrame(records, columns=[*keys, *GAP_DIRECTION_COLUMNS[:-1]])
    out["worse"] = out["worse"].astype(object)
    out["worse_and_widening"] = np.array(listing.listed, dtype=bool)
    return out
