"""The forms a gap is given in, as the indicator's source publishes it or as the reader asks.

``indicators.stats.gaps_frame`` gives each group's difference from the reference group and
its ratio to it, with limits. Pay gaps are published in a third form, the percentage by which
the group's value falls short of the reference's: (reference − group) ÷ reference × 100
(ONS, "Gender pay gap in the UK"). That is 100 × (1 − ratio), so its limits follow from the
ratio's and it is significant exactly when the ratio is.
"""

from __future__ import annotations

import pandas as pd

from dashboard import charts
from dashboard.formatting import RATIO_UNITS, Units

#: How each gap measure is named in headings and sentences.
GAP_NAMES = {
    "gap": "difference",
    "percent": "percentage gap",
    "ratio": "ratio",
}


def with_percent_gap(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (a gaps frame) with the gap as a percentage of the reference's value."""
    value, lower, upper = charts.MEASURE_COLUMNS["percent"]
    return rows.assign(
        **{
            value: 100 * (1 - rows["ratio"]),
            lower: 100 * (1 - rows["ratio_upper"]),
            upper: 100 * (1 - rows["ratio_lower"]),
        }
    )


def units_of(measure: str, units: Units) -> Units:
    """How a measure's numbers are written: values and differences in the indicator's unit,
    percentage gaps to one decimal place, ratios to two."""
    if measure == "percent":
        return charts.PERCENT_GAP_UNITS
    if measure == "ratio":
        return RATIO_UNITS
    return units


def axis_title(measure: str, units: Units, reference: str) -> str:
    """A gap axis's title (not escaped): what the number is and which way is which."""
    if measure == "percent":
        return f"Gap: % below {reference} (negative: above)"
    if measure == "ratio":
        return f"Ratio to {reference}"
    return f"Difference from {reference} ({units.difference_unit})"
