"""Files that would grow past the limits once opened are refused while, or before, they are read.

Each bad upload writes nothing (no release, observation or period) and says where the problem is
and what to do. The limits are settings (``IMPORT_MAX_EXPANDED_BYTES``, ``IMPORT_MAX_ROWS``,
``IMPORT_MAX_COLUMNS``, ``IMPORT_MAX_CELL_CHARS``) with defaults.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indicators.imports import limits
from indicators.imports.pipeline import ImportResult
from indicators.imports.types import RowError
from indicators.models import Indicator, Observation, Period, Release
from tests.indicators.import_helpers import NATIVE_HEADER, member, run, upload_post

pytestmark = pytest.mark.django_db
SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def refused(result: ImportResult) -> RowError:
    """The one error of an import that wrote nothing at all."""
    assert result.release is None
    assert (Release.objects.count(), Observation.objects.count(), Period.objects.count()) == (
        0,
        0,
        0,
    )
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def workbook(rows: list[list[object]], *, title: str = "Data") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, member_name: str, write: Callable[[io.RawIOBase], None]) -> bytes:
    """The zip archive ``data`` with one part written anew by ``write``, streamed, compressed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename == member_name:
                with target.open(member_name, "w", force_zip64=True) as part:
                    write(part)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def sheet_xml(rows: str, *, dimension: str = "") -> Callable[[io.RawIOBase], None]:
    """A worksheet part holding these ``<row>`` elements."""

    def write(part: io.RawIOBase) -> None:
        head = f'<worksheet xmlns="{MAIN}">'
        head += f'<dimension ref="{dimension}"/>' if dimension else ""
        part.write(f"{head}<sheetData>{rows}</sheetData></worksheet>".encode())

    return write


NATIVE_ROWS: list[list[object]] = [
    ["period", "geography_code", "sex", "value"],
    [2020, "E92000001", "Female", 48.5],
]
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>period</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>geography_code</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
)


def data_row(number: int, value: str = "48.5") -> str:
    return (
        f'<row r="{number}"><c r="A{number}"><v>2020</v></c>'
        f'<c r="B{number}" t="inlineStr"><is><t>E92000001</t></is></c>'
        f'<c r="C{number}"><v>{value}</v></c></row>'
    )


