"""Every sentence the pages write, from the same numbers their charts and tables show.

Screen-reader users and people skimming get the point of a chart without reading it: the
latest value of the group furthest from its reference, the gap with its interval, and whether
the gap has widened or narrowed (tested, not eyeballed) since the first period shown; for a
cross breakdown the highest and lowest intersections; for quantiles the slope index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from dashboard.formatting import Units
from indicators import stats

Change = Literal["widened", "narrowed", "changed_sign", "no_significant_change", "not_tested"]


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
    between groups: Altman and Bland 2003); the change counts only if significant. A group
    that has moved to the other side of its reference group "changed sign": its gap neither
    widened nor narrowed (as ``stats.gap_direction``).
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
    if first.difference * latest.difference < 0:
        return "changed_sign"
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
            "changed_sign": f"the gap has changed sign since {first.period}, when it was "
            f"{units.gap_size(first.difference)} "
            f"{'higher' if first.difference > 0 else 'lower'}",
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


def sentence_subject(title: str) -> str:
    """A title as the subject of a sentence: "Food insecurity" → "food insecurity", but
    acronyms and proper nouns keep their capitals ("GCSE English and maths",
    "Below the Real Living Wage" → "below the Real Living Wage")."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return title
    return title[:1].lower() + title[1:]


def gap_point(row: pd.Series, reference: str) -> GapPoint:
    """A row of a gaps frame (``indicators.stats.gaps_frame``) as a :class:`GapPoint`."""
    return GapPoint(
        period=row["period_label"],
        group=row["group_name"],
        reference=reference,
        value=float(row["value"]),
        difference=float(row["difference"]),
        difference_lower=float(row["difference_lower"]),
        difference_upper=float(row["difference_upper"]),
    )


def breakdown_sentence(
    rows: pd.DataFrame, *, subject: str, units: Units, reference: str | None
) -> str:
    """The sentence for one place's rows of a breakdown: the group furthest from the
    ``reference`` group in the latest period (preferring significant gaps), and how its gap
    has moved since the first; the latest value when there is no gap; "" with no value."""
    with_gap = rows[rows["difference"].notna()]
    if with_gap.empty or reference is None:
        valued = rows[rows["value"].notna()]
        if valued.empty:
            return ""
        row = valued.sort_values("period_order").iloc[-1]
        return value_sentence(
            subject=subject,
            units=units,
            period=row["period_label"],
            group=row["group_name"],
            value=float(row["value"]),
        )
    latest = with_gap[with_gap["period_order"] == with_gap["period_order"].max()]
    significant = latest[latest["significant"].fillna(False).astype(bool)]
    candidates = significant if not significant.empty else latest
    row = candidates.loc[candidates["difference"].abs().idxmax()]
    history = with_gap[with_gap["group_id"] == row["group_id"]].sort_values("period_order")
    first = gap_point(history.iloc[0], reference) if len(history) > 1 else None
    return gap_sentence(subject=subject, units=units, latest=gap_point(row, reference), first=first)


def cross_sentence(values: dict[str, float], *, units: Units, period: str) -> str:
    """Which intersection (named "Black, Female") is highest and which lowest: where
    intersecting inequalities show; "" with fewer than two values."""
    if len(values) < 2:
        return ""
    high, low = max(values, key=values.__getitem__), min(values, key=values.__getitem__)
    return (
        f"In {period}, the highest value was {units.value(values[high])} ({high}) and "
        f"the lowest {units.value(values[low])} ({low})."
    )


def sii_sentence(sii: pd.DataFrame, *, units: Units, by: str, lowest: str, highest: str) -> str:
    """The latest slope index of inequality (the last row of ``sii``), naming the end groups
    (``lowest`` and ``highest`` ranked) and which is higher: a positive SII means values rise
    from the lowest rank to the highest."""
    latest = sii.iloc[-1]
    # The size of the difference, with its interval on the same (unsigned) footing.
    flip = -1.0 if latest["sii"] < 0 else 1.0
    bounds = sorted((flip * latest["sii_lower"], flip * latest["sii_upper"]))
    sentence = (
        f"In {latest['period_label']}, the slope index of inequality by {by} was "
        f"{units.difference(flip * latest['sii'], sign=False)}"
    )
    interval = units.interval(*bounds)
    if interval:
        sentence += f" ({interval})"
    sentence += f": the modelled difference between {lowest} and {highest}"
    if latest["sii"] == 0:
        return sentence + "."
    return sentence + f", higher for {highest if flip > 0 else lowest}."


def gap_words(units: Units, difference: float) -> str:
    """A gap as its size and direction: "9.1 percentage points higher", "£2.31 per hour lower"."""
    return f"{units.gap_size(difference)} {'higher' if difference > 0 else 'lower'}"


def headline_words(units: Units, value: float, period: str) -> str:
    """A mission card's headline figure: "17.0% for all people in 2022"."""
    return f"{units.value(value)} for all people in {period}"


# --- Mission cards and the home page --------------------------------------------------------

#: First words of group names that are proper nouns (ethnic groups, religions, nationalities,
#: places), so keep their capital inside a sentence, as the GOV.UK style guide writes them.
PROPER_FIRST_WORDS = frozenset(
    {
        "African", "Arab", "Asian", "Bangladeshi", "Black", "British", "Buddhist",
        "Caribbean", "Chinese", "Christian", "East", "England", "English", "Greater", "Gypsy",
        "Hindu", "Indian", "Irish", "Jewish", "London", "Mixed", "Muslim", "North",
        "Northern", "Pakistani", "Roma", "Scotland", "Scottish", "Sikh", "South", "Traveller",
        "Wales", "Welsh", "West", "White", "Yorkshire",
    }
)  # fmt: skip


def group_words(name: str) -> str:
    """A group's name inside a sentence: lower case but for proper nouns and acronyms.

    "Not eligible for free school meals" → "not eligible for free school meals", "Quintile 5
    (highest income)" → "quintile 5 (highest income)", "Male" → "male"; "White British",
    "Black" and "NS-SEC class 1" keep their capitals."""
    first = name.split(" ", 1)[0]
    if first in PROPER_FIRST_WORDS or (len(first) > 1 and first.isupper()):
        return name
    return name[:1].lower() + name[1:]


def group_start(name: str) -> str:
    """A group's name at the start of a sentence or list item: "Disabled", "25 to 34"."""
    return name[:1].upper() + name[1:]


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


def _side(difference: float) -> str:
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
            f"from {units.amount(abs(start))} {_side(start)} in {since} to "
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
