"""Every sentence the pages write, from the same numbers their charts and tables show.

Screen-reader users and people skimming get the point of a chart without reading it. An
indicator page's headline names its place and period, starts from the indicator's subject
("mean hourly earnings were ..."), gives the latest value of the group furthest from its
reference (never a residual group such as "Other" or "Unknown") and its gap in the form the
source publishes it (a difference, a percentage gap as pay gaps are published, or a ratio),
with its interval, and says how the gap compares with the earliest period shown: tested for
significance where both gaps have intervals, else described and marked "not tested for
significance". Groups are named as a sentence names them ("females", "people aged 65 and
over", "the Black ethnic group"). For a cross breakdown: the highest and lowest intersections;
for quantiles: the slope index.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from dashboard.formatting import Units
from indicators import stats

Change = Literal["widened", "narrowed", "changed_sign", "no_significant_change", "not_tested"]

#: Groups no headline is about: residual and unknown categories say nothing about a group of
#: people ("Other", "Unknown", "Not known", "Any other", "Prefer not to say").
_RESIDUAL = re.compile(
    r"^(other|unknown|not known|not stated|any other|all other|prefer not|missing|unclassified)",
    re.IGNORECASE,
)
#: Words written with a capital wherever they stand in a group's name (proper nouns).
_PROPER = frozenset(
    {"Christian", "Buddhist", "Hindu", "Jewish", "Muslim", "Sikh", "British", "Irish", "Real"}
)
#: Subjects whose head noun is plural take "were": "mean hourly earnings were".
_PLURAL_HEADS = ("earnings", "wages", "costs", "rates", "numbers")


def period_span(first: str, last: str) -> str:
    """ "2012 to 2022", or "2022" when the two are the same period; periods that are ranges
    themselves are joined by a dash ("2015/16 to 2017/18 – 2017/18 to 2019/20")."""
    if first == last:
        return first
    if " to " in first or " to " in last:
        return f"{first} – {last}"
    return f"{first} to {last}"


def title_by(title: str, by: str, *, short: str = "") -> str:
    """``title`` broken down ``by``: "Unemployment rate by disability", never "Unemployment
    rate by disability by disability". A title with a "by" of its own that is not ``by``
    gives way to the ``short`` title ("Unemployment by age"), or else gets a comma
    ("Attainment by age 19, by free school meal eligibility")."""
    if re.search(rf"\bby {re.escape(by)}\b", title, re.IGNORECASE):
        return title
    if " by " not in f" {title} ":
        return f"{title} by {by}"
    if short and " by " not in f" {short} ":
        return f"{short} by {by}"
    return f"{title}, by {by}"


def is_residual(group: str) -> bool:
    """Whether ``group`` is a residual or unknown category ("Other", "Unknown", "Any other")."""
    return bool(_RESIDUAL.match(group.strip()))


def _lower(name: str) -> str:
    """A group's name inside a sentence: lower case except acronyms and proper nouns."""
    words = []
    for word in name.split(" "):
        bare = word.strip("()")
        keep = (
            (len(bare) > 1 and bare.isupper()) or bare in _PROPER or any(c.isdigit() for c in bare)
        )
        words.append(word if keep else word.lower())
    return " ".join(words)


def group_phrase(group: str, *, characteristic: str) -> str:
    """A group as the object of "for": "females", "people aged 65 and over", "disabled
    people", "the Black ethnic group", "those eligible for free school meals", "areas in
    decile 1 (most deprived)". ``characteristic`` is the characteristic's slug."""
    name = group.strip()
    if name == "All people":
        return "all people"
    if characteristic == "ethnicity":
        if name.lower().startswith("any other"):
            return "people of " + name[0].lower() + name[1:]
        return f"the {name} ethnic group"
    if characteristic == "sex":
        return {"female": "females", "male": "males"}.get(name.lower(), _lower(name))
    if characteristic == "age":
        if name[:1].isdigit() or name.lower().startswith(("under", "over")):
            return f"people aged {name.lower()}"
        return _lower(name)
    if characteristic == "disability":
        return {"disabled": "disabled people", "not disabled": "non-disabled people"}.get(
            name.lower(), _lower(name)
        )
    if characteristic in ("imd-decile", "imd-quintile"):
        return f"areas in {_lower(name)}"
    if characteristic in ("fsm", "income-quintile", "ns-sec"):
        return f"those {'in ' if characteristic != 'fsm' else ''}{_lower(name)}"
    if characteristic == "urban-rural":
        return f"people in {_lower(name)} areas"
    if characteristic == "religion-or-belief":
        return "people with no religion" if name.lower() == "no religion" else f"{name} people"
    if characteristic == "sexual-orientation":
        return f"{_lower(name)} people"
    lowered = _lower(name)
    return lowered if re.search(r"\bgroup\b", lowered) else f"the {lowered} group"


