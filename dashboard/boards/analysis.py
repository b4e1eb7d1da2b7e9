"""One indicator as a board sees it, from one release: headline, gaps and their direction,
targets and their progress, data gaps and a chart.

Everything is computed from ``missions.selectors.board_observations`` rows (one query for all
the indicators of a page) with the statistics module: limits from counts where the source
publishes none (``dashboard.intervals``, as every other page does), each gap by
``stats.gaps_frame``, its direction by ``stats.gap_directions_frame`` (Benjamini–Hochberg
across the whole page for "worse and widening"), each target's status by ``stats.progress``.
No queries here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd
from django.utils import timezone

from dashboard import intervals
from dashboard.boards.data import (
    ChartData,
    Figure,
    GapRow,
    IndicatorReview,
    ReleaseRef,
    SeriesLine,
    TargetRow,
    TrajectoryPoint,
)
from dashboard.formatting import Units
from indicators import stats
from indicators.models import Indicator, Release
from missions.models import Target

ILLUSTRATIVE = "Illustrative target — not government policy"

STATUS_TEXT = {
    "met": "Met",
    "missed": "Missed",
    "on_track": "On track",
    "some_progress": "Some progress",
    "off_track": "Off track",
    "not_enough_data": "Not enough data",
}
BEHIND = {"off_track", "missed"}
AHEAD = {"on_track", "met"}

DIRECTION_TEXT = {
    "widening": "Widening",
    "narrowing": "Narrowing",
    "changed_sign": "Changed sides (the group moved past the reference)",
    "no_significant_change": "No significant change",
    "not_enough_data": "Not enough data: fewer than five periods",
    "not_tested": "Not tested: no confidence intervals",
}

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
DIRECTION_RULE = (
    "A gap is the group's value minus the reference group's. Its direction is judged on the "
    "latest five periods with a gap: widening or narrowing when the size of the gap changes "
    "significantly by the recent-trend rule (99.8%), changed sides when the group is above "
    "the reference in some of those periods and below it in others. A gap is worse when its "
    "95% interval lies wholly on the worse side of the reference. Worse and widening lists "
    "gaps that are both, controlling the false discovery rate at 5% across the page "
    "(Benjamini–Hochberg)."
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


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def group_id_of(value: Any) -> int:
    """A group id from a frame cell: 0 for all people (None or NaN)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return 0
    return int(value)


def figure_key(indicator_id: int, row: Mapping[Any, Any]) -> str:
    """ "v:indicator:period:place:group" (group 0: all people)."""
    return (
        f"v:{indicator_id}:{int(row['period_id'])}:{int(row['geography_id'])}:"
        f"{group_id_of(row.get('group_id'))}"
    )


def gap_key(indicator_id: int, row: Mapping[Any, Any], comparison_id: int) -> str:
    """ "g:indicator:period:place:group:comparison": the gap between two groups."""
    return (
        f"g:{indicator_id}:{int(row['period_id'])}:{int(row['geography_id'])}:"
        f"{group_id_of(row.get('group_id'))}:{comparison_id}"
    )


def figure(indicator_id: int, row: Mapping[Any, Any], units: Units) -> Figure:
    value = _number(row.get("value"))
    lower, upper = _number(row.get("lower")), _number(row.get("upper"))
    marker = str(row.get("marker") or "")
    if value is None:
        text = f"[{marker}] not published" if marker else "No figure"
        interval = ""
    else:
        text = units.value(value)
        interval = units.interval(_nan(lower), _nan(upper))
    return Figure(
        key=figure_key(indicator_id, row),
        period=str(row["period_label"]),
        value=value,
        lower=lower,
        upper=upper,
        text=text,
        interval=interval,
    )


# --- frames: limits and gaps for a whole page at once -----------------------------------------


