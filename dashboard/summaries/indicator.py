"""The indicator page's sentences: a headline per chart, for values, gaps, cross breakdowns
and the slope index.
"""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import Units
from dashboard.summaries.clauses import GapPoint, change_clause, distance_from_no_gap, gap_clause
from dashboard.summaries.names import group_phrase, is_residual, verb_for
from indicators import stats


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
    sizes = pool[columns[0]].map(lambda gap: distance_from_no_gap(measure, float(gap)))
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
