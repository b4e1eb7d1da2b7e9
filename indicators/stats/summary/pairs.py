"""The two groups compared (HEAT's defaults) and their difference D and ratio R."""

from __future__ import annotations

import math

import numpy as np

from .._common import NAN, FloatArray
from .results import put, symmetric


def default_pair(
    est: FloatArray,
    available: np.ndarray,
    *,
    ordered: bool,
    favourable: bool,
    reference: int | None,
    comparison: int | None,
) -> tuple[int, int] | None:
    """Positions (reference, comparison) for D and R, defaulting as HEAT does."""
    positions = np.flatnonzero(available)
    if reference is not None and comparison is not None:
        return int(reference), int(comparison)
    if positions.size < 2:
        return None

    def extreme(candidates: np.ndarray, highest: bool) -> int:
        values = est[candidates]
        index = int(np.argmax(values)) if highest else int(np.argmin(values))
        return int(candidates[index])

    if reference is None and comparison is None:
        if ordered:
            # the two ends of the order; if an end has no data, D and R are not computed
            first, last = 0, est.size - 1
            return (first, last) if favourable else (last, first)
        lowest, highest = extreme(positions, highest=False), extreme(positions, highest=True)
        if lowest == highest:  # every value equal: any two groups give D = 0, R = 1
            lowest, highest = int(positions[0]), int(positions[1])
        return lowest, highest
    if reference is not None:
        others = positions[positions != reference]
        if others.size == 0:
            return None
        # healthequal d.R / r.R: the worst other group, oriented so that D > 0 (R > 1) when the
        # reference is better off: favourable, D = reference − lowest other; adverse, D =
        # highest other − reference. Returned as (subtracted group, other group).
        worst = extreme(others, highest=not favourable)
        return (worst, int(reference)) if favourable else (int(reference), worst)
    assert comparison is not None
    others = positions[positions != comparison]
    if others.size == 0:
        return None
    # the best other group: highest for a favourable indicator, lowest for an adverse one
    return extreme(others, highest=favourable), int(comparison)


def difference_and_ratio(
    result: dict[str, float],
    est: FloatArray,
    se: FloatArray,
    pair: tuple[int, int] | None,
    available: np.ndarray,
    z: float,
) -> None:
    if pair is None:
        return
    ref, comp = pair
    if ref == comp or not (available[ref] and available[comp]):
        return
    y1, y2 = float(est[comp]), float(est[ref])
    s1, s2 = float(se[comp]), float(se[ref])
    d = y1 - y2
    symmetric(result, "d", d, math.hypot(s1, s2), z)
    if y2 == 0:
        return
    r = y1 / y2
    lower = upper = NAN
    if r > 0 and math.isfinite(s1) and math.isfinite(s2):
        # healthequal r.R (Ahn et al. 2018): SE(R) by the delta method, then SE(ln R) = SE(R)/R
        log_se = math.sqrt((s1**2 + r**2 * s2**2) / y2**2) / r
        lower = math.exp(math.log(r) - z * log_se)
        upper = math.exp(math.log(r) + z * log_se)
    put(result, "r", r, lower, upper)
