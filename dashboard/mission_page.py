"""The mission page: a card per indicator of each complex outcome, from national figures.

A card has the headline and its direction of travel, the largest gap between groups with a
small chart of it, and the verdict: is the outcome improving for everyone? The figures come
from ``dashboard.national``; the words from ``dashboard.summaries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
from django.urls import reverse

from dashboard import charts, national, summaries
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from indicators import stats
from indicators.models import Indicator
from missions import selectors as mission_selectors

TRAVEL_LABELS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "increasing": "Increasing",
    "decreasing": "Decreasing",
    "no_significant_change": "No significant change",
    "not_enough_data": "Not enough data: fewer than five periods with confidence intervals",
}
NOT_ASSESSED = "Not assessed: the source publishes no confidence intervals"


def mission_context(*, slug: str) -> dict[str, Any] | None:
    """The mission page's context (six queries); None when there is no such mission."""
    mission = mission_selectors.mission_get(slug=slug)
    if mission is None:
        return None
    outcomes = list(mission.outcomes.all())
    indicators = list({i.pk: i for o in outcomes for i in o.indicators.all()}.values())
    frame, gaps = national.national_frames(indicators=indicators)
    cards = {
        card.indicator.pk: card
        for card in indicator_cards(indicators=indicators, frame=frame, gaps=gaps)
    }
    return {
        "mission": mission,
        "outcomes": [
            (outcome, [cards[i.pk] for i in outcome.indicators.all() if i.pk in cards])
            for outcome in outcomes
        ],
    }


@dataclass
class IndicatorCard:
    """What a mission page shows for one indicator."""

    indicator: Indicator
    is_synthetic: bool
    headline: str = ""
    travel: str = "Not enough data"
    largest_gap: str = ""
    gap_chart: ChartBlock | None = None
    verdict: str = "Not enough data to tell."
    not_for_everyone: bool = False


def indicator_cards(
    *, indicators: Sequence[Indicator], frame: pd.DataFrame, gaps: pd.DataFrame
) -> list[IndicatorCard]:
    """A card per indicator with a visible release: headline, direction, largest significant
    gap with a small chart of it, and the "improving for everyone?" verdict."""
    widening = national.widening_gaps(gaps, indicators=indicators)
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
            card.headline = summaries.headline_words(units, last["value"], last["period_label"])
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
        names = mine[mine["group_id"].isin(widened["group_id"])]["group_name"].unique()
        card.not_for_everyone = headline_improving and not widened.empty
        card.verdict = summaries.verdict(
            widened_for=list(names),
            headline_improving=headline_improving,
            tested=bool(mine["difference_lower"].notna().any()),
            has_gaps=bool(mine["difference"].notna().any()),
        )
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
    if significant.empty and untested.empty:
        card.largest_gap = summaries.no_significant_gap(latest["period_label"].iloc[0])
        return
    candidates = untested if significant.empty else significant
    row = candidates.loc[candidates["difference"].abs().idxmax()]
    card.largest_gap = summaries.largest_gap_sentence(
        units=units,
        group=row["group_name"],
        reference=row["reference_name"],
        period=row["period_label"],
        gap=(row["difference"], row["difference_lower"], row["difference_upper"]),
        tested=not significant.empty,
    )
    history = with_gap[
        (with_gap["group_id"] == row["group_id"])
        & (with_gap["characteristic_id"] == row["characteristic_id"])
    ].sort_values("period_end")
    history = history.assign(geography_name="", period_label=history["period_label"].astype(str))
    slug = card.indicator.slug
    card.gap_chart = ChartBlock(
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
