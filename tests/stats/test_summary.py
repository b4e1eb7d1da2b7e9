"""Summary measures of inequality (WHO HEAT definitions, as the healthequal R package).

Inputs are the healthequal test data, regenerated in R (see tests/stats/data/README.md).
"""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import stats

DATA = Path(__file__).parent / "data"
Z = 1.959963984540054  # qnorm(0.975), as healthequal uses for its intervals


@pytest.fixture(scope="module")
def ordered():
    data = pd.read_csv(DATA / "healthequal_ordered_sample.csv")
    return stats.summary_measures(
        data["est"], data["se"], data["pop"], ordered=True, favourable=True, scale=100
    )


@pytest.fixture(scope="module")
def unordered():
    data = pd.read_csv(DATA / "healthequal_nonordered_sample.csv")
    return stats.summary_measures(
        data["est"], data["se"], data["pop"], ordered=False, favourable=True, scale=100
    )


def _assert_interval(result, name, estimate, *, limits=None, se=None, rel, limits_rel=None):
    """``result[name]`` is ``estimate`` within ``rel``, and its limits are ``limits`` or
    ``estimate`` ∓ Z × ``se``, within ``limits_rel`` where that is given (else ``rel``)."""
    lower, upper = limits if limits is not None else (estimate - Z * se, estimate + Z * se)
    assert result[name] == pytest.approx(estimate, rel=rel)
    assert result[f"{name}_lower"] == pytest.approx(lower, rel=limits_rel or rel)
    assert result[f"{name}_upper"] == pytest.approx(upper, rel=limits_rel or rel)


# --- Ordered dimension: healthequal reference values -----------------------------------------


def test_sii_matches_healthequal(ordered):
    # Source: WHOequity/healthequal tests/testthat/test-sii.R: estimate 44.44502,
    # lowerci 40.15109, upperci 48.73895 (tolerance 1e-6 there).
    _assert_interval(ordered, "sii", 44.44502, limits=(40.15109, 48.73895), rel=1e-6)


def test_rii_matches_healthequal(ordered):
    # Source: WHOequity/healthequal tests/testthat/test-rii.R: estimate 3.159506,
    # lowerci 2.719902, upperci 3.67016.
    _assert_interval(ordered, "rii", 3.159506, limits=(2.719902, 3.67016), rel=1e-6)


def test_aci_matches_healthequal(ordered):
    # Source: WHOequity/healthequal tests/testthat/test-aci.R: estimate 7.3284202, se .29368517,
    # limits estimate ± se × qnorm(.975).
    _assert_interval(ordered, "aci", 7.3284202, se=0.29368517, rel=1e-6)


def test_rci_matches_healthequal(ordered):
    # Source: WHOequity/healthequal tests/testthat/test-rci.R: estimate .17776859,
    # lowerci 0.16380545, upperci 0.19173172 (tolerance 1e-3 there). RCI = ACI / mean, a
    # fraction: 7.3284202 / 41.22449 = 0.177769.
    _assert_interval(
        ordered, "rci", 0.17776859, limits=(0.16380545, 0.19173172), rel=1e-6, limits_rel=1e-4
    )


def test_par_matches_healthequal(ordered):
    # Source: WHOequity/healthequal tests/testthat/test-parisk.R: estimate 18.775509,
    # se 4.4066348, lowerci 10.138505, upperci 27.412513 (tolerance 1e-2 there). The reference
    # is the most advantaged (last) group: 60 − 41.22449 = 18.77551.
    _assert_interval(ordered, "par", 18.775509, se=4.4066348, rel=1e-6)
    assert ordered["par_lower"] == pytest.approx(10.138505, rel=1e-4)
    assert ordered["par_upper"] == pytest.approx(27.412513, rel=1e-4)


