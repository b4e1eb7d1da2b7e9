"""The mission page: a card per indicator of each complex outcome, from national figures.

A card leads with the verdict, "improving for everyone?" (``stats.improving_for_everyone``),
and a small chart of the largest gap between groups; then the headline and its direction of
travel, the largest gap and its direction. Cards speak of each indicator's primary
characteristic (the breakdown its title names). Where the source publishes no confidence
intervals the card says how the figures moved, marked as not tested, instead of a verdict.

The figures come from ``dashboard.national`` (the worse-and-widening list is worked out once
for every gap on the page); the words from ``dashboard.verdicts`` and ``dashboard.summaries``.
Each card lists its indicator's targets with their status, computed from the same releases
(``dashboard.boards.targets``, four queries for the page, one when no target is set).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd
from django.urls import reverse

from dashboard import charts, national, summaries, verdicts
from dashboard.boards.data import TargetRow
from dashboard.boards.targets import targets_by_indicator
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from indicators import stats
from indicators.models import Indicator
from missions import selectors as mission_selectors

#: Colour of a label's tag: tested results that are good or bad news, tested results that are
#: neither, and tests that could not be run (grey, so they never look like a result).
TAG_CLASSES = {
    "improving": "govuk-tag--green",
    "narrowing": "govuk-tag--green",
    "worsening": "govuk-tag--red",
    "widening": "govuk-tag--red",
    "not_enough_data": "govuk-tag--grey",
    "not_tested": "govuk-tag--grey",
}


def mission_context(*, slug: str) -> dict[str, Any] | None:
    """The mission page's context (seven queries, ten with targets); None when there is no
    such mission."""
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
    for indicator_id, targets in targets_by_indicator(indicators=indicators).items():
        if indicator_id in cards:
            cards[indicator_id].targets = targets
    return {
        "mission": mission,
        "outcomes": [
            (outcome, [cards[i.pk] for i in outcome.indicators.all() if i.pk in cards])
            for outcome in outcomes
        ],
    }


@dataclass(frozen=True)
class Verdict:
    """A label as a card shows it: the rule's words, a tag colour, and what happened."""

    key: str
    words: str
    #: A sentence after the label: the figures behind it, or, untested, how they moved.
    detail: str = ""

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES.get(self.key, "")


@dataclass
class IndicatorCard:
    """What a mission page shows for one indicator."""

    indicator: Indicator
    is_synthetic: bool
    headline: str = ""
    travel: Verdict | None = None
    largest_gap: str = ""
    gap_direction: Verdict | None = None
    gap_chart: ChartBlock | None = None
    #: "yes", "yes_but_widening", "no" or "cannot_tell" (``stats.Everyone.answer``).
    answer: str = "cannot_tell"
    verdict: str = ""
    #: The verdict is "no": shown as a warning.
    not_for_everyone: bool = False
    #: Said beside the largest gap when the card speaks of another breakdown than the one
    #: the indicator is named for, because the data have no national figures by that one.
    breakdown_note: str = ""
    #: The indicator's targets, each with its status (``dashboard.boards.targets``).
    targets: list[TargetRow] = field(default_factory=list)


def indicator_cards(
    *, indicators: Sequence[Indicator], frame: pd.DataFrame, gaps: pd.DataFrame
) -> list[IndicatorCard]:
    """A card per indicator with a visible release: the "improving for everyone?" verdict,
    the headline and its direction, the largest gap (significant where it can be tested) with
    a small chart and its direction. Gaps are judged once for the whole page."""
    speaking, notes = _spoken_breakdowns(indicators, frame=frame)
    frame = national.headline_rows(frame, indicators=speaking)
    gaps = national.headline_rows(gaps, indicators=speaking)
    directions = national.gap_directions(gaps, indicators=indicators)
    travel = national.group_travel(frame, indicators=indicators)
    # Split each frame by indicator once, rather than filtering every frame for every card.
    overall_by = _by_indicator(frame[frame["group_id"].isna() & frame["value"].notna()])
    gaps_by = _by_indicator(gaps)
    directions_by = _by_indicator(directions)
    travel_by = _by_indicator(travel)
    cards = []
    for indicator in indicators:
        if getattr(indicator, "current_release_id", None) is None:
            continue
        card = IndicatorCard(indicator, bool(getattr(indicator, "current_is_synthetic", False)))
        card.breakdown_note = notes.get(indicator.pk, "")
        units = Units.of(indicator)
        overall = overall_by.get(indicator.pk, frame.iloc[:0]).sort_values("period_end")
        headline = national.headline_travel(overall, indicator=indicator)
        if not overall.empty:
            last = overall.iloc[-1]
            card.headline = summaries.headline_words(units, last["value"], last["period_label"])
            card.travel = _travel(headline, overall, units=units)
        mine = directions_by.get(indicator.pk, directions.iloc[:0])
        _add_largest_gap(card, gaps_by.get(indicator.pk, gaps.iloc[:0]), mine, units=units)
        everyone = national.everyone_verdict(
            indicator=indicator,
            headline=headline,
            travel=travel_by.get(indicator.pk, travel.iloc[:0]),
            directions=mine,
        )
        card.answer = everyone.answer
        card.verdict = verdict_sentence(
            everyone,
            headline=headline if not overall.empty else "",
            names=_group_names(frame, indicator.pk),
            travel=travel_by.get(indicator.pk, travel.iloc[:0]),
        )
        card.not_for_everyone = everyone.answer == "no"
        cards.append(card)
    return cards


