"""The table under a file's header: every cell stripped text, each row's line kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.imports.limits import Limits, cell_too_long
from indicators.imports.types import ImportFailed, RowError
from indicators.imports.workbooks import LINE
from indicators.models import normalise_label

HEADER_SEARCH_ROWS = 50


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


def under_header(raw: pd.DataFrame, *, where: str, limits: Limits) -> Table:
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
        frame[column] = stripped(frame, column, where=where, limits=limits)
    blank = (frame[text_columns] == "").all(axis=1)
    frame = frame.loc[~blank].reset_index(drop=True)
    if frame.empty:
        raise file_error(
            f"The {where} has a header (row {header_line}) but no data rows below it.",
            "Add the data under the header, or check that you chose the right file.",
            row=header_line,
        )
    return Table(frame=frame, headers=headers)


def stripped(frame: pd.DataFrame, column: str, *, where: str, limits: Limits) -> pd.Series:
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
