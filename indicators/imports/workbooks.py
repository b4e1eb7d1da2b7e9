"""Workbooks (XLSX, ODS) → frames of text cells, read within the import limits.

No spreadsheet library sees a workbook until its expanded size is known to be within the
limit (``limits.expanded_size_check``). Then each sheet is streamed, one cell at a time, and the
read stops at the first row, column or cell over its limit, before memory grows:

- XLSX: openpyxl opens the workbook read-only (sheet names, shared strings, date formats), and
  its own cell parser turns each ``<c>`` element of the sheet's XML into a value. The elements
  are streamed here rather than through openpyxl's row iterator, which pads every row to the
  sheet's claimed size and makes up every missing row (a file can claim a million of each).
  A formula whose value the file does not keep (a script saved it without calculating) would
  read as an empty cell, so it is reported as a formula instead.
- ODS: odfpy (through pandas) holds the whole document, so ``content.xml`` is streamed first to
  count rows and columns as pandas would expand them (``number-rows-repeated`` and
  ``number-columns-repeated`` can repeat a cell a million times in a few bytes) and to measure
  each cell.

The frames hold text: numbers as a CSV of the sheet would write them (2020, not 2020.0).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Protocol
from xml.etree import ElementTree

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from indicators.imports.limits import (
    Limits,
    cell_too_long,
    expanded_size_check,
    too_many_columns,
    too_many_rows,
)
from indicators.imports.types import ImportFailed, RowError

LINE = "_line"
_SHOWN_FORMULAS = 5

_ROW, _CELL, _FORMULA = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("row", "c", "f"))
_CELLS = frozenset({_CELL})
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_TABLE, _ODS_ROW = f"{{{_TABLE_NS}}}table", f"{{{_TABLE_NS}}}table-row"
_ODS_CELLS = frozenset({f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell"})
_ODS_ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
_ODS_COLUMNS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
_ODS_VALUE_TYPE = f"{{{_OFFICE_NS}}}value-type"
_ODS_FORMULA = f"{{{_TABLE_NS}}}formula"
_ODS_NAME = f"{{{_TABLE_NS}}}name"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODS_SPACE, _ODS_SPACE_COUNT = f"{{{_TEXT_NS}}}s", f"{{{_TEXT_NS}}}c"


class Workbook(Protocol):
    """An open workbook: its sheet names, and each sheet as a frame of text cells."""

    names: list[str]

    def top(self, name: str, *, rows: int) -> pd.DataFrame:
        """The sheet's first ``rows`` rows (to tell a data sheet from a cover sheet)."""

    def sheet(self, name: str) -> pd.DataFrame:
        """The whole sheet, each row's number in the file in the ``_line`` column."""

    def close(self) -> None:
        """Let go of the file."""


def workbook_open(data: bytes, *, suffix: str, limits: Limits) -> Workbook:
    """Open an XLSX or ODS file, once its expanded size is known to be within the limit."""
    expanded_size_check(data, limits=limits)
    if suffix == ".xlsx":
        return _Xlsx(data, limits)
    return _Ods(data, limits)


def _frame(rows: dict[int, list[str]], *, lines: bool) -> pd.DataFrame:
    """Rows by their number in the file → one square frame of text, rows 1 to the last."""
    last = max(rows, default=0)
    width = max((len(cells) for cells in rows.values()), default=0)
    blank = [""] * width
    grid = [(rows.get(n, []) + blank)[:width] for n in range(1, last + 1)]
    frame = pd.DataFrame(grid, columns=range(width), dtype=object)
    if lines:
        frame.insert(0, LINE, range(1, last + 1))
    return frame


def _removed_when_done(
    events: Iterator[tuple[str, ElementTree.Element]], *, keep: frozenset[str], limits: Limits
) -> Iterator[tuple[str, ElementTree.Element]]:
    """The parse events, each finished element then dropped from the tree, except inside
    ``keep`` elements (cells), whose parts the caller reads when the cell ends.

    So the tree never holds more than the open elements and one cell, however long the file;
    a cell made of more parts than the cell length limit has characters is refused as it comes.
    """
    path: list[ElementTree.Element] = []
    inside = held = 0
    for event, element in events:
        if event == "start":
            path.append(element)
            if inside:
                held += 1
                if held > limits.cell_chars:
                    raise _cell_of_many_parts(limits)
            inside += element.tag in keep
            yield event, element
            continue
        path.pop()
        yield event, element
        inside -= element.tag in keep
        if not inside:
            held = 0
            if path:
                element.clear()
                path[-1].remove(element)


