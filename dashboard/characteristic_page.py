"""The characteristic pages: the coverage matrix and the heat table of gaps.

The heat table puts every indicator's latest national gaps for one characteristic side by side.
Indicators have different units, so the colour uses the relative gap (value ÷ reference − 1),
oriented by polarity so that "worse than the reference" is always the same colour, and only
when the gap is statistically significant. The cell text is the gap in the indicator's own
unit, so the table reads the same without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard import summaries
from indicators.models import Characteristic, Group, Indicator

#: Relative-gap thresholds (as fractions) for the three colour steps either side of neutral.
HEAT_STEPS = (0.10, 0.25)


@dataclass(frozen=True)
class CoverageRow:
    indicator: Indicator
    #: One entry per characteristic: "data", "missing" (declared, no data) or "" (not declared).
    cells: list[tuple[Characteristic, str]]


def coverage_rows(
    *,
    indicators: Sequence[Indicator],
    characteristics: Sequence[Characteristic],
    with_data: dict[int, set[int]],
) -> list[CoverageRow]:
    """The indicators × characteristics matrix: where data is published, and where it is due
    (the indicator is declared against the characteristic) but missing."""
    rows = []
    for indicator in indicators:
        declared = {c.pk for c in indicator.characteristics.all()}
        published = with_data.get(indicator.pk, set())
        cells = [
            (c, "data" if c.pk in published else "missing" if c.pk in declared else "")
            for c in characteristics
        ]
        rows.append(CoverageRow(indicator, cells))
    return rows


@dataclass
class HeatCell:
    text: str = ""
    css: str = "app-heat--missing"
    description: str = "No data"
    score: float = math.nan


@dataclass
class HeatRow:
    indicator: Indicator
    period: str
    reference: str
    cells: list[HeatCell] = field(default_factory=list)


def heat_class(*, oriented_relative_gap: float, significant: bool | None) -> tuple[str, str]:
    """The CSS class and words for a cell: worse/better in three steps, similar, or not
    tested (``significant`` None: no confidence intervals, so never coloured)."""
    if math.isnan(oriented_relative_gap):
        return "app-heat--missing", "No data"
    if significant is None:
        return "app-heat--neutral", "Not tested: no confidence intervals"
    if not significant:
        return "app-heat--neutral", "Not significantly different"
    size = abs(oriented_relative_gap)
    step = 1 + sum(size >= t for t in HEAT_STEPS)
    side = "worse" if oriented_relative_gap > 0 else "better"
    return f"app-heat--{side}-{step}", f"Significantly {side}"


def heat_rows(
    *,
    indicators: Sequence[Indicator],
    groups: Sequence[Group],
    gaps: pd.DataFrame,
    sort: str = "",
) -> list[HeatRow]:
    """One row per indicator (latest national period), one cell per group.

    ``sort`` is a group slug: rows go worst-first by that group's oriented relative gap, rows
    without a value last; otherwise rows are in title order.
    """
    rows = []
    for indicator in indicators:
        mine = gaps[gaps["indicator_id"] == indicator.pk]
        if mine.empty:
            continue
        latest = mine[mine["period_end"] == mine["period_end"].max()]
        units = summaries.Units(
            unit=indicator.unit,
            decimal_places=indicator.decimal_places,
            is_percentage=indicator.is_percentage,
        )
        sign = {"lower_is_better": 1.0, "higher_is_better": -1.0}.get(indicator.polarity, 0.0)
        by_group = latest.set_index("group_id")
        reference = latest.loc[latest["is_reference"].astype(bool), "group_name"]
        row = HeatRow(
            indicator,
            period=str(latest["period_label"].iloc[0]),
            reference=str(reference.iloc[0]) if len(reference) else "",
        )
        for group in groups:
            cell = HeatCell()
            if group.pk in by_group.index:
                found = by_group.loc[group.pk]
                if bool(found["is_reference"]):
                    cell = HeatCell(
                        text="Reference", css="app-heat--neutral", description="Reference group"
                    )
                elif not math.isnan(found["difference"]):
                    oriented = sign * (found["ratio"] - 1)
                    significant = (
                        bool(found["significant"]) if pd.notna(found["significant"]) else None
                    )
                    if sign:
                        css, words = heat_class(
                            oriented_relative_gap=oriented, significant=significant
                        )
                    else:
                        css, words = "app-heat--neutral", "No better or worse: not coloured"
                    difference = found["difference"]
                    cell = HeatCell(
                        text=f"{difference:+,.{indicator.decimal_places}f} {units.difference_unit}",
                        css=css,
                        description=words,
                        score=oriented,
                    )
            row.cells.append(cell)
        rows.append(row)
    slugs = [g.slug for g in groups]
    if sort in slugs:
        position = slugs.index(sort)

        def key(row: HeatRow) -> tuple[bool, float]:
            score = row.cells[position].score
            return (math.isnan(score), -score if not math.isnan(score) else 0.0)

        rows.sort(key=key)
    return rows
