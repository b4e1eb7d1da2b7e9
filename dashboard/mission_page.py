"""Mission cards and the "worse and worsening" list: national gaps across many indicators.

Both start from ``indicators.selectors.headline_frame`` (one query for every indicator's current
release) and compute every gap with ``indicators.stats.gaps_frame`` and every direction of
travel with the Fingertips recent-trend rule (``indicators.stats.trends_frame``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd
from django.urls import reverse

from dashboard import charts, intervals
from dashboard.formatting import Units
from indicators import stats
from indicators.models import Indicator
from indicators.stats.trend import POINTS as TREND_POINTS

TRAVEL_LABELS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "increasing": "Increasing",
    "decreasing": "Decreasing",
    "no_significant_change": "No significant change",
    "not_enough_data": "Not enough data: fewer than five periods with confidence intervals",
}
NOT_ASSESSED = "Not assessed: the source publishes no confidence intervals"
GAP_KEYS = ["indicator_id", "characteristic_id", "group_id"]


def headline_with_limits(frame: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """``headline_frame`` rows with 95% limits filled from counts where the source gives
    counts but no limits (each indicator by its own measure type)."""
    if frame.empty:
        return frame.assign(**{intervals.COMPUTED: False})
    methods = {i.pk: intervals.counts_method(i) for i in indicators}
    return intervals.with_computed_limits_by(
        frame, methods=frame["indicator_id"].map(methods).astype(object)
    )


def untested_indicators(*, indicators: Sequence[Indicator], gaps: pd.DataFrame) -> list[Indicator]:
    """Indicators with gaps between groups none of which can be tested (no limits at all):
    the "worse and worsening" list cannot speak for them, and says so."""
    with_gap = gaps[gaps["difference"].notna()]
    tested = set(with_gap.loc[with_gap["difference_lower"].notna(), "indicator_id"])
    untested = set(with_gap["indicator_id"]) - tested
    return [i for i in indicators if i.pk in untested]


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


def widening_gaps(gaps: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """Series (indicator, characteristic, group) whose gap is worse than the reference (by
    the indicator's polarity) and widens by the recent-trend rule.

    A group pulling further ahead of its reference is not a reason to say an outcome is not
    improving for everyone, and an indicator with no better direction has no worse gap; so,
    as for :func:`worse_and_worsening`, only a worse gap that is widening counts.
    """
    series = gaps[gaps["difference"].notna()]
    # The rule reads only points with both limits and needs TREND_POINTS of them: series
    # with fewer cannot be trending, so only the others are handed to it (most real sources
    # publish no limits, and a trend per untestable series was most of a mission page's cost).
    testable = series[series["difference_lower"].notna() & series["difference_upper"].notna()]
    counts = testable.groupby(GAP_KEYS)["difference"].transform("size")
    testable = testable[counts >= TREND_POINTS]
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


def _is_worse(difference: pd.Series, polarity: pd.Series) -> pd.Series:
    return ((polarity == "lower_is_better") & (difference > 0)) | (
        (polarity == "higher_is_better") & (difference < 0)
    )


@dataclass(frozen=True)
class WorseRow:
    """One group whose gap is worse and widening, in words: "£2.31 per hour lower"."""

    indicator: Indicator
    group: str
    reference: str
    period: str
    previous_period: str
    gap: str
    previous_gap: str


def worse_and_worsening(*, indicators: Sequence[Indicator], gaps: pd.DataFrame) -> list[WorseRow]:
    """Groups whose gap is significantly worse than the reference in the latest period and
    wider than in the period before (largest gaps first, by indicator)."""
    by_id = {i.pk: i for i in indicators}
    rows = gaps[gaps["difference"].notna()].sort_values("period_end")
    if rows.empty:
        return []
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
    result = []
    for row in flagged.sort_values(
        ["indicator_id", "difference"], key=abs, ascending=[True, False]
    ).to_dict("records"):
        indicator = by_id[row["indicator_id"]]
        units = Units.of(indicator)
        result.append(
            WorseRow(
                indicator=indicator,
                group=row["group_name"],
                reference=row["reference_name"],
                period=row["period_label"],
                previous_period=row["previous_label"],
                gap=_gap_words(units, row["difference"]),
                previous_gap=_gap_words(units, row["previous_difference"]),
            )
        )
    return result


def _gap_words(units: Units, difference: float) -> str:
    """A gap as its size and direction: "9.1 percentage points higher", "£2.31 per hour lower"."""
    return f"{units.gap_size(difference)} {'higher' if difference > 0 else 'lower'}"


@dataclass
class IndicatorCard:
    """What a mission page shows for one indicator."""

    indicator: Indicator
    is_synthetic: bool
    headline: str = ""
    travel: str = "Not enough data"
    largest_gap: str = ""
    gap_chart: charts.ChartBlock | None = None
    verdict: str = "Not enough data to tell."
    not_for_everyone: bool = False


def indicator_cards(
    *, indicators: Sequence[Indicator], frame: pd.DataFrame, gaps: pd.DataFrame
) -> list[IndicatorCard]:
    """A card per indicator with a visible release: headline, direction, largest significant
    gap with a small chart of it, and the "improving for everyone?" verdict."""
    widening = widening_gaps(gaps, indicators=indicators)
    # Split each frame by indicator once, rather than filtering every frame for every card.
    overall_by = _by_indicator(frame[frame["group_id"].isna() & frame["value"].notna()])
    gaps_by = _by_indicator(gaps)
    widening_by = _by_indicator(widening)
    cards = []
    for indicator in indicators:
        if getattr(indicator, "current_release_id", None) is None:
            continue
        card = IndicatorCard(indicator, bool(getattr(indicator, "current_is_synthetic", False)))
        units = Units.of(indicator)
        overall = overall_by.get(indicator.pk, frame.iloc[:0]).sort_values("period_end")
        headline_improving = False
        if not overall.empty:
            last = overall.iloc[-1]
            card.headline = f"{units.value(last['value'])} for all people in {last['period_label']}"
            if (overall["lower"].notna() & overall["upper"].notna()).any():
                travel = stats.direction_of_travel(
                    stats.trend(overall["value"], overall["lower"], overall["upper"]),
                    indicator.polarity,  # type: ignore[arg-type]
                )
                card.travel = TRAVEL_LABELS[travel]
                headline_improving = travel == "improving"
            else:
                card.travel = NOT_ASSESSED
        mine = gaps_by.get(indicator.pk, gaps.iloc[:0])
        _add_largest_gap(card, mine, units=units)
        widened = widening_by.get(indicator.pk, widening.iloc[:0])
        testable = mine[mine["difference_lower"].notna()] if not mine.empty else mine
        if not widened.empty:
            names = mine[mine["group_id"].isin(widened["group_id"])]["group_name"].unique()
            listed = ", ".join(sorted(names))
            card.not_for_everyone = headline_improving
            card.verdict = (
                f"Not improving for everyone: the headline is improving but the gap has widened "
                f"for {listed}."
                if headline_improving
                else f"The gap has widened for {listed}."
            )
        elif not testable.empty:
            card.verdict = "No group’s gap has significantly widened."
        elif not mine.empty and mine["difference"].notna().any():
            card.verdict = "Not assessed: without confidence intervals no gap can be tested."
        cards.append(card)
    return cards


def _by_indicator(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    if frame.empty:
        return {}
    # Keys are numpy integers, which hash and compare equal to the ints they are looked up by.
    return {cast(int, key): part for key, part in frame.groupby("indicator_id", sort=False)}


def _add_largest_gap(card: IndicatorCard, gaps: pd.DataFrame, *, units: Units) -> None:
    """The largest significant gap in the latest period; failing that, when some gaps cannot
    be tested for want of limits, the largest of those, saying it is untested."""
    with_gap = gaps[gaps["difference"].notna()] if not gaps.empty else gaps
    if with_gap.empty:
        return
    latest = with_gap[with_gap["period_end"] == with_gap["period_end"].max()]
    significant = latest[latest["significant"].fillna(False).astype(bool)]
    untested = latest[latest["difference_lower"].isna()]
    if not significant.empty:
        row = significant.loc[significant["difference"].abs().idxmax()]
        limits = units.gap_interval(
            row["difference"], row["difference_lower"], row["difference_upper"]
        )
        interval = f" ({limits})"
    elif not untested.empty:
        row = untested.loc[untested["difference"].abs().idxmax()]
        interval = " (not tested for significance: no confidence intervals)"
    else:
        card.largest_gap = f"No significant gap between groups in {latest['period_label'].iloc[0]}."
        return
    direction = "higher" if row["difference"] > 0 else "lower"
    card.largest_gap = (
        f"{row['group_name']}: {units.gap_size(row['difference'])} {direction} than "
        f"{row['reference_name']} in {row['period_label']}{interval}."
    )
    history = with_gap[
        (with_gap["group_id"] == row["group_id"])
        & (with_gap["characteristic_id"] == row["characteristic_id"])
    ].sort_values("period_end")
    history = history.assign(geography_name="", period_label=history["period_label"].astype(str))
    slug = card.indicator.slug
    card.gap_chart = charts.ChartBlock(
        id=f"chart-gap-{slug}",
        title=f"Gap between {row['group_name']} and {row['reference_name']} over time",
        figure=charts.series_figure(
            history,
            measure="gap",
            y_title=charts.escape(f"Gap ({units.difference_unit})"),
            units=units,
            styles={int(row["group_id"]): (charts.PALETTE[0], "circle")},
            periods=list(history["period_label"]),
            show_place=False,
            height=240,
        ),
        filename=f"{slug}-gap",
        table_href=reverse("dashboard:indicator-detail", args=[slug]),
        table_text="Figures and data table for this indicator",
        heading_level=4,
        small=True,
    )