def _cell_of_many_parts(limits: Limits) -> ImportFailed:
    return ImportFailed(
        [
            RowError.of_file(
                f"A cell of the workbook is made of more than {limits.cell_chars:,} pieces of "
                f"text, so it holds more than the {limits.cell_chars:,}-character limit.",
                "A cell holds one label, number or note: check that the workbook was exported "
                "correctly, or ask an administrator to raise IMPORT_MAX_CELL_CHARS.",
            )
        ]
    )


# --- XLSX -----------------------------------------------------------------------------------


class _Xlsx:
    """An XLSX workbook opened read-only by openpyxl; sheets streamed cell by cell."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        self.book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        self.names = [str(sheet.title) for sheet in self.book.worksheets]

    def top(self, name: str, *, rows: int) -> pd.DataFrame:
        return _frame(dict(self._rows(name, stop_after=rows)), lines=False)

    def sheet(self, name: str) -> pd.DataFrame:
        return _frame(dict(self._rows(name)), lines=True)

    def close(self) -> None:
        self.book.close()

    def _rows(self, name: str, *, stop_after: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """(row number, its cells as text) of each row with a value, in the file's order.

        ``stop_after`` reads only that many rows, without the limits (a look at the top).
        """
        where, limits = f"sheet '{name}'", self.limits
        sheet = self.book[name]
        uncalculated: list[str] = []
        with sheet._get_source() as source:
            cells = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=self.book.epoch,
                date_formats=self.book._date_formats,
                timedelta_formats=self.book._timedelta_formats,
            )
            texts: dict[int, str] = {}
            events = ElementTree.iterparse(source, events=("start", "end"))
            for event, element in _removed_when_done(events, keep=_CELLS, limits=limits):
                if event == "start":
                    if element.tag == _ROW:
                        cells.row_counter = _row_number(element, after=cells.row_counter)
                        cells.col_counter, texts = 0, {}
                        if stop_after is not None and cells.row_counter > stop_after:
                            return
                        if stop_after is None and cells.row_counter > limits.rows:
                            raise too_many_rows(where=where, limits=limits)
                    continue
                if element.tag == _CELL:
                    cell = cells.parse_cell(element)
                    text = _text(cell["value"])
                    number, column = cell["row"], cell["column"]
                    if text and stop_after is None:
                        self._check(text, row=number, column=column, where=where)
                    if text:
                        texts[column] = text
                    elif (formula := element.find(_FORMULA)) is not None:
                        uncalculated.append(
                            f"{get_column_letter(column)}{number} (={formula.text})"
                        )
                elif element.tag == _ROW and texts:
                    row = [""] * max(texts)
                    for column, text in texts.items():
                        row[column - 1] = text
                    yield cells.row_counter, row
        if uncalculated and stop_after is None:
            raise _formulas_without_values(uncalculated, where=where)

    def _check(self, text: str, *, row: int, column: int, where: str) -> None:
        limits = self.limits
        if column > limits.columns:
            raise too_many_columns(where=where, row=row, columns=column, limits=limits)
        if len(text) > limits.cell_chars:
            error = cell_too_long(
                where=where, row=row, column=column, length=len(text), limits=limits
            )
            raise ImportFailed([error])


def _row_number(row: ElementTree.Element, *, after: int) -> int:
    """A ``<row>``'s number: its ``r`` attribute, else the one after the previous row's."""
    number = row.get("r")
    return int(float(number)) if number else after + 1


def _text(value: object) -> str:
    """A cell's value as the CSV of the same sheet would write it: 2020, not 2020.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return str(value)
    return str(value)


def _formulas_without_values(cells: list[str], *, where: str) -> ImportFailed:
    shown = ", ".join(cells[:_SHOWN_FORMULAS])
    more = len(cells) - _SHOWN_FORMULAS
    also = f" and {more:,} more" if more > 0 else ""
    return ImportFailed(
        [
            RowError.of_file(
                f"The {where} has formulas with no saved value: {shown}{also}. The program "
                "that saved the workbook did not calculate them, so these cells would read "
                "as empty.",
                "Open the workbook in Excel or LibreOffice Calc, let it recalculate and save "
                "it again, or copy the cells and paste them back as values only.",
            )
        ]
    )


