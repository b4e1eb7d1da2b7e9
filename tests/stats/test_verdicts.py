"""Worse and widening across many gaps, and "improving for everyone?" (issue 10, findings 1-3)."""

import math

import numpy as np
import pandas as pd
import pytest

from indicators import stats

NAN = math.nan


def direction(label, worse, p_value):
    return stats.GapDirection(label, worse, -5.0, 1.0, 20.0, p_value)


WIDENING = direction("widening", True, 0.0001)
STEADY = direction("no_significant_change", True, 1.0)
UNTESTED = direction("not_tested", True, NAN)
TOO_SHORT = direction("not_enough_data", True, NAN)


# --- Worse and widening: Benjamini–Hochberg across the gaps tested ---------------------------


def test_benjamini_hochberg_worked_example():
    # p-values 0.0001, 0.0015 and 1, and one gap not tested: m = 3. In order, 0.0001 ≤ 0.05 × 1/3
    # = 0.0167 and 0.0015 ≤ 0.05 × 2/3 = 0.0333, but 1 > 0.05: the first two are listed.
    results = [
        WIDENING,
        STEADY,
        direction("widening", True, 0.0015),
        UNTESTED,
    ]
    listing = stats.worse_and_widening(results)
    assert listing.listed == (True, False, True, False)
    assert listing.tested == 3
    assert listing.not_tested == 1
    assert listing.threshold == 0.0015


def test_the_control_tightens_with_the_number_of_gaps_tested():
    # One widening gap with p = 0.0015 passes the 99.8% rule on its own. Among 30 gaps tested
    # BH needs p ≤ 0.05/30 = 0.00167: listed. Among 40, p ≤ 0.05/40 = 0.00125: not listed.
    candidate = direction("widening", True, 0.0015)
    thirty = stats.worse_and_widening([candidate] + [STEADY] * 29)
    forty = stats.worse_and_widening([candidate] + [STEADY] * 39)
    assert thirty.listed[0] is True
    assert forty.listed[0] is False


def test_untested_gaps_are_never_listed_and_not_counted():
    listing = stats.worse_and_widening([UNTESTED, TOO_SHORT, direction("widening", None, NAN)])
    assert listing.listed == (False, False, False)
    assert listing.tested == 0
    assert listing.not_tested == 3


def test_a_gap_that_is_not_worse_is_never_listed():
    pulling_ahead = stats.gap_direction(
        [-2, -3, -4, -5, -6], [-3, -4, -5, -6, -7], [-1, -2, -3, -4, -5], polarity="lower_is_better"
    )
    assert pulling_ahead.label == "widening"
    assert stats.worse_and_widening([pulling_ahead]).listed == (False,)


def test_simulated_constant_gaps_are_rarely_listed():
    # Issue 10, finding 2. 1,000 groups whose true gap is a constant −5 (significantly worse;
    # higher is better), observed each period with noise of standard error 1 and published 95%
    # limits ±1.96. None is really widening, so every one listed would be listed by chance.
    rng = np.random.default_rng(20240610)
    gaps = -5.0 + rng.normal(0.0, 1.0, size=(1000, 5))
    results = [
        stats.gap_direction(g, g - 1.959964, g + 1.959964, polarity="higher_is_better")
        for g in gaps
    ]
    assert sum(r.worse is True for r in results) > 990  # almost all significantly worse
    # The old rule (worse, and the latest gap bigger than the one before) lists about half.
    old_rule = sum((g[-1] + 1.959964 < 0) and abs(g[-1]) > abs(g[-2]) for g in gaps)
    assert 400 < old_rule < 600
    # The rule: fewer than 1%, whether the 1,000 gaps are one family or each tested alone.
    together = stats.worse_and_widening(results)
    assert sum(together.listed) < 10
    alone = sum(stats.worse_and_widening([r]).listed[0] for r in results)
    assert alone < 10
    assert sum(r.label == "widening" for r in results) < 10


# --- gap_directions_frame: every series of a gaps frame at once ---------------------------------


@pytest.fixture
def gap_rows():
    # Group A's gap grows from −2 to −6 (limits ±1); B's stays near −4; C has a period without
    # limits among its latest five; White is the reference.
    periods = [2019, 2020, 2021, 2022, 2023]
    rows = []
    for period, a, b, c in zip(
        periods, [-2, -3, -4, -5, -6], [-4, -4.5, -3.5, -4, -4.2], [-1, -2, -3, -4, -5], strict=True
    ):
        rows.append(("White", period, NAN, NAN, NAN, True))
        rows.append(("A", period, a, a - 1, a + 1, False))
        rows.append(("B", period, b, b - 1, b + 1, False))
        limited = period != 2021
        rows.append(("C", period, c, c - 1 if limited else NAN, c + 1 if limited else NAN, False))
    return pd.DataFrame(
        rows,
        columns=[
            "group",
            "period",
            "difference",
            "difference_lower",
            "difference_upper",
            "is_reference",
        ],
    )