def with_limits(frame: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """Board rows with 95% limits worked out from counts where the source gives counts but no
    limits (each indicator by its own measure type), as every page of the dashboard does."""
    if frame.empty:
        return frame.assign(**{intervals.COMPUTED: False})
    methods = {i.pk: intervals.counts_method(i) for i in indicators}
    return intervals.with_computed_limits_by(
        frame, methods=frame["indicator_id"].map(methods).astype(object)
    )


def gap_frame(frame: pd.DataFrame, *, references: Mapping[tuple[int, int], int]) -> pd.DataFrame:
    """Single-group rows with each group's gap to its reference group, for every release,
    characteristic, place and period (one vectorised call)."""
    groups = frame[frame["group_id"].notna()].copy()
    if groups.empty:
        return groups.assign(reference_name="", **dict.fromkeys(stats.GAP_COLUMNS, math.nan))
    groups["characteristic_id"] = groups["characteristic_id"].astype(int)
    groups["group_id"] = groups["group_id"].astype(int)
    reference_ids = pd.Series(
        [
            references.get((i, c))
            for i, c in zip(groups["indicator_id"], groups["characteristic_id"], strict=True)
        ],
        index=groups.index,
        dtype="Int64",
    )
    groups["reference_id"] = reference_ids
    groups["is_ref"] = (reference_ids == groups["group_id"]).fillna(False).astype(bool)
    names = groups.drop_duplicates("group_id").set_index("group_id")["group_name"]
    groups["reference_name"] = reference_ids.map(names)
    return stats.gaps_frame(
        groups,
        reference_col="is_ref",
        group="group_id",
        period="period_id",
        by=["release_id", "characteristic_id", "geography_id"],
    )


def direction_frame(gaps: pd.DataFrame, *, polarities: Mapping[int, str]) -> pd.DataFrame:
    """Each gap series' direction and whether it is worse and widening, with every series
    given as one family (call it once per page)."""
    series = gaps[gaps["difference"].notna() & ~gaps["is_ref"]] if not gaps.empty else gaps
    keys = ["release_id", "characteristic_id", "geography_id", "group_id"]
    if series.empty:
        return pd.DataFrame(columns=[*keys, "label", "worse", "worse_and_widening"])
    series = series.assign(polarity=series["indicator_id"].map(polarities))
    return stats.gap_directions_frame(series, by=keys, order="period_end", polarity_col="polarity")


# --- one indicator --------------------------------------------------------------------------


@dataclass
class Inputs:
    """What the analysis of one indicator at one moment reads (all from page-wide frames)."""

    indicator: Indicator
    release: Release | None
    rows: pd.DataFrame  # this release's board rows, with limits
    gaps: pd.DataFrame  # this release's gap rows
    directions: pd.DataFrame  # this release's gap directions
    targets: list[Target]
    characteristics: list[tuple[int, str]]  # linked (id, name)
    with_data: set[int]  # characteristic ids with any observation in the release
    place_names: Mapping[int, str] = field(default_factory=dict)


def release_ref(release: Release) -> ReleaseRef:
    if release.publish_at is None:
        raise ValueError("a published release has a publication time")
    published = timezone.localtime(release.publish_at)
    return ReleaseRef(
        id=release.pk,
        version=release.version,
        published=published.isoformat(),
        published_text=date_text(published),
        is_correction=bool(release.reason),
        reason=release.reason,
    )


def date_text(moment: dt.datetime | dt.date) -> str:
    """ "3 March 2027"."""
    return f"{moment.day} {moment:%B %Y}"


def analyse(inputs: Inputs) -> IndicatorReview:
    """The indicator as its release stood: headline, primary-breakdown gaps, targets, chart."""
    indicator = inputs.indicator
    units = Units.of(indicator)
    review = IndicatorReview(
        id=indicator.pk,
        slug=indicator.slug,
        title=indicator.title,
        unit=indicator.unit,
        decimal_places=indicator.decimal_places,
        polarity=indicator.polarity,
        is_synthetic=bool(inputs.release and inputs.release.is_synthetic),
        source=indicator.source_publisher,
        release=release_ref(inputs.release) if inputs.release else None,
        place="",
        headline=None,
        characteristic="",
        gaps=[],
        gaps_note="",
        targets=[],
        data_gaps=[name for cid, name in inputs.characteristics if cid not in inputs.with_data],
        chart=None,
        changes=[],
        new_releases=[],
        revised=[],
        status_changes=[],
        new_data_gaps=[],
    )
    if inputs.release is None:
        return review
    rows = inputs.rows
    widest = rows[rows["is_widest"]]
    if not widest.empty:
        review.place = str(widest["geography_name"].iloc[0])
    overall = widest[widest["group_id"].isna() & widest["value"].notna()].sort_values("period_end")
    if not overall.empty:
        review.headline = figure(indicator.pk, overall.iloc[-1].to_dict(), units)
    _add_gaps(review, inputs, units)
    review.targets = [target_row(t, inputs=inputs, units=units) for t in inputs.targets]
    add_target_warnings(review.targets, widening=_worse_widening_names(inputs))
    review.chart = _chart(review, inputs, units)
    review.worse_and_widening = any(g.worse_and_widening for g in review.gaps)
    review.off_track = any(t.status in BEHIND for t in review.targets)
    return review


def _primary_characteristic(inputs: Inputs) -> tuple[int, str] | None:
    linked = [(cid, name) for cid, name in inputs.characteristics if cid in inputs.with_data]
    primary = inputs.indicator.primary_characteristic_id
    chosen = next((c for c in linked if c[0] == primary), None)
    return chosen or next(iter(linked), None)


def _add_gaps(review: IndicatorReview, inputs: Inputs, units: Units) -> None:
    chosen = _primary_characteristic(inputs)
    gaps = inputs.gaps
    if chosen is None or gaps.empty:
        review.gaps_note = "No breakdown by group is published."
        return
    characteristic_id, name = chosen
    review.characteristic = name
    widest_geography = inputs.rows.loc[inputs.rows["is_widest"], "geography_id"]
    if widest_geography.empty:
        return
    mine = gaps[
        (gaps["characteristic_id"] == characteristic_id)
        & (gaps["geography_id"] == int(widest_geography.iloc[0]))
        & gaps["difference"].notna()
    ]
    if mine.empty:
        review.gaps_note = (
            f"No gap by {name.lower()} can be worked out: the reference group has no figure."
        )
        return
    place = int(widest_geography.iloc[0])
    latest_end = mine["period_end"].max()
    latest = mine[mine["period_end"] == latest_end]
    directions = inputs.directions
    if not directions.empty:
        directions = directions[directions["geography_id"] == place]
    by_series = {
        (int(r["characteristic_id"]), int(r["group_id"])): r for r in directions.to_dict("records")
    }
    rows = [
        _gap_row(review.id, row, by_series.get((characteristic_id, int(row["group_id"]))), units)
        for row in latest.sort_values(["group_order", "group_name"]).to_dict("records")
    ]
    # Groups of the other breakdowns whose gap is worse and widening are shown too: every gap
    # the review flags is on the page, beside the primary breakdown's.
    names = dict(inputs.characteristics)
    for (other, group_id), direction in by_series.items():
        if other == characteristic_id or not bool(direction["worse_and_widening"]):
            continue
        series = gaps[
            (gaps["characteristic_id"] == other)
            & (gaps["geography_id"] == place)
            & (gaps["group_id"] == group_id)
            & gaps["difference"].notna()
        ].sort_values("period_end")
        if series.empty:
            continue
        row = _gap_row(review.id, series.iloc[-1].to_dict(), direction, units)
        row.characteristic = names.get(other, "")
        rows.append(row)
    rows.sort(key=lambda g: (not g.worse_and_widening, g.worse is not True))
    review.gaps = rows
    if all(g.difference_lower is None for g in rows):
        review.gaps_note = "The source publishes no confidence intervals, so no gap is tested."


def _gap_row(
    indicator_id: int, row: Mapping[Any, Any], direction: Mapping[Any, Any] | None, units: Units
) -> GapRow:
    difference = _number(row["difference"])
    lower, upper = _number(row["difference_lower"]), _number(row["difference_upper"])
    reference = str(row["reference_name"])
    label = str(direction["label"]) if direction is not None else "not_enough_data"
    worse = direction["worse"] if direction is not None else None
    words = ""
    if difference is not None:
        side = "higher" if difference > 0 else "lower"
        words = f"{units.gap_size(difference)} {side} than {reference}"
        if difference == 0 or units.number(abs(difference)) == units.number(0):
            words = f"the same as {reference}"
        interval = units.gap_interval(difference, _nan(lower), _nan(upper))
        if interval:
            words += f" ({interval})"
    reference_row = {
        "period_id": row["period_id"],
        "geography_id": row["geography_id"],
        "group_id": row["reference_id"],
        "period_label": row["period_label"],
        "value": row["ref_value"],
        "lower": row["ref_lower"],
        "upper": row["ref_upper"],
    }
    significant = row["significant"]
    return GapRow(
        group=str(row["group_name"]),
        reference=reference,
        place=str(row["geography_name"]),
        period=str(row["period_label"]),
        value=figure(indicator_id, row, units),
        reference_value=figure(indicator_id, reference_row, units),
        difference=difference,
        difference_lower=lower,
        difference_upper=upper,
        significant=None if significant is pd.NA or significant is None else bool(significant),
        text=words,
        direction=label,
        direction_text=DIRECTION_TEXT.get(label, label),
        worse=None if worse is None or worse is pd.NA else bool(worse),
        worse_and_widening=direction is not None and bool(direction["worse_and_widening"]),
        key=gap_key(indicator_id, row, group_id_of(row["reference_id"])),
    )


def _worse_widening_names(inputs: Inputs) -> dict[str, list[str]]:
    """Place name → the groups (of any characteristic) listed as worse and widening there."""
    directions = inputs.directions
    if directions.empty or inputs.gaps.empty:
        return {}
    listed = directions[directions["worse_and_widening"].astype(bool)]
    groups = inputs.gaps.drop_duplicates("group_id").set_index("group_id")["group_name"]
    places = inputs.rows.drop_duplicates("geography_id").set_index("geography_id")
    found: dict[str, list[str]] = {}
    for row in listed.to_dict("records"):
        place = str(places.loc[row["geography_id"], "geography_name"])
        found.setdefault(place, []).append(str(groups.get(row["group_id"], "")))
    return found


# --- targets ----------------------------------------------------------------------------------


def _series_for(target: Target, inputs: Inputs) -> pd.DataFrame:
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
    series = _series_for(target, inputs) if inputs.release is not None else pd.DataFrame()
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
            latest_lower=_nan(latest.lower),
            latest_upper=_nan(latest.upper),
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
        expected=_number(expected),
        expected_text="" if math.isnan(expected) else write_value(expected),
        ratio=_number(ratio),
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
    value = _number(row.get("value"))
    lower, upper = _number(row.get("lower")), _number(row.get("upper"))
    return Figure(
        key=gap_key(indicator_id, row, comparison_id),
        period=str(row["period_label"]),
        value=value,
        lower=lower,
        upper=upper,
        text=units.difference(value) if value is not None else "No figure",
        interval=units.interval(_nan(lower), _nan(upper)) if value is not None else "",
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
    missed), or while a group's gap in its place is worse and widening, says so.

    ``widening`` maps a place's name to the groups whose gaps there are worse and widening.
    """
    for headline in targets:
        if headline.group != "All people" or headline.kind != "value":
            continue
        if headline.status not in AHEAD:
            continue
        state = STATUS_TEXT[headline.status].lower()
        for child in targets:
            if child.parent_id == headline.id and child.status in BEHIND:
                headline.warnings.append(
                    f"The headline target is {state}, but the target for {child.measured} is "
                    f"{STATUS_TEXT[child.status].lower()}."
                )
        for name in sorted(set(widening.get(headline.place, ()))):
            headline.warnings.append(
                f"The headline target is {state}, while the gap for {name} in "
                f"{headline.place} is worse and widening."
            )


# --- chart ------------------------------------------------------------------------------------


def _chart(review: IndicatorReview, inputs: Inputs, units: Units) -> ChartData | None:
    """A small chart where there is something to judge: the value targets' series with their
    trajectories; else the first gap target's gap; else the first gap listed as worse and
    widening. None otherwise (the indicator's own page has every chart)."""
    value_targets = [t for t in inputs.targets if t.comparison_group_id is None]
    gap_targets = [t for t in inputs.targets if t.comparison_group_id is not None]
    lines: list[SeriesLine] = []
    if value_targets:
        seen: set[tuple[int, int | None]] = set()
        headline = next((t for t in value_targets if t.group_id is None), None)
        ordered = ([headline] if headline else []) + [t for t in value_targets if t is not headline]
        for target in ordered:
            key = (target.geography_id, target.group_id)
            if key in seen:
                continue
            seen.add(key)
            series = _series_for(target, inputs)
            if series.empty:
                continue
            name = target.group.name if target.group else "All people"
            lines.append(_line(name, series))
        ids = [t.pk for t in ordered]
        measure, y_title = "value", units.axis_title
        title = f"{review.title}: figures and targets"
    elif gap_targets:
        target = gap_targets[0]
        series = _series_for(target, inputs)
        if series.empty:
            return None
        assert target.group
        assert target.comparison_group
        lines.append(_line(f"{target.group.name} minus {target.comparison_group.name}", series))
        ids = [target.pk]
        measure, y_title = "gap", f"Gap ({units.difference_unit})"
        title = f"Gap between {target.group.name} and {target.comparison_group.name}, with target"
    else:
        flagged = next((g for g in review.gaps if g.worse_and_widening), None)
        if flagged is None:
            return None
        gaps = inputs.gaps
        _, period, place, group, _reference = flagged.key.split(":")[1:]
        series = gaps[
            (gaps["geography_id"] == int(place))
            & (gaps["group_id"] == int(group))
            & gaps["difference"].notna()
        ].sort_values("period_end")
        series = series.assign(
            value=series["difference"],
            lower=series["difference_lower"],
            upper=series["difference_upper"],
        )
        lines.append(_line(f"{flagged.group} minus {flagged.reference}", series))
        ids = []
        measure, y_title = "gap", f"Gap ({units.difference_unit})"
        title = f"Gap between {flagged.group} and {flagged.reference}: worse and widening"
    periods: list[str] = []
    for line in lines:
        for period in line.periods:
            if period not in periods:
                periods.append(period)
    summary = _chart_summary(lines, units, measure)
    return ChartData(
        id=f"review-chart-{review.slug}",
        title=title,
        summary=summary,
        measure=measure,
        y_title=y_title,
        periods=periods,
        lines=lines,
        target_ids=ids,
    )


def _line(name: str, series: pd.DataFrame) -> SeriesLine:
    series = series.sort_values("period_end")
    return SeriesLine(
        name=name,
        periods=[str(p) for p in series["period_label"]],
        values=[_number(v) for v in series["value"]],
        lower=[_number(v) for v in series["lower"]],
        upper=[_number(v) for v in series["upper"]],
    )


def _chart_summary(lines: Sequence[SeriesLine], units: Units, measure: str) -> str:
    write = units.difference if measure == "gap" else units.value
    parts = []
    for line in lines:
        known = [(p, v) for p, v in zip(line.periods, line.values, strict=True) if v is not None]
        if not known:
            continue
        (first_period, first), (last_period, last) = known[0], known[-1]
        if len(known) == 1:
            parts.append(f"{line.name}: {write(last)} in {last_period}.")
        else:
            parts.append(
                f"{line.name}: {write(last)} in {last_period}, from {write(first)} in "
                f"{first_period}."
            )
    return " ".join(parts)


def as_array(values: Sequence[float | None]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=float)
