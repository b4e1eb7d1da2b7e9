"""The home page: the missions, the groups whose gap is worse and widening, latest releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import national, summaries, verdicts
from dashboard.formatting import Units
from indicators import selectors, stats
from indicators.models import Indicator
from missions import selectors as mission_selectors


@dataclass(frozen=True)
class WorseRow:
    """One group whose gap is worse and widening, in words: "Black: 6.0 percentage points
    higher than White in 2019" and the gap at the start of the five periods tested."""

    indicator: Indicator
    line: str
    previous_period: str
    previous_gap: str


def home_context() -> dict[str, Any]:
    """The home page's context (six queries)."""
    indicators = selectors.indicator_list(with_characteristics=False)
    _, gaps = national.national_frames(indicators=indicators)
    gaps = national.headline_rows(gaps, indicators=indicators)
    directions = national.gap_directions(gaps, indicators=indicators)
    return {
        "missions": mission_selectors.mission_list(),
        "worse": worse_rows(indicators=indicators, gaps=gaps, directions=directions),
        "worse_label": verdicts.WORSE_AND_WIDENING.words("worse_and_widening"),
        "false_discovery_rate": f"{stats.FALSE_DISCOVERY_RATE:.0%}",
        "untested_gaps": national.untested_gaps(directions),
        "not_assessed": national.untested_indicators(indicators=indicators, gaps=gaps),
        "latest_releases": selectors.release_latest_list(limit=5),
    }


def worse_rows(
    *,
    indicators: Sequence[Indicator],
    gaps: pd.DataFrame,
    directions: pd.DataFrame | None = None,
) -> list[WorseRow]:
    """The "worse and widening" list: see ``national.worse_and_worsening``."""
    by_id = {i.pk: i for i in indicators}
    flagged = national.worse_and_worsening(indicators=indicators, gaps=gaps, directions=directions)
    result = []
    for row in flagged.to_dict("records"):
        indicator = by_id[row["indicator_id"]]
        units = Units.of(indicator)
        result.append(
            WorseRow(
                indicator=indicator,
                line=summaries.gap_line(
                    units=units,
                    group=row["group_name"],
                    reference=row["reference_name"],
                    period=row["period_label"],
                    difference=row["latest"],
                ),
                previous_period=row["start_label"],
                previous_gap=summaries.gap_words(units, row["start_difference"]),
            )
        )
    return result
