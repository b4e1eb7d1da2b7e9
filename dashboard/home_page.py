"""The home page: the missions, the groups whose gap is worse and worsening, latest releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import national, summaries
from dashboard.formatting import Units
from indicators import selectors
from indicators.models import Indicator
from missions import selectors as mission_selectors


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


def home_context() -> dict[str, Any]:
    """The home page's context (six queries)."""
    indicators = selectors.indicator_list(with_characteristics=False)
    _, gaps = national.national_frames(indicators=indicators)
    return {
        "missions": mission_selectors.mission_list(),
        "worse": worse_rows(indicators=indicators, gaps=gaps),
        "not_assessed": national.untested_indicators(indicators=indicators, gaps=gaps),
        "latest_releases": selectors.release_latest_list(limit=5),
    }


def worse_rows(*, indicators: Sequence[Indicator], gaps: pd.DataFrame) -> list[WorseRow]:
    """The "worse and worsening" list: see ``national.worse_and_worsening``."""
    by_id = {i.pk: i for i in indicators}
    flagged = national.worse_and_worsening(indicators=indicators, gaps=gaps)
    result = []
    for row in flagged.to_dict("records"):
        indicator = by_id[row["indicator_id"]]
        units = Units.of(indicator)
        result.append(
            WorseRow(
                indicator=indicator,
                group=row["group_name"],
                reference=row["reference_name"],
                period=row["period_label"],
                previous_period=row["previous_label"],
                gap=summaries.gap_words(units, row["difference"]),
                previous_gap=summaries.gap_words(units, row["previous_difference"]),
            )
        )
    return result
