"""A tidy table and its metadata as CSV, XLSX or ODS bytes. No Django: data in, bytes out.

The XLSX and ODS follow the Analysis Function's guidance on releasing statistics in
spreadsheets: a cover sheet (title, source, release, contact, licence), a contents sheet, a
notes sheet, then one table per sheet with its title in A1 and the lines that explain it
below, no merged cells, no blank rows, units in the column headings, and GSS shorthand
([c], [x], [z], [u], [low]) in the cells with its key on the sheet. The XLSX is written by
ONS's ``gptables``, which encodes that guidance; the ODS is written with ``odfpy`` to the same
sheets, rows and cells.

Formula injection (OWASP "CSV injection"): text from a source or the admin that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a formula when a
spreadsheet opens the file. In all three formats such text gets a leading apostrophe
(``'=1+1``), which every spreadsheet shows as text; a plain number written as text ("-5")
is left alone. Numbers are written as numbers, never as text that could be a formula.

CSV: UTF-8 without a byte-order mark, comma-separated, a header of column names, one row per
observation; numbers to 12 significant figures without exponents; blank where there is no
number (the ``marker`` column says why); true/false for yes/no columns; dates as
YYYY-MM-DD and times in UTC as YYYY-MM-DDThh:mm:ssZ.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import gptables
import numpy as np
import pandas as pd
from odf.element import Element
from odf.namespaces import OFFICENS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table as OdfTable
from odf.table import TableColumn

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: GSS shorthand for a number that is missing because it is not available / not applicable.
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would take it for a formula; a
    plain number such as "-5" is left as it is."""
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


def csv_number(number: Any) -> str:
    """A number to 12 significant figures, without an exponent; "" when missing."""
    if number is None or pd.isna(number):
        return ""
    return str(np.format_float_positional(float(number), precision=12, fractional=False, trim="-"))


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


# --- CSV ------------------------------------------------------------------------------------


def to_csv(table: Table) -> bytes:
    """The table as tidy CSV (UTF-8, header first), formula-neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    columns = [(c, table.frame[c.name].tolist()) for c in table.columns]
    for i in range(len(table.frame)):
        writer.writerow([_csv_cell(values[i], column.kind) for column, values in columns])
    return out.getvalue().encode("utf-8")


def _csv_cell(value: Any, kind: str) -> str:
    if _missing(value):
        return ""
    if kind == "number":
        return csv_number(value)
    if kind == "integer":
        return str(int(value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("date", "datetime"):
        return _iso(value)
    return neutralise(str(value))


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- the sheets both spreadsheet formats share ------------------------------------------------

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
        if _missing(value):
            if marker:
                return marker
            if is_reference and column.name.startswith(("gap", "ratio")):
                return NOT_APPLICABLE
            return NOT_AVAILABLE
        if column.kind == "boolean":
            return "Yes" if value else "No"
        return float(value) if column.kind == "number" else int(value)
    if _missing(value):
        return None
    if column.kind in ("date", "datetime"):
        return _iso(value)
    return sheet_text(str(value))


def sheet_text(text: str) -> str:
    """Text for a spreadsheet cell or line: formula-neutralised; gptables' own syntax in
    source text ("$$note$$" references, "[text](link)") is broken up so that it stays text;
    text of symbols only is labelled, as gptables refuses such cells."""
    text = neutralise(text).replace("$$", "$ $").replace("](", "] (")
    if not re.search(r"[A-Za-z0-9]", text):
        return f"Symbols: {text}"
    return text


def _sheets(tables: Sequence[Table], meta: Metadata) -> tuple[_Sheet, _Sheet, list[_Sheet]]:
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


def _cover_sections(meta: Metadata) -> list[tuple[str, list[str]]]:
    """The cover's sections as gptables heads them, each with its lines."""
    intro = [f"Source: {meta.source}", f"Release: {meta.released}", *meta.extra_cover]
    about = [*meta.about, f"Licence: {meta.licence}"]
    contact = list(meta.contact) + ([meta.contact_url] if meta.contact_url else [])
    return [
        ("Introductory information", [sheet_text(line) for line in intro]),
        ("About these data", [sheet_text(line) for line in about]),
        ("Contact", [sheet_text(line) for line in contact]),
    ]


def _links(meta: Metadata) -> dict[str, str]:
    """Cover lines that are links: the source line to the source, the contact address."""
    links = {}
    if meta.source_url:
        links[sheet_text(f"Source: {meta.source}")] = meta.source_url
    if meta.contact_url:
        links[sheet_text(meta.contact_url)] = meta.contact_url
    return links


# --- XLSX (gptables) ------------------------------------------------------------------------


