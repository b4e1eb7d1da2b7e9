"""Slope and relative index of inequality by the OHID/PHE method (phe_sii).

The point estimates of the untransformed method are worked by hand and its simulated limits
checked against the exact normal distribution the simulation converges to. The transformed
method (``transform=True``) is checked against PHEindicatormethods' own expected values
(tests/testthat/testdata_SII.xlsx in ukhsa-collaboration/PHEindicatormethods; the inputs are
in tests/stats/data, see its README).
"""

import math
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from indicators import stats
from indicators.stats import sii as sii_module

QUINTILES = [1, 2, 3, 4, 5]
# Worked example used throughout: populations 100, 300, 200, 200, 200 (shares a = 0.1, 0.3,
# 0.2, 0.2, 0.2); relative ranks b (mid-points of the cumulative shares) = 0.05, 0.25, 0.5,
# 0.7, 0.9; values 30, 25, 20, 20, 10.
POPULATION = [100, 300, 200, 200, 200]
VALUES = [30.0, 25.0, 20.0, 20.0, 10.0]
# The regression y√a = β₀√a + β₁b√a is least squares weighted by a, so by hand:
#   b̄ = Σab = 0.005 + 0.075 + 0.1 + 0.14 + 0.18 = 0.5;  ȳ = Σay = 3 + 7.5 + 4 + 4 + 2 = 20.5
#   b − b̄ = −0.45, −0.25, 0, 0.2, 0.4;  y − ȳ = 9.5, 4.5, −0.5, −0.5, −10.5
#   Σa(b − b̄)(y − ȳ) = −0.4275 − 0.3375 + 0 − 0.02 − 0.84 = −1.625
#   Σa(b − b̄)² = 0.02025 + 0.01875 + 0 + 0.008 + 0.032 = 0.079
#   SII = β₁ = −1.625/0.079 = −20.569620;  β₀ = 20.5 + 20.569620 × 0.5 = 30.784810
#   RII = (β₀ + β₁)/β₀ = 10.215190/30.784810 = 0.331826
EXPECTED_SII = -1.625 / 0.079
EXPECTED_INTERCEPT = 20.5 - EXPECTED_SII * 0.5
# With every standard error 1 the simulated SIIs are exactly normal, with
#   SD = √(Σa²(b − b̄)²)/0.079 = √(0.002025 + 0.005625 + 0 + 0.0016 + 0.0064)/0.079
#      = √0.01565/0.079 = 0.1251000/0.079 = 1.583544
SIMULATED_SD = math.sqrt(0.01565) / 0.079


def test_point_estimate_matches_hand_worked_regression():
    result = stats.sii_rii(QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=1000, seed=1)
    assert result.sii == pytest.approx(-20.569620, abs=1e-6)
    assert result.rii == pytest.approx(0.331826, abs=1e-6)


def test_values_on_a_straight_line_give_its_slope():
    # Equal populations: ranks 0.1, 0.3, 0.5, 0.7, 0.9; values 10 + 20 × rank = 12, 16, 20, 24,
    # 28 lie on a line, so SII = 20 exactly and RII = (10 + 20)/10 = 3.
    result = stats.sii_rii(
        QUINTILES, [1000] * 5, [12, 16, 20, 24, 28], se=[0.5] * 5, repetitions=1000, seed=1
    )
    assert result.sii == pytest.approx(20.0)
    assert result.rii == pytest.approx(3.0)


def test_simulated_limits_converge_to_the_normal_limits():
    # For value_type "other" the simulated SII is normal: −20.569620 ± 1.959964 × 1.583544
    # = −20.569620 ± 3.103689 → −23.673309 to −17.465931. With 20,000 draws the Monte Carlo
    # error of each limit is about √(0.025 × 0.975/20000)/φ(1.96) × 1.58 ≈ 0.03.
    result = stats.sii_rii(
        QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=20_000, seed=2024
    )
    assert result.sii_lower == pytest.approx(EXPECTED_SII - 1.959964 * SIMULATED_SD, abs=0.15)
    assert result.sii_upper == pytest.approx(EXPECTED_SII + 1.959964 * SIMULATED_SD, abs=0.15)
    assert result.rii_lower < result.rii < result.rii_upper


