"""Slope and relative index of inequality by the OHID/PHE method (PHEindicatormethods ``phe_sii``).

The method (Low & Low 2004, as implemented in ukhsa-collaboration/PHEindicatormethods,
R/SII_function.R and ``SimulationFunc`` in R/utils.R):

1. Order the quantiles from 1 (most deprived) upwards. Each quantile's population share is
   ``a``; its relative rank ``b`` is the mid-point of its band in the cumulative population
   (``b₁ = a₁/2``, ``b₂ = a₁ + a₂/2``, …).
2. Fit ``y·√a = β₀·√a + β₁·b·√a`` by least squares with no free intercept (a population-weighted
   regression of the value on the rank). The SII is ``β₁`` (the fitted difference between rank
   1 and rank 0) and the RII is ``(β₀ + β₁) / β₀`` (fitted value at rank 1 over rank 0).
3. Confidence limits by simulation: draw every quantile's value from a normal distribution
   with its standard error — on the log scale for rates and the logit scale for proportions,
   then back-transformed — refit the regression for every draw and read the limits off the
   sorted simulated SIIs (and RIIs) at 1-based positions ``round(R(1 − c)/2)`` and
   ``round(R(1 + c)/2)``.

With ``transform=True`` (PHEindicatormethods ``transform = TRUE``, for rates and proportions
whose relation to the rank is not linear) the regression is fitted to the log (rates) or logit
(proportions) values and then back-transformed, so the SII is in the indicator's own units:
with g the log or logit and b₀, b₁ the fitted intercept and slope on that scale,

    SII = (g⁻¹(b₀ + b₁) − g⁻¹(b₀)) × multiplier,    RII = g⁻¹(b₀ + b₁) / g⁻¹(b₀).

The limits follow PHE's R code: the simulated slopes (on the transformed scale) give lower and
upper slopes s; each is pivoted about the fitted value at rank ½, m = b₀ + b₁/2, and
back-transformed, SII limit = (g⁻¹(m + s/2) − g⁻¹(m − s/2)) × multiplier and RII limit =
g⁻¹(m + s/2) / g⁻¹(m − s/2).

A negative ``multiplier`` flips the SII's sign and inverts the RII, to show an adverse
indicator the "right way up".
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, TypeAlias

import numpy as np

from ._common import (
    NAN,
    ArrayLike,
    FloatArray,
    check_confidence,
    se_from_limits,
    to_array,
)

__all__ = ["SII", "ValueType", "sii_rii"]

ValueType: TypeAlias = Literal["rate", "proportion", "other"]

#: PHEindicatormethods refuses fewer than 5 or more than 100 quantiles.
MIN_QUANTILES = 5
MAX_QUANTILES = 100
#: PHEindicatormethods refuses fewer than 1,000 simulations.
MIN_REPETITIONS = 1000


class SII(NamedTuple):
    """Slope index of inequality and relative index of inequality with their limits."""

    sii: float
    sii_lower: float
    sii_upper: float
    rii: float
    rii_lower: float
    rii_upper: float


_NAN_SII = SII(NAN, NAN, NAN, NAN, NAN, NAN)


def _to_scale(values: FloatArray, value_type: ValueType) -> FloatArray:
    """Transform to the sampling scale: log for rates, logit for proportions, none otherwise."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if value_type == "rate":
            result: FloatArray = np.log(values)
        elif value_type == "proportion":
            result = np.log(values / (1.0 - values))
        else:
            result = values.copy()
    return result


def _from_scale(values: FloatArray, value_type: ValueType) -> FloatArray:
    """Inverse of :func:`_to_scale`."""
    if value_type == "rate":
        result: FloatArray = np.exp(values)
    elif value_type == "proportion":
        result = 1.0 / (1.0 + np.exp(-values))
    else:
        result = values
    return result


def _validate(
    value_type: str,
    population: FloatArray,
    value: FloatArray,
    lower: FloatArray | None,
    upper: FloatArray | None,
    se: FloatArray | None,
    repetitions: int,
) -> None:
    if value_type not in ("rate", "proportion", "other"):
        raise ValueError(f"value_type must be 'rate', 'proportion' or 'other'; got {value_type!r}")
    if isinstance(repetitions, bool) or not isinstance(repetitions, int):
        raise ValueError("repetitions must be a whole number")
    if repetitions < MIN_REPETITIONS:
        raise ValueError(f"repetitions must be at least {MIN_REPETITIONS}")
    if se is None and (lower is None or upper is None):
        raise ValueError("give either se, or both lower and upper (95% limits)")
    if np.any(population < 0):
        raise ValueError("populations must not be negative")
    if se is not None and np.any(se < 0):
        raise ValueError("standard errors must not be negative")
    if lower is not None and upper is not None and np.any(lower > upper):
        raise ValueError("a lower confidence limit is above its upper limit")
    checked = [value] + [arr for arr in (lower, upper) if arr is not None]
    if value_type == "rate" and any(np.any(arr < 0) for arr in checked):
        raise ValueError("rates and their limits must not be negative")
    if value_type == "proportion" and any(np.any((arr < 0) | (arr > 1)) for arr in checked):
        raise ValueError("proportions and their limits must be fractions between 0 and 1")