def to_xlsx(tables: Sequence[Table], meta: Metadata) -> bytes:
    """The tables as an accessible XLSX workbook, written by gptables."""
    _, notes, data = _sheets(tables, meta)
    links = _links(meta)
    intro, about, contact = (
        [{line: links[line]} if line in links else line for line in lines]
        for _, lines in _cover_sections(meta)
    )
    cover = gptables.Cover(title=sheet_text(meta.title), intro=intro, about=about, contact=contact)
    sheets = {
        sheet.name: gptables.GPTable(
            table=pd.DataFrame(sheet.rows, columns=sheet.header, dtype=object),
            table_name=f"table_{index + 1}",
            title=sheet.title,
            subtitles=sheet.subtitles,
            instructions=sheet.instructions,
            legend=sheet.legend,
            source=sheet.source,
            index_columns={},
        )
        for index, sheet in enumerate(data)
    }
    notes_table = pd.DataFrame(
        {
            "reference": [f"note_{row[0]}" for row in notes.rows],
            "Note text": [row[1] for row in notes.rows],
        }
    )
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # gptables warns of blank cells (a row with no note; the sheet says so) and of notes
        # no cell refers to (they are listed for the whole table).
        warnings.simplefilter("ignore")
        workbook = gptables.produce_workbook(
            filename=buffer,
            sheets=sheets,
            cover=cover,
            notes_table=notes_table,
            workbook_options={
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        workbook.close()
    return buffer.getvalue()


# --- ODS (odfpy) ----------------------------------------------------------------------------


def to_ods(tables: Sequence[Table], meta: Metadata) -> bytes:
    """The same workbook as :func:`to_xlsx` as OpenDocument: the same sheets, lines and cells
    (numbers as numbers), with bold titles and headings.

    odfpy writes the package (manifest, styles, sheets); the rows of each sheet are written as
    prepared XML, as odfpy's one Python object per cell takes seconds for a few thousand rows.
    """
    contents, notes, data = _sheets(tables, meta)
    document = OpenDocumentSpreadsheet()
    for name, size in (("title", "16pt"), ("heading", "14pt"), ("header", "12pt")):
        style = Style(name=name, family="table-cell")
        style.addElement(TextProperties(fontweight="bold", fontsize=size))
        document.styles.addElement(style)
    column = Style(name="column", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="5cm"))
    document.automaticstyles.addElement(column)

    links = _links(meta)
    cover_rows = [_ods_row([sheet_text(meta.title)], style="title")]
    for heading, lines in _cover_sections(meta):
        cover_rows.append(_ods_row([heading], style="heading"))
        cover_rows += [_ods_row([line], link=links.get(line, "")) for line in lines]
    cover = OdfTable(name="Cover")
    cover.addElement(TableColumn(stylename=column))
    cover.addElement(_Rows("".join(cover_rows)))
    document.spreadsheet.addElement(cover)
    for sheet in (contents, notes, *data):
        table = OdfTable(name=sheet.name)
        table.addElement(TableColumn(stylename=column, numbercolumnsrepeated=len(sheet.header)))
        rows = [
            _ods_row([line], style="title" if index == 0 else "")
            for index, line in enumerate(sheet.lines)
        ]
        rows.append(_ods_row(sheet.header, style="header"))
        rows += [_ods_row(row) for row in sheet.rows]
        table.addElement(_Rows("".join(rows)))
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


class _Rows(Element):
    """Table rows written as prepared XML, in place of one odfpy element per cell."""

    qname = (TABLENS, "table-row")

    def __init__(self, xml: str) -> None:
        super().__init__(check_grammar=False)
        self.xml = xml
        # The document declares only namespaces its elements used: these rows use these.
        for namespace in (OFFICENS, TABLENS, TEXTNS, XLINKNS):
            self.get_nsprefix(namespace)

    def toXml(self, level: int, f: Any) -> None:
        f.write(self.xml)


#: Characters XML 1.0 cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _ods_row(values: Sequence[Any], *, style: str = "", link: str = "") -> str:
    cells = []
    styled = f' table:style-name="{style}"' if style else ""
    for value in values:
        if value is None:
            cells.append("<table:table-cell/>")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = csv_number(value)
            cells.append(
                f'<table:table-cell office:value-type="float" office:value="{float(value)!r}">'
                f"<text:p>{number}</text:p></table:table-cell>"
            )
        else:
            text = _ods_text(str(value))
            if link:
                text = f'<text:a xlink:type="simple" xlink:href={quoteattr(link)}>{text}</text:a>'
            cells.append(
                f'<table:table-cell office:value-type="string"{styled}>'
                f"<text:p>{text}</text:p></table:table-cell>"
            )
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


def _ods_text(text: str) -> str:
    """Text for a ``text:p``: escaped, with tabs, line breaks and runs of spaces as ODF
    elements (a consumer would otherwise collapse them) and carriage returns kept."""
    escaped = escape(_NOT_XML.sub("", text))
    escaped = escaped.replace("\r\n", "\n").replace("\r", "&#13;")
    escaped = escaped.replace("\t", "<text:tab/>").replace("\n", "<text:line-break/>")
    return re.sub(r"(?<= ) +|^ +", lambda m: f'<text:s text:c="{len(m.group())}"/>', escaped)