def _from_limits_and_from_se(
    values: Any, *, lower: Any, upper: Any, se: Any, seed: int, **kw: Any
) -> tuple[Any, Any]:
    """The quintiles' SII and RII simulated from confidence limits and from standard errors,
    5,000 repetitions with the same ``seed`` (``kw``: the value type)."""
    run = partial(stats.sii_rii, QUINTILES, POPULATION, values, repetitions=5000, seed=seed, **kw)
    return run(lower=lower, upper=upper), run(se=se)


def test_standard_error_is_recovered_from_95_percent_limits():
    # Limits ±1.959964 around each value mean SE = 1, so the result equals the se=1 run.
    lower = [v - 1.959964 for v in VALUES]
    upper = [v + 1.959964 for v in VALUES]
    from_limits, from_se = _from_limits_and_from_se(
        VALUES, lower=lower, upper=upper, se=[1.0] * 5, seed=7
    )
    assert from_limits == pytest.approx(from_se)


def test_proportion_limits_are_read_on_the_logit_scale():
    p = np.array([0.30, 0.25, 0.20, 0.20, 0.10])
    logit_se = np.array([0.10, 0.08, 0.09, 0.09, 0.12])
    logit = np.log(p / (1 - p))
    lower = 1 / (1 + np.exp(-(logit - 1.959964 * logit_se)))
    upper = 1 / (1 + np.exp(-(logit + 1.959964 * logit_se)))
    from_limits, from_se = _from_limits_and_from_se(
        p, lower=lower, upper=upper, se=logit_se, value_type="proportion", seed=11
    )
    assert from_limits == pytest.approx(from_se)
    # The point estimate is on the natural scale: the hand-worked SII divided by 100.
    assert from_se.sii == pytest.approx(EXPECTED_SII / 100)


def test_rate_limits_are_read_on_the_log_scale():
    rates = np.array([300.0, 250.0, 200.0, 200.0, 100.0])
    log_se = np.array([0.05, 0.04, 0.05, 0.05, 0.07])
    lower = rates * np.exp(-1.959964 * log_se)
    upper = rates * np.exp(1.959964 * log_se)
    from_limits, from_se = _from_limits_and_from_se(
        rates, lower=lower, upper=upper, se=log_se, value_type="rate", seed=3
    )
    assert from_limits == pytest.approx(from_se)
    assert from_se.sii == pytest.approx(EXPECTED_SII * 10)


def test_transform_back_transforms_to_the_indicators_units():
    # Issue 10, finding 4: with transform=True the SII was returned in log units (−2.056962
    # here). The log values 3, 2.5, 2, 2, 1 are the worked example divided by 10, so the fitted
    # line on the log scale has b₁ = −2.0569620 and b₀ = 3.0784810. Back-transformed:
    #   SII = e^(b₀ + b₁) − e^(b₀) = e^1.0215190 − e^3.0784810 = 2.7774104 − 21.7253767
    #       = −18.9479663 (in rate units)
    #   RII = e^(b₀ + b₁) / e^(b₀) = e^(b₁) = e^−2.0569620 = 0.1278418
    rates = np.exp(np.array([3.0, 2.5, 2.0, 2.0, 1.0]))
    result = stats.sii_rii(
        QUINTILES,
        POPULATION,
        rates,
        se=[0.1] * 5,
        value_type="rate",
        transform=True,
        repetitions=1000,
        seed=5,
    )
    assert result.sii == pytest.approx(math.exp(1.0215190) - math.exp(3.0784810), rel=1e-6)
    assert result.sii == pytest.approx(-18.9479663, rel=1e-6)
    assert result.rii == pytest.approx(0.1278418, rel=1e-6)
    assert result.sii_lower < result.sii < result.sii_upper
    assert result.rii_lower < result.rii < result.rii_upper


