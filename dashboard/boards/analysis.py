"""One indicator as a board sees it, from one release: headline, gaps and their direction,
targets and their progress, data gaps and a chart.

Everything is computed from the page-wide frames of ``dashboard.boards.frames`` (limits from
counts where the source publishes none, each gap and its direction, with Benjamini–Hochberg
across the whole page for "worse and widening"); each target's status comes from
``dashboard.boards.progress`` (``stats.progress``), the small chart from
``dashboard.boards.review_chart``. The words of every verdict are ``dashboard.verdicts``'s.
No queries here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import verdicts
from dashboard.boards.data import GapRow, IndicatorReview, TargetRow
from dashboard.boards.frames import (
    Inputs,
    date_text,
    direction_frame,
    figure,
    gap_frame,
    gap_key,
    group_id_of,
    nan,
    number,
    release_ref,
    with_limits,
)
from dashboard.boards.progress import (
    BEHIND,
    ILLUSTRATIVE,
    PROGRESS_RULE,
    STATUS_TEXT,
    add_target_warnings,
    target_row,
)
from dashboard.boards.review_chart import review_chart
from dashboard.formatting import Units

__all__ = [
    "DIRECTION_RULE",
    "DIRECTION_TEXT",
    "ILLUSTRATIVE",
    "PROGRESS_RULE",
    "STATUS_TEXT",
    "Inputs",
    "TargetRow",
    "analyse",
    "date_text",
    "direction_frame",
    "gap_frame",
    "group_id_of",
    "release_ref",
    "with_limits",
]

#: Each direction of a gap in words, as every page writes it (``verdicts.GAP_DIRECTION``).
DIRECTION_TEXT = {label.key: label.words for label in verdicts.GAP_DIRECTION.labels}

DIRECTION_RULE = (
    "A gap is the group's value minus the reference group's. Its direction is judged on the "
    "latest five periods with a gap: widening or narrowing when the size of the gap changes "
    "significantly by the recent-trend rule (99.8%), changed sides when the group is above "
    "the reference in some of those periods and below it in others. A gap is worse when its "
    "95% interval lies wholly on the worse side of the reference. Worse and widening lists "
    "gaps that are both, controlling the false discovery rate at 5% across the page "
    "(Benjamini–Hochberg)."
)


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
    review.chart = review_chart(review, inputs, units)
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
    difference = number(row["difference"])
    lower, upper = number(row["difference_lower"]), number(row["difference_upper"])
    reference = str(row["reference_name"])
    label = str(direction["label"]) if direction is not None else "not_enough_data"
    worse = direction["worse"] if direction is not None else None
    words = ""
    if difference is not None:
        side = "higher" if difference > 0 else "lower"
        words = f"{units.gap_size(difference)} {side} than {reference}"
        if difference == 0 or units.number(abs(difference)) == units.number(0):
            words = f"the same as {reference}"
        interval = units.gap_interval(difference, nan(lower), nan(upper))
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
