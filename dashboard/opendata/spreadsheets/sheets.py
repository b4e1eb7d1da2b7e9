"""The sheets both spreadsheet formats share: contents, notes, one sheet per table, the cover's
sections, and each cell as a spreadsheet holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.formulas import neutralise
from dashboard.opendata.spreadsheets.csv_text import is_missing, iso
from dashboard.opendata.spreadsheets.tables import Column, Metadata, Table

#: GSS shorthand for a number that is missing because it is not available / not applicable.
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"


_INSTRUCTIONS = (
    "This worksheet contains one table. Notes are on the notes worksheet. Some cells hold "
    "shorthand instead of a number; what each means is listed below."
)
_ONE_TABLE = "This worksheet contains one table."


@dataclass(frozen=True)
class _Sheet:
    """A sheet as gptables lays it out: title (A1), subtitles, instructions, legend, source,
    then the table's heading row and its rows. The ODS writes the same lines in this order."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    subtitles: list[str] = field(default_factory=list)
    instructions: str = _ONE_TABLE
    legend: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def lines(self) -> list[str]:
        lines = [self.title, *self.subtitles, self.instructions, *self.legend]
        return [*lines, self.source] if self.source else lines


def _cells(table: Table) -> list[list[Any]]:
    """The table's cells for a spreadsheet: numbers as numbers, missing numbers as GSS
    shorthand (the row's marker, [z] for a gap on the reference row, else [x]), text
    neutralised, booleans as Yes/No."""
    frame = table.frame
    count = len(frame)
    markers = frame["marker"].tolist() if "marker" in frame.columns else [""] * count
    reference = (
        frame["is_reference"].tolist() if "is_reference" in frame.columns else [False] * count
    )
    rows: list[list[Any]] = [[] for _ in range(count)]
    for column in table.columns:
        for i, value in enumerate(frame[column.name].tolist()):
            rows[i].append(_spreadsheet_cell(value, column, markers[i], bool(reference[i])))
    return rows


def _spreadsheet_cell(value: Any, column: Column, marker: Any, is_reference: bool) -> Any:
    if column.kind in ("number", "integer", "boolean"):
        if is_missing(value):
            if marker:
                return marker
            if is_reference and column.name.startswith(("gap", "ratio")):
                return NOT_APPLICABLE
            return NOT_AVAILABLE
        if column.kind == "boolean":
            return "Yes" if value else "No"
        return float(value) if column.kind == "number" else int(value)
    if is_missing(value):
        return None
    if column.kind in ("date", "datetime"):
        return iso(value)
    return sheet_text(str(value))


def sheet_text(text: str) -> str:
    """Text for a spreadsheet cell or line: formula-neutralised; gptables' own syntax in
    source text ("$$note$$" references, "[text](link)") is broken up so that it stays text;
    text of symbols only is labelled, as gptables refuses such cells."""
    text = neutralise(text).replace("$$", "$ $").replace("](", "] (")
    if not re.search(r"[A-Za-z0-9]", text):
        return f"Symbols: {text}"
    return text


def workbook_sheets(tables: Sequence[Table], meta: Metadata) -> tuple[_Sheet, _Sheet, list[_Sheet]]:
    """Contents, notes and table sheets (the cover is written by each format)."""
    legend = [f"{code} = {meaning}" for code, meaning in meta.markers]
    data = [
        _Sheet(
            name=table.sheet,
            title=sheet_text(table.title),
            header=[c.heading for c in table.columns],
            rows=_cells(table),
            subtitles=[sheet_text(line) for line in table.description],
            instructions=_INSTRUCTIONS,
            legend=legend,
            source=sheet_text(f"Source: {meta.source}"),
        )
        for table in tables
    ]
    contents = _Sheet(
        name="Contents",
        title="Table of contents",
        header=["Sheet name", "Table description"],
        rows=[[sheet.name, sheet.title] for sheet in data],
    )
    notes = _Sheet(
        name="Notes",
        title="Notes",
        header=["Note number", "Note text"],
        rows=[[i + 1, sheet_text(f"{head}: {text}")] for i, (head, text) in enumerate(meta.notes)],
    )
    return contents, notes, data


def cover_sections(meta: Metadata) -> list[tuple[str, list[str]]]:
    """The cover's sections as gptables heads them, each with its lines."""
    intro = [f"Source: {meta.source}", f"Release: {meta.released}", *meta.extra_cover]
    about = [*meta.about, f"Licence: {meta.licence}"]
    contact = list(meta.contact) + ([meta.contact_url] if meta.contact_url else [])
    return [
        ("Introductory information", [sheet_text(line) for line in intro]),
        ("About these data", [sheet_text(line) for line in about]),
        ("Contact", [sheet_text(line) for line in contact]),
    ]


def cover_links(meta: Metadata) -> dict[str, str]:
    """Cover lines that are links: the source line to the source, the contact address."""
    links = {}
    if meta.source_url:
        links[sheet_text(f"Source: {meta.source}")] = meta.source_url
    if meta.contact_url:
        links[sheet_text(meta.contact_url)] = meta.contact_url
    return links
