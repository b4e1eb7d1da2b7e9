"""The indicator page's data as a CSV file: the rows of the current view, numbers in full.

Values, limits and differences are written as the data and the calculations give them, not
rounded as the page shows them (to 12 significant figures: beyond any published precision, short
of binary noise); ratios and percentage gaps, which are quotients, to 6 significant figures.
``unit`` and ``measure`` say what the numbers are, ``limits_source`` whose the 95% limits are.
Text from the source or the admin that a spreadsheet would run as a formula is neutralised
(OWASP CSV injection).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboard.formulas import neutralise as _text
from dashboard.indicator_page.view import IndicatorView

HEADER = [
    "indicator",
    "release_version",
    "period",
    "geography",
    "characteristic",
    "group",
    "unit",
    "measure",
    "value",
    "lower_95",
    "upper_95",
    "limits_source",
    "marker",
    "quality",
    "reference_group",
    "gap",
    "gap_lower_95",
    "gap_upper_95",
    "ratio",
    "percent_gap",
    "gap_significant",
    "revised",
    "note",
]
#: Significant figures of quotients (ratios, percentage gaps): "0.851163", not 12 digits.
QUOTIENT_FIGURES = 6


def csv_filename(view: IndicatorView) -> str:
    """The indicator's slug, and the breakdown's: "relative-poverty-by-disability.csv"."""
    name = view.indicator.slug
    if view.filters.breakdown:
        name += f"-by-{view.filters.breakdown.characteristic.slug}"
    return f"{name}.csv"


def csv_rows(view: IndicatorView) -> list[list[str]]:
    """The view's data table as CSV rows, header first."""
    indicator = view.indicator
    breakdown = view.filters.breakdown
    characteristic = breakdown.characteristic.name if breakdown else ""
    reference = breakdown.reference.name if breakdown and breakdown.reference else ""
    places = {g.name for g in view.filters.geographies}
    place = next(iter(places)) if len(places) == 1 else ""
    lines = [HEADER]
    for row in view.table:
        numbers = {column: _number(value) for column, value in row["numbers"].items()}
        quotients = {
            column: _number(row["numbers"][column], figures=QUOTIENT_FIGURES)
            for column in ("ratio", "percent_gap")
        }
        lines.append(
            [
                _text(indicator.slug),
                str(view.current.version),
                _text(row["period"]),
                _text(row["place"] or place),
                _text(characteristic),
                _text(row["group"]),
                _text(indicator.unit),
                _text(indicator.get_measure_type_display()),
                numbers["value"],
                numbers["lower"],
                numbers["upper"],
                _limits_source(row, has_limits=bool(numbers["lower"] and numbers["upper"])),
                f"[{row['marker']}]" if row["marker"] else "",
                f"[{row['quality']}]" if row["quality"] else "",
                _text(reference),
                numbers["difference"],
                numbers["difference_lower"],
                numbers["difference_upper"],
                quotients["ratio"],
                quotients["percent_gap"],
                "" if row["significant"] is None else str(row["significant"]).lower(),
                str(row["revised"]).lower(),
                _text(row["note"]),
            ]
        )
    return lines


def _number(number: float | None, *, figures: int = 12) -> str:
    """A number unrounded by the page's decimal places: to 12 significant figures, beyond any
    published precision but short of binary noise (11.1 − 10.1 is 1, not 0.9999999999999982);
    "" when missing."""
    if number is None or pd.isna(number):
        return ""
    return str(
        np.format_float_positional(float(number), precision=figures, fractional=False, trim="-")
    )


def _limits_source(row: dict[str, Any], *, has_limits: bool) -> str:
    if not has_limits:
        return ""
    if row["calculated"]:
        return "calculated from local authority counts"
    return "computed from counts" if row["computed"] else "published"
