"""One trace of a figure: its points, error bars and hover labels, as JSON-ready numbers."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from dashboard.charts.style import (
    CALCULATED_MARK,
    MEASURE_COLUMNS,
    PERCENT_GAP_UNITS,
    Measure,
    escape,
)
from dashboard.formatting import RATIO_UNITS, Units

#: Significant digits kept in figure data: finer than any chart or hover label can show, and
#: a computed limit such as 5.904520008111421 ships as 5.90452.
SIGNIFICANT_DIGITS = 6


def _as_floats(values: pd.Series | np.ndarray) -> np.ndarray:
    """As float64, missing values (None, NaN, pd.NA) as NaN."""
    return pd.Series(values).to_numpy(dtype="float64", na_value=np.nan)


def _json_numbers(values: pd.Series | np.ndarray) -> list[float | None]:
    """JSON-ready numbers: NaN becomes null, each rounded to ``SIGNIFICANT_DIGITS``."""
    return [
        None if math.isnan(v) else float(f"{v:.{SIGNIFICANT_DIGITS}g}")
        for v in _as_floats(values).tolist()
    ]


def _measure_columns(measure: Measure | Literal["sii"]) -> tuple[str, str, str]:
    """A measure's value, lower-limit and upper-limit columns."""
    return ("sii", "sii_lower", "sii_upper") if measure == "sii" else MEASURE_COLUMNS[measure]


def point_labels(
    frame: pd.DataFrame, *, measure: Measure | Literal["sii"], units: Units
) -> list[str]:
    """Hover text per point, written as everywhere else on the page: "£16.25 per hour (95% CI
    £15.90 to £16.60)", "+9.1 percentage points (95% CI 7.9 to 10.3)", "0.95 (95% CI …)"."""
    value, lower, upper = _measure_columns(measure)
    if measure == "ratio":
        units = RATIO_UNITS
    elif measure == "percent":
        units = PERCENT_GAP_UNITS
    write = units.value if measure in ("value", "ratio", "percent") else units.difference
    calculated = (
        frame["calculated"].fillna(False).astype(bool).tolist()
        if "calculated" in frame.columns
        else [False] * len(frame)
    )
    labels = []
    for number, low, high, is_calculated in zip(
        _as_floats(frame[value]).tolist(),
        _as_floats(frame[lower]).tolist(),
        _as_floats(frame[upper]).tolist(),
        calculated,
        strict=True,
    ):
        if math.isnan(number):
            labels.append("")
            continue
        interval = units.interval(low, high)
        label = f"{write(number)} ({interval})" if interval else write(number)
        labels.append(escape(label + (CALCULATED_MARK if is_calculated else "")))
    return labels


def has_limits(frame: pd.DataFrame, measure: Measure | Literal["sii"]) -> bool:
    """Whether any row of ``frame`` has both limits of ``measure``."""
    _, lower, upper = _measure_columns(measure)
    return bool((frame[lower].notna() & frame[upper].notna()).any())


def trace(
    frame: pd.DataFrame,
    *,
    kind: Literal["scatter", "bar"],
    measure: Measure | Literal["sii"],
    units: Units,
    x: list[Any],
    name: str = "",
    error_colour: str,
    **style: Any,
) -> dict[str, Any]:
    """One Plotly trace of ``frame``'s measure: its limits as error bars, hover text written as
    on the page, and ``style`` (line, marker, ...). Without a ``name`` it has no legend entry
    of its own and its hover text names no trace."""
    value, lower, upper = _measure_columns(measure)
    centre = _as_floats(frame[value])
    trace: dict[str, Any] = {"type": kind}
    if name:
        trace["name"] = name
    # Error bars only where there are limits: a source without intervals gets none drawn,
    # rather than bars of no width that look like intervals of no uncertainty.
    errors: dict[str, Any] = {}
    if has_limits(frame, measure):
        errors["error_y"] = {
            "type": "data",
            "symmetric": False,
            "array": _json_numbers(np.clip(_as_floats(frame[upper]) - centre, 0, None)),
            "arrayminus": _json_numbers(np.clip(centre - _as_floats(frame[lower]), 0, None)),
            "thickness": 1.5,
            "width": 4,
            "color": error_colour,
        }
    return trace | {
        "x": x,
        "y": _json_numbers(centre),
        **errors,
        **style,
        "customdata": point_labels(frame, measure=measure, units=units),
        "hovertemplate": "%{x}: %{customdata}<extra>" + name + "</extra>",
    }
