"""Rows with the same period, place and breakdown: exact repeats are dropped, others refused."""

from __future__ import annotations

import pandas as pd

from indicators.imports.read import LINE
from indicators.imports.types import NUMERIC_MEASURES, RowError

# What identifies an observation within a release, and what it says.
KEY = ["period_key", "geography_id", "group_a_id", "group_b_id"]
MEASURED = [*NUMERIC_MEASURES, "marker", "quality"]


def duplicates(
    out: pd.DataFrame, *, unresolved: pd.Series
) -> tuple[pd.DataFrame, int, list[RowError]]:
    """Exact repeats are dropped; the same key with different figures is an error.

    Rows whose labels could not be resolved are left out of the check: they are already
    reported, and an unknown group would otherwise look like "all people".
    """
    keys = out[KEY].astype("float64").fillna(-1)
    repeated = keys.duplicated(keep=False) & ~unresolved
    if not repeated.any():
        return out, 0, []
    exact = out[KEY + MEASURED].astype(str).duplicated(keep="first")
    out = out.loc[~exact].reset_index(drop=True)
    keys = out[KEY].astype("float64").fillna(-1)
    clash = keys.duplicated(keep=False) & ~unresolved.loc[~exact.to_numpy()].to_numpy()
    errors = []
    if clash.any():
        first_line = out.loc[clash].groupby([keys[c] for c in KEY])[LINE].transform("min")
        for line, first in zip(out.loc[clash, LINE], first_line, strict=True):
            if line != first:
                errors.append(
                    RowError(
                        row=int(line),
                        column="",
                        message=f"Row {line} has the same period, place and breakdown as row "
                        f"{first} but different figures.",
                        action="Keep one of the two rows: correct the labels, or skip the wrong "
                        "row with a reason.",
                    )
                )
    return out, int(exact.sum()), errors
