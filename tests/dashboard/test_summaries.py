"""dashboard.summaries: the indicator page's sentences read as English, name groups as a
sentence names them, and describe change honestly when it cannot be tested."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import summaries
from dashboard.formatting import Units
from dashboard.summaries import GapPoint

PERCENT = Units(unit="%", decimal_places=1)
NAN = math.nan


#: How a sentence names a group: (group, its characteristic's slug, the phrase).
GROUP_PHRASES = [
    ("Female", "sex", "females"),
    ("65 and over", "age", "people aged 65 and over"),
    ("16 to 24", "age", "people aged 16 to 24"),
    ("Juveniles", "age", "juveniles"),
    ("Disabled", "disability", "disabled people"),
    ("Not disabled", "disability", "non-disabled people"),
    ("Black", "ethnicity", "the Black ethnic group"),
    ("White British", "ethnicity", "the White British ethnic group"),
    ("Gypsy or Irish Traveller", "ethnicity", "the Gypsy or Irish Traveller ethnic group"),
    ("Pakistani", "ethnicity", "the Pakistani ethnic group"),
    ("Eligible for free school meals", "fsm", "those eligible for free school meals"),
    ("Decile 1 (most deprived)", "imd-decile", "areas in decile 1 (most deprived)"),
    ("Quintile 5 (highest income)", "income-quintile", "those in quintile 5 (highest income)"),
    ("Urban", "urban-rural", "people in urban areas"),
    ("Muslim", "religion-or-belief", "Muslim people"),
    ("Bisexual", "sexual-orientation", "bisexual people"),
    ("All people", "all-people", "all people"),
    ("Pupils with SEN", "other", "the pupils with SEN group"),
]


@pytest.mark.parametrize(("group", "characteristic", "phrase"), GROUP_PHRASES)
def test_groups_are_named_as_a_sentence_names_them(
    group: str, characteristic: str, phrase: str
) -> None:
    assert summaries.group_phrase(group, characteristic=characteristic) == phrase


@pytest.mark.parametrize("group", ["Unknown", "Other", "Not known", "Any other", "Not stated"])
def test_residual_groups_are_recognised(group: str) -> None:
    assert summaries.is_residual(group)


def test_real_groups_are_not_residual() -> None:
    assert not any(summaries.is_residual(g) for g in ("Black other", "Asian other", "White"))


def test_headings_never_repeat_their_breakdown() -> None:
    assert summaries.title_by("Unemployment rate by disability", "disability") == (
        "Unemployment rate by disability"
    )
    assert summaries.title_by("Unemployment rate by disability", "age", short="Unemployment") == (
        "Unemployment by age"
    )
    assert summaries.title_by("Attainment by age 19", "sex") == "Attainment by age 19, by sex"
    assert summaries.title_by("Custody rate", "sex") == "Custody rate by sex"


def test_a_period_range_from_a_period_to_itself_is_the_period() -> None:
    assert summaries.period_span("2022", "2022") == "2022"
    assert summaries.period_span("2012", "2022") == "2012 to 2022"


def test_plural_subjects_take_were() -> None:
    assert summaries.verb_for("mean hourly earnings") == "were"
    assert summaries.verb_for("the percentage of adults who were victims of hate crime") == "was"
    assert summaries.verb_for("healthy life expectancy at birth") == "was"


def _point(period: str, gap: float, lower: float = NAN, upper: float = NAN) -> GapPoint:
    return GapPoint(period=period, value=20.0, gap=gap, lower=lower, upper=upper)


def test_an_untested_change_is_described_and_marked() -> None:
    clause = summaries.change_clause(
        "gap", PERCENT, first=_point("2012", 9.1), latest=_point("2022", 7.4)
    )

    assert clause == (
        "the gap narrowed from 9.1 to 7.4 percentage points between 2012 and 2022 "
        "(not tested for significance)"
    )


def test_a_tested_change_says_whether_it_is_significant() -> None:
    wide = summaries.change_clause(
        "gap", PERCENT, first=_point("2012", 2.0, 1.0, 3.0), latest=_point("2022", 5.0, 4.0, 6.0)
    )
    level = summaries.change_clause(
        "gap", PERCENT, first=_point("2012", 2.0, 0.0, 4.0), latest=_point("2022", 2.5, 0.5, 4.5)
    )

    assert (
        wide
        == "the gap widened significantly from 2.0 to 5.0 percentage points between 2012 and 2022"
    )
    assert level.endswith(", not a statistically significant change")


def test_a_gap_that_changed_sides_says_so() -> None:
    clause = summaries.change_clause(
        "gap", PERCENT, first=_point("2008", -0.2), latest=_point("2021", 1.0)
    )

    assert clause == (
        "in 2008 it was the other way round, 0.2 percentage points lower "
        "(not tested for significance)"
    )


def test_percentage_gaps_and_ratios_compare_their_size() -> None:
    percent = summaries.change_clause(
        "percent", PERCENT, first=_point("1997", 24.8), latest=_point("2021", 14.9)
    )
    ratio = summaries.change_clause(
        "ratio", PERCENT, first=_point("2009", 0.5), latest=_point("2020", 1.5)
    )

    assert percent == (
        "the gap narrowed from 24.8% to 14.9% between 1997 and 2021 (not tested for significance)"
    )
    # 0.5 and 1.5: ratios below and above one are the other way round.
    assert ratio.startswith("in 2009 it was the other way round, 0.50 times")


def _rows(groups: list[tuple[str, float, float]]) -> pd.DataFrame:
    """One period's rows: (group, value, difference from the reference)."""
    return pd.DataFrame(
        [
            {
                "group_id": i,
                "group_name": name,
                "group_order": i,
                "period_label": "2022",
                "period_order": 0,
                "value": value,
                "lower": NAN,
                "upper": NAN,
                "difference": gap,
                "difference_lower": NAN,
                "difference_upper": NAN,
                "significant": pd.NA,
            }
            for i, (name, value, gap) in enumerate(groups)
        ]
    )


def test_no_headline_is_about_an_unknown_or_other_group() -> None:
    rows = _rows([("White", 10.0, NAN), ("Unknown", 30.0, 20.0), ("Other", 25.0, 15.0),
                  ("Black", 14.0, 4.0)])  # fmt: skip

    sentence = summaries.breakdown_sentence(
        rows,
        subject="the custody rate",
        units=PERCENT,
        reference="White",
        place="England and Wales",
        characteristic="ethnicity",
    )

    assert sentence == (
        "In 2022 in England and Wales, the custody rate was 14.0% for the Black ethnic group, "
        "4.0 percentage points higher than for the White ethnic group (not tested for "
        "significance)."
    )