def test_paf_matches_healthequal_with_interval_on_the_percent_scale(ordered):
    # Source: WHOequity/healthequal tests/testthat/test-paf.R: estimate 45.544548 (%), se
    # .10689361 (a fraction), limits 45.335037 to 45.75406. Those limits add the fraction SE to a
    # percentage; on the estimate's own scale SE = 10.689361 percentage points, so the limits are
    # 45.544548 ± 1.959964 × 10.689361 = 24.593780 to 66.495316.
    _assert_interval(ordered, "paf", 45.544548, se=10.689361, rel=1e-6)
    assert ordered["paf_lower"] != pytest.approx(45.335037, rel=1e-2)


def test_ordered_default_difference_and_ratio(ordered):
    # Favourable indicator: comparison = most advantaged (60, se 14), reference = most
    # disadvantaged (20, se 5), as healthequal d.R/r.R. By hand: D = 40,
    # SE = √(14² + 5²) = 14.866069, limits 40 ± 29.137259 → 10.862741 to 69.137259; R = 3.
    assert ordered["d"] == 40.0
    assert ordered["d_lower"] == pytest.approx(40 - Z * math.hypot(14, 5))
    assert ordered["r"] == pytest.approx(3.0)


# --- Unordered dimension: healthequal reference values ---------------------------------------


def test_bgv_matches_healthequal(unordered):
    # Source: WHOequity/healthequal tests/testthat/test-bgv.R: estimate 46.198326, se 17.134647.
    _assert_interval(unordered, "bgv", 46.198326, se=17.134647, rel=1e-6)


def test_ti_matches_healthequal_with_se_times_1000(unordered):
    # Source: WHOequity/healthequal tests/testthat/test-ti.R: estimate 5.0359201, se .0014201
    # (tolerance 1e-4 there). TI is reported × 1000, so its SE here is 1.4201 and the limits are
    # 5.0359201 ± 1.959964 × 1.4201 = 2.252 to 7.819 (healthequal's 5.0331 to 5.0387 add the
    # unscaled SE).
    _assert_interval(unordered, "ti", 5.0359201, se=1.4201, rel=1e-4)


def test_mld_matches_healthequal_with_se_times_1000(unordered):
    # Source: WHOequity/healthequal tests/testthat/test-mld.R: estimate 5.0524006, se .0014242
    # (tolerance 1e-3 there).
    _assert_interval(unordered, "mld", 5.0524006, se=1.4242, rel=1e-3)


def test_idisw_and_mdmw_match_healthequal(unordered):
    # Sources: WHOequity/healthequal tests/testthat/test-idisw.R (8.6178417) and
    # tests/testthat/test-mdmw.R (5.8348689), tolerance 1e-4 there. Their intervals are
    # simulated with R's generator, so only the estimates are compared.
    assert unordered["idisw"] == pytest.approx(8.6178417, rel=1e-6)
    assert unordered["mdmw"] == pytest.approx(5.8348689, rel=1e-6)
    assert unordered["idisw_lower"] < unordered["idisw_upper"]
    assert unordered["mdmw_lower"] < unordered["mdmw_upper"]


def test_unordered_par_and_paf_match_healthequal(unordered):
    # Sources: WHOequity/healthequal tests/testthat/test-par-nonordered.R (estimate 16.293152,
    # se 1.1994447, limits 13.94224 to 18.644063) and test-paf-nonordered.R (estimate
    # 24.06426, se .01771526 as a fraction → 1.771526 percentage points here). The reference is
    # the best-performing group (highest value, 84, for a favourable indicator).
    _assert_interval(
        unordered, "par", 16.293152, limits=(13.94224, 18.644063), rel=1e-6, limits_rel=1e-4
    )
    _assert_interval(
        unordered,
        "paf",
        24.06426,
        se=1.771526,
        rel=1e-6,
        limits_rel=1e-5,
    )


