"""The error report, the same for the upload page, the background job page and the command line.

Each shows a summary, the first ``SHOWN_ERRORS`` errors (row, column, problem, what to do), and
when there are more, how many and where the full list is: a CSV the page links to, or the file
the command writes with ``--errors-csv``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from indicators.imports.compare import Comparison
from indicators.imports.types import RowError

SHOWN_ERRORS = 200
CSV_FIELDS = ["row", "column", "message", "action"]
# What a spreadsheet reads as the start of a formula (tab and carriage return too, per OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


@dataclass(frozen=True)
class ErrorReport:
    """Every error of one import, and the part of it shown on screen."""

    errors: list[RowError]
    limit: int = SHOWN_ERRORS

    @classmethod
    def from_dicts(cls, rows: Iterable[dict[str, Any]]) -> ErrorReport:
        """The report of errors kept as JSON (a background job, the upload session)."""
        return cls([RowError(**row) for row in rows])

    @property
    def count(self) -> int:
        return len(self.errors)

    @property
    def shown(self) -> list[RowError]:
        return self.errors[: self.limit]

    @property
    def hidden(self) -> int:
        """How many errors are left off the screen (they are all in the CSV)."""
        return max(0, self.count - self.limit)

    def summary(self) -> str:
        return f"{self.count} error{_s(self.count)} in the file: nothing was imported."

    def more(self, *, where: str) -> str:
        """``… and N more errors: <where>``, or "" when every error is shown."""
        if not self.hidden:
            return ""
        return f"… and {self.hidden} more error{_s(self.hidden)}: {where}."

    def lines(self, *, where: str) -> list[str]:
        """The report as text: summary, one line per shown error, and the rest's count."""
        lines = [self.summary(), *(error_line(error) for error in self.shown)]
        return [*lines, self.more(where=where)] if self.hidden else lines

    def as_csv(self) -> str:
        """Every error as CSV (row, column, message, action), for the analyst to work through."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(
            {key: _inert(value) for key, value in error.as_dict().items()} for error in self.errors
        )
        return buffer.getvalue()


def _inert(value: object) -> object:
    """A cell a spreadsheet will show, never run: formulas from the upload get a leading ``'``.

    Messages quote the uploaded cells, so ``=HYPERLINK(…)`` in the file would otherwise become
    a live formula in the analyst's spreadsheet. Plain negative numbers (``-5.2``) are left as
    they are.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if NUMBER.fullmatch(value):
        return value
    return f"'{value}"


def error_line(error: RowError) -> str:
    """``row 4, column 'sex': <problem> → <what to do>``; ``file`` when no row applies."""
    place = f"row {error.row}" if error.row else "file"
    column = f", column {error.column!r}" if error.column else ""
    return f"{place}{column}: {error.message} → {error.action}"


def comparison_lines(comparison: Comparison) -> list[str]:
    """Counts of change against the published release, then the example rows."""
    against = str(comparison.against) if comparison.against else "no published release"
    lines = [
        f"Compared with {against}: {comparison.added} added, {comparison.removed} removed, "
        f"{comparison.revised} revised, {comparison.unchanged} unchanged.",
    ]
    if comparison.periods_added:
        lines.append(f"Periods added: {', '.join(comparison.periods_added)}.")
    lines += [
        f"  {row['change']}: {row['period']}, {row['geography']}, {row['breakdown']}: "
        f"{row['old'] or '-'} → {row['new'] or '-'}"
        for row in comparison.rows
        if row["change"] != "added"
    ]
    return lines


def _s(count: int) -> str:
    return "" if count == 1 else "s"
