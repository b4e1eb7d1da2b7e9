"""The error report, the same for the upload page and the command line."""

from __future__ import annotations

import csv
import io

from indicators.imports.compare import Comparison
from indicators.imports.types import RowError

SHOWN_ERRORS = 200


def error_lines(errors: list[RowError], *, limit: int = SHOWN_ERRORS) -> list[str]:
    """The first ``limit`` errors as text lines, and how many more there are."""
    lines = [
        f"{'row ' + str(e.row) if e.row else 'file'}"
        f"{', column ' + repr(e.column) if e.column else ''}: {e.message} → {e.action}"
        for e in errors[:limit]
    ]
    if len(errors) > limit:
        lines.append(f"… and {len(errors) - limit} more errors (download the full report).")
    return lines


def errors_csv(errors: list[RowError]) -> str:
    """Every error as CSV (row, column, message, action), for the analyst to work through."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["row", "column", "message", "action"])
    writer.writeheader()
    writer.writerows(e.as_dict() for e in errors)
    return buffer.getvalue()


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