def test_unordered_default_difference_and_ratio(unordered):
    # Highest (84, se 4) vs lowest (55, se 1), worked by hand: D = 29, SE = √(16 + 1) = 4.123106;
    # R = 84/55 = 1.527273, SE(ln R) = √(4² + 1.527273² × 1²)/55/1.527273 = 0.0509721.
    assert unordered["d"] == 29.0
    assert unordered["d_upper"] == pytest.approx(29 + Z * math.sqrt(17))
    assert unordered["r"] == pytest.approx(84 / 55)
    assert unordered["r_lower"] == pytest.approx(84 / 55 * math.exp(-Z * 0.0509721), rel=1e-6)


def test_unordered_dimension_has_no_ordered_measures(unordered):
    for name in stats.ORDERED_MEASURES:
        assert math.isnan(unordered[name])


def test_every_measure_has_lower_and_upper_keys(ordered):
    expected = {
        f"{name}{suffix}"
        for name in stats.MEASURES + stats.ORDERED_MEASURES
        for suffix in ("", "_lower", "_upper")
    }
    assert set(ordered) == expected


# --- Reference and comparison groups --------------------------------------------------------


def test_adverse_ordered_indicator_compares_disadvantaged_end_with_advantaged_end():
    # Adverse: reference = the advantaged end (last), comparison = the disadvantaged end.
    result = stats.summary_measures(
        [60, 50, 40, 30, 20], [1] * 5, [100] * 5, ordered=True, favourable=False
    )
    assert result["d"] == 40.0
    assert result["r"] == pytest.approx(3.0)


def test_reference_only_compares_with_worst_other_group():
    # Issue 10, finding 9: healthequal d.R / r.R orient D and R so that they are positive (above
    # 1) when the reference is better off. Favourable: y₁ = the reference (70), y₂ = the
    # lowest other (40), D = 70 − 40 = 30, R = 70/40 = 1.75 (this was −30 and 0.571). Adverse:
    # y₁ = the highest other (70), y₂ = the reference (40), D = 30, R = 1.75.
    estimates = [50, 70, 40, 65]
    favourable = stats.summary_measures(
        estimates, None, [10] * 4, ordered=False, favourable=True, reference=1
    )
    adverse = stats.summary_measures(
        estimates, None, [10] * 4, ordered=False, favourable=False, reference=2
    )
    assert favourable["d"] == 70 - 40
    assert favourable["r"] == pytest.approx(1.75)
    assert adverse["d"] == 70 - 40
    assert adverse["r"] == pytest.approx(1.75)
    assert math.isnan(favourable["d_lower"])  # no standard errors given


def test_explicit_reference_and_comparison():
    result = stats.summary_measures(
        [50, 70, 40, 65],
        [1, 2, 2, 1],
        [10] * 4,
        ordered=False,
        favourable=True,
        reference=0,
        comparison=3,
    )
    assert result["d"] == 15
    assert result["r"] == pytest.approx(1.3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reference": 4}, "outside"),
        ({"reference": 1, "comparison": 1}, "different"),
        ({"population": [10, -1, 10, 10]}, "negative"),
        ({"se": [1, -1, 1, 1]}, "negative"),
        ({"scale": 0}, "scale"),
    ],
)
def test_impossible_input_raises(kwargs, message):
    arguments = {"estimate": [50, 70, 40, 65], "se": [1, 1, 1, 1], "population": [10] * 4}
    arguments.update(kwargs)
    positional = [arguments.pop(k) for k in ("estimate", "se", "population")]
    with pytest.raises(ValueError, match=message):
        stats.summary_measures(*positional, ordered=False, favourable=True, **arguments)


# --- Edge cases -------------------------------------------------------------------------------


def test_one_group_gives_nan_everywhere():
    result = stats.summary_measures([50], [1], [100], ordered=False, favourable=True)
    assert all(math.isnan(v) for v in result.values())


def test_two_groups_give_only_difference_and_ratio():
    result = stats.summary_measures([50, 40], [1, 1], [100, 100], ordered=False, favourable=True)
    assert result["d"] == 10
    assert math.isnan(result["bgv"])
    assert math.isnan(result["paf"])


