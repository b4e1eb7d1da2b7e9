"""dashboard.formatting: every unit the indicator metadata uses reads as GOV.UK writes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.formatting import RATIO_UNITS, Units

INDICATORS = Path(__file__).resolve().parents[2] / "fixtures" / "indicators" / "indicators.json"

# unit, decimal places → value, signed gap, gap size, value axis title
EXPECTED = {
    ("%", 1): ("23.4%", "-5.0 percentage points", "5.0 percentage points", "Per cent (%)"),
    ("%", 2): ("23.40%", "-5.00 percentage points", "5.00 percentage points", "Per cent (%)"),
    ("£ per hour", 2): ("£16.25 per hour", "-£5.00 per hour", "£5.00 per hour", "£ per hour"),
    ("index (0 to 100)", 1): ("35.2 (index, 0 to 100)", "-5.0 points", "5.0 points", None),
    ("score (14 to 70)", 1): ("49.3 (score, 14 to 70)", "-5.0 points", "5.0 points", None),
    ("years", 1): ("62.4 years", "-5.0 years", "5.0 years", "Years"),
    ("per 1,000 households", 2): (
        "3.39 per 1,000 households",
        "-5.00 per 1,000 households",
        "5.00 per 1,000 households",
        "Rate per 1,000 households",
    ),
    ("per 100,000 maternities", 2): (
        "24.76 per 100,000 maternities",
        "-5.00 per 100,000 maternities",
        "5.00 per 100,000 maternities",
        "Rate per 100,000 maternities",
    ),
}
VALUES = {
    "%": 23.4,
    "£ per hour": 16.25,
    "index (0 to 100)": 35.2,
    "score (14 to 70)": 49.3,
    "years": 62.4,
    "per 1,000 households": 3.39,
    "per 100,000 maternities": 24.76,
}


def test_every_unit_in_the_indicator_metadata_has_an_expected_form() -> None:
    used = {(i["unit"], i["decimal_places"]) for i in json.loads(INDICATORS.read_text())}

    assert used == set(EXPECTED)


@pytest.mark.parametrize(("unit", "places"), sorted(EXPECTED))
def test_values_gaps_and_axis_titles(unit: str, places: int) -> None:
    units = Units(unit=unit, decimal_places=places)
    value, gap, size, axis = EXPECTED[unit, places]

    assert units.value(VALUES[unit]) == value
    assert units.difference(-5) == gap
    assert units.gap_size(-5) == size
    assert units.axis_title == (axis or unit[0].upper() + unit[1:])


def test_a_ratio_measure_published_as_a_percentage_has_gaps_in_percentage_points() -> None:
    """conviction-ratio-ethnicity: measure type "ratio", unit "%"."""
    units = Units(unit="%", decimal_places=1)

    assert units.difference(-5.04) == "-5.0 percentage points"
    assert units.difference_unit == "percentage points"


def test_zero_carries_no_sign() -> None:
    units = Units(unit="%", decimal_places=1)

    assert units.number(-0.0, sign=True) == "0.0"
    assert units.number(0.3 - 0.1 - 0.2, sign=True) == "0.0"
    assert units.number(1234.56, sign=True) == "+1,234.6"


def test_a_number_that_is_not_zero_is_never_written_as_zero() -> None:
    """Hate crime: 0.041% of adults aged 75 and over, published to two decimal places."""
    one_place = Units(unit="%", decimal_places=1)
    two_places = Units(unit="%", decimal_places=2)

    assert one_place.value(0.041) == "0.04%"
    assert two_places.value(0.041) == "0.04%"
    assert two_places.value(0.004) == "0.004%"
    assert one_place.number(-0.04, sign=True) == "-0.04"
    assert one_place.difference(0.04) == "+0.04 percentage points"
    assert one_place.value(0.05) == "0.1%"
    assert one_place.value(12.34) == "12.3%"
    assert RATIO_UNITS.value(0.0042) == "0.004"


def test_money_puts_the_symbol_after_the_sign_and_in_intervals() -> None:
    units = Units(unit="£ per hour", decimal_places=2)

    assert units.amount(-0.62, sign=True) == "-£0.62"
    assert units.difference(2.49) == "+£2.49 per hour"
    assert units.interval(0.4, 0.8) == "95% CI £0.40 to £0.80"


def test_a_negative_gap_interval_is_given_as_the_size_of_the_gap() -> None:
    units = Units(unit="%", decimal_places=1)

    assert units.gap_interval(-9.1, -10.3, -7.9) == "95% CI 7.9 to 10.3"
    assert units.gap_interval(9.1, 7.9, 10.3) == "95% CI 7.9 to 10.3"
    assert units.interval(float("nan"), 1.0) == ""


def test_ratios_are_plain_numbers_to_two_places() -> None:
    assert RATIO_UNITS.value(0.9512) == "0.95"
