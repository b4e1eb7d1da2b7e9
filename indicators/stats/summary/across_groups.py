"""Measures over every group: PAR and PAF, BGV, TI and MLD, IDISW and MDMW."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from .._common import NAN, FloatArray
from .results import SIMULATION_SEED, SIMULATIONS, ZERO_ESTIMATE, put, symmetric


def par_paf(
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
    symmetric(result, "par", par, abs(mean) * se_fraction, z)
    symmetric(result, "paf", paf, 100.0 * se_fraction, z)


def bgv_ti_mld(
    result: dict[str, float], est: FloatArray, se: FloatArray, share: FloatArray, z: float
) -> None:
    mean = float(np.sum(share * est))
    bgv = float(np.sum(share * (est - mean) ** 2))
    se2 = np.sum(share**2 * se**2 * (est - mean) ** 2)
    s2 = np.sum(share**2 * se**2)
    s4 = np.sum(share**4 * se**4)
    se4 = np.sum(share**2 * (1.0 - share) ** 2 * se**4)
    symmetric(result, "bgv", bgv, float(np.sqrt(4.0 * se2 + 2.0 * (s2**2 - s4 + se4))), z)

    if np.any(est < 0):
        return  # logs undefined: TI and MLD stay NaN
    nonzero = np.where(est == 0, ZERO_ESTIMATE, est)
    mean_nz = float(np.sum(share * nonzero))
    rj = nonzero / mean_nz
    ti = float(np.sum(share * rj * np.log(rj))) * 1000.0
    prep = np.sum(rj * (1.0 + np.log(rj)) * share)
    ti_se = float(np.sqrt(np.sum((1.0 + np.log(rj) - prep) ** 2 * share**2 * se**2 / mean_nz**2)))
    symmetric(result, "ti", ti, ti_se * 1000.0, z)
    mld = float(np.sum(share * -np.log(rj))) * 1000.0
    mld_se = float(np.sqrt(np.sum(se**2 * share**2 / mean_nz**2 * (1.0 - 1.0 / rj) ** 2)))
    symmetric(result, "mld", mld, mld_se * 1000.0, z)


def mean_differences(
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
    put(result, "mdmw", mdmw, lower_mdmw, upper_mdmw)
    put(result, "idisw", idisw, lower_idisw, upper_idisw)