DATA = Path(__file__).parent / "data"
# Expected values from PHEindicatormethods tests/testthat/testdata_SII.xlsx (columns sii,
# sii_lowercl_1, sii_uppercl_1, rii, rii_lowercl_1, rii_uppercl_1), record numbers in brackets.
PHE_TRANSFORMED = {
    # "rate (e.g. infant mortality) - log transform with intercept" (records 306 and 316)
    ("rate", "area1"): (-3.155907, -3.480962, -2.833237, 0.441885, 0.408274, 0.478566),
    ("rate", "area2"): (-2.295469, -2.423224, -2.168076, 0.544614, 0.527075, 0.562775),
    # "proportion (e.g. child obesity) - logit transform with intercept" (records 326 and 336)
    ("proportion", "area1"): (-0.109646, -0.114908, -0.104431, 0.534178, 0.518533, 0.550174),
    ("proportion", "area2"): (-0.059701, -0.063924, -0.055461, 0.547207, 0.524843, 0.570711),
}


def _phe_transformed(value_type: str, area: str, **kw: Any) -> Any:
    """The transformed SII and RII of one area of PHE's test data (seed 2024; ``kw``: the
    multiplier)."""
    data = pd.read_csv(DATA / f"phe_sii_transform_{value_type}.csv")
    rows = data[data["area"] == area]
    return stats.sii_rii(
        rows["quantile"],
        rows["population"],
        rows["value"],
        lower=rows["lower"],
        upper=rows["upper"],
        value_type=value_type,
        transform=True,
        seed=2024,
        **kw,
    )


@pytest.mark.parametrize(("value_type", "area"), list(PHE_TRANSFORMED))
def test_transform_matches_phe_reference_values(value_type, area):
    # Issue 10, findings 4 and 5. The point estimates are deterministic and must match PHE's to
    # the six decimals published; the limits are simulated (100,000 draws here and in PHE's
    # spreadsheet, from different random number generators), so they agree to within Monte
    # Carlo error: 0.2%, where PHE's own test allows 5%.
    result = _phe_transformed(value_type, area)
    sii, sii_lower, sii_upper, rii, rii_lower, rii_upper = PHE_TRANSFORMED[(value_type, area)]
    assert result.sii == pytest.approx(sii, abs=5e-7)
    assert result.rii == pytest.approx(rii, abs=5e-7)
    limits = (result.sii_lower, result.sii_upper, result.rii_lower, result.rii_upper)
    assert limits == pytest.approx((sii_lower, sii_upper, rii_lower, rii_upper), rel=2e-3)


def test_transform_with_a_negative_multiplier_matches_phe():
    # PHE records 386 (rate, multiplier −1) and 346 (proportion, multiplier −1): the SII flips
    # sign, its limits swap, and the RII and its limits are inverted.
    result = _phe_transformed("rate", "area1", multiplier=-1)
    assert result.sii == pytest.approx(3.155907, abs=5e-7)
    assert result.rii == pytest.approx(2.263033, abs=5e-7)
    assert result.sii_lower == pytest.approx(2.833237, rel=2e-3)
    assert result.rii_upper == pytest.approx(2.449333, rel=2e-3)


def test_negative_multiplier_flips_sii_and_inverts_rii():
    plain = stats.sii_rii(QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=2000, seed=9)
    flipped = stats.sii_rii(
        QUINTILES, POPULATION, VALUES, se=[1.0] * 5, multiplier=-1, repetitions=2000, seed=9
    )
    assert flipped.sii == pytest.approx(-plain.sii)
    assert flipped.rii == pytest.approx(1 / plain.rii)
    # The limits are order statistics at positions round(R × 0.025) and round(R × 0.975), which
    # are not mirror images (50 and 1950 of 2000), so flipped limits match the plain ones to
    # within one neighbouring draw, not exactly.
    assert flipped.sii_lower == pytest.approx(-plain.sii_upper, rel=0.01)
    assert flipped.sii_upper == pytest.approx(-plain.sii_lower, rel=0.01)
    assert flipped.rii_lower == pytest.approx(1 / plain.rii_upper, rel=0.01)
    assert flipped.rii_upper == pytest.approx(1 / plain.rii_lower, rel=0.01)


