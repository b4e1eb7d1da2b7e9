"""The rows a board reads, for a whole page at once, and the figures made from them.

``missions.selectors.board_observations`` rows (one query for all the indicators of a page)
get limits from counts where the source publishes none, each group's gap to its reference
group and each gap series' direction, with the same functions as the mission and
characteristic pages (``dashboard.national``); :class:`Inputs` is one indicator's share of
them. A figure is named by a key that does not depend on the release (``figure_key``,
``gap_key``), so that a later release's value for the same thing can be noted as a revision.
No queries here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils import timezone

from dashboard import national
from dashboard.boards.data import Figure, ReleaseRef
from dashboard.formatting import Units
from indicators import stats
from indicators.models import Indicator, Release
from missions.models import Target


def number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def nan(value: float | None) -> float:
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
    value = number(row.get("value"))
    lower, upper = number(row.get("lower")), number(row.get("upper"))
    marker = str(row.get("marker") or "")
    if value is None:
        text = f"[{marker}] not published" if marker else "No figure"
        interval = ""
    else:
        text = units.value(value)
        interval = units.interval(nan(lower), nan(upper))
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
    """Board rows with limits worked out from counts where the source gives counts but no
    limits (each indicator by its own measure type), as every page of the dashboard does."""
    return national.headline_with_limits(frame, indicators=indicators)


def gap_frame(
    frame: pd.DataFrame,
    *,
    references: Mapping[tuple[int, int], int],
    indicators: Sequence[Indicator] = (),
) -> pd.DataFrame:
    """Single-group rows with each group's gap to its reference group (``reference_id``), for
    every release, characteristic, place and period, as the mission pages work them out
    (``national.gap_frame``). That compares groups within an indicator, and a board reads up
    to two releases of one (the quarter's and the previous quarter's): so each indicator's
    first releases go in one call, its second ones in another."""
    groups = frame[frame["group_id"].notna()]
    mapping = dict(references)
    if groups.empty:
        gaps = national.gap_frame(groups, references=mapping, indicators=indicators)
        return gaps.assign(reference_id=pd.Series(dtype="Int64"))
    generation = groups.groupby("indicator_id")["release_id"].rank(method="dense")
    gaps = pd.concat(
        [
            national.gap_frame(part, references=mapping, indicators=indicators)
            for _, part in groups.groupby(generation, sort=False)
        ]
    )
    gaps["reference_id"] = pd.Series(
        [
            mapping.get((i, c))
            for i, c in zip(gaps["indicator_id"], gaps["characteristic_id"], strict=True)
        ],
        index=gaps.index,
        dtype="Int64",
    )
    return gaps


def direction_frame(gaps: pd.DataFrame, *, polarities: Mapping[int, str]) -> pd.DataFrame:
    """Each gap series' direction and whether it is worse and widening, with every series
    given as one family (call it once per page)."""
    series = gaps[gaps["difference"].notna() & ~gaps["is_ref"]] if not gaps.empty else gaps
    keys = ["release_id", "characteristic_id", "geography_id", "group_id"]
    if series.empty:
        return pd.DataFrame(columns=[*keys, "label", "worse", "worse_and_widening"])
    series = series.assign(polarity=series["indicator_id"].map(polarities))
    return stats.gap_directions_frame(series, by=keys, order="period_end", polarity_col="polarity")


@dataclass
class Frames:
    """What a page reads of its releases, for every indicator at once (``review.frames_read``):
    rows with limits, gaps, gap directions; each release's characteristics with any figure
    and each indicator's linked characteristics, (id, name)."""

    rows: pd.DataFrame
    gaps: pd.DataFrame
    directions: pd.DataFrame
    with_data: dict[int, set[int]]
    characteristics: dict[int, list[tuple[int, str]]]


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
