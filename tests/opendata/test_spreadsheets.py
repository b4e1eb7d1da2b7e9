"""CSV, XLSX and ODS from a tidy table: layout, read back, and formula neutralisation."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from odf import table as odf_table
from odf import teletype
from odf.opendocument import load

from dashboard.opendata.spreadsheets import (
    FORMULA_STARTS,
    Column,
    Metadata,
    Table,
    neutralise,
    to_csv,
    to_ods,
    to_xlsx,
)

PAYLOADS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']
COLUMNS = [
    Column("period", "Period"),
    Column("group", "Group"),
    Column("value", "Value (%)", "number"),
    Column("lower", "Lower confidence limit (%)", "number"),
    Column("marker", "Marker"),
    Column("gap_significant", "Gap statistically significant at 95%", "boolean"),
    Column("release_published", "Release published (UTC)", "datetime"),
    Column("note", "Note"),
]


def _table(notes: list[str]) -> Table:
    count = len(notes)
    frame = pd.DataFrame(
        {
            "period": ["2024"] * count,
            "group": [f"Group {i}" for i in range(count)],
            "value": [None if i == 0 else -1.5 + i for i in range(count)],
            "lower": [float("nan")] * count,
            "marker": ["[c]" if i == 0 else "" for i in range(count)],
            "gap_significant": pd.array([True, False] + [pd.NA] * (count - 2), dtype="boolean"),
            "release_published": [dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.UTC)] * count,
            "note": notes,
        }
    )
    return Table(
        sheet="Data",
        title="A title",
        frame=frame,
        columns=COLUMNS,
        description=["Places: England."],
    )


META = Metadata(
    title="Test indicator",
    source="Office for National Statistics, A survey",
    source_url="https://www.ons.gov.uk/",
    released="Version 1, published 3 March 2025 at 09:30 (UK time)",
    licence="Open Government Licence v3.0",
    contact=["The team owns this indicator."],
    contact_url="https://www.gov.uk/",
    about=["What it measures."],
    notes=[("Confidence limits", "About limits."), ("Methodology", "=cmd from the admin")],
    markers=[("[c]", "confidential"), ("[x]", "not available")],
)


def test_neutralise_prefixes_formula_starts_but_not_plain_numbers():
    assert [neutralise(p)[0] for p in PAYLOADS] == ["'"] * len(PAYLOADS)
    assert neutralise("-5") == "-5"
    assert neutralise("+1.5") == "+1.5"
    assert neutralise("Black Caribbean") == "Black Caribbean"


def test_csv_is_tidy_utf8_with_neutralised_text_and_full_numbers():
    content = to_csv(_table(PAYLOADS)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == [c.name for c in COLUMNS]
    notes = [row[-1] for row in rows[1:]]
    assert all(note.startswith("'") for note in notes)
    assert rows[1][2] == ""  # suppressed: the marker says why
    assert rows[1][4] == "[c]"
    assert rows[2][2] == "-0.5"  # a number, not text
    assert [rows[1][5], rows[2][5], rows[3][5]] == ["true", "false", ""]
    assert rows[1][6] == "2025-03-03T09:30:00Z"


def _xlsx(notes: list[str]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx([_table(notes)], META)))


def test_xlsx_has_cover_contents_notes_and_table_sheets_without_merged_cells_or_blank_rows():
    workbook = _xlsx(["A note", "", "Another"])
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "Data"]
    for sheet in workbook:
        assert not sheet.merged_cells.ranges, sheet.title
        assert sheet["A1"].value, f"{sheet.title} has no title in A1"
        blank = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value in (None, "")]
        assert blank == [], f"{sheet.title} has blank rows {blank}"
    data = workbook["Data"]
    assert data["A1"].value == "A title"
    header = next(r for r in range(1, data.max_row + 1) if data.cell(r, 1).value == "Period")
    assert [c.value for c in data[header]][2] == "Value (%)"
    assert data.cell(header + 1, 3).value == "[c]"
    assert data.cell(header + 2, 3).value == -0.5
    assert data.cell(header + 1, 4).value == "[c]"  # a suppressed row's limits
    assert data.cell(header + 2, 4).value == "[x]"
    legend = [data.cell(r, 1).value for r in range(1, header)]
    assert "[c] = confidential" in legend
    cover = [workbook["Cover"].cell(r, 1).value for r in range(1, workbook["Cover"].max_row + 1)]
    assert "Licence: Open Government Licence v3.0" in cover
    assert any("Release: Version 1" in line for line in cover)
    assert "Contact" in cover


def test_xlsx_neutralises_formula_payloads():
    workbook = _xlsx(PAYLOADS)
    data = workbook["Data"]
    notes = [data.cell(r, 8).value for r in range(1, data.max_row + 1)][-len(PAYLOADS) :]
    assert all(isinstance(n, str) and n.startswith("'") for n in notes), notes
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), cell.coordinate


def _ods_sheets(content: bytes) -> dict[str, list[list[str]]]:
    document = load(io.BytesIO(content))
    sheets = {}
    for sheet in document.spreadsheet.getElementsByType(odf_table.Table):
        rows = []
        for row in sheet.getElementsByType(odf_table.TableRow):
            rows.append(
                [teletype.extractText(c) for c in row.getElementsByType(odf_table.TableCell)]
            )
        sheets[sheet.getAttribute("name")] = rows
    return sheets


def test_ods_has_the_same_sheets_and_lines_as_the_xlsx():
    table = _table(["A note", "", "Another"])
    sheets = _ods_sheets(to_ods([table], META))
    assert list(sheets) == ["Cover", "Contents", "Notes", "Data"]
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx([table], META)))
    for name, rows in sheets.items():
        assert rows[0][0], f"{name} has no title in A1"
        assert all(row and row[0] for row in rows), f"{name} has a blank row"
        assert [r[0] for r in rows] == [
            str(workbook[name].cell(r, 1).value) for r in range(1, workbook[name].max_row + 1)
        ]
    assert "<table:covered-table-cell" not in to_ods([table], META).decode("latin-1")


def test_ods_neutralises_formula_payloads_and_writes_numbers_as_numbers():
    content = to_ods([_table(PAYLOADS)], META)
    rows = _ods_sheets(content)["Data"]
    notes = [row[7] for row in rows[-len(PAYLOADS) :]]
    assert notes == [neutralise(p) for p in PAYLOADS]
    assert all(note.startswith("'") for note in notes)
    frame = pd.read_excel(io.BytesIO(content), engine="odf", sheet_name="Data", header=None)
    assert -0.5 in frame[2].tolist()
    assert "table:formula" not in content.decode("latin-1")


@pytest.mark.parametrize("writer", [to_xlsx, to_ods])
def test_text_of_symbols_only_and_link_syntax_stay_text(writer):
    content = writer([_table(["...", "[a](http://x) [b](http://y)", "$$ref$$"])], META)
    assert content
