"""How validation words its errors: one error per bad label or per bad row, and English helpers.

A label that is wrong on a thousand rows is reported once, at its first row, with how many more
rows have it; a figure that is wrong is reported on its own row, quoting the cell.
"""

from __future__ import annotations

import pandas as pd

from indicators.imports.read import LINE
from indicators.imports.types import RowError


def label_errors(
    frame: pd.DataFrame, header: str, bad: pd.Series, message: str, action: str
) -> list[RowError]:
    """One error per distinct bad label, at its first row, saying how many rows have it.

    ``{label}`` in the message and the action quotes the label.
    """
    errors = []
    rows = frame.loc[bad, [LINE, header]]
    for label, lines in rows.groupby(header, sort=False)[LINE]:
        errors.append(
            RowError(
                row=int(lines.iloc[0]),
                column=header,
                message=message.format(label=label).removesuffix(".")
                + f"{like_this(len(lines) - 1)}.",
                action=action.format(label=label),
            )
        )
    return errors


def row_errors(
    frame: pd.DataFrame, mask: pd.Series, header: str, message: str, action: str
) -> list[RowError]:
    """One error per row that breaks a rule; ``{cell}`` in the message quotes the cell."""
    if not mask.any():
        return []
    rows = frame.loc[mask.to_numpy(), [LINE, header]]
    return [
        RowError(row=int(line), column=header, message=message.format(cell=cell), action=action)
        for line, cell in rows.itertuples(index=False, name=None)
    ]


def blank(frame: pd.DataFrame) -> pd.Series:
    """An empty text cell for every row of ``frame``: no marker, no flag."""
    return pd.Series("", index=frame.index, dtype=object)


def like_this(more: int) -> str:
    """`` (3 more rows like this)`` after an error reported once for many rows; "" for one."""
    return f" ({more} more row{'s' if more != 1 else ''} like this)" if more else ""


def with_article(noun: str) -> str:
    """The noun with its indefinite article: "a lower limit", "an upper limit"."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def plural(noun: str) -> str:
    """ "series" stays "series"; "unit" becomes "units"."""
    return noun if noun.endswith("s") else f"{noun}s"


def figure(value: object) -> object:
    """Numbers as the analyst wrote them: 50, not 50.0."""
    return f"{value:g}" if isinstance(value, float) else value
