"""The measures' names, HEAT's thresholds, and the result dict every measure is written into."""

from __future__ import annotations

import numpy as np

from .._common import NAN

#: Every measure other than the ordered-only ones, in output order. D, R, PAR and PAF are
#: computed for every dimension; those in :data:`NON_ORDERED_MEASURES` only for non-ordered ones.
MEASURES: tuple[str, ...] = ("d", "r", "par", "paf", "bgv", "ti", "mld", "idisw", "mdmw")
#: Measures healthequal applies to non-ordered dimensions only (NaN for an ordered one): they
#: ignore the order of the groups, so for ordered groups the SII, RII, ACI and RCI are used.
NON_ORDERED_MEASURES: tuple[str, ...] = ("bgv", "ti", "mld", "idisw", "mdmw")
#: Measures computed only for ordered dimensions (NaN otherwise).
ORDERED_MEASURES: tuple[str, ...] = ("sii", "rii", "aci", "rci")

#: A measure is NaN unless at least this share of groups has an estimate (HEAT's 85% rule).
MINIMUM_SHARE_WITH_DATA = 0.85
#: healthequal replaces a zero estimate by this before taking logs (TI, MLD).
ZERO_ESTIMATE = 0.000001
#: Simulations and seed for the IDISW and MDMW intervals.
SIMULATIONS = 1000
SIMULATION_SEED = 123456


def empty_result() -> dict[str, float]:
    result: dict[str, float] = {}
    for name in MEASURES + ORDERED_MEASURES:
        result[name] = NAN
        result[f"{name}_lower"] = NAN
        result[f"{name}_upper"] = NAN
    return result


def put(result: dict[str, float], name: str, value: float, lower: float, upper: float) -> None:
    result[name] = float(value)
    result[f"{name}_lower"] = float(lower)
    result[f"{name}_upper"] = float(upper)


def symmetric(result: dict[str, float], name: str, value: float, se: float, z: float) -> None:
    put(result, name, value, value - z * se, value + z * se)


def check_position(position: int | None, size: int, label: str) -> None:
    if position is None:
        return
    if isinstance(position, bool) or not isinstance(position, int | np.integer):
        raise ValueError(f"{label} must be a position (0-based index) or None")
    if not 0 <= int(position) < size:
        raise ValueError(f"{label} position {position} is outside 0..{size - 1}")