def _spoken_breakdowns(
    indicators: Sequence[Indicator], *, frame: pd.DataFrame
) -> tuple[list[Indicator], dict[int, str]]:
    """The indicators as their cards speak of them, and what a card says when it cannot speak
    of the breakdown its indicator is named for (one query, only then).

    A card compares the groups of its indicator's primary characteristic. Where the data have
    no national figures for those groups on their own (a source that publishes them only
    crossed with another characteristic, or in a series not imported), the card compares the
    groups of the first breakdown, in display order, that has them, and says so."""
    with_groups = frame[frame["group_id"].notna()]
    has = set(zip(with_groups["indicator_id"], with_groups["characteristic_id"], strict=True))
    lacking = [
        i
        for i in indicators
        if i.primary_characteristic_id is not None
        and (i.pk, i.primary_characteristic_id) not in has
        and any(indicator_id == i.pk for indicator_id, _ in has)
    ]
    if not lacking:
        return list(indicators), {}
    linked = mission_selectors.indicator_characteristic_list(indicator_ids=[i.pk for i in lacking])
    replaced: dict[int, Indicator] = {}
    notes: dict[int, str] = {}
    for indicator in lacking:
        names = dict(linked.get(indicator.pk, []))
        chosen = next((c for c in names if (indicator.pk, c) in has), None)
        if chosen is None:
            continue
        speaking = copy.copy(indicator)
        speaking.primary_characteristic_id = chosen
        replaced[indicator.pk] = speaking
        primary = names.get(indicator.primary_characteristic_id or 0, "its main breakdown")
        notes[indicator.pk] = (
            f"By {names[chosen].lower()}: the data have no national figures by "
            f"{primary.lower()} on their own."
        )
    return [replaced.get(i.pk, i) for i in indicators], notes


def _group_names(frame: pd.DataFrame, indicator_id: int) -> dict[int, str]:
    rows = frame[(frame["indicator_id"] == indicator_id) & frame["group_id"].notna()]
    return {int(g): str(n) for g, n in zip(rows["group_id"], rows["group_name"], strict=True)}


def verdict_sentence(
    everyone: stats.Everyone, *, headline: str, names: dict[int, str], travel: pd.DataFrame
) -> str:
    """The "improving for everyone?" verdict in words (``verdicts.everyone_sentence``),
    naming the groups its reason is about: those worse and widening, and of them those whose
    own figures show no significant improvement (falling behind) or cannot be tested; or
    those whose own figures are worsening. ``travel`` is :func:`national.group_travel` for
    the indicator; ``headline`` is :func:`national.headline_travel` ("" with no figure for all
    people, said as "no_headline"; "not_tested", without limits, as "no_intervals")."""
    reason: str = everyone.reason
    if reason == "headline_not_tested" and headline in ("", "not_tested"):
        reason = "no_intervals" if headline else "no_headline"
    own = {int(g): str(t) for g, t in zip(travel["group_id"], travel["travel"], strict=True)}
    widening = [int(cast(int, g)) for g in everyone.worse_and_widening]
    groups = {
        "gap_worse_and_widening": widening,
        "group_falling_behind": [g for g in widening if own.get(g) == "no_significant_change"],
        "group_not_tested": [
            g for g in widening if own.get(g, "not_enough_data") == "not_enough_data"
        ],
        "group_worsening": [g for g, t in own.items() if t == "worsening"],
    }.get(reason, [])
    words = sorted(summaries.group_words(names.get(g, str(g))) for g in groups)
    return verdicts.everyone_sentence(everyone.answer, reason, words) + "."