# --- ODS ------------------------------------------------------------------------------------


class _Ods:
    """An ODS workbook read by odfpy (through pandas), once counted within the limits."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        _ods_check(data, limits=limits)
        self.book = pd.ExcelFile(io.BytesIO(data), engine="odf")
        self.names = [str(name) for name in self.book.sheet_names]

    def top(self, name: str, *, rows: int) -> pd.DataFrame:
        return self._read(name, rows=rows)

    def sheet(self, name: str) -> pd.DataFrame:
        frame = self._read(name, rows=None)
        frame.insert(0, LINE, range(1, len(frame) + 1))
        return frame

    def close(self) -> None:
        self.book.close()

    def _read(self, name: str, *, rows: int | None) -> pd.DataFrame:
        frame: pd.DataFrame = pd.read_excel(
            self.book, sheet_name=name, header=None, dtype=str, nrows=rows
        )
        return frame.fillna("")


def _ods_check(data: bytes, *, limits: Limits) -> None:
    """Every table's rows and columns, as pandas will expand them, and each cell's length.

    A row counts once a row with a value follows it (pandas drops trailing empty rows); a
    column once a cell with a value is at or after it. A formula cell that keeps no value is
    reported, as in XLSX. A damaged file passes: opening it says what is wrong.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as part:
            _OdsCount(limits).read(part)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return


class _OdsCount:
    """The running count of one ``content.xml``: where the reading is, and what it found."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.where, self.rows, self.empty_rows = "", 0, 0
        self.column, self.width = 0, 0
        self.uncalculated: list[str] = []

    def read(self, part: IO[bytes]) -> None:
        events = ElementTree.iterparse(part, events=("start", "end"))
        for event, element in _removed_when_done(events, keep=_ODS_CELLS, limits=self.limits):
            if event == "start":
                if element.tag == _ODS_TABLE:
                    self._table_done()
                    self.where = f"sheet '{element.get(_ODS_NAME, '')}'"
                    self.rows = self.empty_rows = 0
                elif element.tag == _ODS_ROW:
                    self.column = self.width = 0
            elif element.tag in _ODS_CELLS:
                self._cell(element)
            elif element.tag == _ODS_ROW:
                self._row(int(element.get(_ODS_ROWS_REPEATED, "1")))
        self._table_done()

    @property
    def _row_number(self) -> int:
        return self.rows + self.empty_rows + 1

    def _cell(self, cell: ElementTree.Element) -> None:
        repeat = int(cell.get(_ODS_COLUMNS_REPEATED, "1"))
        kind = cell.get(_ODS_VALUE_TYPE)
        length = _ods_text_length(cell)
        if kind is not None and (kind != "string" or length):
            self.width = self.column + repeat
            if length > self.limits.cell_chars:
                error = cell_too_long(
                    where=self.where,
                    row=self._row_number,
                    column=self.column + 1,
                    length=length,
                    limits=self.limits,
                )
                raise ImportFailed([error])
        elif (formula := cell.get(_ODS_FORMULA)) is not None:
            self.uncalculated.append(
                f"{get_column_letter(self.column + 1)}{self._row_number} ({formula})"
            )
        self.column += repeat

    def _row(self, repeat: int) -> None:
        if not self.width:
            self.empty_rows += repeat
            return
        start = self._row_number
        self.rows, self.empty_rows = self.rows + self.empty_rows + repeat, 0
        limits = self.limits
        if self.rows > limits.rows:
            raise too_many_rows(where=self.where, limits=limits)
        if self.width > limits.columns:
            raise too_many_columns(where=self.where, row=start, columns=self.width, limits=limits)

    def _table_done(self) -> None:
        if self.uncalculated:
            raise _formulas_without_values(self.uncalculated, where=self.where)


def _ods_text_length(cell: ElementTree.Element) -> int:
    """The characters of a cell's text as odfpy reads it: ``<text:s text:c="n"/>`` is n spaces."""
    length = 0
    for part in cell.iter():
        length += len(part.text or "") + len(part.tail or "") if part is not cell else 0
        if part.tag == _ODS_SPACE:
            length += int(part.get(_ODS_SPACE_COUNT, "1"))
    return length
