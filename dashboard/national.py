"""National figures across many indicators, for the pages that compare indicators: the home
page's "worse and worsening" list, the mission cards and the characteristic heat table.

Everything starts from ``indicators.selectors.headline_frame`` (one query for every indicator's
current release, in the widest place it covers): gaps come from ``indicators.stats.gaps_frame``
in one call for every indicator, and directions of travel from the Fingertips recent-trend rule
(``indicators.stats.trends_frame``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from dashboard import intervals
from indicators import selectors, stats
from indicators.models import Indicator

#: One series of gaps: a group of a characteristic in an indicator.
GAP_KEYS = ["indicator_id", "characteristic_id", "group_id"]


def national_frames(
    *, indicators: Sequence[Indicator], characteristic_id: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The headline values and the gaps of the indicators' current releases (two queries);
    with ``characteristic_id``, that characteristic's groups only.

    ``indicators`` come from ``selectors.indicator_list`` (annotated with their current
    release)."""
    release_ids = [i.current_release_id for i in indicators if i.current_release_id]  # type: ignore[attr-defined]
    frame = selectors.headline_frame(release_ids=release_ids, characteristic_id=characteristic_id)
    frame = headline_with_limits(frame, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    return frame, gap_frame(frame, references=references)


def headline_with_limits(frame: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """``headline_frame`` rows with 95% limits filled from counts where the source gives
    counts but no limits (each indicator by its own measure type)."""
    if frame.empty:
        return frame.assign(**{intervals.COMPUTED: False})
    methods = {i.pk: intervals.counts_method(i) for i in indicators}
    return intervals.with_computed_limits_by(
        frame, methods=frame["indicator_id"].map(methods).astype(object)
    )


def gap_frame(frame: pd.DataFrame, *, references: dict[tuple[int, int], int]) -> pd.DataFrame:
    """Single-group rows of ``headline_frame`` with each group's gap to its reference group."""
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
    groups["is_ref"] = (reference_ids == groups["group_id"]).fillna(False).astype(bool)
    names = groups.drop_duplicates("group_id").set_index("group_id")["group_name"]
    groups["reference_name"] = reference_ids.map(names)
    return stats.gaps_frame(
        groups,
        reference_col="is_ref",
        group="group_id",
        period="period_id",
        by=["indicator_id", "characteristic_id", "geography_id"],
    )


def untested_indicators(*, indicators: Sequence[Indicator], gaps: pd.DataFrame) -> list[Indicator]:
    """Indicators with gaps between groups none of which can be tested (no limits at all):
    the "worse and worsening" list cannot speak for them, and says so."""
    with_gap = gaps[gaps["difference"].notna()]
    tested = set(with_gap.loc[with_gap["difference_lower"].notna(), "indicator_id"])
    untested = set(with_gap["indicator_id"]) - tested
    return [i for i in indicators if i.pk in untested]


def widening_gaps(gaps: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """Series (indicator, characteristic, group) whose gap is worse than the reference (by
    the indicator's polarity) and widens by the recent-trend rule.

    A group pulling further ahead of its reference is not a reason to say an outcome is not
    improving for everyone, and an indicator with no better direction has no worse gap; so,
    as for :func:`worse_and_worsening`, only a worse gap that is widening counts.
    """
    series = gaps[gaps["difference"].notna()]
    # The rule reads only points with both limits and needs stats.TREND_POINTS of them: series
    # with fewer cannot be trending, so only the others are handed to it (most real sources
    # publish no limits, and a trend per untestable series was most of a mission page's cost).
    testable = series[series["difference_lower"].notna() & series["difference_upper"].notna()]
    counts = testable.groupby(GAP_KEYS)["difference"].transform("size")
    testable = testable[counts >= stats.TREND_POINTS]
    if testable.empty:
        return pd.DataFrame(columns=[*GAP_KEYS, "direction"])
    trends = stats.trends_frame(
        testable,
        by=GAP_KEYS,
        order="period_end",
        value="difference",
        lower="difference_lower",
        upper="difference_upper",
    )
    latest = series.sort_values("period_end").groupby(GAP_KEYS).tail(1)[[*GAP_KEYS, "difference"]]
    trends = trends.merge(latest, on=GAP_KEYS)
    away_from_zero = ((trends["direction"] == "increasing") & (trends["difference"] > 0)) | (
        (trends["direction"] == "decreasing") & (trends["difference"] < 0)
    )
    polarity = trends["indicator_id"].map({i.pk: i.polarity for i in indicators})
    return trends[away_from_zero & _is_worse(trends["difference"], polarity)]


def worse_and_worsening(*, indicators: Sequence[Indicator], gaps: pd.DataFrame) -> pd.DataFrame:
    """Gaps significantly worse than the reference in the latest period and wider than in the
    period before (``previous_difference`` in ``previous_label``), largest first by indicator.
    """
    rows = gaps[gaps["difference"].notna()].sort_values("period_end")
    if rows.empty:
        return rows
    last_two = rows.groupby(GAP_KEYS).tail(2)
    latest = last_two.groupby(GAP_KEYS).tail(1)
    previous = last_two.drop(latest.index).set_index(GAP_KEYS)
    latest = latest.join(
        previous[["difference", "period_label"]].rename(
            columns={"difference": "previous_difference", "period_label": "previous_label"}
        ),
        on=GAP_KEYS,
        how="inner",
    )
    polarity = latest["indicator_id"].map({i.pk: i.polarity for i in indicators})
    flagged = latest[
        latest["significant"].fillna(False).astype(bool)
        & _is_worse(latest["difference"], polarity)
        & (latest["difference"].abs() > latest["previous_difference"].abs())
    ]
    return flagged.sort_values(["indicator_id", "difference"], key=abs, ascending=[True, False])


def _is_worse(difference: pd.Series, polarity: pd.Series) -> pd.Series:
    return ((polarity == "lower_is_better") & (difference > 0)) | (
        (polarity == "higher_is_better") & (difference < 0)
    )
