"""The file as a whole: a damaged classification column, and the slice of it that is this indicator.

The analyst's selection keeps the rows the filters name, leaves out the rows chosen to skip
(with a reason), and narrows a file of several series or units to one of them; a file that
switches series or unit part-way through a trend is reported as such (FORMATS.md §4).
"""

from __future__ import annotations

import pandas as pd

from indicators.imports.formats import Column
from indicators.imports.messages import plural
from indicators.imports.read import LINE, normalise_header, normalised
from indicators.imports.types import NUMERIC_MEASURES, ImportOptions, RowError
from indicators.models import normalise_label

# A classification column with a different value on each of at least this many rows has been
# damaged by a spreadsheet fill-down ("ONS 2001 5+1", "5+2", …); fewer rows prove nothing.
FILL_DOWN_MIN_ROWS = 5
# Columns that say what the figure is or how it was measured, not whose or where it is.
_NOT_TREND = frozenset(
    {
        "period",
        "period_type",
        *NUMERIC_MEASURES,
        "marker",
        "quality",
        "note",
        "status",
        "multiplier",
        "series",
        "unit",
        "ignore",
        "filter",
    }
)


def filled_down(frame: pd.DataFrame, plan: list[Column], options: ImportOptions) -> list[RowError]:
    """A ``_type`` column with a different value on every row: a spreadsheet fill-down.

    EFF's ``Ethnicity_type`` should repeat a handful of classifications; dragged down in a
    spreadsheet it becomes "ONS 2001 5+1", "5+2", … "5+864". The column is only a label, but a
    file damaged so may be damaged elsewhere, so the analyst must look. Mapping the column
    explicitly (to 'ignore') records that they have.
    """
    mapped = {normalise_header(header) for header in options.column_map}
    errors = []
    for column in plan:
        key = normalise_header(column.header)
        if not key.endswith(" type") or key in mapped:
            continue
        cells = frame[column.header]
        if len(cells) < FILL_DOWN_MIN_ROWS or cells.nunique() != len(cells):
            continue
        errors.append(
            RowError(
                row=int(frame[LINE].iloc[1]),
                column=column.header,
                message=f"'{column.header}' has a different value on every one of its "
                f"{len(cells)} rows ('{cells.iloc[0]}', '{cells.iloc[1]}', … "
                f"'{cells.iloc[-1]}'): a spreadsheet fill-down seems to have changed it.",
                action="Correct the column in the source so that it repeats the classification, "
                "and check the other columns for the same damage; if they are right, map this "
                "column to 'ignore' to import the file.",
            )
        )
    return errors


def select(
    frame: pd.DataFrame, plan: list[Column], options: ImportOptions
) -> tuple[pd.DataFrame, list[RowError]]:
    """Drop skipped rows, keep the filtered values, choose the series and unit."""
    frame, errors = _skipped(frame, options)
    for column in plan:
        if column.role == "filter":
            cells = normalised(frame[column.header])
            frame = frame.loc[cells == normalise_label(column.keep)]
    period = next(c.header for c in plan if c.role == "period")
    trend = [c.header for c in plan if c.role not in _NOT_TREND]
    for role, chosen in (("series", options.series), ("unit", options.unit)):
        header = next((c.header for c in plan if c.role == role), None)
        if header is not None:
            frame, selection_errors = _choose(
                frame, header, role=role, chosen=chosen, period=period, trend=trend
            )
            errors += selection_errors
    if not errors and frame.empty:
        errors.append(
            RowError.of_file(
                "No rows are left after the filters, series and unit you chose.",
                "Check the filter values against the file.",
            )
        )
    return frame.reset_index(drop=True), errors


def _skipped(frame: pd.DataFrame, options: ImportOptions) -> tuple[pd.DataFrame, list[RowError]]:
    """Leave out the rows the analyst chose to skip; each must exist, and a reason is required."""
    if not options.skip_rows:
        return frame, []
    present = set(frame.loc[frame[LINE].isin(options.skip_rows), LINE])
    errors = [
        RowError.of_file(
            f"Row {row} is marked to skip but the file has no data row {row}.",
            "Check the row numbers to skip against the error report.",
            row=row,
        )
        for row in options.skip_rows
        if row not in present
    ]
    if not options.skip_reason.strip():
        errors.append(
            RowError.of_file(
                "Rows are skipped without a reason.",
                "Say why these rows are left out; the reason is kept with the release.",
            )
        )
    return frame.loc[~frame[LINE].isin(options.skip_rows)], errors


def _choose(
    frame: pd.DataFrame, header: str, *, role: str, chosen: str, period: str, trend: list[str]
) -> tuple[pd.DataFrame, list[RowError]]:
    """One statistic per release: a file with several series or units needs a choice.

    Without a choice, the error says whether the values are parallel statistics or one trend
    that changes its series (or unit) part-way, which would join two different measures.
    """
    cells = normalised(frame[header])
    values = sorted(frame.loc[cells != "", header].unique())
    distinct = "; ".join(values)
    if chosen:
        wanted = cells == normalise_label(chosen)
        if wanted.any():
            return frame.loc[wanted | (cells == "")], []
        message, action = f"No row has the {role} '{chosen}'.", f"Choose one of: {distinct}."
    elif len(values) < 2:
        return frame, []
    elif change := _mid_trend(frame, header, role=role, period=period, trend=trend):
        return frame, [change]
    else:
        message = f"The file holds {len(values)} {plural(role)}: {distinct}."
        action = f"Choose the {role} that is this indicator."
    return frame, [RowError(row=None, column=header, message=message, action=action)]


def _mid_trend(
    frame: pd.DataFrame, header: str, *, role: str, period: str, trend: list[str]
) -> RowError | None:
    """The first row where one trend (same place and groups) moves to another series or unit.

    A trend whose periods each have one value of the column, but not all the same one, has
    changed mid-way, like the Early Years Foundation Stage Profile before and after its 2021
    reform. Trends with two values in one period hold parallel statistics instead.
    """
    rows = frame.loc[frame[header] != "", [LINE, period, header, *trend]].sort_values(LINE)
    if trend:
        line = rows.groupby(trend, sort=False, dropna=False).ngroup()
    else:
        line = pd.Series(0, index=rows.index)
    rows = rows.assign(_trend=line)
    per_period = rows.groupby(["_trend", period])[header].nunique()
    parallel = per_period[per_period > 1].index.get_level_values("_trend").unique()
    rows = rows.loc[~rows["_trend"].isin(parallel)]
    before = rows.groupby("_trend")[[header, period]].shift()
    changed = before[header].notna() & (before[header] != rows[header])
    if not changed.any():
        return None
    first = int(changed.to_numpy().argmax())
    now, then = rows.iloc[first].to_dict(), before.iloc[first].to_dict()
    trends = rows.loc[changed, "_trend"].nunique()
    also = f" ({trends - 1} more trend{'s' if trends != 2 else ''} like this)" if trends > 1 else ""
    return RowError(
        row=int(now[LINE]),
        column=header,
        message=f"The {role} changes mid-trend: '{then[header]}' in {then[period]}, then "
        f"'{now[header]}' in {now[period]} for the same place and groups{also}.",
        action=f"Choose one {role} for this indicator (its periods only): a trend must not join "
        "two different statistics. If both name the same statistic, give them one name in "
        "the file.",
    )
