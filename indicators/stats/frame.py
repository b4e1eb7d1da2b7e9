"""Vectorised helpers that work on whole pandas DataFrames (what the dashboard pages call).

Each helper takes a long ("tidy") DataFrame, one row per observation, and returns a new
DataFrame; the input is never modified. Column names are parameters with sensible defaults,
so a selector's output can be passed straight in. None of them loops over cells in Python:
:func:`gaps_frame` joins every row to its reference row and computes with numpy,
:func:`limits_from_counts` and :func:`compare_frame` are column arithmetic, and
:func:`trends_frame` loops once per series (not per point).

* :func:`gaps_frame` — every group's gap to its reference group, for every period (and every
  geography, indicator, … given in ``by``) in one call.
* :func:`limits_from_counts` — fill in missing confidence limits from numerators and
  denominators (Wilson for proportions, exact/Byar's for rates).
* :func:`compare_frame` — every row compared with a benchmark column (Fingertips rule).
* :func:`trends_frame` — the recent-trend rule for every series.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ._common import FloatArray, Polarity, check_confidence, check_polarity
from .comparisons import gap_arrays
from .intervals import proportion_ci_arrays, rate_ci_arrays
from .trend import direction_of_travel, trend

__all__ = ["GAP_COLUMNS", "compare_frame", "gaps_frame", "limits_from_counts", "trends_frame"]

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
        The published value and its **95%** confidence limits (limits may be missing).
    ``reference_col`` (optional)
        Boolean column marking the reference row of each (period, by…) set, for when the
        reference differs between series. Give either this or ``reference_group``.

    Parameters
    ----------
    reference_group:
        Label in ``group`` that is the reference for every series.
    confidence:
        Confidence of the output limits (input limits are always read as 95%).

    Returns
    -------
    DataFrame
        A copy of ``df`` (same index and order) with these columns added:

        ``is_reference`` (bool), ``ref_value``, ``ref_lower``, ``ref_upper`` (the reference row's
        numbers), ``difference``, ``difference_lower``, ``difference_upper`` (value − reference),
        ``ratio``, ``ratio_lower``, ``ratio_upper`` (value / reference) and ``significant``
        (pandas nullable boolean: True/False, or <NA> without limits).

        The gap columns are NaN on the reference rows themselves and wherever the period has no
        reference row. Methods as :func:`indicators.stats.gap`.

    Raises
    ------
    ValueError
        If a required column is missing, both or neither of ``reference_group`` and
        ``reference_col`` are given, a (period, by…) set has more than one reference row, or a
        lower limit is above its upper limit.

    Example
    -------
    >>> gaps_frame(df, reference_group="White", by=["geography"])  # doctest: +SKIP
    """
    check_confidence(confidence)
    if (reference_group is None) == (reference_col is None):
        raise ValueError("give exactly one of reference_group and reference_col")
    keys = [period, *by]
    needed = [group, value, lower, upper, *keys]
    if reference_col is not None:
        needed.append(reference_col)
    _require(df, needed)

    out = df.copy()
    if reference_col is not None:
        is_reference = out[reference_col].fillna(False).astype(bool).to_numpy()
    else:
        is_reference = (out[group] == reference_group).fillna(False).to_numpy(dtype=bool)

    numbers = pd.DataFrame(
        {
            "__v": _numeric(out, value),
            "__lo": _numeric(out, lower),
            "__up": _numeric(out, upper),
        },
        index=out.index,
    )
    key_frame = out[keys].reset_index(drop=True)
    reference_rows = key_frame[is_reference].copy()
    reference_rows["ref_value"] = numbers["__v"].to_numpy()[is_reference]
    reference_rows["ref_lower"] = numbers["__lo"].to_numpy()[is_reference]
    reference_rows["ref_upper"] = numbers["__up"].to_numpy()[is_reference]
    if reference_rows.duplicated(subset=keys).any():
        raise ValueError(f"more than one reference row for some {', '.join(keys)}")
    joined = key_frame.merge(reference_rows, on=keys, how="left", sort=False)

    ref_value = joined["ref_value"].to_numpy(dtype=np.float64)
    ref_lower = joined["ref_lower"].to_numpy(dtype=np.float64)
    ref_upper = joined["ref_upper"].to_numpy(dtype=np.float64)
    result = gap_arrays(
        numbers["__v"].to_numpy(),
        numbers["__lo"].to_numpy(),
        numbers["__up"].to_numpy(),
        ref_value,
        ref_lower,
        ref_upper,
        confidence=confidence,
    )
    blank = is_reference
    out["is_reference"] = is_reference
    out["ref_value"] = ref_value
    out["ref_lower"] = ref_lower
    out["ref_upper"] = ref_upper
    for name in ("difference", "difference_lower", "difference_upper"):
        out[name] = np.where(blank, np.nan, getattr(result, name))
    for name in ("ratio", "ratio_lower", "ratio_upper"):
        out[name] = np.where(blank, np.nan, getattr(result, name))
    significant = np.where(blank, np.nan, result.significant)
    out["significant"] = pd.arrays.BooleanArray(significant == 1.0, np.isnan(significant))
    return out


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
    _require(df, [numerator, denominator])
    out = df.copy()
    for column in (value, lower, upper):
        if column not in out.columns:
            out[column] = np.nan
    x = _numeric(out, numerator)
    n = _numeric(out, denominator)
    has_counts = np.isfinite(x) & np.isfinite(n)
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
            x_used, n_used, confidence=confidence, multiplier=multiplier
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
        result = trend(v, lo, up)
        row: dict[str, object] = dict(zip(keys, key_values, strict=True))
        row.update(
            direction=result.direction,
            chi2=result.chi2,
            significant=result.significant,
            points=int(np.sum(np.isfinite(v) & np.isfinite(lo) & np.isfinite(up))),
        )
        if polarity is not None:
            row["travel"] = direction_of_travel(result, polarity)
        rows.append(row)
    columns = [*keys, "direction", "chi2", "significant", "points"]
    if polarity is not None:
        columns.append("travel")
    return pd.DataFrame(rows, columns=columns)
