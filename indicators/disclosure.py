"""Statistical disclosure control: which published cells to show as [c] (pure pandas).

The rule (per indicator, ``Indicator.disclosure_threshold``, default 10):

1. **Primary suppression**: a cell whose numerator or denominator is below the threshold.
2. **Complementary suppression**: a suppressed cell must not be recoverable by subtraction.
   Cells that add up to a published total form a *margin*: the groups of one characteristic
   add up to the all-people figure of the same period and place; in a crossed breakdown (e.g.
   ethnicity × sex) the cells of one group of either characteristic add up to that group's
   single-characteristic figure. When a margin whose total is shown has exactly one
   suppressed cell, the smallest other cell of that margin (by numerator, then denominator)
   is suppressed too. This repeats until nothing changes, because each new suppression may
   expose a cell in another margin.

It applies to what the public sees — pages, downloads and the API — and never to the stored
data. Values derived from counts (the percentage, its limits) go with the cell. Cells without
counts (survey estimates published as rates with intervals) are never suppressed by this rule:
their publisher has already applied its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 10
KEY = ["period_id", "geography_id", "group_a_id", "group_b_id"]
COLUMNS = [
    *KEY,
    "characteristic_a_id",
    "characteristic_b_id",
    "numerator",
    "denominator",
]


def _margins(cells: pd.DataFrame) -> list[tuple[pd.Index, int | None]]:
    """(row labels of a margin's cells, row label of its total or None), for every margin."""
    place = ["period_id", "geography_id"]
    totals = {
        "all": cells[cells["characteristic_a_id"].isna()],
        "single": cells[cells["characteristic_a_id"].notna() & cells["group_b_id"].isna()],
    }
    all_people = {
        tuple(k): i for k, i in zip(totals["all"][place].values, totals["all"].index, strict=True)
    }
    singles = {
        (*k, g): int(i)
        for k, g, i in zip(
            totals["single"][place].values,
            totals["single"]["group_a_id"],
            totals["single"].index,
            strict=True,
        )
    }
    margins: list[tuple[pd.Index, int | None]] = []
    single = totals["single"]
    for (period, geo, _), group in single.groupby([*place, "characteristic_a_id"]):
        margins.append((group.index, all_people.get((period, geo))))
    crosses = cells[cells["group_b_id"].notna()]
    for side in ("group_a_id", "group_b_id"):
        other = "characteristic_b_id" if side == "group_a_id" else "characteristic_a_id"
        for (period, geo, group_id, _), group in crosses.groupby([*place, side, other]):
            margins.append((group.index, singles.get((period, geo, group_id))))
    return margins


def suppressed(cells: pd.DataFrame, *, threshold: int | None = DEFAULT_THRESHOLD) -> pd.Series:
    """A boolean Series (same index as ``cells``): True where the cell is shown as [c].

    ``cells`` holds one release's observations with ``COLUMNS``. ``threshold`` None switches
    the rule off for an indicator whose publisher has already applied its own.
    """
    original = cells.index
    hidden = pd.Series(False, index=original)
    if threshold is None or cells.empty:
        return hidden
    cells = cells.reset_index(drop=True)
    hidden = pd.Series(False, index=cells.index)
    numerator = cells["numerator"].astype("float64")
    denominator = cells["denominator"].astype("float64")
    hidden |= (numerator < threshold) | (denominator < threshold)
    if not hidden.any():
        return pd.Series(hidden.to_numpy(), index=original)
    # Smallest first (numerator, then denominator); cells without counts last.
    order = pd.DataFrame({"n": numerator.fillna(np.inf), "d": denominator.fillna(np.inf)})
    counted = numerator.notna() | denominator.notna()
    # Only a total with counts lets a cell be recovered by subtraction.
    margins = [(m, t) for m, t in _margins(cells) if t is not None and counted.loc[t]]
    changed = True
    while changed:
        changed = False
        for members, total in margins:
            if hidden.loc[total]:
                continue  # the total is not shown, so nothing can be recovered from it
            inside = hidden.loc[members]
            if int(inside.sum()) != 1:
                continue
            candidates = order.loc[members][~inside.to_numpy()]
            if candidates.empty:
                continue
            hidden.loc[candidates.sort_values(["n", "d"]).index[0]] = True
            changed = True
    return pd.Series(hidden.to_numpy(), index=original)
