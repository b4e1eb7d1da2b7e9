"""CSV text: its encoding, its header line, and every row that breaks the CSV rules."""

from __future__ import annotations

import csv
import io

import pandas as pd

from indicators.imports.limits import Limits, too_many_columns, too_many_rows
from indicators.imports.read.cells import HEADER_SEARCH_ROWS, file_error, normalise_header
from indicators.imports.types import ImportFailed, RowError
from indicators.imports.workbooks import LINE


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped), else Windows-1252, which is how EFF writes its downloads."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise file_error(
            f"The file is neither UTF-8 nor Windows-1252 text (byte "
            f"{data[exc.start : exc.start + 1]!r} on row {line}).",
            "Save the file as CSV UTF-8, or upload it as XLSX or ODS.",
            row=line,
        ) from exc


def read_csv(text: str, *, limits: Limits) -> pd.DataFrame:
    """The rows from the header down, stopping after the row limit; the header no wider than
    the column limit."""
    header_index, width = _header_line(text)
    if width > limits.columns:
        raise too_many_columns(where="file", row=header_index + 1, columns=width, limits=limits)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            skiprows=header_index,
            nrows=limits.rows - header_index + 1,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        problems = _csv_problems(text, header_index=header_index, parser_error=exc)
        raise ImportFailed(problems) from exc
    if header_index + len(frame) > limits.rows:
        raise too_many_rows(where="file", limits=limits)
    frame.insert(0, LINE, range(header_index + 1, header_index + 1 + len(frame)))
    return frame


def _header_line(text: str) -> tuple[int, int]:
    """0-based line of the header and its number of cells.

    EFF files before October 2018 had metadata rows above the header, so it is the first line
    with a ``Value`` cell, else the first line that is not blank.
    """
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    rows = list(csv.reader(lines))
    for index, cells in enumerate(rows):
        if any(normalise_header(cell) == "value" for cell in cells):
            return index, len(cells)
    index = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return index, len(rows[index]) if index < len(rows) else 0


def _csv_problems(text: str, *, header_index: int, parser_error: Exception) -> list[RowError]:
    """Every row with more cells than the header, or the line where a quote is left open.

    Runs only after the fast parser has refused the file, so reading it again row by row here
    costs nothing on a good file. The fast parser stops at the first bad row; this finds them all.
    """
    lines = io.StringIO(text)
    for _ in range(header_index):
        lines.readline()
    reader = csv.reader(lines, strict=True)
    errors: list[RowError] = []
    expected = 0
    start = header_index + 1
    try:
        for cells in reader:
            if not expected:
                expected = len(cells)
            elif len(cells) > expected:
                errors.append(_too_many_cells(row=start, cells=len(cells), expected=expected))
            start = header_index + reader.line_num + 1
    except csv.Error as exc:
        errors.append(_broken_quote(row=start, reason=str(exc)))
    if errors:
        return errors
    return [
        RowError.of_file(
            f"The CSV could not be read ({parser_error}).",
            "Open the file in a spreadsheet program, check it and save it as CSV UTF-8.",
        )
    ]


def _too_many_cells(*, row: int, cells: int, expected: int) -> RowError:
    return RowError.of_file(
        f"Row {row} has {cells} cells but the header has {expected}.",
        'Put quotes round a cell that holds a comma ("18,808,000"), or remove the extra cells; '
        "every row needs one cell per header column.",
        row=row,
    )


def _broken_quote(*, row: int, reason: str) -> RowError:
    if "unexpected end of data" in reason or "EOF" in reason:
        message = f"A quoted cell opened on row {row} is never closed."
        action = 'Add the closing quote mark (") to that cell; until then the rest of the file '
        action += "reads as one cell."
    else:
        message = f"Row {row} has a stray quote mark ({reason})."
        action = 'A quote mark inside a quoted cell is written twice (""), or remove it.'
    return RowError.of_file(message, action, row=row)
