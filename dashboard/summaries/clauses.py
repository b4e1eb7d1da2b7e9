"""A gap and how it changed, as clauses in the form the source publishes the gap (a
difference, a percentage of the reference group's value, or a ratio).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from dashboard.formatting import Units
from indicators import stats

Change = Literal["widened", "narrowed", "changed_sign", "no_significant_change", "not_tested"]


@dataclass(frozen=True)
class GapPoint:
    """A group's value and its gap to the reference group in one period, in one measure
    ("gap": the difference, "percent": the percentage gap, "ratio")."""

    period: str
    value: float
    gap: float
    lower: float
    upper: float
    significant: bool | None = None

    @property
    def tested(self) -> bool:
        return not (math.isnan(self.lower) or math.isnan(self.upper))


def distance_from_no_gap(measure: str, gap: float) -> float:
    """How far a gap is from no gap, comparable between periods: |difference|, |percentage
    gap|, |log ratio|."""
    if measure == "ratio":
        return abs(math.log(gap)) if gap > 0 else math.inf
    return abs(gap)


def _side(measure: str, gap: float) -> int:
    """+1 when the group's value is above the reference's, -1 below, 0 level."""
    if measure == "ratio":
        gap = math.log(gap) if gap > 0 else -math.inf
    elif measure == "percent":
        gap = -gap
    return (gap > 0) - (gap < 0)


def _gap_units(measure: str, units: Units) -> Units:
    if measure == "percent":
        return Units(unit="%", decimal_places=1)
    if measure == "ratio":
        return Units(unit="", decimal_places=2)
    return units


def _written(measure: str, units: Units, gap: float, *, with_unit: bool = True) -> str:
    """A gap's size as a number and unit: "9.1 percentage points", "14.9%", "2.10 times"."""
    shown = _gap_units(measure, units)
    if measure == "ratio":
        return f"{shown.number(gap)} times" if with_unit else shown.number(gap)
    if measure == "percent":
        return shown.value(abs(gap))
    return shown.gap_size(gap) if with_unit else shown.amount(abs(gap))


def _interval(measure: str, units: Units, point: GapPoint) -> str:
    """The interval of the gap as the sentence gives its size ("95% CI 7.9 to 10.3")."""
    if not point.tested:
        return ""
    shown = _gap_units(measure, units)
    if measure == "ratio":
        return shown.interval(point.lower, point.upper)
    if measure == "percent":
        # The size of a percentage gap: its sign says which way round, as "lower"/"higher".
        lower, upper = (
            (point.lower, point.upper) if point.gap >= 0 else (-point.upper, -point.lower)
        )
        return shown.interval(lower, upper)
    return shown.gap_interval(point.gap, point.lower, point.upper)


def gap_clause(measure: str, units: Units, point: GapPoint, *, reference: str) -> str:
    """ "9.1 percentage points (95% CI 7.9 to 10.3) higher than for non-disabled people",
    "14.9% lower than for males", "2.10 times that for areas in quintile 5"."""
    interval = _interval(measure, units, point)
    bracket = f" ({interval})" if interval else ""
    side = _side(measure, point.gap)
    if _written(measure, units, point.gap, with_unit=False) in ("0", "0.0", "0.00", "1.00"):
        side = 0
    if measure == "ratio":
        return f"{_written(measure, units, point.gap)}{bracket} that for {reference}"
    if side == 0:
        return f"the same as for {reference}"
    direction = "higher" if side > 0 else "lower"
    return f"{_written(measure, units, point.gap)}{bracket} {direction} than for {reference}"


def _significant_change(measure: str, first: GapPoint, latest: GapPoint) -> bool:
    """Whether the gap changed significantly between two periods: the two estimates compared
    with their 95% intervals (Altman and Bland 2003), ratios on the log scale."""
    values = [first.gap, first.lower, first.upper, latest.gap, latest.lower, latest.upper]
    if measure == "percent":
        values = [1 - v / 100 for v in values]
        values[1], values[2], values[4], values[5] = values[2], values[1], values[5], values[4]
    if measure in ("percent", "ratio"):
        if min(values) <= 0:
            return False
        values = [math.log(v) for v in values]
    a, a_low, a_high, b, b_low, b_high = values
    return bool(stats.gap(b, b_low, b_high, a, a_low, a_high).significant)


def change_clause(measure: str, units: Units, *, first: GapPoint, latest: GapPoint) -> str:
    """How the gap compares with the earliest period shown, described when untested:
    "the gap narrowed from 9.1 to 7.4 percentage points between 2012 and 2022 (not tested for
    significance)"; "the gap widened significantly from ..." when both gaps have limits."""
    tested = first.tested and latest.tested
    between = f"between {first.period} and {latest.period}"
    if _side(measure, first.gap) * _side(measure, latest.gap) < 0:
        then = _written(measure, units, first.gap)
        if measure != "ratio":
            then += " higher" if _side(measure, first.gap) > 0 else " lower"
        sentence = f"in {first.period} it was the other way round, {then}"
        if not tested:
            return sentence + " (not tested for significance)"
        significant = _significant_change(measure, first, latest)
        return sentence + (
            " (a statistically significant change)"
            if significant
            else " (not a statistically significant change)"
        )
    a = _written(measure, units, first.gap, with_unit=False)
    b = _written(measure, units, latest.gap)
    if a == _written(measure, units, latest.gap, with_unit=False):
        same = f"the gap was also {b} in {first.period}"
        return same + ("" if tested else " (not tested for significance)")
    moved = (
        "narrowed"
        if distance_from_no_gap(measure, latest.gap) < distance_from_no_gap(measure, first.gap)
        else "widened"
    )
    if not tested:
        return f"the gap {moved} from {a} to {b} {between} (not tested for significance)"
    if _significant_change(measure, first, latest):
        return f"the gap {moved} significantly from {a} to {b} {between}"
    return f"the gap {moved} from {a} to {b} {between}, not a statistically significant change"
