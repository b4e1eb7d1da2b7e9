"""Measures for ordered groups: SII and RII (HEAT's logistic regression), ACI and RCI."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import expit

from .._common import FloatArray
from .results import put, symmetric


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


def sii_rii_heat(
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
    put(result, "sii", sii * scale, (sii - z * sii_se) * scale, (sii + z * sii_se) * scale)
    log_rii = math.log(p1 / p0)
    rii_gradient = np.array([(1 - p1) - (1 - p0), 1 - p1])
    rii_se = float(np.sqrt(rii_gradient @ covariance @ rii_gradient))
    put(
        result,
        "rii",
        math.exp(log_rii),
        math.exp(log_rii - z * rii_se),
        math.exp(log_rii + z * rii_se),
    )


def aci_rci(result: dict[str, float], est: FloatArray, pop: FloatArray, z: float) -> None:
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
    symmetric(result, "aci", aci, aci_se, z)
    symmetric(result, "rci", aci / mean, aci_se / abs(mean), z)
