"""The heat table: every indicator's latest national gaps for one characteristic side by side,
coloured by the relative gap, oriented by polarity, where the gap is significant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from dashboard import verdicts
from dashboard.formatting import Units
from indicators.models import Group, Indicator

Level = Literal["broad", "detailed"]
LEVELS: dict[str, str] = {"broad": "Broad groups", "detailed": "Detailed groups"}

#: Standardised-gap thresholds (gap ÷ its standard error) for the second and third colour
#: steps either side of neutral: the first step is significance at 95% (1.96), the second at
#: 99.8% (3.09, the stricter Fingertips level), the third five standard errors or more.
HEAT_STEPS = (3.09, 5.0)
#: The normal quantile for 95% limits, to turn a 95% interval's width into a standard error.
Z95 = 1.959964


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
    difference_unit: str
    cells: list[HeatCell] = field(default_factory=list)


@dataclass
class HeatTable:
    """The heat table at one level of a characteristic's groups."""

    groups: list[Group]
    rows: list[HeatRow]
    level: Level
    #: The characteristic's groups nest, so both levels can be chosen.
    is_nested: bool
    #: Indicators with figures for this characteristic but none at this level.
    other_level_only: int = 0

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def other_level(self) -> Level:
        return "broad" if self.level == "detailed" else "detailed"

    @property
    def other_level_label(self) -> str:
        return LEVELS[self.other_level]


def heat_class(*, oriented_score: float, significant: bool | None) -> tuple[str, str]:
    """The CSS class and words for a cell with a gap: worse/better in three steps, similar, or
    not tested (``significant`` None: no confidence intervals, so never coloured).

    ``oriented_score`` is the standardised gap, positive when worse (see :func:`gap_score`);
    a significant gap whose score cannot be worked out gets the first step."""
    words = verdicts.COMPARISON.words
    if significant is None:
        return "app-heat--neutral", f"{words('not_tested')}: no confidence intervals"
    if not significant:
        return "app-heat--neutral", words("similar")
    size = 0.0 if math.isnan(oriented_score) else abs(oriented_score)
    step = 1 + sum(size >= t for t in HEAT_STEPS)
    side = "worse" if oriented_score > 0 else "better"
    return f"app-heat--{side}-{step}", words(side)


def gap_score(gap: pd.Series) -> float:
    """How far a gap is from none, for colour depth and sorting: the gap over its standard
    error (from its 95% limits) where it has limits; otherwise the gap relative to the size
    of the reference value, where that is not zero; otherwise NaN (the cell still shows the
    gap, it just sorts last)."""
    difference = float(gap["difference"])
    width = float(gap["difference_upper"]) - float(gap["difference_lower"])
    if math.isfinite(width) and width > 0:
        return difference / (width / (2 * Z95))
    reference = abs(float(gap["ref_value"]))
    if math.isfinite(reference) and reference > 0:
        return difference / reference
    return math.nan


def level_groups(groups: Sequence[Group], *, level: Level) -> list[Group]:
    """The groups of one level: broad ones are not nested in another group; detailed ones are
    not split further (so "Unknown", which has no detailed groups, is at both levels)."""
    if level == "broad":
        return [g for g in groups if g.parent_id is None]
    parents = {g.parent_id for g in groups}
    return [g for g in groups if g.pk not in parents]


def heat_table(
    *,
    indicators: Sequence[Indicator],
    groups: Sequence[Group],
    gaps: pd.DataFrame,
    level: str = "broad",
    sort: str = "",
) -> HeatTable:
    """One row per indicator (latest national period), one column per group with a figure.

    ``level`` ("broad" or "detailed") matters only when groups nest. ``sort`` is a group
    slug: rows go worst-first by that group's oriented relative gap, rows without a value
    last; otherwise rows are in title order.
    """
    is_nested = any(g.parent_id is not None for g in groups)
    chosen: Level = "detailed" if is_nested and level == "detailed" else "broad"
    candidates = level_groups(groups, level=chosen) if is_nested else list(groups)
    all_rows = [
        row
        for indicator in indicators
        if (row := _heat_row(indicator, candidates, gaps=gaps)) is not None
    ]
    with_data = [
        position
        for position in range(len(candidates))
        if any(row.cells[position].text for row in all_rows)
    ]
    shown = [candidates[p] for p in with_data]
    rows = []
    for row in all_rows:
        row.cells = [row.cells[p] for p in with_data]
        if any(cell.text for cell in row.cells):
            rows.append(row)
    slugs = [g.slug for g in shown]
    if sort in slugs:
        position = slugs.index(sort)

        def key(row: HeatRow) -> tuple[bool, float]:
            score = row.cells[position].score
            return (math.isnan(score), -score if not math.isnan(score) else 0.0)

        rows.sort(key=key)
    return HeatTable(
        groups=shown,
        rows=rows,
        level=chosen,
        is_nested=is_nested,
        other_level_only=len(all_rows) - len(rows),
    )


def _heat_row(
    indicator: Indicator, groups: Sequence[Group], *, gaps: pd.DataFrame
) -> HeatRow | None:
    """The indicator's latest national gaps for ``groups``; None if it has no gaps."""
    mine = gaps[gaps["indicator_id"] == indicator.pk]
    if mine.empty:
        return None
    latest = mine[mine["period_end"] == mine["period_end"].max()]
    units = Units.of(indicator)
    sign = {"lower_is_better": 1.0, "higher_is_better": -1.0}.get(indicator.polarity, 0.0)
    by_group = latest.set_index("group_id")
    reference = latest.loc[latest["is_reference"].astype(bool), "group_name"]
    row = HeatRow(
        indicator,
        period=str(latest["period_label"].iloc[0]),
        reference=str(reference.iloc[0]) if len(reference) else "",
        difference_unit=units.difference_unit,
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
                oriented = sign * gap_score(found)
                significant = bool(found["significant"]) if pd.notna(found["significant"]) else None
                if sign:
                    css, words = heat_class(oriented_score=oriented, significant=significant)
                else:
                    css = "app-heat--neutral"
                    words = f"{verdicts.COMPARISON.words('no_polarity')}: not coloured"
                cell = HeatCell(
                    text=units.amount(found["difference"], sign=True),
                    css=css,
                    description=words,
                    score=oriented,
                )
        row.cells.append(cell)
    return row
