"""The words of mission cards and the home page: a headline figure, the largest gap, and how
a value or a gap moved, said without a verdict unless it was tested.
"""

from __future__ import annotations

import math

from dashboard.formatting import Units
from dashboard.summaries.names import group_start, group_words


def gap_words(units: Units, difference: float) -> str:
    """A gap as its size and direction: "9.1 percentage points higher", "£2.31 per hour lower"."""
    return f"{units.gap_size(difference)} {'higher' if difference > 0 else 'lower'}"


def headline_words(units: Units, value: float, period: str) -> str:
    """A mission card's headline figure: "17.0% for all people in 2022"."""
    return f"{units.value(value)} for all people in {period}"


def gap_line(*, units: Units, group: str, reference: str, period: str, difference: float) -> str:
    """ "Black: 6.0 percentage points higher than White in 2019" (no full stop)."""
    return (
        f"{group_start(group)}: {gap_words(units, difference)} than {group_words(reference)} "
        f"in {period}"
    )


def largest_gap_sentence(
    *,
    units: Units,
    group: str,
    reference: str,
    period: str,
    gap: tuple[float, float, float],
    tested: bool,
    percent_of_reference: float | None = None,
) -> str:
    """E.g. "Black: 6.0 percentage points higher than White in 2019 (95% CI 4.6 to 7.4).";
    a gap that is not ``tested`` (no confidence intervals) says so instead of its interval.
    For a source that publishes its gaps as a percentage of the reference group's value (pay
    gaps), ``percent_of_reference`` adds that figure: "…in 2021 (…), a gap of 13.8%."."""
    difference, lower, upper = gap
    interval = (
        units.gap_interval(difference, lower, upper)
        if tested
        else "not tested for significance: no confidence intervals"
    )
    line = gap_line(
        units=units, group=group, reference=reference, period=period, difference=difference
    )
    published = ""
    if percent_of_reference is not None and math.isfinite(percent_of_reference):
        published = f", a gap of {Units(unit='%', decimal_places=1).value(percent_of_reference)}"
    return f"{line} ({interval}){published}."


def no_significant_gap(period: str) -> str:
    return f"No significant gap between groups in {period}."


#: Said after a change that was not tested, so that it never reads as a tested verdict.
NOT_TESTED_TAIL = " (not tested for significance)"


def _bare(units: Units, number: float) -> str:
    """A number as the first end of a range whose other end names the unit: "19.0%", "£8.90",
    "9.1" (so a range says its unit once: "from 9.1 to 7.4 percentage points")."""
    return units.value(number) if units.is_percent else units.amount(number)


def value_change_words(
    *, units: Units, first: tuple[float, str], latest: tuple[float, str], tested: bool = False
) -> str:
    """How a value moved, said without a verdict: "Fell from 20.0% in 2014 to 16.0% in 2018
    (not tested for significance)", "Rose from £8.90 in 1997 to £17.97 per hour in 2021 (…)";
    "" with one period only."""
    (start, since), (end, until) = first, latest
    if since == until:
        return ""
    tail = "" if tested else NOT_TESTED_TAIL
    if units.value(start) == units.value(end):
        return f"Unchanged at {units.value(end)} between {since} and {until}{tail}"
    verb = "Rose" if end > start else "Fell"
    return f"{verb} from {_bare(units, start)} in {since} to {units.value(end)} in {until}{tail}"


def _higher_or_lower(difference: float) -> str:
    return "higher" if difference > 0 else "lower"


def _rounds_to_zero(units: Units, difference: float) -> bool:
    return float(units.number(difference).replace(",", "")) == 0


def _changed_sides(units: Units, start: float, end: float) -> bool:
    """The two gaps are on opposite sides of the reference group (a zero gap is on neither)."""
    if _rounds_to_zero(units, start) or _rounds_to_zero(units, end):
        return False
    return (start > 0) != (end > 0)


def _range_words(units: Units, start: float, since: str, end: float, until: str) -> str:
    """Two gaps, the unit said once: "from 9.1 to 7.4 percentage points higher between 2012
    and 2022"; across the reference group, "from 2.0 lower in 2015 to 6.0 percentage points
    higher in 2019"; a gap that rounds to zero is "no gap"."""
    if _changed_sides(units, start, end):
        return (
            f"from {units.amount(abs(start))} {_higher_or_lower(start)} in {since} to "
            f"{gap_words(units, end)} in {until}"
        )
    if _rounds_to_zero(units, start) or _rounds_to_zero(units, end):
        before = "no gap" if _rounds_to_zero(units, start) else gap_words(units, start)
        after = "no gap" if _rounds_to_zero(units, end) else gap_words(units, end)
        return f"from {before} in {since} to {after} in {until}"
    return f"from {units.amount(abs(start))} to {gap_words(units, end)} between {since} and {until}"


def gap_change_words(
    *, units: Units, first: tuple[float, str], latest: tuple[float, str], tested: bool = False
) -> str:
    """How a gap moved, said without a verdict: "The gap narrowed from 9.1 to 7.4 percentage
    points between 2012 and 2022 (not tested for significance)"; a gap that moved to the other
    side of the reference group "changed sign" rather than widening or narrowing; "" with one
    period only."""
    (start, since), (end, until) = first, latest
    if since == until:
        return ""
    tail = "" if tested else NOT_TESTED_TAIL
    if _changed_sides(units, start, end):
        return f"The gap changed sign, {_range_words(units, start, since, end, until)}{tail}"
    before, after = units.gap_size(start), units.gap_size(end)
    if before == after:
        return f"The gap was {after} in both {since} and {until}{tail}"
    verb = "widened" if abs(end) > abs(start) else "narrowed"
    return (
        f"The gap {verb} from {units.amount(abs(start))} to {after} between {since} and "
        f"{until}{tail}"
    )


def gap_ends_words(*, units: Units, first: tuple[float, str], latest: tuple[float, str]) -> str:
    """The gap at either end of the periods a test judged, without saying which way it went
    (the test's label says that): "From 10.9 to 11.8 percentage points higher between 2017/18
    and 2021/22"; "" with one period only."""
    (start, since), (end, until) = first, latest
    if since == until:
        return ""
    words = _range_words(units, start, since, end, until)
    return words[:1].upper() + words[1:]
