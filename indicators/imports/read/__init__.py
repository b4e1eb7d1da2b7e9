"""Bytes → a DataFrame of text cells, whatever the spreadsheet or encoding.

Every cell is kept as text: numbers, markers and labels are interpreted later, so that an error
can quote what the file said. A ``_line`` column carries each row's 1-based position in the file
(its line in a CSV, its row in a spreadsheet), which is how errors point at rows.

A file that cannot be read at all (binary, damaged, ragged, empty) stops here with errors that
still say where: the line of a row with too many cells, the line where an unclosed quote opens,
the sheet that was looked at.

Modules: ``text`` (CSV: encoding, header line, broken rows), ``sheets`` (XLSX and ODS: which
sheet, where its header is), ``kinds`` (a file of the wrong kind, refused by name) and
``cells`` (the table under the header, and the per-label helpers the later steps use).
"""

from __future__ import annotations

from pathlib import PurePath

from indicators.imports.limits import Limits, import_limits
from indicators.imports.read.cells import (
    Table,
    file_error,
    normalise_header,
    normalised,
    per_label,
    under_header,
)
from indicators.imports.read.kinds import refuse_binary, refuse_other_kind
from indicators.imports.read.sheets import read_workbook
from indicators.imports.read.text import decode, read_csv
from indicators.imports.workbooks import LINE

__all__ = ["LINE", "Table", "normalise_header", "normalised", "per_label", "read_table"]

SPREADSHEET_ENGINES = {".xlsx": "openpyxl", ".ods": "odf"}


def read_table(
    *, data: bytes, filename: str, sheet: str = "", limits: Limits | None = None
) -> Table:
    """Read a CSV, XLSX or ODS file; the header is the first row with a ``Value`` column.

    ``sheet`` chooses a workbook's worksheet by name; without it a workbook of several sheets is
    read only if exactly one of them looks like data (see ``sheets._choose_sheet``). Reading
    stops at the first row, column or cell over ``limits`` (the settings' by default).
    """
    limits = limits or import_limits()
    suffix = PurePath(filename).suffix.lower()
    if suffix in SPREADSHEET_ENGINES:
        refuse_other_kind(data, suffix=suffix)
        return read_workbook(data, suffix=suffix, sheet=sheet, limits=limits)
    refuse_binary(data, suffix=suffix)
    text = decode(data)
    if not text.strip():
        raise file_error("The file is empty.", "Check that you chose the right file.")
    return under_header(read_csv(text, limits=limits), where="file", limits=limits)
