"""How large a file may become once it is opened: checked before, and while, it is read.

An upload's size is limited as sent (``IMPORT_MAX_UPLOAD_BYTES``), but a workbook is a zip
archive: 0.8 MB of XLSX can expand to 800 MB of XML. So a workbook's expanded size is read from
the zip's central directory (the uncompressed size of every part, which Python's ``zipfile``
also holds each part to) before any spreadsheet library opens it, and every file's rows,
columns and cell lengths are counted as it is read, stopping at the first one over its limit.

Each limit is a setting with a default (``IMPORT_MAX_EXPANDED_BYTES``, ``IMPORT_MAX_ROWS``,
``IMPORT_MAX_COLUMNS``, ``IMPORT_MAX_CELL_CHARS``); rows are counted as the file numbers them,
header and any rows above it included.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from openpyxl.utils import get_column_letter

from indicators.imports.types import ImportFailed, RowError

DEFAULT_MAX_EXPANDED_BYTES = 250_000_000
DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MAX_COLUMNS = 200
DEFAULT_MAX_CELL_CHARS = 10_000
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, kw_only=True)
class Limits:
    """The largest file an import reads: expanded bytes of a workbook, rows, columns, cell text."""

    expanded_bytes: int = DEFAULT_MAX_EXPANDED_BYTES
    rows: int = DEFAULT_MAX_ROWS
    columns: int = DEFAULT_MAX_COLUMNS
    cell_chars: int = DEFAULT_MAX_CELL_CHARS


def import_limits() -> Limits:
    """The limits as the settings give them, or their defaults."""
    return Limits(
        expanded_bytes=getattr(settings, "IMPORT_MAX_EXPANDED_BYTES", DEFAULT_MAX_EXPANDED_BYTES),
        rows=getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
        columns=getattr(settings, "IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS),
        cell_chars=getattr(settings, "IMPORT_MAX_CELL_CHARS", DEFAULT_MAX_CELL_CHARS),
    )


def expanded_size_check(data: bytes, *, limits: Limits) -> None:
    """Refuse a zip archive (XLSX, ODS) whose parts would expand past the limit.

    Reads only the central directory. A damaged archive passes: the reader reports it.
    """
    if not data.startswith(ZIP_MAGIC):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        return
    total = sum(part.file_size for part in parts)
    if total <= limits.expanded_bytes:
        return
    largest = max(parts, key=lambda part: part.file_size)
    raise ImportFailed(
        [
            RowError.of_file(
                f"The workbook is {len(data) / 1e6:.1f} MB but expands to {_mb(total)} when "
                f"opened ({largest.filename} alone is {_mb(largest.file_size)}), over the "
                f"{_mb(limits.expanded_bytes)} limit.",
                "Delete empty rows and columns, unused sheets and formatting from the workbook "
                "and save it again, or save the data sheet as CSV UTF-8 and upload that. If the "
                "data really is this large, split it, or ask an administrator to raise "
                "IMPORT_MAX_EXPANDED_BYTES.",
            )
        ]
    )


def too_many_rows(*, where: str, limits: Limits) -> ImportFailed:
    """The file goes on past row ``limits.rows``; reading stopped there."""
    return ImportFailed(
        [
            RowError.of_file(
                f"The {where} has more than {limits.rows:,} rows, the limit; reading stopped at "
                f"row {limits.rows + 1:,}.",
                "Split the data into several files (by period, say), delete empty rows at the "
                "end, or ask an administrator to raise IMPORT_MAX_ROWS.",
                row=limits.rows + 1,
            )
        ]
    )


def too_many_columns(*, where: str, row: int, columns: int, limits: Limits) -> ImportFailed:
    """Row ``row`` of the file reaches column ``columns``, past ``limits.columns``."""
    return ImportFailed(
        [
            RowError.of_file(
                f"Row {row} of the {where} reaches column {get_column_letter(columns)} "
                f"({columns:,} columns), over the {limits.columns:,}-column limit.",
                "Delete the columns to the right of the data (empty cells that keep "
                "formatting count too), or ask an administrator to raise IMPORT_MAX_COLUMNS.",
                row=row,
            )
        ]
    )


def cell_too_long(
    *, where: str, row: int, column: int | str, length: int, limits: Limits
) -> RowError:
    """One cell holds more than ``limits.cell_chars`` characters."""
    name = get_column_letter(column) if isinstance(column, int) else column
    cell = f"Cell {name}{row}" if isinstance(column, int) else f"The cell in column '{name}'"
    return RowError(
        row=row,
        column="" if isinstance(column, int) else column,
        message=f"{cell} of the {where} holds {length:,} characters, over the "
        f"{limits.cell_chars:,}-character limit.",
        action="A cell holds one label, number or note: check that the file was exported "
        "correctly (a missing quote mark in a CSV runs many cells into one), or ask an "
        "administrator to raise IMPORT_MAX_CELL_CHARS.",
    )


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 10e6 else f"{size / 1e6:,.0f} MB"
