"""The errors CSV quotes the uploaded file, so nothing in it may run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

from indicators.imports.report import ErrorReport
from indicators.imports.types import RowError


def test_formulas_from_the_upload_are_made_inert_but_negative_numbers_are_kept() -> None:
    cells = ['=HYPERLINK("http://example.com","x")', "@SUM(A1)", "+1+1", "-2+3", "-5.2", "1e-3"]
    report = ErrorReport(
        [RowError(row=n, column=cell, message=cell, action="") for n, cell in enumerate(cells)]
    )
    rows = list(csv.DictReader(io.StringIO(report.as_csv())))
    assert [row["column"] for row in rows] == [
        '\'=HYPERLINK("http://example.com","x")',
        "'@SUM(A1)",
        "'+1+1",
        "'-2+3",
        "-5.2",
        "1e-3",
    ]
    assert [row["message"] for row in rows] == [row["column"] for row in rows]
    assert rows[0]["row"] == "0"
