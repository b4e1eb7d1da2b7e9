"""Direction of a gap: is the gap between a group and its reference group widening?

The rule (this project's, built on the Fingertips recent-trend rule in :mod:`.trend`):

1. Take the latest five periods that have a gap (group − reference), oldest first. Fewer than
   five: **"not_enough_data"**. Any of the five without limits (or with a zero-width
   interval): **"not_tested"** — the test is not run on older periods instead, and a missing
   test is never reported as "no significant change".
2. If the group is on both sides of the reference within those periods (some gaps above 0,
   some below): **"changed_sign"**. Whether the size grew or fell is then not one question:
   −6, −4, −2, 0, +2 is no longer "widened" because the signed gap rose; its size fell from 6
   to 2 and the group moved to the other side.
3. Otherwise the rule is applied to the **size** of the gap, |gap|, with its limits: the
   inverse-variance weighted slope over the five periods, significant when χ² > 9.5495 (99.8%)
   and its sign survives leaving out each period in turn (a leave-one-out slope of 0 counts as
   losing the sign, so the rule treats a rise and a fall alike). A significant rise is
   **"widening"**, a significant fall **"narrowing"**, anything else
   **"no_significant_change"**.

``worse`` is about the latest gap alone: True when its 95% interval lies wholly on the worse
side of 0 (below 0 when higher is better, above 0 when lower is better), False when it lies on
the better side or includes 0, and None when it has no limits or the indicator has no
polarity ("neither").

``p_value`` is the p-value of "significantly worse **and** widening" used to list gaps while
controlling for how many are tested (:func:`indicators.stats.worse_and_widening`): the larger
of the two p-values (an intersection–union test), the latest gap's two-sided p-value when it
is on the worse side (1 otherwise) and the χ² p-value of the size trend when it is "widening"
(1 otherwise). It is NaN when the gap could not be tested.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, TypeAlias

import numpy as np
from scipy import stats as sps

from ._common import NAN, Z95_INPUT, ArrayLike, FloatArray, Polarity, check_polarity
from .trend import POINTS, fit_recent_trend, series_arrays

__all__ = ["GapDirection", "GapLabel", "gap_direction"]

GapLabel: TypeAlias = Literal[
    "widening",
    "narrowing",
    "changed_sign",
    "no_significant_change",
    "not_enough_data",
    "not_tested",
]
#: Labels for which the size of the gap was tested.
TESTED_LABELS: tuple[str, ...] = ("widening", "narrowing", "changed_sign", "no_significant_change")


class GapDirection(NamedTuple):
    """Result of :func:`gap_direction`.

    ``label`` and ``worse`` as the module docstring; ``latest`` is the latest gap (NaN if
    none); ``size_change`` is |latest gap| − |gap four periods before it| over the five periods
    judged (NaN with fewer than five); ``chi2`` is the χ² of the size trend (NaN when it was
    not calculated); ``p_value`` is the p-value of "worse and widening" (NaN when untested).
    """

    label: GapLabel
    worse: bool | None
    latest: float
    size_change: float
    chi2: float
    p_value: float


def _worse(latest: float, lower: float, upper: float, polarity: Polarity) -> bool | None:
    if polarity == "neither" or math.isnan(lower) or math.isnan(upper) or math.isnan(latest):
        return None
    if polarity == "higher_is_better":
        return bool(upper < 0)
    return bool(lower > 0)


def _p_worse(latest: float, lower: float, upper: float, worse: bool | None) -> float:
    """Two-sided p-value of the latest gap on its worse side, from the half of its interval
    between the estimate and 0 (so p < 0.05 exactly when the interval excludes 0)."""
    if worse is None:
        return NAN
    if not worse:
        return 1.0
    half_width = latest - lower if latest > 0 else upper - latest
    if half_width <= 0:
        return 1.0
    z = abs(latest) / (half_width / Z95_INPUT)
    return float(2.0 * sps.norm.sf(z))


def _size_label(
    gaps: FloatArray, lower: FloatArray, upper: FloatArray
) -> tuple[GapLabel, float, float]:
    """Label, χ² and p-value of widening for five gaps with limits on one side of 0."""
    if np.any(gaps > 0) and np.any(gaps < 0):
        return "changed_sign", NAN, 1.0
    if np.any(gaps < 0):
        gaps, lower, upper = -gaps, -upper, -lower
    fit = fit_recent_trend(gaps, lower, upper, zero_breaks_sign=True)
    if not fit.significant:
        return "no_significant_change", fit.chi2, 1.0
    if fit.slope > 0:
        return "widening", fit.chi2, float(sps.chi2.sf(fit.chi2, 1))
    return "narrowing", fit.chi2, 1.0


def gap_direction(
    gaps: ArrayLike, lower: ArrayLike, upper: ArrayLike, *, polarity: Polarity
) -> GapDirection:
    """Whether a group's gap to its reference group is widening, and whether it is worse.

    Parameters
    ----------
    gaps:
        The group's gap to its reference group (group − reference), one per period, oldest
        first; NaN for a period without a gap (it is skipped).
    lower, upper:
        That gap's 95% limits (NaN where unknown), e.g. ``difference_lower`` and
        ``difference_upper`` from :func:`indicators.stats.gaps_frame`.
    polarity:
        The indicator's: "higher_is_better", "lower_is_better" or "neither".

    Returns
    -------
    GapDirection(label, worse, latest, size_change, chi2, p_value)
        See the module docstring for the rule.

    Raises ValueError when the arrays differ in length, a lower limit is above its upper
    limit, or the polarity is unknown.

    Examples
    --------
    Gaps −6, −4, −2, 0, +2 (lower is better) with limits ±1: "changed_sign" (the size fell
    from 6 to 2, ``size_change`` −4); the latest gap, +2 (1 to 3), is significantly worse.
    Gaps −2, −3, −4, −5, −6 (higher is better, so the group is worse) with limits ±1: each
    standard error is 2/3.92 = 1/1.96, the size 2, 3, 4, 5, 6 rises by 1 a period with slope
    standard error (1/1.96)/√10, so χ² = 10 × 1.96² = 38.42 > 9.55: "widening", ``worse``
    True, ``size_change`` 4. The same gaps in the opposite order: "narrowing".
    """
    check_polarity(polarity)
    g, lo, up = series_arrays(gaps, lower, upper)
    has_gap = np.isfinite(g)
    g, lo, up = g[has_gap][-POINTS:], lo[has_gap][-POINTS:], up[has_gap][-POINTS:]
    latest = float(g[-1]) if g.size else NAN
    worse = _worse(latest, float(lo[-1]), float(up[-1]), polarity) if g.size else None
    if g.size < POINTS:
        return GapDirection("not_enough_data", worse, latest, NAN, NAN, NAN)
    size_change = float(abs(g[-1]) - abs(g[0]))
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(up))):
        return GapDirection("not_tested", worse, latest, size_change, NAN, NAN)
    label, chi2, p_widening = _size_label(g, lo, up)
    p_worse = _p_worse(latest, float(lo[-1]), float(up[-1]), worse)
    p_value = NAN if math.isnan(p_worse) else max(p_worse, p_widening)
    return GapDirection(label, worse, latest, size_change, chi2, p_value)
