"""Text cells → typed observation rows, reporting every problem at once.

Each stage is pandas on the file's cells and the vocabulary read before it
(``vocabulary.vocabulary_read``); nothing here reads or writes the database. Labels are resolved
once per distinct label, not per row, and each rule is a vectorised mask over the frame: only
the rows that break a rule are visited, to write their error. In order:

- ``selection``: the file as a whole (a column damaged by a fill-down) and the analyst's slice
  of it (skipped rows, filters, one series and unit);
- ``labels``: periods and places; ``mapping``: groups, and each row's breakdown;
- ``measures``: the numbers and the format's own markers (``formats.markers``);
- ``rules``: rules across a row's figures; ``duplicates``: rows with the same key.

Besides issue 3 §4's rules, the file itself is checked for the faults FORMATS.md §4 lists: a
``_type`` column damaged by a spreadsheet fill-down, a series or unit that changes mid-trend, an
empty value whose observation status says "normal", and a unit multiplier that is not one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

import pandas as pd

from indicators.imports.duplicates import duplicates
from indicators.imports.formats import Column, chosen_format, plan_columns, undeclared
from indicators.imports.labels import geographies, periods
from indicators.imports.mapping import breakdowns
from indicators.imports.measures import measures
from indicators.imports.periods import PeriodSpec
from indicators.imports.read import LINE, Table, read_table
from indicators.imports.rules import row_rules
from indicators.imports.selection import filled_down, select
from indicators.imports.types import ImportFailed, ImportOptions, Progress, Upload, no_progress
from indicators.imports.vocabulary import Vocabulary
from indicators.models import Indicator


@dataclass(frozen=True)
class Validated:
    """Typed rows ready to load: ``period_key`` indexes ``periods``; other keys are ids.

    ``file_format`` is the format the file was read as; ``sheet`` and ``sheets`` say which
    worksheet of how many a workbook's rows came from.
    """

    frame: pd.DataFrame
    periods: list[PeriodSpec]
    duplicates_dropped: int
    file_format: str = ""
    sheet: str = ""
    sheets: int = 0


def validate_file(
    upload: Upload,
    *,
    vocabulary: Vocabulary,
    declared: Collection[int],
    progress: Progress = no_progress,
) -> Validated:
    """read → tell the format → map columns → validate; raises ``ImportFailed`` with every error.

    ``declared`` holds the ids of the characteristics the indicator is broken down by
    (``vocabulary.indicator_breakdowns``): a column of any other is an error.
    """
    options = upload.options
    progress(5, "Reading the file")
    table = read_table(data=upload.data, filename=upload.filename, sheet=options.sheet)
    file_format = chosen_format(options.format, table.headers)
    progress(20, "Matching columns")
    plan, errors = plan_columns(
        headers=table.headers,
        file_format=file_format,
        column_map=options.column_map,
        filters=options.filters,
        characteristics=list(vocabulary.characteristics),
        default_geography=options.geography,
    )
    errors += undeclared(plan, declared=declared, indicator=upload.indicator)
    if errors:
        raise ImportFailed(errors)
    progress(30, "Checking every row")
    validated = validate(
        table=table,
        plan=plan,
        file_format=file_format,
        indicator=upload.indicator,
        options=options,
        vocabulary=vocabulary,
    )
    return replace(validated, file_format=file_format, sheet=table.sheet, sheets=table.sheets)


def validate(
    *,
    table: Table,
    plan: list[Column],
    file_format: str,
    indicator: Indicator,
    options: ImportOptions,
    vocabulary: Vocabulary,
) -> Validated:
    """Apply the analyst's selection, resolve labels, check issue 3 §4 and FORMATS.md §4."""
    roles = {c.role: c.header for c in plan if c.role not in {"characteristic", "filter"}}
    errors = filled_down(table.frame, plan, options)
    frame, selection_errors = select(table.frame, plan, options)
    if selection_errors:
        raise ImportFailed(errors + selection_errors)
    out = pd.DataFrame({LINE: frame[LINE].to_numpy()})

    out["period_key"], specs, period_errors = periods(frame, roles, indicator, options)
    errors += period_errors
    names = next((c for c in plan if c.role == "geography_name"), None)
    out["geography_id"], geo_errors = geographies(
        frame, roles, options, names=names, vocabulary=vocabulary
    )
    errors += geo_errors
    breakdown, unknown_groups, group_errors = breakdowns(
        frame, plan, options, indexes=vocabulary.groups
    )
    out = pd.concat([out, breakdown], axis=1)
    errors += group_errors
    figures, measure_errors = measures(frame, roles, file_format, indicator=indicator)
    out = pd.concat([out, figures], axis=1)
    errors += measure_errors
    errors += row_rules(out, roles, indicator)
    unresolved = (out["period_key"] < 0) | (out["geography_id"] < 0) | unknown_groups.to_numpy()
    out, duplicates_dropped, duplicate_errors = duplicates(out, unresolved=unresolved)
    errors += duplicate_errors
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column)))
    return Validated(frame=out, periods=specs, duplicates_dropped=duplicates_dropped)
