"""The indicator page's data as a CSV file: the rows of the current view, numbers in full.

Numbers are written as the data and the calculations give them, not rounded as the page shows
them; ``limits_source`` says whose the 95% limits are. Text from the source or the admin that
a spreadsheet would run as a formula is neutralised (OWASP CSV injection).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboard.indicator_page.view import IndicatorView

HEADER = [
    "indicator",
    "release_version",
    "period",
    "geography",
    "characteristic",
    "group",
    "value",
    "lower_95",
    "upper_95",
    "limits_source",
    "marker",
    "quality",
    "gap",
    "gap_lower_95",
    "gap_upper_95",
    "ratio",
    "gap_significant",
    "revised",
    "note",
]
#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_filename(view: IndicatorView) -> str:
    """The indicator's slug, and the breakdown's: "relative-poverty-by-disability.csv"."""
    name = view.indicator.slug
    if view.filters.breakdown:
        name += f"-by-{view.filters.breakdown.characteristic.slug}"
    return f"{name}.csv"


def csv_rows(view: IndicatorView) -> list[list[str]]:
    """The view's data table as CSV rows, header first."""
    indicator = view.indicator
    characteristic = view.filters.breakdown.characteristic.name if view.filters.breakdown else ""
    places = {g.name for g in view.filters.geographies}
    place = next(iter(places)) if len(places) == 1 else ""
    lines = [HEADER]
    for row in view.table:
        numbers = {column: _number(value) for column, value in row["numbers"].items()}
        lines.append(
            [
                _text(indicator.slug),
                str(view.current.version),
                _text(row["period"]),
                _text(row["place"] or place),
                _text(characteristic),
                _text(row["group"]),
                numbers["value"],
                numbers["lower"],
                numbers["upper"],
                _limits_source(row, has_limits=bool(numbers["lower"] and numbers["upper"])),
                f"[{row['marker']}]" if row["marker"] else "",
                f"[{row['quality']}]" if row["quality"] else "",
                numbers["difference"],
                numbers["difference_lower"],
                numbers["difference_upper"],
                numbers["ratio"],
                "" if row["significant"] is None else str(row["significant"]).lower(),
                str(row["revised"]).lower(),
                _text(row["note"]),
            ]
        )
    return lines


def _number(number: float | None) -> str:
    """A number unrounded by the page's decimal places: to 12 significant figures, beyond any
    published precision but short of binary noise (11.1 − 10.1 is 1, not 0.9999999999999982);
    "" when missing."""
    if number is None or pd.isna(number):
        return ""
    return str(np.format_float_positional(float(number), precision=12, fractional=False, trim="-"))


def _text(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would take it for a formula; a
    plain number such as "-5" is left as it is."""
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


def _limits_source(row: dict[str, Any], *, has_limits: bool) -> str:
    if not has_limits:
        return ""
    return "computed from counts" if row["computed"] else "published"
