"""XLSX and ODS workbooks: which sheet holds the data, and where its header is."""

from __future__ import annotations

import pandas as pd

from indicators.imports.limits import ZIP_MAGIC, Limits
from indicators.imports.read.cells import (
    HEADER_SEARCH_ROWS,
    Table,
    file_error,
    normalise_header,
    under_header,
)
from indicators.imports.types import ImportFailed
from indicators.imports.workbooks import LINE, Workbook, workbook_open


def read_workbook(data: bytes, *, suffix: str, sheet: str, limits: Limits) -> Table:
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
    table = under_header(raw, where=where, limits=limits)
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
    tops = {name: workbook.top(name, rows=HEADER_SEARCH_ROWS) for name in names}
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
    top = frame.drop(columns=LINE).head(HEADER_SEARCH_ROWS)
    for index, cells in enumerate(top.itertuples(index=False, name=None)):
        if any(normalise_header(cell) == "value" for cell in cells):
            return index
    return 0


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)
