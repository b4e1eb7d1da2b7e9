"""Targets with their status: the baseline read from the data, the status computed by
``stats.progress`` and shown with its rule, the straight line to the target for a chart, and
a headline target that is on track while a group falls behind saying so. No queries here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd

from dashboard import summaries, verdicts
from dashboard.boards.data import Figure, TargetRow, TrajectoryPoint
from dashboard.boards.frames import Inputs, date_text, figure, gap_key, nan, number
from dashboard.formatting import Units
from indicators import stats
from missions.models import Target

ILLUSTRATIVE = "Illustrative target — not government policy"

#: Each status in words, as every page writes it (``verdicts.PROGRESS``).
STATUS_TEXT = {label.key: label.words for label in verdicts.PROGRESS.labels}
#: The order a summary lists statuses in: reached or not first, then how far along.
STATUS_ORDER = ("met", "missed", "on_track", "some_progress", "off_track", "not_enough_data")
BEHIND = {"off_track", "missed"}
AHEAD = {"on_track", "met"}

#: How a target's status is decided, for the page (the rule of ``stats.progress``).
PROGRESS_RULE = (
    "A straight line is drawn from the baseline (the baseline period's published value) to "
    "the target value at the target date. Before the target date, the latest published figure "
    "is compared with where that line is at the latest period: on track when it has made at "
    "least 95% of the change the line expects by then, some progress at least 50%, otherwise "
    "off track (including movement the wrong way). Where the figure has a 95% confidence "
    "interval the end nearer the target is used, so a figure that cannot be told apart from "
    "the line is on track. From the target date, the target is met when the latest figure has "
    "reached it and missed when it has not. A target equal to its baseline is to maintain the "
    "value: on track (met) while the figure is not significantly worse. Not enough data: no "
    "figure for the baseline period, or none after it."
)


_YEAR = re.compile(r"^(?P<year>[0-9]{4})$")
_SPLIT_YEAR = re.compile(r"^(?P<year>[0-9]{4})/(?P<next>[0-9]{2})$")


def future_periods(last: str, target_date: dt.date) -> list[str]:
    """The period labels after ``last`` up to the one holding ``target_date``, for annual
    labels ("2021" or "2021/22"); [] for any other kind of period (or none to come)."""
    found: list[str] = []
    if match := _YEAR.match(last):
        for year in range(int(match["year"]) + 1, target_date.year + 1):
            found.append(str(year))
    elif match := _SPLIT_YEAR.match(last):
        for year in range(int(match["year"]) + 1, target_date.year):
            found.append(f"{year}/{(year + 1) % 100:02d}")
    return found


def decimal_year(day: dt.date) -> float:
    """2021-12-31 → 2021.997…: a date as a year with a fraction, for the straight line."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def series_for(target: Target, inputs: Inputs) -> pd.DataFrame:
    """The target's series, oldest first: ``value``, ``lower``, ``upper`` by period."""
    rows = inputs.rows
    here = rows[rows["geography_id"] == target.geography_id]
    if target.comparison_group_id is None:
        if target.group_id is None:
            series = here[here["group_id"].isna()]
        else:
            series = here[here["group_id"] == target.group_id]
        series = series.assign(group_id=series["group_id"].astype(float))
        return series.sort_values("period_end").reset_index(drop=True)
    pair = here[here["group_id"].isin([target.group_id, target.comparison_group_id])].copy()
    if pair.empty:
        return pair
    pair["is_ref"] = pair["group_id"] == target.comparison_group_id
    gaps = stats.gaps_frame(pair, reference_col="is_ref", group="group_id", period="period_id")
    mine = gaps[gaps["group_id"] == target.group_id].copy()
    mine["group_value"] = mine["value"]
    mine["value"] = mine["difference"]
    mine["lower"] = mine["difference_lower"]
    mine["upper"] = mine["difference_upper"]
    return mine.sort_values("period_end").reset_index(drop=True)


