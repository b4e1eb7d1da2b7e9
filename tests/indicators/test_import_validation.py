"""One test per validation rule of issue 3 §4 and FORMATS.md §4: a file breaking only that rule
is refused with that message, at that row and column, and nothing is written."""

from __future__ import annotations

import io

import openpyxl
import pytest

from indicators.imports.types import RowError
from indicators.models import Indicator, Observation, Period, Release
from tests import factories
from tests.indicators.import_helpers import (
    NATIVE_HEADER,
    declare,
    percentage_indicator,
    run,
    vocabulary,
)

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


def test_unreadable_encoding(indicator: Indicator) -> None:
    content = NATIVE_HEADER.encode() + b"2020,E92000001,Female,50,,,,,,caf\x81\n"
    error = only_error(run(content, indicator=indicator))
    assert error.row == 2
    assert error.message == (
        "The file is neither UTF-8 nor Windows-1252 text (byte b'\\x81' on row 2)."
    )


@pytest.mark.parametrize("content", [b"", b"\r\n  \n"])
def test_empty_file(indicator: Indicator, content: bytes) -> None:
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.message) == (None, "The file is empty.")


def test_header_only_file(indicator: Indicator) -> None:
    error = only_error(run("\n" + NATIVE_HEADER + ",,,,,,,,,\n", indicator=indicator))
    assert error.row == 2
    assert error.message == "The file has a header (row 2) but no data rows below it."


def test_rows_with_too_many_cells_are_all_reported(indicator: Indicator) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,Female,50,,,,,,\n"
        + "2020,E92000001,Male,18,808,,,,,,\n"  # an unquoted thousands separator
        + "2021,E92000001,Male,40,,,,,,\n"
        + "2022,E92000001,Male,40,,,,,,,,\n"
    )
    result = run(content, indicator=indicator)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "", "Row 3 has 11 cells but the header has 10."),
        (5, "", "Row 5 has 12 cells but the header has 10."),
    ]
    assert "Put quotes round a cell that holds a comma" in result.errors[0].action
    assert (Release.objects.count(), Observation.objects.count()) == (0, 0)


def test_unterminated_quote(indicator: Indicator) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,Female,50,,,,,,\n"
        + '2020,E92000001,Male,40,,,,,,"Fewer than 10\n'
        + "2021,E92000001,Male,40,,,,,,\n"
    )
    error = only_error(run(content, indicator=indicator))
    assert error.row == 3
    assert error.message == "A quoted cell opened on row 3 is never closed."
    assert error.action.startswith('Add the closing quote mark (")')


