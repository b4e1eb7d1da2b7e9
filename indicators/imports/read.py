"""Bytes → a DataFrame of text cells, whatever the spreadsheet or encoding.

Every cell is kept as text: numbers, markers and labels are interpreted later, so that an error
can quote what the file said. A ``_line`` column carries each row's 1-based position in the file
(its line in a CSV, its row in a spreadsheet), which is how errors point at rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from indicators.imports.types import ImportFailed, RowError

LINE = "_line"
SPREADSHEET_ENGINES = {".xlsx": "openpyxl", ".ods": "odf"}
_HEADER_SEARCH_ROWS = 50


@dataclass(frozen=True)
class Table:
    """The data rows of a file under its header, all cells as stripped text."""

    frame: pd.DataFrame
    headers: list[str]


def normalise_header(header: str) -> str:
    """Trim, case-fold and treat ``_``, ``-`` and runs of spaces alike (EFF headers vary so)."""
    return re.sub(r"[\s_\-]+", " ", str(header)).strip().casefold()


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped), else Windows-1252, which is how EFF writes its downloads."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [
                RowError(
                    row=None,
                    column="",
                    message=f"The file is neither UTF-8 nor Windows-1252 text (byte "
                    f"{data[exc.start : exc.start + 1]!r} at position {exc.start}).",
                    action="Save the file as CSV UTF-8, or upload it as XLSX or ODS.",
                )
            ]
        ) from exc


def read_table(*, data: bytes, filename: str) -> Table:
    """Read a CSV, XLSX or ODS file; the header is the first row with a ``Value`` column."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in SPREADSHEET_ENGINES:
        raw = _read_spreadsheet(data, engine=SPREADSHEET_ENGINES[suffix])
    else:
        raw = _read_csv(decode(data))
    return _under_header(raw)


def _read_csv(text: str) -> pd.DataFrame:
    if not text.strip():
        raise ImportFailed([_empty_file()])
    header_index = _header_line_index(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            skiprows=header_index,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise ImportFailed(
            [
                RowError(
                    row=None,
                    column="",
                    message=f"The CSV could not be read ({exc}).",
                    action="Check for a missing closing quote or rows with extra cells.",
                )
            ]
        ) from exc
    frame.insert(0, LINE, range(header_index + 1, header_index + 1 + len(frame)))
    return frame


def _header_line_index(text: str) -> int:
    """0-based line of the header: EFF files before October 2018 had metadata rows above it."""
    lines = text.splitlines()[:_HEADER_SEARCH_ROWS]
    for index, cells in enumerate(csv.reader(lines)):
        if any(normalise_header(cell) == "value" for cell in cells):
            return index
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def _read_spreadsheet(data: bytes, *, engine: Any) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = pd.read_excel(
            io.BytesIO(data), sheet_name=0, header=None, dtype=str, engine=engine
        )
    except Exception as exc:  # openpyxl and odfpy raise many types for a damaged file
        raise ImportFailed(
            [
                RowError(
                    row=None,
                    column="",
                    message=f"The spreadsheet could not be opened ({exc}).",
                    action="Check that the file is a valid XLSX or ODS workbook.",
                )
            ]
        ) from exc
    frame = frame.fillna("")
    frame.insert(0, LINE, range(1, len(frame) + 1))
    values = frame.drop(columns=LINE)
    is_header = values.apply(lambda col: col.map(normalise_header) == "value").any(axis=1)
    header_at = int(is_header.to_numpy().argmax()) if is_header.any() else 0
    under: pd.DataFrame = frame.iloc[header_at:].reset_index(drop=True)
    return under


def _under_header(raw: pd.DataFrame) -> Table:
    """Take the first row as the header; name empty header cells so they can be reported."""
    if raw.empty:
        raise ImportFailed([_empty_file()])
    header_cells = [str(cell).strip() for cell in raw.drop(columns=LINE).iloc[0]]
    headers = [cell or f"(column {i + 1})" for i, cell in enumerate(header_cells)]
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = pd.Index([LINE, *headers])
    text_columns = frame.columns[1:]
    for column in text_columns:
        frame[column] = _stripped(frame[column])
    blank = (frame[text_columns] == "").all(axis=1)
    frame = frame.loc[~blank].reset_index(drop=True)
    if frame.empty:
        raise ImportFailed([_empty_file()])
    return Table(frame=frame, headers=headers)


def _stripped(cells: pd.Series) -> pd.Series:
    """Cells without surrounding spaces (a missing cell becomes ""), once per distinct text."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    clean = np.array([u.strip() if isinstance(u, str) else "" for u in uniques], dtype=object)
    return pd.Series(clean[codes], index=cells.index, dtype=object)


def _empty_file() -> RowError:
    return RowError(
        row=None,
        column="",
        message="The file has no data rows.",
        action="Check that you chose the right file; it needs a header row and data below it.",
    )
