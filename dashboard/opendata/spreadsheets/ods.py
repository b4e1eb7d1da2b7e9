"""The same workbook as OpenDocument, written with odfpy (each sheet's rows as prepared XML)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from odf.element import Element
from odf.namespaces import OFFICENS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table as OdfTable
from odf.table import TableColumn

from dashboard.opendata.spreadsheets.csv_text import csv_number
from dashboard.opendata.spreadsheets.sheets import (
    cover_links,
    cover_sections,
    sheet_text,
    workbook_sheets,
)
from dashboard.opendata.spreadsheets.tables import Metadata, Table


def to_ods(tables: Sequence[Table], meta: Metadata) -> bytes:
    """The same workbook as :func:`to_xlsx` as OpenDocument: the same sheets, lines and cells
    (numbers as numbers), with bold titles and headings.

    odfpy writes the package (manifest, styles, sheets); the rows of each sheet are written as
    prepared XML, as odfpy's one Python object per cell takes seconds for a few thousand rows.
    """
    contents, notes, data = workbook_sheets(tables, meta)
    document = OpenDocumentSpreadsheet()
    for name, size in (("title", "16pt"), ("heading", "14pt"), ("header", "12pt")):
        style = Style(name=name, family="table-cell")
        style.addElement(TextProperties(fontweight="bold", fontsize=size))
        document.styles.addElement(style)
    column = Style(name="column", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="5cm"))
    document.automaticstyles.addElement(column)

    links = cover_links(meta)
    cover_rows = [_ods_row([sheet_text(meta.title)], style="title")]
    for heading, lines in cover_sections(meta):
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