def workbook(**sheets: list[list[object]]) -> bytes:
    """An XLSX file with these sheets, in order, each a list of rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (workbook(Data=[["period", "value"]]), "an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "an Excel 97-2003 workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file, not text"),
    ],
)
def test_binary_file_named_csv(indicator: Indicator, content: bytes, kind: str) -> None:
    error = only_error(run(content, indicator=indicator, filename="upload.csv"))
    assert error.row is None
    assert error.message.startswith(f"The file is named .csv but it is {kind}")
    assert error.action.startswith("Save the sheet from your spreadsheet program as 'CSV UTF-8'")


NATIVE_ROWS: list[list[object]] = [
    ["period", "geography_code", "sex", "value"],
    [2020, "E92000001", "Female", 48.5],
]


def test_workbook_with_one_data_sheet_of_several(indicator: Indicator) -> None:
    content = workbook(Cover=[["Poverty by sex"], ["Source: FRS"]], Data=NATIVE_ROWS, Notes=[])
    result = run(content, indicator=indicator, filename="upload.xlsx")
    assert result.errors == []
    assert result.notices == ["Read the sheet 'Data' (the workbook has 3 sheets)."]
    assert result.release.import_options["sheet"] == "Data"
    assert Observation.objects.get().value == 48.5


def test_workbook_with_several_data_sheets_needs_a_choice(indicator: Indicator) -> None:
    later = [NATIVE_ROWS[0], [2021, "E92000001", "Female", 47.0]]
    content = workbook(**{"2020": NATIVE_ROWS, "2021": later})
    error = only_error(run(content, indicator=indicator, filename="upload.xlsx"))
    assert error.row is None
    assert error.message == (
        "The workbook has 2 sheets ('2020', '2021') and 2 of them could hold the data."
    )
    assert error.action == (
        "Say which sheet to read with the sheet option (--sheet on the command line)."
    )
    unknown = only_error(run(content, indicator=indicator, filename="upload.xlsx", sheet="2022"))
    assert unknown.message == "The workbook has no sheet called '2022'."
    chosen = run(content, indicator=indicator, filename="upload.xlsx", sheet="2021")
    assert chosen.errors == []
    assert Observation.objects.get().value == 47.0


def test_empty_sheet(indicator: Indicator) -> None:
    error = only_error(run(workbook(Data=[]), indicator=indicator, filename="upload.xlsx"))
    assert (error.row, error.message) == (None, "The sheet 'Data' is empty.")


def test_header_only_sheet(indicator: Indicator) -> None:
    content = workbook(Data=[["Poverty by sex"], [], NATIVE_ROWS[0]])
    error = only_error(run(content, indicator=indicator, filename="upload.xlsx"))
    assert error.row == 3
    assert error.message == "The sheet 'Data' has a header (row 3) but no data rows below it."


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


@pytest.mark.parametrize(
    ("content", "options", "row", "column", "message"),
    [
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n2020,E99999999,,50,,,,,,\n",
            {},
            3,
            "geography_code",
            "Unknown geography code 'E99999999'.",
            id="unknown_geography_code",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n2020,E92000001,Male,about 5,,,,,,\n",
            {},
            3,
            "value",
            "'about 5' is not a number.",
            id="non_numeric_value",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,50,,,,,[c],\n",
            {},
            2,
            "marker",
            "The row has both a value (50) and an absence marker [c].",
            id="marker_with_a_value",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,,,,,,,\n",
            {},
            2,
            "value",
            "The row has neither a value nor an absence marker.",
            id="neither_value_nor_marker",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,50,,,30,20,,\n",
            {},
            2,
            "numerator",
            "The numerator 30 is larger than the denominator 20.",
            id="numerator_over_denominator",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,100.5,,,,,,\n",
            {},
            2,
            "value",
            "The percentage 100.5 is outside 0 to 100.",
            id="percentage_outside_0_to_100",
        ),
        pytest.param(
            "period,geography_code,sex\n2020,E92000001,Female\n",
            {"format": "native"},
            1,
            "value",
            "Missing column: the file has no value column.",
            id="missing_value_column",
        ),
        pytest.param(
            "Year,Sex,Unit multiplier,Value\n2020,,Units,50\n2020,Female,Percentage (%),49\n",
            {"geography": "E92000001"},
            3,
            "Unit multiplier",
            "Unknown unit multiplier 'Percentage (%)'.",
            id="unknown_unit_multiplier",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,50,60,70,,,,\n",
            {},
            2,
            "lower",
            "The lower limit 60 is above the value 50.",
            id="limits_must_bracket_the_value-lower",
        ),
        pytest.param(
            NATIVE_HEADER + "2020,E92000001,,50,40,45,,,,\n",
            {},
            2,
            "upper",
            "The value 50 is above the upper limit 45.",
            id="limits_must_bracket_the_value-upper",
        ),
    ],
)
def test_a_bad_cell_is_the_one_error(
    indicator: Indicator,
    content: str,
    options: dict[str, str],
    row: int,
    column: str,
    message: str,
) -> None:
    """The file's one fault is reported at its row and column (``options``: the import's)."""
    error = only_error(run(content, indicator=indicator, **options))
    assert (error.row, error.column) == (row, column)
    assert error.message == message


def test_unknown_group_label_suggests_the_nearest(indicator: Indicator) -> None:
    misspelt = "2020,E92000001,Femle,50,,,,,,\n2021,E92000001,Femle,50,,,,,,\n"
    content = NATIVE_HEADER + misspelt + "2020,E92000001,Male,50,,,,,,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (2, "sex")
    assert (
        error.message
        == "Unknown sex group 'Femle' (1 more row like this). Did you mean 'female', 'male'?"
    )
    assert "alias" in error.action


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
    assert result.notices == ["1 row repeats another row exactly and was left out."]


@pytest.mark.parametrize("column", ["numerator", "denominator"])
def test_negative_count(indicator: Indicator, column: str) -> None:
    counts = "-5,10" if column == "numerator" else "5,-10"
    content = NATIVE_HEADER + f"2020,E92000001,,50,,,{counts},,\n"
    error = only_error(run(content, indicator=indicator))
    assert (error.row, error.column) == (2, column)
    assert error.message == f"The {column} -{5 if column == 'numerator' else 10} is negative."


def test_ratio_above_100_is_legitimate() -> None:
    vocabulary()
    ratio = declare(factories.indicator(measure_type=Indicator.MeasureType.RATIO))
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


# --- FORMATS.md §4: faults of the source files ---------------------------------------------

EFF_HEADER = "Measure,Ethnicity,Ethnicity_type,Time,Value\n"


def test_type_column_filled_down(indicator: Indicator) -> None:
    rows = [("White", 60), ("Asian", 50), ("Black", 40), ("White", 61), ("Asian", 51)]
    content = EFF_HEADER + "".join(
        f"Poverty,{label},ONS 2001 5+{n},{2019 + n // 3},{value}\n"
        for n, (label, value) in enumerate(rows, start=1)
    )
    error = only_error(run(content, indicator=indicator, geography="E92000001"))
    assert (error.row, error.column, error.message) == (
        3,
        "Ethnicity_type",
        "'Ethnicity_type' has a different value on every one of its 5 rows ('ONS 2001 5+1', "
        "'ONS 2001 5+2', … 'ONS 2001 5+5'): a spreadsheet fill-down seems to have changed it.",
    )
    assert error.action.endswith("map this column to 'ignore' to import the file.")
    checked = run(
        content,
        indicator=indicator,
        geography="E92000001",
        column_map={"Ethnicity_type": "ignore"},
    )
    assert (checked.errors, checked.row_count) == ([], 5)


def test_a_repeated_classification_is_not_a_fill_down(indicator: Indicator) -> None:
    content = (
        EFF_HEADER
        + "Poverty,All,ONS 2011 5+1,2020,55\n"
        + "Poverty,White,ONS 2011 5+1,2020,60\n"
        + "Poverty,Asian,ONS 2011 5+1,2020,50\n"
        + "Poverty,Black,ONS 2011 5+1,2020,40\n"
        + "Poverty,Indian,ONS 2011 18+1,2020,45\n"
    )
    assert run(content, indicator=indicator, geography="E92000001").errors == []


SDG_TREND = (
    "Year,Series,Sex,Units,Value\n"
    "2019,EYFSP pre-reform,,%,70\n"
    "2019,EYFSP pre-reform,Female,%,75\n"
    "2020,EYFSP pre-reform,,%,71\n"
    "2020,EYFSP pre-reform,Female,%,76\n"
    "2021,EYFSP post-reform,,%,65\n"
    "2021,EYFSP post-reform,Female,%,69\n"
)


def test_series_that_changes_mid_trend(indicator: Indicator) -> None:
    error = only_error(run(SDG_TREND, indicator=indicator, geography="E92000001"))
    assert (error.row, error.column) == (6, "Series")
    assert error.message == (
        "The series changes mid-trend: 'EYFSP pre-reform' in 2020, then 'EYFSP post-reform' in "
        "2021 for the same place and groups (1 more trend like this)."
    )
    assert error.action.startswith("Choose one series for this indicator (its periods only)")
    chosen = run(SDG_TREND, indicator=indicator, geography="E92000001", series="EYFSP pre-reform")
    assert (chosen.errors, chosen.row_count) == ([], 4)


def test_unit_that_changes_mid_trend_within_the_chosen_series(indicator: Indicator) -> None:
    content = SDG_TREND.replace("2021,EYFSP post-reform,,%", "2021,EYFSP pre-reform,,Rate")
    error = only_error(
        run(content, indicator=indicator, geography="E92000001", series="EYFSP pre-reform")
    )
    assert (error.row, error.column) == (6, "Units")
    assert error.message == (
        "The unit changes mid-trend: '%' in 2020, then 'Rate' in 2021 for the same place and "
        "groups."
    )


def test_empty_value_whose_status_is_normal(indicator: Indicator) -> None:
    content = (
        "Year,Sex,Observation status,Value\n"
        "2020,,Normal value,50\n"
        "2020,Female,Missing value; suppressed,\n"
        "2020,Male,Normal Value,\n"
    )
    error = only_error(run(content, indicator=indicator, geography="E92000001"))
    assert (error.row, error.column) == (4, "Observation status")
    assert error.message == "The value is empty but its observation status is 'Normal Value'."
    assert error.action.endswith("to leave the row out, skip it with a reason.")


def test_unit_multiplier_is_applied() -> None:
    vocabulary()
    count = declare(factories.indicator(measure_type=Indicator.MeasureType.COUNT))
    content = (
        "Year,Sex,Unit multiplier,Value\n"
        "2020,,Thousands,1.5\n"
        "2020,Female,Millions,0.75\n"
        "2020,Male,Units,750000\n"
    )
    result = run(content, indicator=count, geography="E92000001")
    assert result.errors == []
    values = {
        o.group_a.name if o.group_a else "All": o.value
        for o in Observation.objects.select_related("group_a")
    }
    assert values == {"All": 1500.0, "Female": 750000.0, "Male": 750000.0}


def test_percentages_are_checked_never_capped(indicator: Indicator) -> None:
    content = NATIVE_HEADER + "2020,E92000001,,100,,,,,,\n2020,E92000001,Male,0,,,,,,\n"
    assert run(content, indicator=indicator).errors == []
    assert sorted(Observation.objects.values_list("value", flat=True)) == [0.0, 100.0]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("inf", "'inf' is not a finite number."),
        ("-Infinity", "'-Infinity' is not a finite number."),
        ("1e999", "'1e999' is not a finite number."),
        ("nan", "'nan' is not a finite number."),
        ('"12,5"', "'12,5' is not a number: a decimal comma? Write 12.5."),
        (
            '"1,2,3"',
            "'1,2,3' is not a number: commas may only separate thousands, as in 18,808,000.",
        ),
        ("£12.50", "'£12.50' is not a number."),
        ("50%", "'50%' is not a number."),
    ],
)
def test_unreadable_numbers_say_why(indicator: Indicator, cell: str, message: str) -> None:
    error = only_error(run(NATIVE_HEADER + f"2020,E92000001,,{cell},,,,,,\n", indicator=indicator))
    assert (error.row, error.column, error.message) == (2, "value", message)


def test_thousands_separators_and_pounds_in_a_money_indicator() -> None:
    vocabulary()
    indicator = declare(factories.indicator(unit="£ per hour"))
    content = NATIVE_HEADER + '2020,E92000001,,£12.50,"-£1,234.5",£13,"1,234","12,345",,\n'
    result = run(content, indicator=indicator)
    assert result.errors == []
    row = Observation.objects.values("value", "lower", "upper", "numerator", "denominator").get()
    assert row == {
        "value": 12.5,
        "lower": -1234.5,
        "upper": 13.0,
        "numerator": 1234.0,
        "denominator": 12345.0,
    }


def test_a_suppressed_row_with_figures_and_reversed_limits_are_all_reported(
    indicator: Indicator,
) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,,,60,40,,,[x],\n"
        + "2020,E92000001,Male,,,50,3,9,[c],\n"
        + "2020,E92000001,Female,,,,3,9,[x],\n"
    )
    result = run(content, indicator=indicator)
    assert Release.objects.count() == 0
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "lower", "The lower limit 60 is above the upper limit 40."),
        (3, "denominator", "The value is suppressed [c] but the row gives a denominator (9)."),
        (3, "numerator", "The value is suppressed [c] but the row gives a numerator (3)."),
        (3, "upper", "The value is suppressed [c] but the row gives an upper limit (50)."),
    ]
