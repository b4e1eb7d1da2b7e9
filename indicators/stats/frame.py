"""Vectorised helpers that work on whole pandas DataFrames (what the dashboard pages call).

Each helper takes a long ("tidy") DataFrame, one row per observation, and returns a new
DataFrame; the input is never modified. Column names are parameters with sensible defaults,
so a selector's output can be passed straight in. None of them loops over cells in Python:
:func:`gaps_frame` joins every row to its reference row and computes with numpy,
:func:`limits_from_counts` and :func:`compare_frame` are column arithmetic, and
:func:`trends_frame` loops once per series (not per point).

* :func:`gaps_frame` — every group's gap to its reference group, for every period (and every
  geography, indicator, … given in ``by``) in one call; from counts (Newcombe, Katz) where
  both groups have them, otherwise from the published limits.
* :func:`limits_from_counts` — fill in missing confidence limits from numerators and
  denominators (Wilson for proportions, exact/Byar's for rates), allowing for a survey's
  design factor.
* :func:`compare_frame` — every row compared with a benchmark column (Fingertips rule).
* :func:`trends_frame` — the recent-trend rule for every series.
* :func:`gap_directions_frame` — :func:`indicators.stats.gap_direction` for every group's gap
  series, with the page-wide worse-and-widening list (Benjamini–Hochberg).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._common import FloatArray, Polarity, check_confidence, check_deft, check_polarity
from .comparisons import GapArrays, gap_arrays, proportion_gap_arrays
from .gap_trend import gap_direction
from .intervals import proportion_ci_arrays, rate_ci_arrays
from .trend import direction_of_travel, trend
from .verdicts import FALSE_DISCOVERY_RATE, worse_and_widening

__all__ = [
    "GAP_COLUMNS",
    "GAP_DIRECTION_COLUMNS",
    "compare_frame",
    "gap_directions_frame",
    "gaps_frame",
    "limits_from_counts",
    "trends_frame",
]

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

#: Columns :func:`gaps_frame` adds, in order.
GAP_COLUMNS: tuple[str, ...] = (
    "is_reference",
    "ref_value",
    "ref_lower",
    "ref_upper",
    "difference",
    "difference_lower",
    "difference_upper",
    "ratio",
    "ratio_lower",
    "ratio_upper",
    "significant",
    "gap_from_counts",
)


def _require(df: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"DataFrame is missing column(s): {', '.join(missing)}")


def _numeric(df: pd.DataFrame, column: str) -> FloatArray:
    """A column as float64 (Decimals, nullable floats and pd.NA become floats and NaN)."""
    series = pd.to_numeric(df[column], errors="coerce")
    return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def gaps_frame(
    df: pd.DataFrame,
    *,
    reference_group: Hashable | None = None,
    reference_col: str | None = None,
    group: str = "group",
    period: str = "period",
    by: Sequence[str] = (),
    value: str = "value",
    lower: str = "lower",
    upper: str = "upper",
    confidence: float = 0.95,
    input_confidence: float = 0.95,
    numerator: str | None = None,
    denominator: str | None = None,
    deft: str | None = None,
    multiplier: float = 100,
) -> pd.DataFrame:
    """Every group's gap to its reference group, for every period, in one vectorised call.

    Input columns
    -------------
    ``group``
        Group label (e.g. "Black", "White").
    ``period``
        Period key (label, id or date); rows are matched to the reference row of the same
        period.
    ``by`` (optional, any number)
        Further keys that separate series, e.g. ``("indicator_id", "geography", "sex")``; the
        reference is looked up within the same period **and** the same ``by`` values.
    ``value``, ``lower``, ``upper``
        The published value and its confidence limits (limits may be missing), read as
        ``input_confidence`` limits. A zero-width interval is read as no interval.
    ``reference_col`` (optional)
        Boolean column marking the reference row of each (period, by…) set, for when the
        reference differs between series. Give either this or ``reference_group``.
    ``numerator``, ``denominator`` (optional)
        Counts behind a **proportion** (x people of n). Where a group and its reference both
        have them, the gap comes from the counts: the difference with Newcombe's interval and
        the ratio with the Katz interval (:func:`indicators.stats.proportion_gap_arrays`),
        with difference and limits × ``multiplier``. The counts must be the ones behind the
        published values; pass no counts for rates or other measures.
    ``deft`` (optional)
        Design factors of survey estimates, used with the counts (effective sample size
        n / deft²). NaN marks a survey whose design factor is unknown: that row's gap is not
        taken from the counts (the published limits are used if there are any). Give 1 for
        rows that are not from a survey.

    Parameters
    ----------
    reference_group:
        Label in ``group`` that is the reference for every series.
    confidence:
        Confidence of the output limits.
    input_confidence:
        Confidence of the published limits (0.95 unless the publisher says 0.90 or 0.99).
    multiplier:
        Scale of ``value`` relative to the proportion x / n (100 for a percentage).

    Returns
    -------
    DataFrame
        A copy of ``df`` (same index and order) with these columns added:

        ``is_reference`` (bool), ``ref_value``, ``ref_lower``, ``ref_upper`` (the reference row's
        numbers), ``difference``, ``difference_lower``, ``difference_upper`` (value − reference),
        ``ratio``, ``ratio_lower``, ``ratio_upper`` (value / reference), ``significant``
        (pandas nullable boolean: True/False, or <NA> without limits) and ``gap_from_counts``
        (bool: the gap and its limits come from the counts).

        The gap columns are NaN on the reference rows themselves and wherever the period has no
        reference row. Methods as :func:`indicators.stats.gap`.

    Raises
    ------
    ValueError
        If a required column is missing, both or neither of ``reference_group`` and
        ``reference_col`` are given, a (period, by…) set has more than one reference row, a
        lower limit is above its upper limit, or counts are impossible (x > n, negative).

    Example
    -------
    Black 30% (25 to 35) against White 20% (18 to 22) in 2023: difference 10 percentage points,
    95% interval 4.6 to 15.4 (from the limits). With counts 81 of 270 and 200 of 1,000 the
    difference is 10.0 with Newcombe's interval 4.2 to 16.2 instead.

    >>> gaps_frame(df, reference_group="White", by=["geography"])  # doctest: +SKIP
    """
    check_confidence(confidence)
    if (reference_group is None) == (reference_col is None):
        raise ValueError("give exactly one of reference_group and reference_col")
    keys = [period, *by]
    counts = [c for c in (numerator, denominator) if c is not None]
    if len(counts) == 1:
        raise ValueError("give both numerator and denominator, or neither")
    needed = [group, value, lower, upper, *keys, *counts]
    if deft is not None:
        needed.append(deft)
    if reference_col is not None:
        needed.append(reference_col)
    _require(df, needed)

    out = df.copy()
    if reference_col is not None:
        is_reference = out[reference_col].fillna(False).astype(bool).to_numpy()
    else:
        is_reference = (out[group] == reference_group).fillna(False).to_numpy(dtype=bool)

    columns = {"value": value, "lower": lower, "upper": upper}
    if counts:
        columns.update(x=counts[0], n=counts[1])
        if deft is not None:
            columns["deft"] = deft
    own = {name: _numeric(out, column) for name, column in columns.items()}
    ref = _reference_numbers(out[keys], is_reference, own, keys)
    result = gap_arrays(
        own["value"],
        own["lower"],
        own["upper"],
        ref["value"],
        ref["lower"],
        ref["upper"],
        confidence=confidence,
        input_confidence=input_confidence,
    )
    from_counts = np.zeros(len(out), dtype=bool)
    if counts:
        result, from_counts = _with_count_gaps(
            result, own, ref, confidence=confidence, multiplier=multiplier
        )
    blank = is_reference
    out["is_reference"] = is_reference
    out["ref_value"] = ref["value"]
    out["ref_lower"] = ref["lower"]
    out["ref_upper"] = ref["upper"]
    for name in ("difference", "difference_lower", "difference_upper"):
        out[name] = np.where(blank, np.nan, getattr(result, name))
    for name in ("ratio", "ratio_lower", "ratio_upper"):
        out[name] = np.where(blank, np.nan, getattr(result, name))
    significant = np.where(blank, np.nan, result.significant)
    out["significant"] = pd.arrays.BooleanArray(significant == 1.0, np.isnan(significant))
    out["gap_from_counts"] = from_counts & ~blank
    return out


def _reference_numbers(
    key_frame: pd.DataFrame,
    is_reference: npt.NDArray[np.bool_],
    numbers: dict[str, FloatArray],
    keys: list[str],
) -> dict[str, FloatArray]:
    """For every row, the numbers of the reference row with the same keys (NaN if none)."""
    keyed = key_frame.reset_index(drop=True)
    reference_rows = keyed[is_reference].copy()
    for name, column in numbers.items():
        reference_rows[f"__ref_{name}"] = column[is_reference]
    if reference_rows.duplicated(subset=keys).any():
        raise ValueError(f"more than one reference row for some {', '.join(keys)}")
    joined = keyed.merge(reference_rows, on=keys, how="left", sort=False)
    return {name: joined[f"__ref_{name}"].to_numpy(dtype=np.float64) for name in numbers}


def _with_count_gaps(
    published: GapArrays,
    own: dict[str, FloatArray],
    ref: dict[str, FloatArray],
    *,
    confidence: float,
    multiplier: float,
) -> tuple[GapArrays, npt.NDArray[np.bool_]]:
    """``published`` with the rows where both groups have counts replaced by count-based gaps."""
    x, n, rx, rn = own["x"], own["n"], ref["x"], ref["n"]
    usable = np.isfinite(x) & np.isfinite(n) & np.isfinite(rx) & np.isfinite(rn)
    usable &= (n > 0) & (rn > 0)
    own_deft = own.get("deft")
    ref_deft = ref.get("deft")
    if own_deft is not None and ref_deft is not None:
        check_deft(own_deft)
        usable &= np.isfinite(own_deft) & np.isfinite(ref_deft)
    counted = proportion_gap_arrays(
        np.where(usable, x, 0.0),
        np.where(usable, n, 1.0),
        np.where(usable, rx, 0.0),
        np.where(usable, rn, 1.0),
        confidence=confidence,
        deft1=None if own_deft is None else np.where(usable, own_deft, 1.0),
        deft2=None if ref_deft is None else np.where(usable, ref_deft, 1.0),
    )
    scale = {"difference": multiplier, "difference_lower": multiplier}
    scale["difference_upper"] = multiplier
    merged = {
        name: np.where(usable, getattr(counted, name) * scale.get(name, 1.0), old)
        for name, old in published._asdict().items()
    }
    return GapArrays(**merged), usable


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
    _require(df, [numerator, denominator, *([deft] if isinstance(deft, str) else [])])
    out = df.copy()
    for column in (value, lower, upper):
        if column not in out.columns:
            out[column] = np.nan
    x = _numeric(out, numerator)
    n = _numeric(out, denominator)
    has_counts = np.isfinite(x) & np.isfinite(n)
    factor = None
    if deft is not None:
        factor = _numeric(out, deft) if isinstance(deft, str) else np.full(len(out), float(deft))
        check_deft(factor)
        has_counts &= np.isfinite(factor)
    current_value = _numeric(out, value)
    current_lower = _numeric(out, lower)
    current_upper = _numeric(out, upper)
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
    _require(df, columns)
    out = df.copy()
    mark = _numeric(out, benchmark)
    missing_value = ~np.isfinite(_numeric(out, value))

    def label(lo_col: str, up_col: str) -> pd.Series:
        lo = _numeric(out, lo_col)
        up = _numeric(out, up_col)
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
    _require(df, [*keys, order, value, lower, upper])
    if polarity is not None:
        check_polarity(polarity)
    rows: list[dict[str, object]] = []
    ordered = df.sort_values([*keys, order], kind="stable")
    for key, series in ordered.groupby(keys, sort=True, dropna=False):
        key_values = key if isinstance(key, tuple) else (key,)
        v = _numeric(series, value)
        lo = _numeric(series, lower)
        up = _numeric(series, upper)
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
    _require(gaps, needed)
    if polarity is not None:
        check_polarity(polarity)
    rows = gaps
    if "is_reference" in rows.columns:
        rows = rows[~rows["is_reference"].fillna(False).astype(bool)]
    rows = rows.sort_values([*keys, order], kind="stable")
    # One pass over numpy arrays split at the series boundaries (a pandas group per series
    # costs more than the rule itself).
    g_all, lo_all, up_all = (_numeric(rows, c) for c in (difference, lower, upper))
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