def sentence_subject(title: str) -> str:
    """A title as the subject of a sentence: "Food insecurity" → "food insecurity", but
    acronyms and proper nouns keep their capitals ("GCSE English and maths",
    "Below the Real Living Wage" → "below the Real Living Wage")."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return title
    return title[:1].lower() + title[1:]


def verb_for(subject: str) -> str:
    """ "was", or "were" for a plural subject ("mean hourly earnings were")."""
    head = re.split(r" (?:of|at|for|who|in|by) ", subject, maxsplit=1)[0].strip()
    return "were" if head.lower().endswith(_PLURAL_HEADS) else "was"


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


def _size(measure: str, gap: float) -> float:
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
    moved = "narrowed" if _size(measure, latest.gap) < _size(measure, first.gap) else "widened"
    if not tested:
        return f"the gap {moved} from {a} to {b} {between} (not tested for significance)"
    if _significant_change(measure, first, latest):
        return f"the gap {moved} significantly from {a} to {b} {between}"
    return f"the gap {moved} from {a} to {b} {between}, not a statistically significant change"


def _opening(period: str, place: str, subject: str) -> str:
    return f"In {period} in {place}, {subject} {verb_for(subject)}"


def value_change(units: Units, *, first: GapPoint, latest: GapPoint) -> str:
    """How a value compares with the earliest period shown: "up from 10.0% in 2000 (not
    tested for significance)"."""
    before = units.value(first.value)
    if before == units.value(latest.value):
        words = f"the same as in {first.period}"
    else:
        words = f"{'up' if latest.value > first.value else 'down'} from {before} in {first.period}"
    if not (first.tested and latest.tested):
        return words + " (not tested for significance)"
    change = stats.gap(
        latest.value, latest.lower, latest.upper, first.value, first.lower, first.upper
    )
    return words + (
        ", a statistically significant change"
        if change.significant
        else ", not a statistically significant change"
    )


def value_sentence(
    *,
    subject: str,
    units: Units,
    place: str,
    group: str,
    latest: GapPoint,
    first: GapPoint | None,
) -> str:
    """When there is no gap to report: "In 2022 in the United Kingdom, the percentage of
    people at risk of poverty was 17.0% for all people, up from 15.9% in 2005 (not tested for
    significance)."."""
    sentence = f"{_opening(latest.period, place, subject)} {units.value(latest.value)} for {group}"
    if first is not None and first.period != latest.period:
        sentence += ", " + value_change(units, first=first, latest=latest)
    return sentence + "."


def gap_sentence(
    *,
    subject: str,
    units: Units,
    measure: str,
    place: str,
    group: str,
    reference: str,
    latest: GapPoint,
    first: GapPoint | None,
) -> str:
    """E.g. "In 2021 in the United Kingdom, mean hourly earnings were £16.39 per hour for
    females, 14.9% lower than for males; the gap narrowed from 20.7% to 14.9% between 1997 and
    2021 (not tested for significance)."."""
    sentence = (
        f"{_opening(latest.period, place, subject)} {units.value(latest.value)} for {group}, "
        + gap_clause(measure, units, latest, reference=reference)
    )
    if first is not None and first.period != latest.period:
        return sentence + "; " + change_clause(measure, units, first=first, latest=latest) + "."
    if not latest.tested:
        return sentence + " (not tested for significance)."
    if latest.significant is False:
        return sentence + ", not a statistically significant gap."
    return sentence + "."


def _point(row: pd.Series, columns: tuple[str, str, str]) -> GapPoint:
    value, lower, upper = columns
    significant = row.get("significant")
    return GapPoint(
        period=row["period_label"],
        value=float(row["value"]),
        gap=float(row[value]),
        lower=float(row[lower]),
        upper=float(row[upper]),
        significant=None if significant is None or pd.isna(significant) else bool(significant),
    )


def breakdown_sentence(
    rows: pd.DataFrame,
    *,
    subject: str,
    units: Units,
    reference: str | None,
    place: str,
    measure: str = "gap",
    columns: tuple[str, str, str] = ("difference", "difference_lower", "difference_upper"),
    characteristic: str = "",
) -> str:
    """The sentence for one place's rows of a breakdown: the group furthest from the
    ``reference`` group in the latest period (preferring significant gaps, never a residual
    group such as "Other" or "Unknown"), its gap in ``measure`` (whose value and limits are
    ``columns``), and how the gap compares with the earliest period shown; the latest value
    and its change when there is no gap; "" with no value. ``characteristic`` (a slug) says
    how groups are named."""

    def named(group: str) -> str:
        return group_phrase(group, characteristic=characteristic)

    candidates = rows[~rows["group_name"].map(is_residual)]
    with_gap = candidates[candidates[columns[0]].notna()]
    if with_gap.empty or reference is None:
        valued = candidates[candidates["value"].notna()]
        if valued.empty:
            return ""
        row = valued.sort_values(["period_order", "group_order"]).iloc[-1]
        history = valued[valued["group_id"] == row["group_id"]].sort_values("period_order")
        value_columns = ("value", "lower", "upper")
        return value_sentence(
            subject=subject,
            units=units,
            place=place,
            group=named(row["group_name"]),
            latest=_point(row, value_columns),
            first=_point(history.iloc[0], value_columns) if len(history) > 1 else None,
        )
    latest = with_gap[with_gap["period_order"] == with_gap["period_order"].max()]
    significant = latest[latest["significant"].fillna(False).astype(bool)]
    pool = significant if not significant.empty else latest
    sizes = pool[columns[0]].map(lambda gap: _size(measure, float(gap)))
    row = pool.loc[sizes.idxmax()]
    history = with_gap[with_gap["group_id"] == row["group_id"]].sort_values("period_order")
    return gap_sentence(
        subject=subject,
        units=units,
        measure=measure,
        place=place,
        group=named(row["group_name"]),
        reference=named(reference),
        latest=_point(row, columns),
        first=_point(history.iloc[0], columns) if len(history) > 1 else None,
    )


def cross_sentence(values: dict[str, float], *, units: Units, period: str, place: str = "") -> str:
    """Which intersection (named "Black, Female") is highest and which lowest: where
    intersecting inequalities show; "" with fewer than two values."""
    if len(values) < 2:
        return ""
    high, low = max(values, key=values.__getitem__), min(values, key=values.__getitem__)
    where = f" in {place}" if place else ""
    return (
        f"In {period}{where}, the highest value was {units.value(values[high])} ({high}) and "
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
