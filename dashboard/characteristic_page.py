"""The characteristic pages: the coverage matrix and the heat table of gaps.

The heat table puts every indicator's latest national gaps for one characteristic side by side.
Indicators have different units, so the colour uses the relative gap (value ÷ reference − 1),
oriented by polarity so that "worse than the reference" is always the same colour, and only
when the gap is statistically significant. The cell text is the gap in the indicator's own
unit (named once in the row's header), so the table reads the same without colour.

Only groups with a figure for some indicator get a column. A characteristic whose groups nest
(ethnicity: 5 broad groups over 19 detailed ones) shows one level at a time, broad by default,
so that the table stays readable; indicators with no figure at the chosen level are counted
and the page offers the other level.

Below the heat table, the summary measures of inequality across all the groups shown
(``indicators.stats.summary_measures``, the WHO Health Equity Assessment Toolkit's), with
HEAT's applicability and orientation: D, R, PAR and PAF for every dimension; for an ordered
dimension (quantiles ranked from most to least disadvantaged) the SII, RII, ACI and RCI, and
for one without an order BGV, TI, MLD, IDISW and MDMW, which ignore the order. D and R compare
the two ends of an ordered dimension (oriented so that a positive D is a gap against the
disadvantaged end) and, otherwise, the reference group with the worst-off other group.
Measures weighted by population need each group's population (the denominators; quantiles are
equal by construction), and PAR and PAF need a better direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import national, verdicts
from dashboard.formatting import RATIO_UNITS, Units
from dashboard.indicator_page.sii import has_slope_index
from indicators import selectors, stats
from indicators.models import Characteristic, Group, Indicator

Level = Literal["broad", "detailed"]
LEVELS: dict[str, str] = {"broad": "Broad groups", "detailed": "Detailed groups"}

#: Standardised-gap thresholds (gap ÷ its standard error) for the second and third colour
#: steps either side of neutral: the first step is significance at 95% (1.96), the second at
#: 99.8% (3.09, the stricter Fingertips level), the third five standard errors or more.
HEAT_STEPS = (3.09, 5.0)
#: The normal quantile for 95% limits, to turn a 95% interval's width into a standard error.
Z95 = 1.959964


def list_context() -> dict[str, Any]:
    """The list of characteristics: which indicators have data for which (four queries)."""
    characteristics = selectors.characteristic_list()
    return {
        "characteristics": characteristics,
        "rows": coverage_rows(
            indicators=selectors.indicator_list(),
            characteristics=characteristics,
            with_data=selectors.coverage_matrix(),
        ),
    }


def detail_context(*, slug: str, sort: str, level: str) -> dict[str, Any] | None:
    """One characteristic's heat table (six queries); None when there is no such
    characteristic. ``sort`` and ``level`` are as :func:`heat_table` takes them."""
    characteristic = selectors.characteristic_get(slug=slug)
    if characteristic is None:
        return None
    indicators = selectors.indicator_list(characteristic=slug)
    _, gaps = national.national_frames(indicators=indicators, characteristic_id=characteristic.pk)
    table = heat_table(
        indicators=indicators,
        groups=list(characteristic.groups.all()),
        gaps=gaps,
        level=level,
        sort=sort,
    )
    return {
        "characteristic": characteristic,
        "table": table,
        "summary": summary_table(
            characteristic=characteristic, indicators=indicators, groups=table.groups, gaps=gaps
        ),
        "sort": sort if sort in {g.slug for g in table.groups} else "",
        "has_synthetic": any(i.current_is_synthetic for i in indicators),  # type: ignore[attr-defined]
    }


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


# --- Summary measures of inequality (WHO HEAT) ----------------------------------------------

#: HEAT's names of the summary measures, in the order the table shows them.
MEASURE_NAMES: dict[str, str] = {
    "d": "Difference (D)",
    "r": "Ratio (R)",
    "par": "Population attributable risk (PAR)",
    "paf": "Population attributable fraction (PAF, %)",
    "bgv": "Between-group variance (BGV)",
    "ti": "Theil index (TI, × 1,000)",
    "mld": "Mean log deviation (MLD, × 1,000)",
    "idisw": "Index of disparity (IDISW, %)",
    "mdmw": "Mean difference from the mean (MDMW)",
    "sii": "Slope index of inequality (SII)",
    "rii": "Relative index of inequality (RII)",
    "aci": "Absolute concentration index (ACI)",
    "rci": "Relative concentration index (RCI)",
}
#: Measures HEAT computes for every dimension.
ALL_DIMENSIONS = tuple(m for m in stats.MEASURES if m not in stats.NON_ORDERED_MEASURES)
#: Measures weighted by each group's population.
BY_POPULATION = ("par", "paf", "bgv", "ti", "mld", "idisw", "mdmw", "sii", "rii", "aci", "rci")
#: HEAT's SII and RII come from a logistic regression of the proportion with the outcome, and
#: the PAF's interval from the 2 × 2 table of it, so they are shown for percentages and rates
#: only.
PROPORTIONS_ONLY = ("paf", "sii", "rii")


def applicable_measures(characteristic: Characteristic) -> tuple[str, ...]:
    """The HEAT measures for this dimension: D, R, PAR, PAF and, for ordered quantiles, SII,
    RII, ACI, RCI; for a dimension without an order, BGV, TI, MLD, IDISW, MDMW. An ordered
    dimension that is not quantiles (age bands, of unequal and sometimes overlapping width)
    gets none: its groups are neither a ranking from disadvantaged to advantaged nor a
    partition of the population."""
    if has_slope_index(characteristic):
        return ALL_DIMENSIONS + stats.ORDERED_MEASURES
    if characteristic.is_ordered:
        return ()
    return ALL_DIMENSIONS + stats.NON_ORDERED_MEASURES


#: Why a summary measure has no figure.
WHY = {
    "groups": "not enough groups with data (HEAT needs 85% of them)",
    "population": "the measure weights groups by size, and the source gives no populations",
    "polarity": "no better direction, so no best-off group",
    "proportions": "for percentages and rates only",
}


@dataclass(frozen=True)
class SummaryCell:
    text: str = ""
    interval: str = ""
    #: Why there is no figure, when there is none.
    why: str = ""


@dataclass(frozen=True)
class SummaryRow:
    indicator: Indicator
    period: str
    unit: str
    cells: list[SummaryCell]


@dataclass(frozen=True)
class SummaryTable:
    """The summary measures of each indicator's latest national figures for the groups shown."""

    measures: list[tuple[str, str]]
    rows: list[SummaryRow]
    ordered: bool
    #: Why the dimension gets no summary measures (when ``measures`` is empty).
    reason: str = ""

    @property
    def gaps(self) -> list[str]:
        """The reasons cells have no figure, once each, in the words :data:`WHY` gives."""
        found = {cell.why for row in self.rows for cell in row.cells if cell.why}
        return [WHY[key] for key in WHY if WHY[key] in found]