def _travel(label: str, overall: pd.DataFrame, *, units: Units) -> Verdict:
    """The headline's direction of travel; untested, how it moved."""
    words = verdicts.TRAVEL.words(label)
    first, last = overall.iloc[0], overall.iloc[-1]
    moved = summaries.value_change_words(
        units=units,
        first=(float(first["value"]), str(first["period_label"])),
        latest=(float(last["value"]), str(last["period_label"])),
        tested=False,
    )
    if label == "not_tested":
        # The verdict says the source publishes no intervals: say only how the figure moved.
        return Verdict(label, words, f"{moved}." if moved else "Only one period.")
    if label == "not_enough_data":
        detail = "Fewer than five periods have confidence intervals."
        return Verdict(label, words, f"{detail} {moved}." if moved else detail)
    return Verdict(label, words)


def _by_indicator(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    if frame.empty:
        return {}
    # Keys are numpy integers, which hash and compare equal to the ints they are looked up by.
    return {cast(int, key): part for key, part in frame.groupby("indicator_id", sort=False)}


def _add_largest_gap(
    card: IndicatorCard, gaps: pd.DataFrame, directions: pd.DataFrame, *, units: Units
) -> None:
    """The largest significant gap in the latest period; failing that, when some gaps cannot
    be tested for want of limits, the largest of those, saying it is untested. With its
    direction over the last five periods and a small chart of its history."""
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
    group, reference = str(row["group_name"]), str(row["reference_name"])
    card.largest_gap = summaries.largest_gap_sentence(
        units=units,
        group=group,
        reference=reference,
        period=row["period_label"],
        gap=(row["difference"], row["difference_lower"], row["difference_upper"]),
        tested=not significant.empty,
        percent_of_reference=_percent_of_reference(card.indicator, row),
    )
    found = directions[
        (directions["group_id"] == row["group_id"])
        & (directions["characteristic_id"] == row["characteristic_id"])
    ]
    if not found.empty:
        card.gap_direction = _gap_direction(found.iloc[0], units=units)
    history = with_gap[
        (with_gap["group_id"] == row["group_id"])
        & (with_gap["characteristic_id"] == row["characteristic_id"])
    ].sort_values("period_end")
    history = history.assign(geography_name="", period_label=history["period_label"].astype(str))
    slug = card.indicator.slug
    card.gap_chart = ChartBlock(
        id=f"chart-gap-{slug}",
        title=f"Gap between {summaries.group_words(group)} and "
        f"{summaries.group_words(reference)} over time",
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


def _percent_of_reference(indicator: Indicator, row: pd.Series) -> float | None:
    """The gap as the source publishes it when that is a percentage of the reference group's
    value ((reference − group) ÷ reference × 100, as pay gaps); None otherwise."""
    if indicator.gap_measure != Indicator.GapMeasure.PERCENT_OF_REFERENCE:
        return None
    reference = float(row["ref_value"])
    if not math.isfinite(reference) or reference == 0:
        return None
    return -float(row["difference"]) / reference * 100


def _gap_direction(direction: pd.Series, *, units: Units) -> Verdict:
    """A gap's direction over its last five periods, with the gaps at either end of them;
    untested, how the gap moved since its first period, marked as not tested."""
    label = str(direction["label"])
    words = verdicts.GAP_DIRECTION.words(label)
    latest = (float(direction["latest"]), str(direction["period_label"]))
    if label in ("not_tested", "not_enough_data"):
        moved = summaries.gap_change_words(
            units=units,
            first=(float(direction["first_difference"]), str(direction["first_label"])),
            latest=latest,
        )
        if label == "not_enough_data":
            why = "Fewer than five periods have a gap."
        elif pd.isna(direction["difference_lower"]):
            # The largest gap says it has no confidence intervals: say only how it moved.
            why = ""
        else:
            why = "Some of the last five periods have no confidence intervals."
        detail = " ".join(part for part in (why, f"{moved}." if moved else "") if part)
        return Verdict(label, words, detail or why)
    ends = summaries.gap_ends_words(
        units=units,
        first=(float(direction["start_difference"]), str(direction["start_label"])),
        latest=latest,
    )
    return Verdict(label, words, f"{ends}." if ends else "")
