"""Summary measures of inequality across all groups, as the WHO Health Equity Assessment Toolkit.

Definitions follow WHO's R package healthequal (WHOequity/healthequal, R/d.R, R/r.R,
R/parisk.R, R/paf.R, R/bgv.R, R/ti.R, R/mld.R, R/idisw.R, R/mdmw.R, R/sii.R, R/rii.R, R/aci.R,
R/rci.R), the package behind HEAT and HEAT Plus, and Schlotheuber & Hosseinpoor (2022).

Where healthequal reports an interval on a different scale from its estimate (TI and MLD are
reported × 1000 but their standard errors are not; PAF is a percentage but its standard error
is a fraction), this module puts every interval on its estimate's scale. The Monte Carlo
intervals of IDISW and MDMW recompute the weighted mean in every simulation (healthequal's
IDISW keeps the observed mean) and use a fixed seed, so results are reproducible.

Which measures apply where, as healthequal documents ("Applicability"): D, R, PAR and PAF for
every dimension; BGV, TI, MLD, IDISW and MDMW for non-ordered dimensions only (they ignore the
order of the groups); SII, RII, ACI and RCI for ordered dimensions only.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps
from scipy.special import expit

from ._common import NAN, ArrayLike, FloatArray, check_confidence, to_array, z_value

__all__ = ["MEASURES", "NON_ORDERED_MEASURES", "ORDERED_MEASURES", "summary_measures"]

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


def _empty() -> dict[str, float]:
    result: dict[str, float] = {}
    for name in MEASURES + ORDERED_MEASURES:
        result[name] = NAN
        result[f"{name}_lower"] = NAN
        result[f"{name}_upper"] = NAN
    return result


def _put(result: dict[str, float], name: str, value: float, lower: float, upper: float) -> None:
    result[name] = float(value)
    result[f"{name}_lower"] = float(lower)
    result[f"{name}_upper"] = float(upper)


def _symmetric(result: dict[str, float], name: str, value: float, se: float, z: float) -> None:
    _put(result, name, value, value - z * se, value + z * se)


def _check_position(position: int | None, size: int, label: str) -> None:
    if position is None:
        return
    if isinstance(position, bool) or not isinstance(position, int | np.integer):
        raise ValueError(f"{label} must be a position (0-based index) or None")
    if not 0 <= int(position) < size:
        raise ValueError(f"{label} position {position} is outside 0..{size - 1}")


def _default_pair(
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


def _difference_and_ratio(
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
    _symmetric(result, "d", d, math.hypot(s1, s2), z)
    if y2 == 0:
        return
    r = y1 / y2
    lower = upper = NAN
    if r > 0 and math.isfinite(s1) and math.isfinite(s2):
        # healthequal r.R (Ahn et al. 2018): SE(R) by the delta method, then SE(ln R) = SE(R)/R
        log_se = math.sqrt((s1**2 + r**2 * s2**2) / y2**2) / r
        lower = math.exp(math.log(r) - z * log_se)
        upper = math.exp(math.log(r) + z * log_se)
    _put(result, "r", r, lower, upper)


def _par_paf(
    result: dict[str, float],
    est: FloatArray,
    pop: FloatArray,
    ref_index: int,
    *,
    favourable: bool,
    scale: float,
    z: float,
) -> None:
    total = float(pop.sum())
    mean = float(np.sum(pop / total * est))
    ref_est = float(est[ref_index])
    ref_pop = float(pop[ref_index])
    worse_than_mean = ref_est < mean if favourable else ref_est > mean
    par = 0.0 if worse_than_mean else ref_est - mean
    paf = 0.0 if worse_than_mean else (100.0 * (ref_est - mean) / mean if mean != 0 else NAN)
    # healthequal paf.R / parisk.R: SE of the attributable fraction from the 2×2 table
    c = ref_est / scale * ref_pop
    d = ref_pop - c
    a = mean / scale * total - c
    b = total - a - ref_pop
    n = a + b + c + d
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = (c * n * (a * d * (n - c) + b * c**2)) / ((a + c) ** 3 * (c + d) ** 3)
    se_fraction = math.sqrt(variance) if variance >= 0 else NAN
    _symmetric(result, "par", par, abs(mean) * se_fraction, z)
    _symmetric(result, "paf", paf, 100.0 * se_fraction, z)


def _bgv_ti_mld(
    result: dict[str, float], est: FloatArray, se: FloatArray, share: FloatArray, z: float
) -> None:
    mean = float(np.sum(share * est))
    bgv = float(np.sum(share * (est - mean) ** 2))
    se2 = np.sum(share**2 * se**2 * (est - mean) ** 2)
    s2 = np.sum(share**2 * se**2)
    s4 = np.sum(share**4 * se**4)
    se4 = np.sum(share**2 * (1.0 - share) ** 2 * se**4)
    _symmetric(result, "bgv", bgv, float(np.sqrt(4.0 * se2 + 2.0 * (s2**2 - s4 + se4))), z)

    if np.any(est < 0):
        return  # logs undefined: TI and MLD stay NaN
    nonzero = np.where(est == 0, ZERO_ESTIMATE, est)
    mean_nz = float(np.sum(share * nonzero))
    rj = nonzero / mean_nz
    ti = float(np.sum(share * rj * np.log(rj))) * 1000.0
    prep = np.sum(rj * (1.0 + np.log(rj)) * share)
    ti_se = float(np.sqrt(np.sum((1.0 + np.log(rj) - prep) ** 2 * share**2 * se**2 / mean_nz**2)))
    _symmetric(result, "ti", ti, ti_se * 1000.0, z)
    mld = float(np.sum(share * -np.log(rj))) * 1000.0
    mld_se = float(np.sqrt(np.sum(se**2 * share**2 / mean_nz**2 * (1.0 - 1.0 / rj) ** 2)))
    _symmetric(result, "mld", mld, mld_se * 1000.0, z)


def _mean_differences(
    result: dict[str, float],
    est: FloatArray,
    se: FloatArray,
    share: FloatArray,
    *,
    scale: float,
    confidence: float,
) -> None:
    mean = float(np.sum(share * est))
    mdmw = float(np.sum(share * np.abs(est - mean)))
    idisw = 100.0 * mdmw / mean if mean != 0 else NAN
    lower_idisw = upper_idisw = lower_mdmw = upper_mdmw = NAN
    if np.all(np.isfinite(se)) and np.all(se >= 0):
        # healthequal idisw.R / mdmw.R: simulate every estimate from a normal distribution
        # truncated at 0 (and at 100 for percentages), recompute the measure, take percentiles.
        rng = np.random.default_rng(SIMULATION_SEED)
        ceiling = 100.0 if scale == 100 else np.inf
        spread = np.where(se > 0, se, 1.0)
        low = (0.0 - est) / spread
        high = (ceiling - est) / spread
        draws = sps.truncnorm.rvs(
            low, high, loc=est, scale=spread, size=(SIMULATIONS, est.size), random_state=rng
        )
        draws = np.where(se > 0, draws, est)
        sim_mean = draws @ share
        sim_mdmw = np.sum(share * np.abs(draws - sim_mean[:, None]), axis=1)
        tail = (1.0 - confidence) / 2.0
        lower_mdmw, upper_mdmw = (float(v) for v in np.quantile(sim_mdmw, [tail, 1.0 - tail]))
        with np.errstate(divide="ignore", invalid="ignore"):
            sim_idisw = 100.0 * sim_mdmw / sim_mean
        lower_idisw, upper_idisw = (float(v) for v in np.quantile(sim_idisw, [tail, 1.0 - tail]))
    _put(result, "mdmw", mdmw, lower_mdmw, upper_mdmw)
    _put(result, "idisw", idisw, lower_idisw, upper_idisw)


def _logistic_fit(
    design: FloatArray, successes: FloatArray, trials: FloatArray, weights: FloatArray
) -> FloatArray | None:
    """Quasi-binomial logistic regression by IRLS, as R's glm(cbind(y, n − y) ~ x, weights).

    ``weights`` are the total prior weights (trials × user weights). Returns the coefficients,
    or None if the fit does not converge or a fitted probability reaches 0 or 1.
    """
    observed = successes / trials
    beta: FloatArray = np.zeros(design.shape[1])
    start = np.clip((successes + 0.5) / (trials + 1.0), 1e-6, 1 - 1e-6)
    eta = np.log(start / (1.0 - start))
    for _ in range(100):
        mu = expit(eta)
        variance = mu * (1.0 - mu)
        if np.any(variance <= 1e-12):
            return None
        working = weights * variance
        response = eta + (observed - mu) / variance
        information = design.T @ (working[:, None] * design)
        new_beta: FloatArray = np.asarray(
            np.linalg.solve(information, design.T @ (working * response)), dtype=np.float64
        )
        eta = design @ new_beta
        if np.max(np.abs(new_beta - beta)) < 1e-12 * (1.0 + np.max(np.abs(new_beta))):
            return new_beta
        beta = new_beta
    return None


def _sii_rii_heat(
    result: dict[str, float],
    est: FloatArray,
    pop: FloatArray,
    *,
    scale: float,
    z: float,
) -> None:
    if np.unique(est).size == 1:
        return  # healthequal: "all estimates have the same value"
    trials = np.ceil(pop)
    successes = np.round(est / scale * trials)  # numpy and R both round half to even
    if np.any(successes < 0) or np.any(successes > trials) or np.any(trials <= 0):
        return
    rank = (np.cumsum(trials) - trials / 2.0) / trials.sum()
    design = np.column_stack([np.ones_like(rank), rank])
    # glm(cbind(y, ny) ~ rank, weights = pop): binomial weights (trials) × prior weights (pop)
    weights = trials * trials
    beta = _logistic_fit(design, successes, trials, weights)
    if beta is None:
        return
    mu = expit(design @ beta)
    bread = np.linalg.inv(design.T @ ((weights * mu * (1.0 - mu))[:, None] * design))
    scores = (weights * (successes / trials - mu))[:, None] * design
    n, k = design.shape
    if n <= k:
        return
    covariance = n / (n - k) * bread @ (scores.T @ scores) @ bread  # sandwich HC1
    p1 = float(expit(beta[0] + beta[1]))
    p0 = float(expit(beta[0]))
    sii_gradient = np.array([p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)])
    sii = p1 - p0
    sii_se = float(np.sqrt(sii_gradient @ covariance @ sii_gradient))
    _put(result, "sii", sii * scale, (sii - z * sii_se) * scale, (sii + z * sii_se) * scale)
    log_rii = math.log(p1 / p0)
    rii_gradient = np.array([(1 - p1) - (1 - p0), 1 - p1])
    rii_se = float(np.sqrt(rii_gradient @ covariance @ rii_gradient))
    _put(
        result,
        "rii",
        math.exp(log_rii),
        math.exp(log_rii - z * rii_se),
        math.exp(log_rii + z * rii_se),
    )


def _aci_rci(result: dict[str, float], est: FloatArray, pop: FloatArray, z: float) -> None:
    total = float(pop.sum())
    mean = float(np.sum(pop * est) / total)
    if mean == 0:
        return
    rank = (np.cumsum(pop) - pop / 2.0) / total
    sigma = float(np.sum(pop / total * (rank - 0.5) ** 2))
    root = np.sqrt(pop)
    # the "convenient regression" (healthequal aci.R): 2σ²·y·√w on rank·√w and √w, no intercept
    response = 2.0 * sigma * est * root
    design = np.column_stack([rank * root, root])
    coefficients, _, _, _ = np.linalg.lstsq(design, response, rcond=None)
    residuals = response - design @ coefficients
    n, k = design.shape
    if n <= k:
        return
    dispersion = float(residuals @ residuals) / (n - k)
    covariance = dispersion * np.linalg.inv(design.T @ design)
    aci = float(coefficients[0])
    aci_se = float(np.sqrt(covariance[0, 0]))
    _symmetric(result, "aci", aci, aci_se, z)
    _symmetric(result, "rci", aci / mean, aci_se / abs(mean), z)


def summary_measures(
    estimate: ArrayLike,
    se: ArrayLike | None,
    population: ArrayLike,
    *,
    ordered: bool,
    favourable: bool,
    reference: int | None = None,
    comparison: int | None = None,
    scale: float = 100,
    confidence: float = 0.95,
) -> dict[str, float]:
    """Summary measures of inequality between groups, by the WHO HEAT definitions.

    Parameters
    ----------
    estimate, se, population:
        One entry per group, in order — most disadvantaged first when ``ordered``. ``se`` are
        standard errors of the estimates (None or NaN where unknown: the affected intervals are
        NaN). Populations weight the groups.
    ordered:
        True for an ordered dimension (deprivation or income quintiles); adds SII, RII, ACI, RCI.
    favourable:
        True when a higher value is better (coverage), False when it is worse (mortality).
    reference, comparison:
        0-based positions of the groups for D = comparison − reference and R = comparison /
        reference. Defaults, as HEAT: with neither, an ordered dimension compares its two ends
        (reference = the disadvantaged end for a favourable indicator, the advantaged end for an
        adverse one; NaN if an end has no data) and an unordered one compares the highest with
        the lowest value (reference = lowest). With only ``reference``, the reference is
        compared with the worst other group as healthequal does, so that D > 0 and R > 1 when
        the reference is better off: D = reference − lowest other (favourable) or highest
        other − reference (adverse). With only ``comparison``, the reference is the best other
        group.
    scale:
        The indicator's scale: 100 for percentages, 1000 for a rate per 1,000, 1 for fractions.
    confidence:
        Confidence of every interval.

    Returns
    -------
    dict
        Keys ``d r par paf bgv ti mld idisw mdmw sii rii aci rci``, each with ``_lower`` and
        ``_upper``; NaN where a measure or interval is undefined (SII, RII, ACI and RCI are NaN
        for an unordered dimension, and BGV, TI, MLD, IDISW and MDMW are NaN for an ordered
        one, as healthequal restricts them). Units: D, PAR, BGV, MDMW, SII and ACI in the
        indicator's units (BGV squared); R, RII ratios; PAF and IDISW percentages; TI and
        MLD × 1000; RCI a fraction. Every interval is on the same scale as its estimate.
        Groups without an estimate or population are left out; every measure is NaN when
        fewer than 85% of groups have data, and all but D and R need at least three groups
        with data.

    Methods (healthequal)
    ---------------------
    * D, R: with SE(D) = √(se₁² + se₂²); R's interval on the log scale with
      SE(ln R) = √(se₁² + R²·se₂²) / |y₂| / R.
    * PAR = y_ref − μ, PAF = 100·PAR/μ, with μ the population-weighted mean and y_ref the most
      advantaged (last) group when ordered (NaN if it has no data), otherwise the
      best-performing group; both 0 when the reference is worse than the mean.
      SE(PAF fraction) from the 2×2 table formula (Walter 1978); SE(PAF %) = 100 × that;
      SE(PAR) = μ × that.
    * BGV = Σpⱼ(yⱼ − μ)², SE as Ahn et al. (2018).
    * TI = Σpⱼrⱼ ln rⱼ × 1000, MLD = Σpⱼ(−ln rⱼ) × 1000 with rⱼ = yⱼ/μ (zero estimates replaced
      by 10⁻⁶); SEs by the delta method, also × 1000.
    * IDISW = 100·Σpⱼ|yⱼ − μ|/μ, MDMW = Σpⱼ|yⱼ − μ|; intervals from 1,000 simulations of
      truncated-normal estimates (seed 123456).
    * SII, RII: quasi-binomial logistic regression of round(y/scale × ⌈pop⌉) successes out of
      ⌈pop⌉ on the ridit, with prior weights ⌈pop⌉ (so each group's effective weight is
      population²); SII = (p̂(1) − p̂(0)) × scale, RII = p̂(1)/p̂(0); delta-method SEs from the HC1
      sandwich covariance; RII's interval on the log scale.
    * ACI from the convenient regression with its OLS standard error; RCI = ACI / μ.

    Raises ValueError for negative populations or standard errors, a non-positive scale,
    arrays of different lengths, or a reference/comparison position outside the groups or equal
    to each other.

    References
    ----------
    WHO (2024) healthequal: Health Equity Assessment Toolkit measures (R package).
    Schlotheuber A, Hosseinpoor AR (2022) Int J Environ Res Public Health 19:3697.
    Ahn J et al. (2018) JCO Clin Cancer Inform 2:1-19. Walter SD (1978) Int J Epidemiol 7:175.
    """
    check_confidence(confidence)
    z = z_value(confidence)
    est_all = to_array(estimate, "estimate")
    pop_all = to_array(population, "population")
    se_all = np.full_like(est_all, np.nan) if se is None else to_array(se, "se")
    if not est_all.shape == pop_all.shape == se_all.shape:
        raise ValueError("estimate, se and population must have the same length")
    if np.any(pop_all < 0):
        raise ValueError("populations must not be negative")
    if np.any(se_all < 0):
        raise ValueError("standard errors must not be negative")
    if not (isinstance(scale, int | float) and scale > 0):
        raise ValueError("scale must be a positive number")
    size = est_all.size
    _check_position(reference, size, "reference")
    _check_position(comparison, size, "comparison")
    if reference is not None and comparison is not None and reference == comparison:
        raise ValueError("reference and comparison must be different groups")

    result = _empty()
    available = np.isfinite(est_all) & np.isfinite(pop_all) & (pop_all > 0)
    count = int(available.sum())
    if size == 0 or count / size < MINIMUM_SHARE_WITH_DATA or count < 2:
        return result

    pair = _default_pair(
        est_all,
        available,
        ordered=ordered,
        favourable=favourable,
        reference=reference,
        comparison=comparison,
    )
    _difference_and_ratio(result, est_all, se_all, pair, available, z)

    if count < 3:
        return result
    est = est_all[available]
    pop = pop_all[available]
    se_used = se_all[available]
    share = pop / pop.sum()

    if ordered:
        # the most advantaged group is the last one; without data for it there is no PAR/PAF
        ref_index = est.size - 1 if available[-1] else None
    else:
        ref_index = int(np.argmax(est)) if favourable else int(np.argmin(est))
    if ref_index is not None:
        _par_paf(result, est, pop, ref_index, favourable=favourable, scale=float(scale), z=z)
    if not ordered:
        _bgv_ti_mld(result, est, se_used, share, z)
        _mean_differences(result, est, se_used, share, scale=float(scale), confidence=confidence)
    if ordered:
        _sii_rii_heat(result, est, pop, scale=float(scale), z=z)
        _aci_rci(result, est, pop, z)
    return result