def _measured(target: Target, place: str) -> str:
    if target.comparison_group_id is not None and target.group and target.comparison_group:
        return f"Gap: {target.group.name} minus {target.comparison_group.name}, {place}"
    who = target.group.name if target.group else "All people"
    return f"{who}, {place}"


def target_row(target: Target, *, inputs: Inputs, units: Units) -> TargetRow:
    """A target with its baseline read from the data and its status from ``stats.progress``."""
    indicator = inputs.indicator
    kind = "gap" if target.comparison_group_id is not None else "value"
    write_value = units.difference if kind == "gap" else units.value
    place = target.geography.name
    series = series_for(target, inputs) if inputs.release is not None else pd.DataFrame()
    with_value = series[series["value"].notna()] if not series.empty else series
    baseline_rows = (
        with_value[with_value["period_id"] == target.baseline_period_id]
        if not with_value.empty
        else with_value
    )
    baseline_row = baseline_rows.iloc[0].to_dict() if not baseline_rows.empty else None
    latest_row = with_value.iloc[-1].to_dict() if not with_value.empty else None
    comparison = target.comparison_group_id or 0
    baseline = (
        _target_figure(indicator.pk, baseline_row, units, comparison) if baseline_row else None
    )
    latest = _target_figure(indicator.pk, latest_row, units, comparison) if latest_row else None

    target_year = decimal_year(target.target_date)
    baseline_year = decimal_year(target.baseline_period.end)
    status, ratio, expected = "not_enough_data", math.nan, math.nan
    reason = ""
    if baseline is None or baseline.value is None:
        reason = (
            f"No published figure for the baseline period, {target.baseline_period.label}, in "
            "the release current at the time."
            if inputs.release is not None
            else "Nothing was published yet."
        )
    elif latest_row is None or latest_row["period_end"] <= target.baseline_period.end:
        reason = f"No figure published for a period after the baseline, {baseline.period}, yet."
    else:
        assert latest is not None
        assert latest.value is not None
        polarity = indicator.polarity
        result = stats.progress(
            baseline_year,
            baseline.value,
            target_year,
            target.target_value,
            decimal_year(latest_row["period_end"]),
            latest.value,
            latest_lower=nan(latest.lower),
            latest_upper=nan(latest.upper),
            polarity=cast(stats.Polarity, polarity),
        )
        status, ratio, expected = result.status, result.ratio, result.expected
        reason = _reason(
            status,
            latest=latest,
            expected=expected,
            ratio=ratio,
            target_text=write_value(target.target_value),
            write=write_value,
        )
    trajectory: list[TrajectoryPoint] = []
    target_label = f"{target.target_date.year} (target)"
    if baseline is not None and baseline.value is not None:
        later = with_value[with_value["period_end"] > target.baseline_period.end]
        trajectory.append(TrajectoryPoint(baseline.period, baseline.value))
        for row in later.to_dict("records"):
            fraction = min(
                (decimal_year(row["period_end"]) - baseline_year) / (target_year - baseline_year),
                1.0,
            )
            point = baseline.value + (target.target_value - baseline.value) * fraction
            trajectory.append(TrajectoryPoint(str(row["period_label"]), point))
        future = future_periods(trajectory[-1].period, target.target_date)
        if future:
            target_label = f"{future[-1]} (target)"
            # The periods to come, evenly spaced like those published, so that the line to
            # the target keeps its slope on a category axis.
            start = trajectory[-1].value
            for step, label in enumerate(future[:-1], start=1):
                share = step / len(future)
                trajectory.append(
                    TrajectoryPoint(label, start + (target.target_value - start) * share)
                )
        trajectory.append(TrajectoryPoint(target_label, target.target_value))
    group_name = target.group.name if target.group else "All people"
    return TargetRow(
        id=target.pk,
        statement=target.statement,
        is_illustrative=target.is_illustrative,
        kind=kind,
        owner=target.owner.name,
        owner_slug=target.owner.slug,
        note=target.note,
        parent_id=target.parent_id,
        place=place,
        group=group_name,
        comparison_group=target.comparison_group.name if target.comparison_group else "",
        measured=_measured(target, place),
        baseline_period=target.baseline_period.label,
        baseline=baseline,
        target_value=target.target_value,
        target_text=write_value(target.target_value),
        target_date=target.target_date.isoformat(),
        target_date_text=date_text(target.target_date),
        latest=latest,
        expected=number(expected),
        expected_text="" if math.isnan(expected) else write_value(expected),
        ratio=number(ratio),
        status=status,
        status_text=STATUS_TEXT[status],
        status_reason=reason,
        warnings=[],
        trajectory=trajectory,
        target_label=target_label,
        rule=PROGRESS_RULE,
    )


