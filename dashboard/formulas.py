"""Text a spreadsheet would run as a formula, made safe (OWASP "CSV injection").

Text from a source or the admin that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would run as a formula when a spreadsheet opens the file. Every download (the
indicator page's CSV, the open-data CSV, XLSX and ODS) writes such text with a leading
apostrophe, which every spreadsheet shows as text. No Django: text in, text out.
"""

from __future__ import annotations

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
