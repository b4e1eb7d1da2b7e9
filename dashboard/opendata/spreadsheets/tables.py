"""What is written: tables of a tidy frame, their columns, and the metadata of the cover and
notes sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Column:
    """How one column of the tidy frame is written: its name in the CSV, its heading (with
    units) in a spreadsheet, and what kind of cell it holds."""

    name: str
    heading: str
    #: "text", "number", "integer", "boolean", "date" or "datetime".
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """One table: a sheet of a workbook, or the whole of a CSV."""

    sheet: str
    title: str
    frame: pd.DataFrame
    columns: Sequence[Column]
    #: Lines under the title (what the table shows, its source), one row each.
    description: Sequence[str] = ()


@dataclass(frozen=True)
class Metadata:
    """What the cover and notes sheets say."""

    title: str
    source: str
    released: str
    licence: str
    contact: Sequence[str]
    #: "About these data" lines of the cover sheet (status, coverage, method).
    about: Sequence[str] = ()
    #: (heading, text) pairs for the notes sheet.
    notes: Sequence[tuple[str, str]] = ()
    #: (shorthand, meaning) pairs: the marker key, on every table sheet.
    markers: Sequence[tuple[str, str]] = ()
    source_url: str = ""
    contact_url: str = ""
    extra_cover: Sequence[str] = field(default_factory=tuple)