def test_gap_directions_frame_matches_gap_direction_per_series(gap_rows):
    result = stats.gap_directions_frame(gap_rows, by=["group"], polarity="higher_is_better")
    assert result["group"].tolist() == ["A", "B", "C"]  # the reference rows are left out
    assert result["label"].tolist() == ["widening", "no_significant_change", "not_tested"]
    assert result["worse"].tolist() == [True, True, True]
    assert result["periods"].tolist() == [5, 5, 5]
    assert result["latest_order"].tolist() == [2023, 2023, 2023]
    # A alone is listed: m = 2 (C is not tested), A's p = 5.7e-10 ≤ 0.05 × 1/2.
    assert result["worse_and_widening"].tolist() == [True, False, False]
    a = stats.gap_direction(
        [-2, -3, -4, -5, -6],
        [-3, -4, -5, -6, -7],
        [-1, -2, -3, -4, -5],
        polarity="higher_is_better",
    )
    assert result.loc[0, "chi2"] == pytest.approx(a.chi2)
    assert list(result.columns) == ["group", *stats.GAP_DIRECTION_COLUMNS]


def test_gap_directions_frame_takes_a_polarity_per_row(gap_rows):
    gap_rows["polarity"] = np.where(gap_rows["group"] == "A", "lower_is_better", "higher_is_better")
    result = stats.gap_directions_frame(gap_rows, by=["group"], polarity_col="polarity")
    assert result["worse"].tolist() == [False, True, True]
    assert result["worse_and_widening"].tolist() == [False, False, False]


def test_gap_directions_frame_needs_one_polarity_source(gap_rows):
    with pytest.raises(ValueError, match="exactly one"):
        stats.gap_directions_frame(gap_rows, by=["group"])


# --- Improving for everyone? -----------------------------------------------------------------


def test_yes_when_the_headline_improves_and_no_gap_is_worse_and_widening():
    result = stats.improving_for_everyone(
        "improving",
        {"A": "improving", "B": "no_significant_change"},
        {"A": STEADY, "B": STEADY},
    )
    assert result.answer == "yes"
    # B is still listed as not improving, judged on its own series.
    assert result.not_improving == ("B",)
    assert result.worse_and_widening == ()


def test_a_widening_gap_while_everyone_improves_is_not_a_no():
    # Issue 10, finding 3: a gap can widen while every group improves. B's gap is worse and
    # widening but B's own series is improving: "yes_but_widening", never "no".
    result = stats.improving_for_everyone(
        "improving", {"A": "improving", "B": "improving"}, {"A": STEADY, "B": WIDENING}
    )
    assert result.answer == "yes_but_widening"
    assert result.worse_and_widening == ("B",)
    assert result.not_improving == ()


def test_no_when_a_group_falls_behind_without_improving():
    result = stats.improving_for_everyone(
        "improving",
        {"A": "improving", "B": "no_significant_change"},
        {"A": STEADY, "B": WIDENING},
    )
    assert (result.answer, result.reason) == ("no", "group_falling_behind")


def test_no_when_a_group_is_worsening_on_its_own_series():
    result = stats.improving_for_everyone(
        "improving", {"A": "improving", "B": "worsening"}, {"A": STEADY, "B": STEADY}
    )
    assert (result.answer, result.reason) == ("no", "group_worsening")


def test_cannot_tell_when_no_gap_could_be_tested():
    # Issue 10, finding 1: gaps without limits must not read as "no gap has widened".
    result = stats.improving_for_everyone(
        "improving", {"A": "improving", "B": "improving"}, {"A": UNTESTED, "B": TOO_SHORT}
    )
    assert (result.answer, result.reason) == ("cannot_tell", "no_gap_tested")
    assert result.not_tested == ("A", "B")


@pytest.mark.parametrize(
    ("headline", "answer", "reason"),
    [
        ("not_enough_data", "cannot_tell", "headline_not_tested"),
        ("increasing", "cannot_tell", "no_polarity"),
        ("worsening", "no", "headline_worsening"),
        ("no_significant_change", "no", "headline_not_improving"),
    ],
)
def test_the_headline_decides_first(headline, answer, reason):
    result = stats.improving_for_everyone(headline, {"A": "improving"}, {"A": STEADY})
    assert (result.answer, result.reason) == (answer, reason)


def test_no_better_direction_is_cannot_tell_even_without_a_significant_trend():
    # Polarity "neither": a headline with no significant change is not "not improving", since
    # there is no better direction to improve in. The label alone cannot say so: the polarity
    # must be given, and then the answer is "cannot_tell", never "no".
    result = stats.improving_for_everyone(
        "no_significant_change", {"A": "increasing"}, {"A": STEADY}, polarity="neither"
    )
    assert (result.answer, result.reason) == ("cannot_tell", "no_polarity")
    with_polarity = stats.improving_for_everyone(
        "no_significant_change", {"A": "improving"}, {"A": STEADY}, polarity="higher_is_better"
    )
    assert (with_polarity.answer, with_polarity.reason) == ("no", "headline_not_improving")
    with pytest.raises(ValueError, match="polarity"):
        stats.improving_for_everyone("improving", {}, {}, polarity="up")


def test_a_page_wide_list_can_be_passed_in():
    # The page listed nothing (its family of gaps was large), so B's widening gap does not count.
    result = stats.improving_for_everyone(
        "improving", {"A": "improving", "B": "improving"}, {"A": STEADY, "B": WIDENING}, listed=[]
    )
    assert result.answer == "yes"


def test_gap_directions_frame_of_no_rows_is_empty():
    empty = pd.DataFrame(
        columns=["group", "period", "difference", "difference_lower", "difference_upper"]
    )
    result = stats.gap_directions_frame(empty, by=["group"], polarity="neither")
    assert result.empty
    assert list(result.columns) == ["group", *stats.GAP_DIRECTION_COLUMNS]
