"""The tables as an accessible XLSX workbook, written by ONS's gptables."""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

import gptables
import pandas as pd

from dashboard.opendata.spreadsheets.sheets import (
    cover_links,
    cover_sections,
    sheet_text,
    workbook_sheets,
)
from dashboard.opendata.spreadsheets.tables import Metadata, Table


def to_xlsx(tables: Sequence[Table], meta: Metadata) -> bytes:
    """The tables as an accessible XLSX workbook, written by gptables."""
    _, notes, data = workbook_sheets(tables, meta)
    links = cover_links(meta)
    intro, about, contact = (
        [{line: links[line]} if line in links else line for line in lines]
        for _, lines in cover_sections(meta)
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