def _target_figure(
    indicator_id: int, row: Mapping[Any, Any], units: Units, comparison_id: int
) -> Figure:
    """A value target's figure, or a gap target's (the gap, keyed by both groups)."""
    if not comparison_id:
        return figure(indicator_id, row, units)
    value = number(row.get("value"))
    lower, upper = number(row.get("lower")), number(row.get("upper"))
    return Figure(
        key=gap_key(indicator_id, row, comparison_id),
        period=str(row["period_label"]),
        value=value,
        lower=lower,
        upper=upper,
        text=units.difference(value) if value is not None else "No figure",
        interval=units.interval(nan(lower), nan(upper)) if value is not None else "",
    )


def _reason(
    status: str,
    *,
    latest: Figure,
    expected: float,
    ratio: float,
    target_text: str,
    write: Any,
) -> str:
    figure_words = f"the latest figure, {latest.text} in {latest.period}"
    if status == "met":
        return f"The target date has been reached and {figure_words}, has reached {target_text}."
    if status == "missed":
        return f"The target date has been reached and {figure_words}, falls short of {target_text}."
    if math.isnan(ratio):
        held = "holds" if status in AHEAD else "does not hold"
        return f"A target to maintain {target_text}: {figure_words}, {held}."
    share = f"{ratio * 100:,.0f}%"
    judged = " (judged at the end of its 95% interval nearer the target)" if latest.interval else ""
    return (
        f"The straight line to the target expects {write(expected)} by {latest.period}; "
        f"{figure_words}, has made {share} of that change{judged}."
    )


def add_target_warnings(
    targets: Sequence[TargetRow], *, widening: Mapping[str, Sequence[str]]
) -> None:
    """A headline target on track (or met) while one of its group targets is off track (or
    missed), or while a group's gap in its place is worse and widening, says so in one
    sentence: "On track for everyone; off track for Black Caribbean; the gap for disabled is
    worse and widening."

    ``widening`` maps a place's name to the groups whose gaps there are worse and widening.
    """
    for headline in targets:
        if headline.group != "All people" or headline.kind != "value":
            continue
        if headline.status not in AHEAD:
            continue
        parts = [
            f"{STATUS_TEXT[child.status].lower()} for {_who(child, place=headline.place)}"
            for child in targets
            if child.parent_id == headline.id and child.status in BEHIND
        ]
        names = sorted(set(widening.get(headline.place, ())))
        if names:
            groups = verdicts.and_list([summaries.group_words(n) for n in names])
            parts.append(f"the gap for {groups} is worse and widening")
        if parts:
            headline.warnings.append(
                "; ".join([f"{STATUS_TEXT[headline.status]} for everyone", *parts]) + "."
            )


def _who(target: TargetRow, *, place: str) -> str:
    """Whom a group target is for, inside a sentence: "disabled", "the gap between disabled
    and not disabled", with its place when that is not ``place``."""
    who = summaries.group_words(target.group)
    if target.kind == "gap":
        who = f"the gap between {who} and {summaries.group_words(target.comparison_group)}"
    return who if target.place == place else f"{who} in {target.place}"