def zip_bomb() -> bytes:
    """A workbook of under 1 MB whose one sheet expands to 300 MB of repeated cells."""

    def write(part: io.RawIOBase) -> None:
        part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
        row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
        for _ in range(300_000_000 // len(row)):
            part.write(row)
        part.write(b"</sheetData></worksheet>")

    return rewritten(workbook(NATIVE_ROWS), SHEET, write)


def test_a_zip_bomb_is_refused_from_its_directory_before_any_library_opens_it(
    indicator: Indicator, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1_000_000
    monkeypatch.setattr(
        "indicators.imports.workbooks.openpyxl.load_workbook",
        lambda *a, **kw: pytest.fail("openpyxl was handed the workbook"),
    )
    tracemalloc.start()
    try:
        error = refused(run(bomb, indicator=indicator, filename="poverty.xlsx"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # the 300 MB it would expand to were never made
    assert re.fullmatch(
        r"The workbook is 0\.\d MB but expands to 300 MB when opened \(xl/worksheets/sheet1\.xml "
        r"alone is 300 MB\), over the 250 MB limit\.",
        error.message,
    )
    assert error.action.startswith("Delete empty rows and columns, unused sheets and formatting")
    assert "IMPORT_MAX_EXPANDED_BYTES" in error.action


def test_the_admin_refuses_a_zip_bomb_before_counting_its_rows(
    indicator: Indicator, admin_user, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "indicators.imports.jobs.count_rows", lambda **kw: pytest.fail("the sheet was read")
    )
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:indicators_release_upload"),
        {
            "file": SimpleUploadedFile("poverty.xlsx", zip_bomb()),
            "indicator": indicator.pk,
            "format": "auto",
        },
    )
    page = response.content.decode()
    assert "1 error in the file: nothing was imported." in page
    assert "expands to 300 MB when opened" in page
    assert (Release.objects.count(), Period.objects.count()) == (0, 0)


def test_the_expanded_size_limit_is_a_setting(indicator: Indicator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_EXPANDED_BYTES = 2_000
    error = refused(run(workbook(NATIVE_ROWS), indicator=indicator, filename="poverty.xlsx"))
    assert "over the 0.0 MB limit" in error.message


def test_rows_past_the_limit_stop_the_read(indicator: Indicator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_ROWS = 5
    rows = [NATIVE_ROWS[0], *([2020, "E92000001", "Female", 48.5] for _ in range(9))]
    error = refused(run(workbook(rows), indicator=indicator, filename="poverty.xlsx"))
    assert (error.row, error.message) == (
        6,
        "The sheet 'Data' has more than 5 rows, the limit; reading stopped at row 6.",
    )
    assert error.action.startswith("Split the data into several files")
    assert "IMPORT_MAX_ROWS" in error.action


def test_a_row_far_down_the_sheet_is_refused_without_making_up_the_rows_between(
    indicator: Indicator,
) -> None:
    rows = HEADER_ROW + data_row(2) + data_row(2_000_000_000)
    content = rewritten(workbook(NATIVE_ROWS), SHEET, sheet_xml(rows))
    error = refused(run(content, indicator=indicator, filename="poverty.xlsx"))
    assert error.message == (
        "The sheet 'Data' has more than 1,000,000 rows, the limit; reading stopped at row "
        "1,000,001."
    )


def test_a_sheet_claiming_every_row_and_column_is_read_as_it_is(indicator: Indicator) -> None:
    rows = HEADER_ROW + data_row(2)
    claimed = sheet_xml(rows, dimension="A1:XFD1048576")
    content = rewritten(workbook(NATIVE_ROWS), SHEET, claimed)
    result = run(content, indicator=indicator, filename="poverty.xlsx", geography="E92000001")
    assert result.errors == []
    assert Observation.objects.get().value == 48.5


@pytest.mark.parametrize(
    ("setting", "limit", "extra", "row", "message"),
    [
        pytest.param(
            "IMPORT_MAX_COLUMNS",
            5,
            {"lower": 47, "upper": 50},
            1,
            "Row 1 of the sheet 'Data' reaches column F (6 columns), over the 5-column limit.",
            id="columns_past_the_limit",
        ),
        pytest.param(
            "IMPORT_MAX_CELL_CHARS",
            20,
            {"note": "x" * 25},
            2,
            "Cell E2 of the sheet 'Data' holds 25 characters, over the 20-character limit.",
            id="a_cell_past_the_length_limit",
        ),
    ],
)
def test_a_workbook_past_a_limit_is_refused(
    indicator: Indicator,
    settings,
    setting: str,
    limit: int,
    extra: dict[str, object],
    row: int,
    message: str,
) -> None:
    """``extra`` columns (header: value) are added to the native rows."""
    setattr(settings, setting, limit)
    rows = [[*NATIVE_ROWS[0], *extra], [*NATIVE_ROWS[1], *extra.values()]]
    error = refused(run(workbook(rows), indicator=indicator, filename="poverty.xlsx"))
    assert (error.row, error.message) == (row, message)
    assert setting in error.action


def test_csv_rows_columns_and_cells_have_the_same_limits(indicator: Indicator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_ROWS = 3
    many = NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n" * 3
    assert refused(run(many, indicator=indicator)).message == (
        "The file has more than 3 rows, the limit; reading stopped at row 4."
    )
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS = 1_000, 9
    wide = refused(run(NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n", indicator=indicator))
    assert (
        wide.message == "Row 1 of the file reaches column J (10 columns), over the 9-column limit."
    )
    settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELL_CHARS = 200, 30
    content = NATIVE_HEADER + "2020,E92000001,,50,,,,,,short\n2021,E92000001,,50,,,,,," + "x" * 31
    long = refused(run(content, indicator=indicator))
    assert (long.row, long.column, long.message) == (
        3,
        "note",
        "The cell in column 'note' of the file holds 31 characters, over the 30-character limit.",
    )


def ods(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(buffer, index=False, engine="odf")
    return buffer.getvalue()


def repeated(data: bytes, find: str, replace: str) -> bytes:
    """The ODS file with the first ``find`` of its ``content.xml`` replaced by ``replace``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
    assert find in content
    changed = content.replace(find, replace, 1).encode()
    return rewritten(data, "content.xml", lambda part: part.write(changed))


@pytest.mark.parametrize(
    ("find", "replace", "message"),
    [
        (
            "<table:table-row>",
            '<table:table-row table:number-rows-repeated="2000000">',
            "The sheet 'Sheet1' has more than 1,000,000 rows, the limit; reading stopped at row "
            "1,000,001.",
        ),
        (
            '<table:table-cell office:value-type="float"',
            '<table:table-cell table:number-columns-repeated="5000" office:value-type="float"',
            "Row 2 of the sheet 'Sheet1' reaches column GJK (5,003 columns), over the 200-column "
            "limit.",
        ),
    ],
)
def test_ods_repeats_are_counted_before_odfpy_opens_the_file(
    indicator: Indicator, monkeypatch: pytest.MonkeyPatch, find: str, replace: str, message: str
) -> None:
    content = repeated(ods(NATIVE_ROWS), find, replace)
    monkeypatch.setattr(
        "indicators.imports.workbooks.pd.ExcelFile",
        lambda *a, **kw: pytest.fail("odfpy was handed the file"),
    )
    error = refused(run(content, indicator=indicator, filename="poverty.ods"))
    assert error.message == message


def test_an_ods_cell_of_a_million_spaces_is_too_long(indicator: Indicator) -> None:
    content = repeated(
        ods(NATIVE_ROWS),
        "<text:p>Female</text:p>",
        '<text:p>Female<text:s text:c="1000000"/></text:p>',
    )
    error = refused(run(content, indicator=indicator, filename="poverty.ods"))
    assert error.message == (
        "Cell C2 of the sheet 'Sheet1' holds 1,000,006 characters, over the 10,000-character limit."
    )


@pytest.mark.parametrize(
    "content",
    [
        NATIVE_HEADER.encode("utf-16") + "2020,E92000001,,50,,,,,,\n".encode("utf-16-le"),
        (NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n").encode("utf-16-le"),
    ],
    ids=["with a byte order mark", "without one"],
)
def test_utf16_text_is_named_as_such(indicator: Indicator, content: bytes) -> None:
    error = refused(run(content, indicator=indicator, filename="poverty.csv"))
    assert error.message == (
        "The file is named .csv but it is UTF-16 text (as Excel's 'Unicode Text' saves it), not "
        "UTF-8 or Windows-1252."
    )
    assert error.action.startswith("Save it from your spreadsheet program as 'CSV UTF-8'")


def test_a_workbook_of_another_kind_is_named_as_such(indicator: Indicator) -> None:
    error = refused(run(ods(NATIVE_ROWS), indicator=indicator, filename="poverty.xlsx"))
    assert error.message == (
        "The file is named .xlsx but it is an OpenDocument spreadsheet (.ods)."
    )


def test_formulas_saved_without_their_values_are_reported_as_formulas(
    indicator: Indicator,
) -> None:
    rows = [[*NATIVE_ROWS[0], "denominator"], [*NATIVE_ROWS[1], "=B9*2"]]
    error = refused(run(workbook(rows), indicator=indicator, filename="poverty.xlsx"))
    assert error.message == (
        "The sheet 'Data' has formulas with no saved value: E2 (=B9*2). The program that saved "
        "the workbook did not calculate them, so these cells would read as empty."
    )
    assert error.action.startswith("Open the workbook in Excel or LibreOffice Calc")


def test_formulas_with_their_saved_values_are_read_as_values(indicator: Indicator) -> None:
    rows = HEADER_ROW + (
        '<row r="2"><c r="A2"><v>2020</v></c><c r="B2" t="inlineStr"><is><t>E92000001</t></is>'
        '</c><c r="C2"><f>10*4.85</f><v>48.5</v></c></row>'
    )
    content = rewritten(workbook(NATIVE_ROWS), SHEET, sheet_xml(rows))
    result = run(content, indicator=indicator, filename="poverty.xlsx", geography="E92000001")
    assert result.errors == []
    assert Observation.objects.get().value == 48.5


def test_the_limits_have_defaults() -> None:
    assert limits.import_limits() == limits.Limits(
        expanded_bytes=250_000_000, rows=1_000_000, columns=200, cell_chars=10_000
    )


def test_the_admin_upload_page_shows_the_same_message(indicator: Indicator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_ROWS = 2
    user = member(get_user_model().objects.create_user(username="analyst", is_staff=True))
    user.user_permissions.add(Permission.objects.get(codename="add_release"))
    client = Client()
    client.force_login(user)
    page = upload_post(client, indicator, NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n" * 2)
    text = page.content.decode()
    assert "The file has more than 2 rows, the limit; reading stopped at row 3." in text
    assert (Release.objects.count(), Period.objects.count()) == (0, 0)
