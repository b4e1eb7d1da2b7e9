"""Every group's gap to its reference group, for a whole DataFrame (:func:`gaps_frame`)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._common import FloatArray, Gap, check_confidence, check_deft
from ..comparisons import GapArrays, gap_arrays, proportion_gap_arrays
from .columns import numeric, require

#: Columns :func:`gaps_frame` adds, in order.
GAP_COLUMNS: tuple[str, ...] = (
    "is_reference",
    "ref_value",
    "ref_lower",
    "ref_upper",
    *Gap._fields,
    "gap_from_counts",
)


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
    require(df, needed)

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
    own = {name: numeric(out, column) for name, column in columns.items()}
    ref = _reference_numbers(out[keys], is_reference, own, keys)
    result = gap_arrays(
        (own["value"], own["lower"], own["upper"]),
        (ref["value"], ref["lower"], ref["upper"]),
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