def summary_table(
    *,
    characteristic: Characteristic,
    indicators: Sequence[Indicator],
    groups: Sequence[Group],
    gaps: pd.DataFrame,
) -> SummaryTable:
    """One row per indicator with figures for the groups shown, one column per applicable
    measure (:func:`applicable_measures`)."""
    codes = applicable_measures(characteristic)
    ordered = has_slope_index(characteristic)
    if not codes:
        return SummaryTable(
            [],
            [],
            ordered,
            reason="Its groups are bands of unequal and sometimes overlapping width, not "
            "quantiles, so measures across all groups do not apply.",
        )
    people = [g for g in groups if not national.UNKNOWN_GROUP.search(g.name)]
    if ordered:
        people = sorted(people, key=lambda g: (g.rank is None, g.rank or 0))
    rows = []
    for indicator in indicators:
        mine = gaps[gaps["indicator_id"] == indicator.pk]
        if mine.empty:
            continue
        latest = mine[mine["period_end"] == mine["period_end"].max()]
        row = _summary_row(indicator, latest, people, codes=codes, ordered=ordered)
        if row is not None:
            rows.append(row)
    return SummaryTable([(c, MEASURE_NAMES[c]) for c in codes], rows, ordered)


def _scale(indicator: Indicator) -> float | None:
    """HEAT's scale of the indicator: 100 for a percentage, N for a rate per N; None for other
    measures (means, years, indices), which have no proportion behind them."""
    if indicator.measure_type == Indicator.MeasureType.PERCENTAGE:
        return 100.0
    if indicator.measure_type == Indicator.MeasureType.RATE and indicator.rate_per:
        return float(indicator.rate_per)
    return None