def test_multiplier_scales_sii_not_rii():
    plain = stats.sii_rii(QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=2000, seed=9)
    scaled = stats.sii_rii(
        QUINTILES, POPULATION, VALUES, se=[1.0] * 5, multiplier=100, repetitions=2000, seed=9
    )
    assert scaled.sii == pytest.approx(100 * plain.sii)
    assert scaled.sii_upper == pytest.approx(100 * plain.sii_upper)
    assert scaled.rii == pytest.approx(plain.rii)


def test_negative_values_are_allowed_for_other_indicators():
    negative = [-v for v in VALUES]
    result = stats.sii_rii(QUINTILES, POPULATION, negative, se=[1.0] * 5, repetitions=1000, seed=1)
    assert result.sii == pytest.approx(-EXPECTED_SII)
    assert result.sii_lower <= result.sii <= result.sii_upper


def test_seeded_simulation_is_reproducible():
    first = stats.sii_rii(QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=2000, seed=42)
    again = stats.sii_rii(QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=2000, seed=42)
    other = stats.sii_rii(QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=2000, seed=43)
    assert first == again
    assert first.sii_lower != other.sii_lower


def test_row_order_does_not_matter():
    order = [3, 0, 4, 1, 2]
    shuffled = stats.sii_rii(
        [QUINTILES[i] for i in order],
        [POPULATION[i] for i in order],
        [VALUES[i] for i in order],
        se=[1.0] * 5,
        repetitions=2000,
        seed=8,
    )
    assert shuffled == stats.sii_rii(
        QUINTILES, POPULATION, VALUES, se=[1.0] * 5, repetitions=2000, seed=8
    )


def test_limit_positions_follow_phe():
    # PHE SimulationFunc: 1-based positions round(R(1 − c)/2) and round(R(1 + c)/2).
    assert sii_module._position(100_000, 0.025) == 2500 - 1
    assert sii_module._position(100_000, 0.975) == 97_500 - 1
    assert sii_module._position(100_000, 0.001) == 100 - 1  # 99.8% lower
    assert sii_module._position(1000, 0.999) == 999 - 1  # 99.8% upper


@pytest.mark.parametrize(
    ("population", "values", "se"),
    [
        ([100, 300, 200, 200], VALUES[:4], [1.0] * 4),  # fewer than 5 quantiles
        (POPULATION, [30.0, None, 20.0, 20.0, 10.0], [1.0] * 5),  # a missing value
        (POPULATION, VALUES, [1.0, 1.0, None, 1.0, 1.0]),  # a missing standard error
        ([100, 0, 200, 200, 200], VALUES, [1.0] * 5),  # an empty quantile
    ],
)
def test_incomplete_input_gives_nan(population, values, se):
    quantiles = list(range(1, len(population) + 1))
    result = stats.sii_rii(quantiles, population, values, se=se, repetitions=1000, seed=1)
    assert all(math.isnan(v) for v in result)


def test_zero_rate_gives_nan():
    result = stats.sii_rii(
        QUINTILES,
        POPULATION,
        [0.0, 1, 2, 3, 4],
        se=[0.1] * 5,
        value_type="rate",
        repetitions=1000,
    )
    assert math.isnan(result.sii)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": [-1, 300, 200, 200, 200]}, "negative"),
        ({"se": [1, 1, -1, 1, 1]}, "negative"),
        ({"repetitions": 500}, "at least 1000"),
        ({"value_type": "count"}, "value_type"),
        ({"quantile": [1, 1, 2, 3, 4]}, "unique"),
        ({"value": [30, 25, 20, 20, 120], "value_type": "proportion"}, "between 0 and 1"),
        ({"se": None}, "either se"),
    ],
)
def test_impossible_input_raises(kwargs, message):
    arguments = {
        "quantile": QUINTILES,
        "population": POPULATION,
        "value": VALUES,
        "se": [1.0] * 5,
        "repetitions": 1000,
    }
    arguments.update(kwargs)
    positional = [arguments.pop(k) for k in ("quantile", "population", "value")]
    with pytest.raises(ValueError, match=message):
        stats.sii_rii(*positional, **arguments)
