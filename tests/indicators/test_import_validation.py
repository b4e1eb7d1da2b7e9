"""One test per validation rule of issue 3 §4: a file breaking only that rule is refused with
that message, at that row and column, and nothing is written."""

from __future__ import annotations

import pytest

from indicators.imports.types import RowError
from indicators.models import Indicator, Observation, Period, Release
from tests import factories
from tests.indicators.import_helpers import NATIVE_HEADER, percentage_indicator, run, vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator() -> Indicator:
    vocabulary()
    return percentage_indicator()


def only_error(result) -> RowError:  # type: ignore[no-untyped-def]
    assert Release.objects.count() == 0
    assert Observation.objects.count() == 0
    assert result.release is None
    assert result.error_count == 1, result.errors
    return result.errors[0]


def test_unknown_column(indicator: Indicator) -> None:
    content = "period,geography_code,sex,shoe size,value\n2020,E92000001,Female,9,50\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (1, "shoe size")
    assert error.message == "Unknown column 'shoe size' for a native file."
    assert "filter=<value>" in error.action


def test_missing_value_column(indicator: Indicator) -> None:
    content = "period,geography_code,sex\n2020,E92000001,Female\n"
    error = only_error(run(content, indicator=indicator, format="native"))
    assert (error.row, error.column) == (1, "value")
    assert error.message == "Missing column: the file has no value column."


def test_unreadable_encoding(indicator: Indicator) -> None:
    content = NATIVE_HEADER.encode() + b"2020,E92000001,Female,50,,,,,,caf\x81\n"
    error = only_error(run(content, indicator=indicator))
    assert error.row is None
    assert error.message.startswith("The file is neither UTF-8 nor Windows-1252 text")


def test_empty_file(indicator: Indicator) -> None:
    error = only_error(run(NATIVE_HEADER, indicator=indicator))
    assert error.message == "The file has no data rows."
    assert only_error(run(b"", indicator=indicator)).message == "The file has no data rows."


def test_file_over_size_limit(indicator: Indicator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_UPLOAD_BYTES = 1_000_000
    content = NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n" * 40_000
    error = only_error(run(content, indicator=indicator))
    assert error.message == "The file is 1.0 MB, over the 1 MB limit."


def test_unparseable_period(indicator: Indicator) -> None:
    content = NATIVE_HEADER + "2020,E92000001,,50,,,,,,\nlast year,E92000001,Male,50,,,,,,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (3, "period")
    assert error.message == "Cannot read the period 'last year'."
    assert Period.objects.count() == 0


def test_unknown_geography_code(indicator: Indicator) -> None:
    content = NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n2020,E99999999,,50,,,,,,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (3, "geography_code")
    assert error.message == "Unknown geography code 'E99999999'."


def test_unknown_group_label_suggests_the_nearest(indicator: Indicator) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,Femle,50,,,,,,\n2021,E92000001,Femle,50,,,,,,\n"
        + "2020,E92000001,Male,50,,,,,,\n"
    )
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (2, "sex")
    assert (
        error.message
        == "Unknown sex group 'Femle' (1 more row like this). Did you mean 'female', 'male'?"
    )
    assert "alias" in error.action


def test_non_numeric_value(indicator: Indicator) -> None:
    content = NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n2020,E92000001,Male,about 5,,,,,,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (3, "value")
    assert error.message == "'about 5' is not a number."


@pytest.mark.parametrize(
    ("limits", "column", "message"),
    [
        ("60,70", "lower", "The lower limit 60 is above the value 50."),
        ("40,45", "upper", "The value 50 is above the upper limit 45."),
    ],
)
def test_limits_must_bracket_the_value(
    indicator: Indicator, limits: str, column: str, message: str
) -> None:
    content = NATIVE_HEADER + f"2020,E92000001,,50,{limits},,,,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column, error.message) == (2, column, message)


def test_marker_with_a_value(indicator: Indicator) -> None:
    error = only_error(run(NATIVE_HEADER + "2020,E92000001,,50,,,,,[c],\n", indicator=indicator))
    assert (error.row, error.column) == (2, "marker")
    assert error.message == "The row has both a value (50) and an absence marker [c]."


def test_neither_value_nor_marker(indicator: Indicator) -> None:
    error = only_error(run(NATIVE_HEADER + "2020,E92000001,,,,,,,,\n", indicator=indicator))
    assert (error.row, error.column) == (2, "value")
    assert error.message == "The row has neither a value nor an absence marker."


def test_duplicate_key_with_different_values(indicator: Indicator) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,Male,50,,,,,,\n2020,E92000001,Female,40,,,,,,\n"
        + "2020,E92000001,Male,51,,,,,,\n"
    )
    error = only_error(run(content, indicator=indicator))
    assert error.row == 4
    assert error.message == (
        "Row 4 has the same period, place and breakdown as row 2 but different figures."
    )


def test_exact_duplicate_rows_are_dropped(indicator: Indicator) -> None:
    content = NATIVE_HEADER + "2020,E92000001,Male,50,,,,,,\n2020,E92000001,Male,50,,,,,,\n"
    result = run(content, indicator=indicator)
    assert (result.row_count, result.duplicates_dropped) == (1, 1)


@pytest.mark.parametrize("column", ["numerator", "denominator"])
def test_negative_count(indicator: Indicator, column: str) -> None:
    counts = "-5,10" if column == "numerator" else "5,-10"
    content = NATIVE_HEADER + f"2020,E92000001,,50,,,{counts},,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (2, column)
    assert error.message == f"The {column} -{5 if column == 'numerator' else 10} is negative."


def test_numerator_over_denominator(indicator: Indicator) -> None:
    error = only_error(run(NATIVE_HEADER + "2020,E92000001,,50,,,30,20,,\n", indicator=indicator))
    assert (error.row, error.column) == (2, "numerator")
    assert error.message == "The numerator 30 is larger than the denominator 20."


def test_percentage_outside_0_to_100(indicator: Indicator) -> None:
    error = only_error(run(NATIVE_HEADER + "2020,E92000001,,100.5,,,,,,\n", indicator=indicator))
    assert (error.row, error.column) == (2, "value")
    assert error.message == "The percentage 100.5 is outside 0 to 100."


def test_ratio_above_100_is_legitimate() -> None:
    vocabulary()
    ratio = factories.indicator(measure_type=Indicator.MeasureType.RATIO)
    result = run(NATIVE_HEADER + "2020,E92000001,,216.7,,,216,100,,\n", indicator=ratio)
    assert result.errors == []
    assert Observation.objects.get().value == 216.7


def test_cross_of_two_groups_of_one_characteristic(indicator: Indicator) -> None:
    content = (
        "period,geography_code,ethnicity,ethnic group,value\n"
        "2020,E92000001,Asian,Indian,40\n"
        "2020,E92000001,White,Black,50\n"
    )
    error = only_error(run(content, indicator=indicator, column_map={"ethnic group": "ethnicity"}))
    assert (error.row, error.column) == (3, "ethnicity, ethnic group")
    assert error.message == "This row crosses two ethnicity groups ('White' and 'Black')."


def test_every_error_is_reported_at_once(indicator: Indicator) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,Female,x,,,,,,\n2020,E99999999,Male,50,,,,,,\nsoon,E92000001,,50,,,,,,\n"
    )
    result = run(content, indicator=indicator)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "value"),
        (3, "geography_code"),
        (4, "period"),
    ]
    assert Observation.objects.count() == 0
