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

Modules: ``tables`` (what is written), ``csv_text`` (CSV), ``sheets`` (the sheets both
spreadsheet formats share), ``xlsx`` (gptables) and ``ods`` (odfpy); the formula rule itself
is ``dashboard.formulas``.
"""

from dashboard.formulas import FORMULA_STARTS, neutralise
from dashboard.opendata.spreadsheets.csv_text import csv_number, to_csv
from dashboard.opendata.spreadsheets.ods import to_ods
from dashboard.opendata.spreadsheets.sheets import NOT_APPLICABLE, NOT_AVAILABLE, sheet_text
from dashboard.opendata.spreadsheets.tables import Column, Metadata, Table
from dashboard.opendata.spreadsheets.xlsx import to_xlsx

__all__ = [
    "FORMULA_STARTS",
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "Column",
    "Metadata",
    "Table",
    "csv_number",
    "neutralise",
    "sheet_text",
    "to_csv",
    "to_ods",
    "to_xlsx",
]