def _sorted_slopes(draws: FloatArray, sqrt_a: FloatArray, solver: FloatArray) -> FloatArray:
    """The slope of the weighted regression for every simulated set of values, sorted."""
    params = (draws * sqrt_a) @ solver.T  # repetitions × 2
    return np.sort(params[:, 1])


def _back_transformed(
    coefficients: FloatArray,
    sorted_slopes: FloatArray,
    value_type: ValueType,
    *,
    multiplier: float,
    confidence: float,
) -> SII:
    """SII and RII of a regression on log/logit values, in the indicator's units (PHE).

    ``coefficients`` are the fitted intercept and slope on the transformed scale and
    ``sorted_slopes`` the simulated slopes on that scale. See the module docstring.
    """
    intercept, slope = (float(c) for c in coefficients)
    middle = intercept + slope / 2.0
    tail = (1.0 - confidence) / 2.0
    repetitions = sorted_slopes.size
    slopes = [slope] + [float(sorted_slopes[_position(repetitions, f)]) for f in (tail, 1.0 - tail)]
    ends = [
        (
            _from_scale(np.array([middle - s / 2.0]), value_type)[0],
            _from_scale(np.array([middle + s / 2.0]), value_type)[0],
        )
        for s in slopes
    ]
    sii = [float(multiplier * (high - low)) for low, high in ends]
    rii = [float(high / low) if low != 0 else NAN for low, high in ends]
    if multiplier < 0:
        # the lower and upper slopes swap places, and the RII is inverted (PHE)
        sii = [sii[0], sii[2], sii[1]]
        rii = [1.0 / r if r != 0 else NAN for r in (rii[0], rii[2], rii[1])]
    return SII(sii[0], sii[1], sii[2], rii[0], rii[1], rii[2])


def _position(repetitions: int, fraction: float) -> int:
    """0-based index of the 1-based position round(R × fraction), kept inside the draws."""
    one_based = round(repetitions * fraction)  # Python rounds half to even, as R's round()
    return min(max(one_based, 1), repetitions) - 1


