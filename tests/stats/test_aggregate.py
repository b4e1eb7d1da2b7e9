"""Wider-area figures from local authority counts, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators import stats

NAN = math.nan
REGION, ENGLAND = 100, 200
LA1, LA2, LA3 = 1, 2, 3
AREAS = {LA1: [REGION, ENGLAND], LA2: [REGION, ENGLAND], LA3: [ENGLAND]}
FSM, NOT_FSM = 11, 12


def _frame(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "geography_id",
            "period_id",
            "group_a_id",
            "group_b_id",
            "value",
            "numerator",
            "denominator",
        ],
    )


def test_counts_add_up_with_a_wilson_interval() -> None:
    frame = _frame(
        [
            (LA1, 1, FSM, NAN, 30.0, NAN, 100),
            (LA2, 1, FSM, NAN, 20.0, NAN, 50),
        ]
    )
    out = stats.aggregate_counts(frame, areas=AREAS).set_index("geography_id")
    region = out.loc[REGION]
    assert (region["numerator"], region["denominator"]) == (40, 150)
    assert region["value"] == pytest.approx(100 * 40 / 150)
    # Wilson score interval for 40/150 at 95%: centre (p + z²/2n)/(1 + z²/n) = 0.27249,
    # half-width z√(p(1−p)/n + z²/4n²)/(1 + z²/n) = 0.07012.
    assert region["lower"] == pytest.approx(20.24, abs=0.01)
    assert region["upper"] == pytest.approx(34.26, abs=0.01)
    assert bool(region["calculated"])


def test_percentages_give_back_their_whole_counts() -> None:
    frame = _frame([(LA1, 1, FSM, NAN, 90.03831418, NAN, 1566)])
    assert stats.counts_from_percentages(frame).tolist() == [1410.0]


def test_an_area_missing_an_authority_gets_no_figure() -> None:
    frame = _frame(
        [
            (LA1, 1, FSM, NAN, 30.0, NAN, 100),
            (LA2, 1, FSM, NAN, NAN, NAN, NAN),  # suppressed
            (LA2, 1, NOT_FSM, NAN, 60.0, NAN, 200),
            (LA1, 1, NOT_FSM, NAN, 50.0, NAN, 100),
            (LA3, 1, NOT_FSM, NAN, 40.0, NAN, 100),
        ]
    )
    out = stats.aggregate_counts(frame, areas=AREAS)
    fsm = out[out["group_a_id"] == FSM]
    assert fsm.empty  # LA2 reported but hid its FSM count: neither region nor England
    not_fsm = out[out["group_a_id"] == NOT_FSM].set_index("geography_id")
    assert not_fsm.loc[ENGLAND, "numerator"] == 50 + 120 + 40
    assert not_fsm.loc[REGION, "denominator"] == 300