def _summary_row(
    indicator: Indicator,
    latest: pd.DataFrame,
    groups: Sequence[Group],
    *,
    codes: Sequence[str],
    ordered: bool,
) -> SummaryRow | None:
    by_group = latest.drop_duplicates("group_id").set_index("group_id")
    present = [g for g in groups if g.pk in by_group.index]
    if len(present) < 2:
        return None
    rows = by_group.reindex([g.pk for g in groups])
    level = float(national.input_confidence(latest).iloc[0])
    z = 2 * (stats.Z95_INPUT if level == 0.95 else float(norm.ppf(0.5 + level / 2)))
    estimate = rows["value"].to_numpy(dtype=float)
    se = ((rows["upper"] - rows["lower"]) / z).to_numpy(dtype=float)
    population = rows["denominator"].to_numpy(dtype=float)
    known_population = bool(np.all(np.isfinite(population[np.isfinite(estimate)])))
    if not known_population:
        population = np.ones(len(groups))
    polarity = indicator.polarity
    reference = None
    if not ordered:
        is_reference = rows["is_reference"].fillna(False).astype(bool).to_numpy()
        found = np.flatnonzero(is_reference & np.isfinite(estimate))
        reference = int(found[0]) if found.size else None
    scale = _scale(indicator)
    measures = stats.summary_measures(
        estimate,
        np.where(np.isfinite(se) & (se > 0), se, np.nan),
        population,
        ordered=ordered,
        favourable=polarity == Indicator.Polarity.HIGHER_IS_BETTER,
        reference=reference,
        scale=scale or 1.0,
    )
    units = Units.of(indicator)
    cells = []
    for code in codes:
        why = ""
        if code in ("par", "paf") and polarity == Indicator.Polarity.NEITHER:
            why = WHY["polarity"]
        elif code in BY_POPULATION and not known_population and not ordered:
            why = WHY["population"]
        elif code in PROPORTIONS_ONLY and scale is None:
            why = WHY["proportions"]
        value = measures[code]
        if why or math.isnan(value):
            cells.append(SummaryCell(why=why or WHY["groups"]))
            continue
        cells.append(
            SummaryCell(
                text=_measure_text(code, value, units),
                interval=_measure_interval(
                    code, measures[f"{code}_lower"], measures[f"{code}_upper"], units
                ),
            )
        )
    return SummaryRow(
        indicator,
        period=str(latest["period_label"].iloc[0]),
        unit=units.difference_unit,
        cells=cells,
    )


def _measure_text(code: str, value: float, units: Units, *, sign: bool = True) -> str:
    if code in ("r", "rii"):
        return RATIO_UNITS.number(value)
    if code in ("paf", "idisw"):
        return f"{Units(unit='%', decimal_places=1).number(value)}%"
    if code in ("ti", "mld", "bgv"):
        return Units(unit="", decimal_places=2).number(value)
    if code == "rci":
        return Units(unit="", decimal_places=3).number(value, sign=sign)
    return units.amount(value, sign=sign and code in ("d", "sii", "aci", "par"))


def _measure_interval(code: str, lower: float, upper: float, units: Units) -> str:
    if math.isnan(lower) or math.isnan(upper):
        return ""
    low, high = (_measure_text(code, x, units, sign=False) for x in (lower, upper))
    return f"{low} to {high}"