def test_measures_need_85_percent_of_groups():
    estimates = [10.0, 12, 14, 16, 18, 20, 22, 24, 26, 28]
    one_missing = [*estimates[:9], None]
    two_missing = [*estimates[:8], None, None]
    se = [1.0] * 10
    population = [100] * 10
    kept = stats.summary_measures(one_missing, se, population, ordered=True, favourable=True)
    dropped = stats.summary_measures(two_missing, se, population, ordered=True, favourable=True)
    assert not math.isnan(kept["sii"])  # 9 of 10 groups = 90%
    assert all(math.isnan(v) for v in dropped.values())  # 8 of 10 = 80%


def test_par_is_zero_when_the_reference_is_worse_than_the_mean():
    # Favourable, ordered: the reference (last group, 10) is below the mean, so PAR = PAF = 0.
    result = stats.summary_measures(
        [40, 30, 20, 10], [1] * 4, [100] * 4, ordered=True, favourable=True
    )
    assert result["par"] == 0.0
    assert result["paf"] == 0.0


def test_missing_standard_errors_leave_estimates_but_no_intervals():
    # BGV and TI are computed for a non-ordered dimension only (issue 10, finding 9), so they
    # are checked without the order, and the SII with it.
    estimates, population = [20, 30, 40, 50, 60], [78, 91, 162, 103, 105]
    unordered = stats.summary_measures(estimates, None, population, ordered=False, favourable=True)
    assert unordered["bgv"] == pytest.approx(170.30025, rel=1e-6)
    assert math.isnan(unordered["bgv_lower"])
    assert math.isnan(unordered["ti_upper"])
    ordered = stats.summary_measures(estimates, None, population, ordered=True, favourable=True)
    assert not math.isnan(ordered["sii_lower"])  # SII's interval comes from the regression


def test_all_equal_estimates_have_no_sii():
    result = stats.summary_measures([30] * 5, [1] * 5, [100] * 5, ordered=True, favourable=True)
    assert math.isnan(result["sii"])
    unordered = stats.summary_measures([30] * 5, [1] * 5, [100] * 5, ordered=False, favourable=True)
    assert unordered["bgv"] == 0.0


def test_ordered_dimension_has_no_non_ordered_measures(ordered):
    # Issue 10, finding 9: healthequal applies BGV, TI, MLD, IDISW and MDMW to non-ordered
    # dimensions only ("Applicability" in R/bgv.R, R/ti.R, R/mld.R, R/idisw.R, R/mdmw.R); they
    # were computed for ordered ones too (BGV 170.30025 for the ordered sample).
    for name in stats.NON_ORDERED_MEASURES:
        assert math.isnan(ordered[name]), name
        assert math.isnan(ordered[f"{name}_lower"]), name
    for name in ("d", "r", "par", "paf"):
        assert not math.isnan(ordered[name]), name


def test_intervals_contain_their_estimates(ordered, unordered):
    for result in (ordered, unordered):
        for name in stats.MEASURES + stats.ORDERED_MEASURES:
            if not np.isnan(result[f"{name}_lower"]):
                assert result[f"{name}_lower"] <= result[name] <= result[f"{name}_upper"], name


def test_ordered_end_without_data_gives_no_default_gap_or_par():
    estimates = [10.0, 12, 14, 16, 18, 20, 22, 24, 26, None]
    result = stats.summary_measures(
        estimates, [1.0] * 10, [100] * 10, ordered=True, favourable=True
    )
    assert math.isnan(result["d"])  # the advantaged end has no data
    assert math.isnan(result["par"])
    assert not math.isnan(result["sii"])  # the regression uses the nine groups with data


def test_equal_values_give_no_gap():
    result = stats.summary_measures(
        [5, 5, 5], [1, 1, 1], [10, 20, 30], ordered=False, favourable=True
    )
    assert result["d"] == 0.0
    assert result["r"] == 1.0
    assert result["ti"] == pytest.approx(0.0, abs=1e-12)
