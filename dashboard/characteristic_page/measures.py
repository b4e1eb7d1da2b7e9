"""The summary measures of inequality (WHO HEAT) for the groups the heat table shows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import national
from dashboard.formatting import RATIO_UNITS, Units
from dashboard.indicator_page.sii import has_slope_index
from indicators import stats
from indicators.models import Characteristic, Group, Indicator

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
