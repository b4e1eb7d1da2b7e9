"""All the summary measures of inequality in one call (:func:`summary_measures`)."""

from __future__ import annotations

import numpy as np

from .._common import ArrayLike, check_confidence, to_array, z_value
from .across_groups import bgv_ti_mld, mean_differences, par_paf
from .ordered import aci_rci, sii_rii_heat
from .pairs import default_pair, difference_and_ratio
from .results import MINIMUM_SHARE_WITH_DATA, check_position, empty_result


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
    check_position(reference, size, "reference")
    check_position(comparison, size, "comparison")
    if reference is not None and comparison is not None and reference == comparison:
        raise ValueError("reference and comparison must be different groups")

    result = empty_result()
    available = np.isfinite(est_all) & np.isfinite(pop_all) & (pop_all > 0)
    count = int(available.sum())
    if size == 0 or count / size < MINIMUM_SHARE_WITH_DATA or count < 2:
        return result

    pair = default_pair(
        est_all,
        available,
        ordered=ordered,
        favourable=favourable,
        reference=reference,
        comparison=comparison,
    )
    difference_and_ratio(result, est_all, se_all, pair, available, z)

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
        par_paf(result, est, pop, ref_index, favourable=favourable, scale=float(scale), z=z)
    if not ordered:
        bgv_ti_mld(result, est, se_used, share, z)
        mean_differences(result, est, se_used, share, scale=float(scale), confidence=confidence)
    if ordered:
        sii_rii_heat(result, est, pop, scale=float(scale), z=z)
        aci_rci(result, est, pop, z)
    return result
