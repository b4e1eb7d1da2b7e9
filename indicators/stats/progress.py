"""Progress against a target: is the latest value where a straight line to the target says?

The rule (this project's, written on the methods page):

* **The trajectory is a straight line** from (baseline year, baseline value) to (target year,
  target value), for every kind of measure, rates included. ``expected`` is its value at the
  latest year. A straight line, not a proportional path (the same percentage change every
  year), because a target is set as a level by a date with no path stated, a straight line is
  what a reader draws between the two points on the chart, and it treats a percentage, a rate
  and a mean the same way. A proportional path would expect more of a falling rate's change
  early and less of a rising one's, so the same data would get a different status by measure
  type. The difference is small for the changes targets ask for: a rate falling from 20 to 10
  over ten years is expected at 15 after five years on the line, 14.1 on a proportional path.
* **Before the target year**: ``ratio = (latest − baseline) / (expected − baseline)`` is the
  share of the expected movement that has happened (1 is on the line, 0 no movement, negative
  the wrong way). Ratio ≥ 0.95 is "on_track", ≥ 0.5 "some_progress", otherwise "off_track";
  the ratio is rounded to 9 decimal places before this comparison.
* **Uncertainty**: with the latest value's confidence limits, the status is judged at the end
  of the interval nearer the target, so a status below "on_track" is given only when the whole
  interval is short of its threshold. A value whose interval reaches the trajectory is
  "on_track", never "off_track": early on, when little change is expected, a value of 60.4 or
  60.6 with an interval of ±2.5 against an expected 61 cannot be told apart from being on the
  line.
* **From the target year on** the status is "met" when the latest value has reached the
  target (the target is stated for the published figure) and "missed" otherwise.
* **A target equal to its baseline** is a target to maintain the value. It needs the
  indicator's polarity: the status is "on_track" (from the target year, "met") while the
  latest value is not significantly worse than the target, and "off_track" ("missed") when it
  is; without limits, while it is not worse at all. With no polarity (or "neither") any
  significant departure counts; without limits a value that is not exactly the target is
  "not_enough_data".
* "not_enough_data" when there is no value after the baseline, or a value is missing.

Example: baseline 60% in 2020, target 70% by 2030, latest 63% in 2024. Expected by 2024 is
60 + (70 − 60) × 4/10 = 64; ratio = (63 − 60)/(64 − 60) = 0.75: "some_progress". With a 95%
interval of 61.5 to 64.5 the upper limit reaches the line: "on_track".
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, TypeAlias

import numpy as np

from ._common import NAN, Polarity, check_polarity, to_float, without_zero_width

__all__ = ["ON_TRACK", "SOME_PROGRESS", "Progress", "ProgressStatus", "progress"]

#: A ratio at or above this is on track.
ON_TRACK = 0.95
#: A ratio at or above this (and below ON_TRACK) is some progress.
SOME_PROGRESS = 0.5
#: The ratio is rounded to this many decimal places before it is compared with the thresholds.
ROUNDING_DIGITS = 9

#: What :func:`progress` says of a target.
ProgressStatus: TypeAlias = Literal[
    "met", "missed", "on_track", "some_progress", "off_track", "not_enough_data"
]


class Progress(NamedTuple):
    """Result of :func:`progress`: status, progress ratio and the value expected by now.

    ``ratio`` is the point estimate's share of the expected movement (NaN for a target to
    maintain a value, which has no movement to share); ``expected`` is the trajectory's value
    at the latest year (the target itself from the target year on).
    """

    status: ProgressStatus
    ratio: float
    expected: float


def _status_from_ratio(ratio: float) -> ProgressStatus:
    # Compare after rounding so that binary floating point (63.8 − 60 = 3.7999…) cannot move a
    # value that is exactly on a threshold to the wrong side of it.
    judged = round(ratio, ROUNDING_DIGITS)
    if judged >= ON_TRACK:
        return "on_track"
    if judged >= SOME_PROGRESS:
        return "some_progress"
    return "off_track"


def _maintained(
    target: float, latest: float, lower: float, upper: float, polarity: Polarity | None
) -> bool | None:
    """Whether a target to keep ``target`` holds: True, False, or None when it cannot tell."""
    limits = not (math.isnan(lower) or math.isnan(upper))
    low, high = (lower, upper) if limits else (latest, latest)
    low, high = round(low - target, ROUNDING_DIGITS), round(high - target, ROUNDING_DIGITS)
    if polarity == "higher_is_better":
        return high >= 0
    if polarity == "lower_is_better":
        return low <= 0
    if not limits:
        return True if low == 0 else None
    return low <= 0 <= high


def progress(
    baseline_year: float,
    baseline_value: float,
    target_year: float,
    target_value: float,
    latest_year: float,
    latest_value: float,
    *,
    latest_lower: float = NAN,
    latest_upper: float = NAN,
    polarity: Polarity | None = None,
) -> Progress:
    """Progress from a baseline towards a target by a linear trajectory.

    Years may be fractional (for example 2023.25 for a quarter). ``latest_lower`` and
    ``latest_upper`` are the latest value's 95% limits (NaN when unknown; a zero-width interval
    is read as none). ``polarity`` is needed for a target to maintain a value (target equal to
    baseline); a target to reach a value takes its direction from baseline to target. See the
    module docstring for the rule. ``expected`` is NaN when there is no latest year after the
    baseline.

    Raises ValueError when the target year is not after the baseline year (an impossible
    target), the latest year is before the baseline year, a lower limit is above its upper
    limit, or the polarity is unknown.

    Examples (baseline 60% in 2020, target 70% by 2030):

    * latest 63% in 2024: expected 64, ratio 0.75 → "some_progress";
    * latest 60.4% in 2021 (expected 61): ratio 0.4 → "off_track"; with limits 57.9 to 62.9
      the interval reaches 61 → "on_track";
    * latest 69% in 2030: short of 70 → "missed"; 70.5% → "met";
    * a target of 60% by 2030 (maintain), higher is better: 59% (limits 57.5 to 60.5) in 2024
      is not significantly worse → "on_track"; 57% (56 to 58) is → "off_track".
    """
    b_year, b_value, t_year, t_value, l_year, l_value, lower, upper = (
        to_float(v)
        for v in (
            baseline_year,
            baseline_value,
            target_year,
            target_value,
            latest_year,
            latest_value,
            latest_lower,
            latest_upper,
        )
    )
    if polarity is not None:
        check_polarity(polarity)
    if lower > upper:
        raise ValueError("a lower confidence limit is above its upper limit")
    lo, up = (float(v[0]) for v in without_zero_width(np.array([lower]), np.array([upper])))
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
    if any(math.isnan(v) for v in (b_value, t_value, l_value)):
        return Progress("not_enough_data", NAN, expected)
    deadline = l_year >= t_year

    if t_value == b_value:
        held = _maintained(t_value, l_value, lo, up, polarity)
        if held is None:
            return Progress("not_enough_data", NAN, expected)
        if deadline:
            return Progress("met" if held else "missed", NAN, expected)
        return Progress("on_track" if held else "off_track", NAN, expected)

    ratio = (l_value - b_value) / (expected - b_value)
    rising = t_value > b_value
    if deadline:
        reached = round((l_value - t_value) * (1 if rising else -1), ROUNDING_DIGITS) >= 0
        return Progress("met" if reached else "missed", ratio, expected)
    nearest = up if rising else lo
    if math.isnan(lo) or math.isnan(up):
        nearest = l_value
    judged = (nearest - b_value) / (expected - b_value)
    return Progress(_status_from_ratio(judged), ratio, expected)
