"""The small chart of an indicator in a review or on an outcome page, as plain data
(``dashboard.boards.charts.review_figure`` draws it). No queries here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.boards.data import ChartData, IndicatorReview, SeriesLine
from dashboard.boards.frames import Inputs, number
from dashboard.boards.progress import series_for
from dashboard.formatting import Units


def review_chart(review: IndicatorReview, inputs: Inputs, units: Units) -> ChartData | None:
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
            series = series_for(target, inputs)
            if series.empty:
                continue
            name = target.group.name if target.group else "All people"
            lines.append(_line(name, series))
        ids = [t.pk for t in ordered]
        measure, y_title = "value", units.axis_title
        title = f"{review.title}: figures and targets"
    elif gap_targets:
        target = gap_targets[0]
        series = series_for(target, inputs)
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
    # In the order of ChartData's fields: id, title, summary, measure, y_title, periods,
    # lines, target_ids.
    return ChartData(
        f"review-chart-{review.slug}", title, summary, measure, y_title, periods, lines, ids
    )


def _line(name: str, series: pd.DataFrame) -> SeriesLine:
    series = series.sort_values("period_end")
    return SeriesLine(
        name=name,
        periods=[str(p) for p in series["period_label"]],
        values=[number(v) for v in series["value"]],
        lower=[number(v) for v in series["lower"]],
        upper=[number(v) for v in series["upper"]],
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
