"""Progress against a target: is the latest value where a straight line to the target says?

The rule (this project's, written on the methods page):

* The trajectory is the straight line from (baseline year, baseline value) to (target year,
  target value). ``expected`` is its value at the latest year; after the target year it stays at
  the target value.
* ``ratio = (latest − baseline) / (expected − baseline)``: the share of the expected movement
  that has happened. 1 is exactly on the line; 0 is no movement; negative is movement the
  wrong way.
* Status: ratio ≥ 0.95 "on_track"; ≥ 0.5 "some_progress"; otherwise "off_track" (including any
  movement away from the target); the ratio is rounded to 9 decimal places before this
  comparison. "not_enough_data" when there is no value after the baseline,
  or a value is missing, or the target asks for no change (so progress has no direction).
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, TypeAlias

from ._common import NAN, to_float

__all__ = ["ON_TRACK", "SOME_PROGRESS", "Progress", "ProgressStatus", "progress"]

ProgressStatus: TypeAlias = Literal["on_track", "some_progress", "off_track", "not_enough_data"]

#: A ratio at or above this is on track.
ON_TRACK = 0.95
#: A ratio at or above this (and below ON_TRACK) is some progress.
SOME_PROGRESS = 0.5
#: The ratio is rounded to this many decimal places before it is compared with the thresholds.
ROUNDING_DIGITS = 9


class Progress(NamedTuple):
    """Result of :func:`progress`: status, progress ratio and the value expected by now."""

    status: ProgressStatus
    ratio: float
    expected: float


def progress(
    baseline_year: float,
    baseline_value: float,
    target_year: float,
    target_value: float,
    latest_year: float,
    latest_value: float,
) -> Progress:
    """Progress from a baseline towards a target by a linear trajectory.

    Years may be fractional (for example 2023.25 for a quarter). See the module docstring for
    the rule. ``expected`` is NaN when there is no latest year after the baseline.

    Raises ValueError when the target year is not after the baseline year (an impossible
    target) or the latest year is before the baseline year.

    Example: baseline 60% in 2020, target 70% by 2030, latest 63% in 2024. Expected by 2024 is
    60 + (70 − 60) × 4/10 = 64; ratio = (63 − 60)/(64 − 60) = 0.75 → "some_progress".
    """
    b_year, b_value, t_year, t_value, l_year, l_value = (
        to_float(v)
        for v in (
            baseline_year,
            baseline_value,
            target_year,
            target_value,
            latest_year,
            latest_value,
        )
    )
    if math.isnan(b_year) or math.isnan(t_year):
        return Progress("not_enough_data", NAN, NAN)
    if t_year <= b_year:
        raise ValueError("the target year must be after the baseline year")
    if not math.isnan(l_year) and l_year < b_year:
        raise ValueError("the latest year must not be before the baseline year")
    if math.isnan(l_year) or l_year == b_year:
        return Progress("not_enough_data", NAN, NAN)
    fraction = min((l_year - b_year) / (t_year - b_year), 1.0)
    expected = b_value + (t_value - b_value) * fraction
    if any(math.isnan(v) for v in (b_value, t_value, l_value)) or t_value == b_value:
        return Progress("not_enough_data", NAN, expected)
    ratio = (l_value - b_value) / (expected - b_value)
    # Compare after rounding so that binary floating point (63.8 − 60 = 3.7999…) cannot move a
    # value that is exactly on a threshold to the wrong side of it.
    judged = round(ratio, ROUNDING_DIGITS)
    status: ProgressStatus
    if judged >= ON_TRACK:
        status = "on_track"
    elif judged >= SOME_PROGRESS:
        status = "some_progress"
    else:
        status = "off_track"
    return Progress(status, ratio, expected)