def sii_rii(
    quantile: ArrayLike,
    population: ArrayLike,
    value: ArrayLike,
    *,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    se: ArrayLike | None = None,
    value_type: ValueType = "other",
    transform: bool = False,
    multiplier: float = 1,
    confidence: float = 0.95,
    repetitions: int = 100_000,
    seed: int | None = None,
    input_confidence: float = 0.95,
) -> SII:
    """Slope index (SII) and relative index (RII) of inequality, OHID/PHE method.

    Parameters
    ----------
    quantile:
        Quantile labels (numbers); 1 is the most deprived, higher numbers less deprived. The
        rows may come in any order; they are sorted by this label. Labels must be unique.
    population:
        Population of each quantile (the regression weights).
    value:
        The indicator value in each quantile. For ``value_type="proportion"`` a fraction in
        [0, 1]; for ``"rate"`` a non-negative rate.
    lower, upper:
        Confidence limits of each value (95% unless ``input_confidence`` says otherwise), used
        when ``se`` is not given. The standard error is ``(T(upper) − T(lower)) / (2 × z)``
        with T the log (rates), logit (proportions) or identity (other) and z = 1.959964 for
        95% limits.
    se:
        Standard errors, on the log scale for rates and the logit scale for proportions.
    value_type:
        "rate", "proportion" or "other" (normal on the natural scale).
    transform:
        If True (rates and proportions), the regression is fitted to the log (rates) or logit
        (proportions) values and back-transformed, PHEindicatormethods' ``transform = TRUE``:
        ``SII = (g⁻¹(b₀ + b₁) − g⁻¹(b₀)) × multiplier`` in the indicator's units and
        ``RII = g⁻¹(b₀ + b₁) / g⁻¹(b₀)``; limits as the module docstring. Ignored for
        "other".
    multiplier:
        Scales the SII and its limits (e.g. 100 to express a proportion as percentage points).
        A negative multiplier flips the SII and inverts the RII.
    confidence:
        Confidence of the simulated limits (a fraction).
    repetitions:
        Number of simulations (at least 1,000; PHE's default is 100,000).
    seed:
        Seed for numpy's default generator; the same seed gives the same limits.
    input_confidence:
        Confidence of ``lower`` and ``upper`` (0.95 unless the publisher says otherwise).

    Returns
    -------
    SII(sii, sii_lower, sii_upper, rii, rii_lower, rii_upper)
        All NaN when any quantile has a missing value, limit, standard error or population, a
        population of 0, a value the log/logit cannot take (0 for a rate, 0 or 1 for a
        proportion), or when there are fewer than 5 or more than 100 quantiles (the range
        PHEindicatormethods accepts).

    Raises
    ------
    ValueError
        For negative populations or standard errors, rates below 0, proportions outside [0, 1],
        lower limits above upper limits, duplicate quantiles, arrays of different lengths,
        neither ``se`` nor both limits, or fewer than 1,000 repetitions.

    References
    ----------
    Low A, Low A (2004) Measuring the gap: quantifying and comparing local health inequalities.
    J Public Health 26:388-395. PHEindicatormethods ``phe_sii``.
    """
    check_confidence(confidence)
    q = to_array(quantile, "quantile")
    pop = to_array(population, "population")
    val = to_array(value, "value")
    lo = None if lower is None else to_array(lower, "lower")
    up = None if upper is None else to_array(upper, "upper")
    se_in = None if se is None else to_array(se, "se")
    lengths = {arr.size for arr in (q, pop, val, lo, up, se_in) if arr is not None}
    if len(lengths) != 1:
        raise ValueError("quantile, population, value and limits must have the same length")
    _validate(value_type, pop, val, lo, up, se_in, repetitions)
    if np.unique(q[~np.isnan(q)]).size != np.count_nonzero(~np.isnan(q)):
        raise ValueError("quantile labels must be unique")

    k = q.size
    if not MIN_QUANTILES <= k <= MAX_QUANTILES:
        return _NAN_SII

    order = np.argsort(q, kind="stable")
    q, pop, val = q[order], pop[order], val[order]
    lo = None if lo is None else lo[order]
    up = None if up is None else up[order]
    se_in = None if se_in is None else se_in[order]

    centre = _to_scale(val, value_type)
    if se_in is not None:
        spread = se_in
    else:
        assert lo is not None
        assert up is not None
        spread = se_from_limits(
            _to_scale(lo, value_type), _to_scale(up, value_type), input_confidence
        )
    if not (
        np.all(np.isfinite(q))
        and np.all(np.isfinite(pop))
        and np.all(pop > 0)
        and np.all(np.isfinite(centre))
        and np.all(np.isfinite(spread))
    ):
        return _NAN_SII

    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2.0
    sqrt_a = np.sqrt(share)
    design = np.column_stack([sqrt_a, rank * sqrt_a])  # k × 2
    solver = np.linalg.solve(design.T @ design, design.T)  # 2 × k: (XᵀX)⁻¹Xᵀ

    rng = np.random.default_rng(seed)
    draws = rng.normal(loc=centre, scale=spread, size=(repetitions, k))
    if transform and value_type != "other":
        return _back_transformed(
            solver @ (centre * sqrt_a),
            _sorted_slopes(draws, sqrt_a, solver),
            value_type,
            multiplier=multiplier,
            confidence=confidence,
        )

    intercept, slope = solver @ (val * sqrt_a)
    sii = multiplier * float(slope)
    rii = float((intercept + slope) / intercept) if intercept != 0 else NAN
    if multiplier < 0:
        rii = 1.0 / rii if rii != 0 else NAN

    draws = _from_scale(draws, value_type)
    params = (draws * sqrt_a) @ solver.T  # repetitions × 2
    sim_intercept, sim_slope = params[:, 0], params[:, 1]
    sim_sii = np.sort(multiplier * sim_slope)
    with np.errstate(divide="ignore", invalid="ignore"):
        sim_rii = (sim_intercept + sim_slope) / sim_intercept
        if multiplier < 0:
            sim_rii = 1.0 / sim_rii
    sim_rii = np.sort(sim_rii)

    tail = (1.0 - confidence) / 2.0
    low_pos = _position(repetitions, tail)
    high_pos = _position(repetitions, 1.0 - tail)
    return SII(
        sii,
        float(sim_sii[low_pos]),
        float(sim_sii[high_pos]),
        rii if math.isfinite(rii) else NAN,
        float(sim_rii[low_pos]),
        float(sim_rii[high_pos]),
    )
