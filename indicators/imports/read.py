"""Bytes → a DataFrame of text cells, whatever the spreadsheet or encoding.

Every cell is kept as text: numbers, markers and labels are interpreted later, so that an error
can quote what the file said. A ``_line`` column carries each row's 1-based position in the file
(its line in a CSV, its row in a spreadsheet), which is how errors point at rows.

A file that cannot be read at all (binary, damaged, ragged, empty) stops here with errors that
still say where: the line of a row with too many cells, the line where an unclosed quote opens,
the sheet that was looked at.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from indicators.imports.limits import (
    ZIP_MAGIC,
    Limits,
    cell_too_long,
    import_limits,
    too_many_columns,
    too_many_rows,
)
from indicators.imports.types import ImportFailed, RowError
from indicators.imports.workbooks import LINE, Workbook, workbook_open
from indicators.models import normalise_label

__all__ = ["LINE", "Table", "normalise_header", "normalised", "per_label", "read_table"]

SPREADSHEET_ENGINES = {".xlsx": "openpyxl", ".ods": "odf"}
_HEADER_SEARCH_ROWS = 50
_SNIFF_BYTES = 8192
_SAVE_AS_CSV = "Save the sheet from your spreadsheet program as 'CSV UTF-8', or upload the workbook"


@dataclass(frozen=True)
class Table:
    """The data rows of a file under its header, all cells as stripped text.

    ``sheet`` names the worksheet read from a workbook ("" for a CSV), and ``sheets`` how many
    the workbook has, so the analyst is told which one was read.
    """

    frame: pd.DataFrame
    headers: list[str]
    sheet: str = ""
    sheets: int = 0


def normalise_header(header: str) -> str:
    """Trim, case-fold and treat ``_``, ``-`` and runs of spaces alike (EFF headers vary so)."""
    return re.sub(r"[\s_\-]+", " ", str(header)).strip().casefold()


def file_error(message: str, action: str, *, row: int | None = None) -> ImportFailed:
    """A problem with the file as a whole (or one line of it) that stops the import early."""
    return ImportFailed([RowError.of_file(message, action, row=row)])


def read_table(
    *, data: bytes, filename: str, sheet: str = "", limits: Limits | None = None
) -> Table:
    """Read a CSV, XLSX or ODS file; the header is the first row with a ``Value`` column.

    ``sheet`` chooses a workbook's worksheet by name; without it a workbook of several sheets is
    read only if exactly one of them looks like data (see ``_choose_sheet``). Reading stops at
    the first row, column or cell over ``limits`` (the settings' by default).
    """
    limits = limits or import_limits()
    suffix = PurePath(filename).suffix.lower()
    if suffix in SPREADSHEET_ENGINES:
        _refuse_other_kind(data, suffix=suffix)
        return _read_workbook(data, suffix=suffix, sheet=sheet, limits=limits)
    _refuse_binary(data, suffix=suffix)
    text = decode(data)
    if not text.strip():
        raise file_error("The file is empty.", "Check that you chose the right file.")
    return _under_header(_read_csv(text, limits=limits), where="file", limits=limits)


# --- CSV ------------------------------------------------------------------------------------


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


def sniff(data: bytes) -> str:
    """What the file is, from its first bytes: "" for text in one byte per character."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an Excel 97-2003 workbook (.xls), which the importer does not read"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if _is_utf16(head):
        return "UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8 or Windows-1252"
    if b"\x00" in head:
        return "a binary file, not text"
    return ""


def _is_utf16(head: bytes) -> bool:
    """A UTF-16 byte order mark, or text whose every other byte is zero (UTF-16 without one)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) < 4:
        return False
    even, odd = pairs[0::2], pairs[1::2]
    return even.count(0) == len(even) or odd.count(0) == len(odd)


def _refuse_binary(data: bytes, *, suffix: str) -> None:
    """A workbook, PDF, UTF-16 or other binary file given a text name: say what it really is."""
    kind = sniff(data)
    if kind:
        named = f"named {suffix}" if suffix else "without an extension"
        action = (
            f"{_SAVE_AS_CSV} itself with its .xlsx or .ods name."
            if "UTF-16" not in kind
            else "Save it from your spreadsheet program as 'CSV UTF-8' (Comma delimited), or "
            "upload the workbook itself with its .xlsx or .ods name."
        )
        raise file_error(f"The file is {named} but it is {kind}.", action)


def _refuse_other_kind(data: bytes, *, suffix: str) -> None:
    """A workbook name on something else (another kind of workbook, a PDF): say what it is."""
    kind = sniff(data)
    expected = {".xlsx": "an Excel workbook (.xlsx)", ".ods": "an OpenDocument spreadsheet"}
    if not kind or kind.startswith(expected[suffix]) or kind.startswith("a damaged zip"):
        return  # text named as a workbook, or the workbook itself: opening it tells
    raise file_error(
        f"The file is named {suffix} but it is {kind}.",
        f"Give the file the name its kind has, or save it again from your spreadsheet program "
        f"as {expected[suffix]}.",
    )


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "a damaged zip archive"
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx)"
    if "content.xml" in names:
        return "an OpenDocument spreadsheet (.ods)"
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    return "a zip archive"


def _read_csv(text: str, *, limits: Limits) -> pd.DataFrame:
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
    lines = text.splitlines()[:_HEADER_SEARCH_ROWS]
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


# --- workbooks ------------------------------------------------------------------------------


def _read_workbook(data: bytes, *, suffix: str, sheet: str, limits: Limits) -> Table:
    try:
        workbook = workbook_open(data, suffix=suffix, limits=limits)
    except ImportFailed:
        raise
    except Exception as exc:  # openpyxl and odfpy raise many types for a damaged file
        raise _unopened(data, suffix=suffix, exc=exc) from exc
    try:
        names = workbook.names
        name = _choose_sheet(workbook, chosen=sheet)
        frame = workbook.sheet(name)
    except ImportFailed:
        raise
    except Exception as exc:
        raise _unopened(data, suffix=suffix, exc=exc) from exc
    finally:
        workbook.close()
    where = f"sheet '{name}'"
    if frame.empty:
        raise file_error(
            f"The {where} is empty.",
            "Choose the sheet that holds the data (the sheet option), or check the file."
            if len(names) > 1
            else "Check that you chose the right file.",
        )
    header_at = _sheet_header_index(frame)
    raw = frame.iloc[header_at:].reset_index(drop=True)
    table = _under_header(raw, where=where, limits=limits)
    return Table(frame=table.frame, headers=table.headers, sheet=name, sheets=len(names))


def _unopened(data: bytes, *, suffix: str, exc: Exception) -> ImportFailed:
    looks_like_text = not data.startswith(ZIP_MAGIC)
    return file_error(
        f"The {suffix} file could not be opened as a workbook ({exc}).",
        "If it is CSV text, rename it to .csv; otherwise check that it opens in a "
        "spreadsheet program and save it again."
        if looks_like_text
        else "Check that it opens in a spreadsheet program and save it again.",
    )


def _choose_sheet(workbook: Workbook, *, chosen: str) -> str:
    """The chosen sheet; the only sheet; or the one sheet of several that looks like data.

    A sheet looks like data when a cell in its first rows reads ``Value``; when none does, any
    non-empty sheet might (a column can be mapped to the value). Guessing between several would
    import the wrong table without a word, so the analyst is asked instead.
    """
    names = workbook.names
    if chosen:
        if chosen in names:
            return chosen
        raise file_error(
            f"The workbook has no sheet called '{chosen}'.",
            f"Choose one of its sheets: {_quoted(names)}.",
        )
    if len(names) == 1:
        return names[0]
    tops = {name: workbook.top(name, rows=_HEADER_SEARCH_ROWS) for name in names}
    candidates = [name for name, top in tops.items() if _has_value_cell(top)]
    candidates = candidates or [name for name, top in tops.items() if not top.empty]
    if len(candidates) == 1:
        return candidates[0]
    raise file_error(
        f"The workbook has {len(names)} sheets ({_quoted(names)}) and "
        + (f"{len(candidates)} of them could hold the data." if candidates else "all are empty."),
        "Say which sheet to read with the sheet option (--sheet on the command line).",
    )


def _has_value_cell(top: pd.DataFrame) -> bool:
    return any(normalise_header(cell) == "value" for cell in top.to_numpy().ravel())


def _sheet_header_index(frame: pd.DataFrame) -> int:
    """The first row, among the first few, that has a ``Value`` cell; else the first row."""
    top = frame.drop(columns=LINE).head(_HEADER_SEARCH_ROWS)
    for index, cells in enumerate(top.itertuples(index=False, name=None)):
        if any(normalise_header(cell) == "value" for cell in cells):
            return index
    return 0


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


# --- header and cells -----------------------------------------------------------------------


def _under_header(raw: pd.DataFrame, *, where: str, limits: Limits) -> Table:
    """Take the first row as the header; name empty header cells so they can be reported.

    Every cell is stripped, and refused if it is longer than the cell limit.
    """
    header_line = int(raw[LINE].iloc[0])
    header_cells = [str(cell).strip() for cell in raw.drop(columns=LINE).iloc[0]]
    for index, cell in enumerate(header_cells, start=1):
        if len(cell) > limits.cell_chars:
            error = cell_too_long(
                where=where, row=header_line, column=index, length=len(cell), limits=limits
            )
            raise ImportFailed([error])
    headers = [cell or f"(column {i + 1})" for i, cell in enumerate(header_cells)]
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = pd.Index([LINE, *headers])
    text_columns = frame.columns[1:]
    for column in text_columns:
        frame[column] = _stripped(frame, column, where=where, limits=limits)
    blank = (frame[text_columns] == "").all(axis=1)
    frame = frame.loc[~blank].reset_index(drop=True)
    if frame.empty:
        raise file_error(
            f"The {where} has a header (row {header_line}) but no data rows below it.",
            "Add the data under the header, or check that you chose the right file.",
            row=header_line,
        )
    return Table(frame=frame, headers=headers)


def _stripped(frame: pd.DataFrame, column: str, *, where: str, limits: Limits) -> pd.Series:
    """A column's cells stripped, once per distinct text; the first over the length limit
    refused."""
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
    texts = [label.strip() if isinstance(label, str) else "" for label in uniques]
    long = [index for index, text in enumerate(texts) if len(text) > limits.cell_chars]
    if long:
        first = int(np.flatnonzero(np.isin(codes, long))[0])
        error = cell_too_long(
            where=where,
            row=int(frame[LINE].iloc[first]),
            column=column,
            length=len(texts[codes[first]]),
            limits=limits,
        )
        raise ImportFailed([error])
    return pd.Series(np.array(texts, dtype=object)[codes], index=frame.index, dtype=object)


def per_label(cells: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """``function`` of every cell, computed once per distinct text (a missing cell is "").

    Files repeat their labels (a million rows may hold twenty), so this costs one call per label
    where ``Series.str`` methods would make one Python call per row.
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    results = np.array(
        [function(label if isinstance(label, str) else "") for label in uniques], dtype=object
    )
    return pd.Series(results[codes], index=cells.index, dtype=object)


def normalised(cells: pd.Series) -> pd.Series:
    """``normalise_label`` of every cell, computed once per distinct label."""
    return per_label(cells, normalise_label)
