"""One plain-English sentence per chart, from the same numbers the chart draws.

Screen-reader users and people skimming get the point of a chart without reading it: the
latest value of the group furthest from its reference, the gap with its interval, and whether
the gap has widened or narrowed (tested, not eyeballed) since the first period shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from dashboard.formatting import Units
from indicators import stats

Change = Literal["widened", "narrowed", "no_significant_change", "not_tested"]


@dataclass(frozen=True)
class GapPoint:
    """A group's value and its gap to the reference group in one period."""

    period: str
    group: str
    reference: str
    value: float
    difference: float
    difference_lower: float
    difference_upper: float


def gap_change(*, first: GapPoint, latest: GapPoint) -> Change:
    """Has the gap widened or narrowed between two periods?

    The two gaps are compared as two estimates with 95% intervals (the same method as a gap
    between groups: Altman and Bland 2003); the change counts only if significant.
    """
    limits = (
        first.difference_lower,
        first.difference_upper,
        latest.difference_lower,
        latest.difference_upper,
    )
    if any(math.isnan(x) for x in limits):
        return "not_tested"
    change = stats.gap(
        latest.difference,
        latest.difference_lower,
        latest.difference_upper,
        first.difference,
        first.difference_lower,
        first.difference_upper,
    )
    if not change.significant:
        return "no_significant_change"
    return "widened" if abs(latest.difference) > abs(first.difference) else "narrowed"


def gap_sentence(*, subject: str, units: Units, latest: GapPoint, first: GapPoint | None) -> str:
    """E.g. "In 2021/22, relative poverty was 23.4% for Disabled people, 9.1 percentage points
    (95% CI 7.9 to 10.3) higher than for Non-disabled people; the gap has widened since 2015/16."
    """
    direction = "higher" if latest.difference >= 0 else "lower"
    sentence = (
        f"In {latest.period}, {subject} was {units.value(latest.value)} for {latest.group}, "
        f"{units.gap_size(latest.difference)}"
    )
    interval = units.gap_interval(
        latest.difference, latest.difference_lower, latest.difference_upper
    )
    if interval:
        sentence += f" ({interval})"
    sentence += f" {direction} than for {latest.reference}"
    untested = math.isnan(latest.difference_lower)
    since = first is not None and first.period != latest.period
    if untested:
        tail = f"this gap and its change since {first.period}" if since and first else "this gap"
        return (
            sentence + "; the source publishes no confidence intervals, so "
            f"{tail} cannot be tested for statistical significance."
        )
    if since and first is not None:
        clause = {
            "widened": f"the gap has widened since {first.period}",
            "narrowed": f"the gap has narrowed since {first.period}",
            "no_significant_change": (
                f"the gap has not changed significantly since {first.period}"
            ),
            "not_tested": f"without confidence intervals for {first.period} the change since "
            "then cannot be tested",
        }[gap_change(first=first, latest=latest)]
        sentence += f"; {clause}"
    return sentence + "."


def value_sentence(*, subject: str, units: Units, period: str, group: str, value: float) -> str:
    """When there is no gap to report: "In 2022, relative poverty was 17.0% for all people."."""
    return f"In {period}, {subject} was {units.value(value)} for {group}."
