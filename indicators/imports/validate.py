"""Text cells → typed observation rows, reporting every problem at once.

Each rule is a vectorised mask over the frame; only the rows that break a rule are visited, to
write their error. Labels (periods, areas, groups) are resolved once per distinct label, not per
row. Nothing here writes to the database.

Besides issue 3 §4's rules, the file itself is checked for the faults FORMATS.md §4 lists: a
``_type`` column damaged by a spreadsheet fill-down, a series or unit that changes mid-trend, an
empty value whose observation status says "normal", and a unit multiplier that is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.imports.formats import EFF, SDG, Column
from indicators.imports.mapping import TOTAL_LABELS, GroupIndex, group_indexes
from indicators.imports.periods import PeriodSpec, parse_period, year_pair_type
from indicators.imports.read import LINE, Table, normalise_header, per_label
from indicators.imports.types import NUMERIC_MEASURES, ImportFailed, ImportOptions, RowError
from indicators.models import Characteristic, Geography, Indicator, normalise_label

KEY = ["period_key", "geography_id", "group_a_id", "group_b_id"]
MEASURES = list(NUMERIC_MEASURES)
# The figures a suppressed [c] row must leave blank, or they could reveal the value (the
# model's constraint too). Rows marked not available [x] or not applicable [z] may keep them:
# EFF leaves a conviction ratio blank over a handful of cases yet publishes the counts.
DISCLOSING = {
    "lower": "lower limit",
    "upper": "upper limit",
    "numerator": "numerator",
    "denominator": "denominator",
}

# Ethnicity Facts and Figures symbols in value cells (FORMATS.md §1.5) and SDG statuses.
EFF_SYMBOLS = {"!": "c", "?": "c", "-": "x", "n/a": "z", "na": "z"}
NATIVE_MARKERS = {"c": "c", "x": "x", "z": "z"}
NATIVE_QUALITY = {"u": "u", "low": "low"}
# SDMX UNIT_MULT as Open SDG writes it; "Unit" and a blank cell are seen for ×1 too.
MULTIPLIERS = {"": 1.0, "units": 1.0, "unit": 1.0, "thousands": 1e3, "millions": 1e6}
NORMAL_STATUSES = frozenset({"normal value", "normal"})
# A classification column with a different value on each of at least this many rows has been
# damaged by a spreadsheet fill-down ("ONS 2001 5+1", "5+2", …); fewer rows prove nothing.
FILL_DOWN_MIN_ROWS = 5
# Commas in a number only as thousands separators: "18,808,000", never "12,5" or "1,2,3".
THOUSANDS = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
# A decimal comma as continental spreadsheets write it: "12,5".
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
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


@dataclass(frozen=True)
class Validated:
    """Typed rows ready to load: ``period_key`` indexes ``periods``; other keys are ids."""

    frame: pd.DataFrame
    periods: list[PeriodSpec]
    duplicates_dropped: int


def validate(
    *,
    table: Table,
    plan: list[Column],
    file_format: str,
    indicator: Indicator,
    options: ImportOptions,
) -> Validated:
    """Apply the analyst's selection, resolve labels, check issue 3 §4 and FORMATS.md §4."""
    roles = {c.role: c.header for c in plan if c.role not in {"characteristic", "filter"}}
    errors = _filled_down(table.frame, plan, options)
    frame, selection_errors = _select(table.frame, plan, options)
    if selection_errors:
        raise ImportFailed(errors + selection_errors)
    out = pd.DataFrame({LINE: frame[LINE].to_numpy()})

    out["period_key"], periods, period_errors = _periods(frame, roles, indicator, options)
    errors += period_errors
    names = next((c for c in plan if c.role == "geography_name"), None)
    out["geography_id"], geo_errors = _geographies(frame, roles, options, names=names)
    errors += geo_errors
    breakdown, unknown_groups, group_errors = _breakdowns(frame, plan, options)
    out = pd.concat([out, breakdown], axis=1)
    errors += group_errors
    measures, measure_errors = _measures(frame, roles, file_format, indicator=indicator)
    out = pd.concat([out, measures], axis=1)
    errors += measure_errors
    errors += _consistency(out, roles, indicator)
    unresolved = (out["period_key"] < 0) | (out["geography_id"] < 0) | unknown_groups.to_numpy()
    out, duplicates_dropped, duplicate_errors = _duplicates(out, unresolved=unresolved)
    errors += duplicate_errors
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column)))
    return Validated(frame=out, periods=periods, duplicates_dropped=duplicates_dropped)


# --- the file as a whole --------------------------------------------------------------------


def _filled_down(frame: pd.DataFrame, plan: list[Column], options: ImportOptions) -> list[RowError]:
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


# --- selection ----------------------------------------------------------------------------


def _select(
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
            RowError(
                row=None,
                column="",
                message="No rows are left after the filters, series and unit you chose.",
                action="Check the filter values against the file.",
            )
        )
    return frame.reset_index(drop=True), errors


def _skipped(frame: pd.DataFrame, options: ImportOptions) -> tuple[pd.DataFrame, list[RowError]]:
    """Leave out the rows the analyst chose to skip; each must exist, and a reason is required."""
    if not options.skip_rows:
        return frame, []
    present = set(frame.loc[frame[LINE].isin(options.skip_rows), LINE])
    errors = [
        RowError(
            row=row,
            column="",
            message=f"Row {row} is marked to skip but the file has no data row {row}.",
            action="Check the row numbers to skip against the error report.",
        )
        for row in options.skip_rows
        if row not in present
    ]
    if not options.skip_reason.strip():
        errors.append(
            RowError(
                row=None,
                column="",
                message="Rows are skipped without a reason.",
                action="Say why these rows are left out; the reason is kept with the release.",
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
    distinct = sorted(frame.loc[cells != "", header].unique())
    if chosen:
        wanted = cells == normalise_label(chosen)
        if not wanted.any():
            return frame, [
                RowError(
                    row=None,
                    column=header,
                    message=f"No row has the {role} '{chosen}'.",
                    action=f"Choose one of: {'; '.join(distinct)}.",
                )
            ]
        return frame.loc[wanted | (cells == "")], []
    if len(distinct) < 2:
        return frame, []
    change = _mid_trend(frame, header, role=role, period=period, trend=trend)
    if change is not None:
        return frame, [change]
    return frame, [
        RowError(
            row=None,
            column=header,
            message=f"The file holds {len(distinct)} {_plural(role)}: {'; '.join(distinct)}.",
            action=f"Choose the {role} that is this indicator.",
        )
    ]


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


def normalised(cells: pd.Series) -> pd.Series:
    """``normalise_label`` of every cell, computed once per distinct label."""
    return per_label(cells, normalise_label)


def _a(noun: str) -> str:
    """The noun with its indefinite article: "a lower limit", "an upper limit"."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else f"{noun}s"


def _like_this(more: int) -> str:
    """`` (3 more rows like this)`` after an error reported once for many rows; "" for one."""
    return f" ({more} more row{'s' if more != 1 else ''} like this)" if more else ""


# --- labels -------------------------------------------------------------------------------


def _label_errors(
    frame: pd.DataFrame, header: str, bad: pd.Series, message: str, action: str
) -> list[RowError]:
    """One error per distinct bad label, at its first row, saying how many rows have it."""
    errors = []
    rows = frame.loc[bad, [LINE, header]]
    for label, lines in rows.groupby(header, sort=False)[LINE]:
        errors.append(
            RowError(
                row=int(lines.iloc[0]),
                column=header,
                message=message.format(label=label).removesuffix(".")
                + f"{_like_this(len(lines) - 1)}.",
                action=action.format(label=label),
            )
        )
    return errors


def _periods(
    frame: pd.DataFrame, roles: dict[str, str], indicator: Indicator, options: ImportOptions
) -> tuple[np.ndarray, list[PeriodSpec], list[RowError]]:
    header = roles["period"]
    hint = options.period_type
    if not hint and "period_type" in roles:
        hint = " ".join(frame[roles["period_type"]].drop_duplicates().head(5))
    pair_type = year_pair_type(indicator=indicator, hint=hint)
    labels = frame[header].drop_duplicates()
    specs: list[PeriodSpec] = []
    index: dict[tuple[object, ...], int] = {}
    codes: dict[str, int] = {}
    for label in labels:
        spec = parse_period(label, pair_type=pair_type)
        if spec is not None:
            codes[label] = index.setdefault(spec.span, len(index))
            if codes[label] == len(specs):
                specs.append(spec)
    keys = frame[header].map(codes)
    errors = _label_errors(
        frame,
        header,
        keys.isna(),
        "Cannot read the period '{label}'.",
        "Write periods as 2015, 2015/16, 2015 Q1, 2015-17 or 2015/16 to 2017/18.",
    )
    return keys.fillna(-1).astype("int64").to_numpy(), specs, errors


def _geographies(
    frame: pd.DataFrame, roles: dict[str, str], options: ImportOptions, *, names: Column | None
) -> tuple[np.ndarray, list[RowError]]:
    default = options.geography.strip().upper()
    errors: list[RowError] = []
    reported = pd.Series(False, index=frame.index)
    if "geography_code" in roles:
        header = roles["geography_code"]
        codes = per_label(frame[header], str.upper).replace("", default)
    elif names is not None:
        header = names.header
        codes, reported, errors = _codes_from_names(frame, names, default)
    else:
        header = "geography_code"
        codes = pd.Series(default, index=frame.index)
    known = dict(
        Geography.objects.filter(code__in=codes.drop_duplicates().tolist()).values_list(
            "code", "id"
        )
    )
    ids = codes.map(known)
    missing = ids.isna() & ~reported
    if not missing.any():
        return ids.fillna(-1).astype("int64").to_numpy(), errors
    labelled = frame.assign(**{header: codes})
    blank = missing & (codes == "")
    errors += _label_errors(
        labelled,
        header,
        missing & ~blank,
        "Unknown geography code '{label}'.",
        "Use an ONS GSS code the dashboard knows (K02000001 UK, E92000001 England, ...).",
    )
    if blank.any():
        errors += _label_errors(
            labelled.assign(**{header: "(blank)"}),
            header,
            blank,
            "No geography code for this row.",
            "Fill in the code, or say which area the whole file covers (the geography option).",
        )
    return ids.fillna(-1).astype("int64").to_numpy(), errors


def _codes_from_names(
    frame: pd.DataFrame, names: Column, default: str
) -> tuple[pd.Series, pd.Series, list[RowError]]:
    """Area names → GSS codes, within one level when the mapping names it; totals → the default.

    EFF files name police force areas rather than coding them, and names repeat across levels
    (Cumbria is a county and a police force area), hence ``geography_name=police_force_area``.
    """
    areas = Geography.objects.all()
    if names.keep:
        areas = areas.filter(level=names.keep)
    by_name: dict[str, str | None] = {}
    for name, code in areas.values_list("name", "code"):
        key = normalise_label(name)
        by_name[key] = None if key in by_name else code
    cells = frame[names.header]
    keys = normalised(cells)
    codes = keys.map(by_name)
    ambiguous = keys.isin([k for k, code in by_name.items() if code is None])
    unknown = codes.isna() & ~ambiguous & ~keys.isin(TOTAL_LABELS)
    errors = _label_errors(
        frame,
        names.header,
        unknown,
        "Unknown area name '{label}'"
        + (f" among {names.keep.replace('_', ' ')}s." if names.keep else "."),
        "Use the area's ONS name, or add a geography code column.",
    ) + _label_errors(
        frame,
        names.header,
        ambiguous,
        "The name '{label}' belongs to areas of several levels.",
        "Say which level the column names, e.g. geography_name=police_force_area.",
    )
    codes = codes.mask(keys.isin(TOTAL_LABELS), default)
    return codes.fillna(""), unknown | ambiguous, errors


def _breakdowns(
    frame: pd.DataFrame, plan: list[Column], options: ImportOptions
) -> tuple[pd.DataFrame, pd.Series, list[RowError]]:
    """Group columns → (characteristic_a, group_a, characteristic_b, group_b) in canonical order.

    Also returns which rows have a label that matched no group (already reported), so the
    duplicate check does not take them for "all people".
    """
    columns = [(c.header, c.characteristic) for c in plan if c.characteristic is not None]
    indexes = group_indexes([characteristic for _, characteristic in columns])
    errors: list[RowError] = []
    groups: dict[str, pd.Series] = {}
    unknown = pd.Series(False, index=frame.index)
    for header, characteristic in columns:
        groups[header], unmatched, column_errors = _map_groups(
            frame, header, indexes[characteristic.id], options
        )
        unknown |= unmatched
        errors += column_errors
    errors += _merge_nested(frame, columns, groups, indexes)
    out, overflow = _pairs(frame, columns, groups)
    errors += [
        RowError(
            row=int(line),
            column="",
            message="This row crosses more than two breakdowns.",
            action="A row is all people, one group, or a cross of two groups; map or filter the "
            "extra columns.",
        )
        for line in frame.loc[overflow, LINE]
    ]
    return out, unknown.reset_index(drop=True), errors


def _pairs(
    frame: pd.DataFrame, columns: list[tuple[str, Characteristic]], groups: dict[str, pd.Series]
) -> tuple[pd.DataFrame, pd.Series]:
    """Each row's groups as (a, b) with a's characteristic created first; rows with a third."""
    char_a = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    group_a, char_b, group_b = char_a.copy(), char_a.copy(), char_a.copy()
    overflow = pd.Series(False, index=frame.index)
    for header, characteristic in sorted(columns, key=lambda pair: pair[1].id):
        ids = groups[header]
        has = ids.notna()
        to_a = has & group_a.isna()
        to_b = has & ~to_a & group_b.isna()
        overflow |= has & ~to_a & ~to_b
        group_a = group_a.mask(to_a, ids)
        char_a = char_a.mask(to_a, characteristic.id)
        group_b = group_b.mask(to_b, ids)
        char_b = char_b.mask(to_b, characteristic.id)
    out = pd.DataFrame(
        {
            "characteristic_a_id": char_a,
            "group_a_id": group_a,
            "characteristic_b_id": char_b,
            "group_b_id": group_b,
        }
    )
    return out.reset_index(drop=True), overflow


def _map_groups(
    frame: pd.DataFrame, header: str, index: GroupIndex, options: ImportOptions
) -> tuple[pd.Series, pd.Series, list[RowError]]:
    """One column's labels → group ids (blank for totals); the unmatched rows, and their errors."""
    is_reversed = index.characteristic.slug in options.reversed
    found: dict[str, int] = {}
    for label in frame[header].drop_duplicates():
        group_id = None if normalise_label(label) in TOTAL_LABELS else index.match(label)
        if group_id is not None:
            found[label] = index.reverse(group_id) if is_reversed else group_id
    ids = frame[header].map(found).astype("Int64")
    unknown = ids.isna() & ~normalised(frame[header]).isin(TOTAL_LABELS)
    name = index.characteristic.name.lower()
    errors = []
    for value, lines in frame.loc[unknown].groupby(header, sort=False)[LINE]:
        label = str(value)
        hint = index.suggestion(label)
        errors.append(
            RowError(
                row=int(lines.iloc[0]),
                column=header,
                message=f"Unknown {name} group '{label}'{_like_this(len(lines) - 1)}."
                + (f" Did you mean {hint}?" if hint else ""),
                action=f"Correct the label, or add '{label}' as an alias of the right {name} "
                "group in the admin (Group aliases).",
            )
        )
    return ids, unknown, errors


def _merge_nested(
    frame: pd.DataFrame,
    columns: list[tuple[str, Characteristic]],
    groups: dict[str, pd.Series],
    indexes: dict[int, GroupIndex],
) -> list[RowError]:
    """Two columns of one characteristic: a child inside its parent keeps the child only.

    Open SDG nests columns (``Ethnic group``=Asian with ``Ethnicity``=Bangladeshi). Any other
    pair of groups of one characteristic on one row is an invalid cross.
    """
    errors = []
    for i, (first, characteristic) in enumerate(columns):
        for second, other in columns[i + 1 :]:
            if characteristic.id != other.id:
                continue
            parents = indexes[characteristic.id].parents
            a, b = groups[first], groups[second]
            both = a.notna() & b.notna()
            if not both.any():
                continue
            b_in_a = both & (b.map(parents).astype("Int64") == a).fillna(False)
            a_in_b = both & (a.map(parents).astype("Int64") == b).fillna(False)
            groups[first] = a.mask(b_in_a)
            groups[second] = b.mask(a_in_b)
            crossed = both & ~b_in_a & ~a_in_b
            errors += [
                RowError(
                    row=int(line),
                    column=f"{first}, {second}",
                    message=f"This row crosses two {characteristic.name.lower()} groups "
                    f"('{x}' and '{y}').",
                    action="A cross breakdown joins groups of two different characteristics; "
                    "map one of the columns elsewhere or split the row.",
                )
                for line, x, y in frame.loc[crossed, [LINE, first, second]].itertuples(
                    index=False, name=None
                )
            ]
    return errors


# --- measures -----------------------------------------------------------------------------


def to_number(cells: pd.Series, *, currency: bool = False) -> pd.Series:
    """Text → finite float, or NaN for a blank or unreadable cell.

    Commas are read only as thousands separators (``"18,808,000"``), so a decimal comma
    (``"12,5"``) is unreadable rather than silently 125. A leading ``£`` is dropped only for a
    ``currency`` indicator; other symbols are never guessed away. Infinity and NaN spelled
    out (``inf``, ``1e999``, ``nan``) are unreadable too: no statistic is infinite.

    Plain numbers convert in one C pass; only the cells that fail it are cleaned and retried,
    so a million tidy cells never go through per-cell string replacement.
    """
    numbers = pd.to_numeric(cells, errors="coerce").astype("float64")
    retry = numbers.isna() & (cells != "")
    if retry.any():
        cleaned = cells[retry].str.strip()
        if currency:
            cleaned = cleaned.str.replace(r"^(-?)£", r"\1", regex=True)
        grouped = cleaned.str.fullmatch(THOUSANDS)
        cleaned = cleaned.mask(grouped, cleaned.str.replace(",", "", regex=False))
        numbers[retry] = pd.to_numeric(cleaned, errors="coerce")
    return numbers.where(np.isfinite(numbers))


def not_a_number(cell: str) -> str:
    """Why ``to_number`` could not read a cell, with the likely fix when there is one."""
    text = cell.strip()
    if DECIMAL_COMMA.fullmatch(text):
        return f"'{cell}' is not a number: a decimal comma? Write {text.replace(',', '.')}."
    if "," in text:
        return f"'{cell}' is not a number: commas may only separate thousands, as in 18,808,000."
    try:
        float(text)
    except ValueError:
        return f"'{cell}' is not a number."
    return f"'{cell}' is not a finite number."


def _measures(
    frame: pd.DataFrame, roles: dict[str, str], file_format: str, *, indicator: Indicator
) -> tuple[pd.DataFrame, list[RowError]]:
    """The numbers, absence marker and quality flag of every row, multiplied out.

    Each format says why a value is missing its own way: EFF by a symbol in the value cell,
    Open SDG by the observation status, the native template by a marker column.
    """
    value_cells = frame[roles["value"]]
    errors: list[RowError] = []
    if file_format == EFF:
        value_cells, marker, quality = _eff_symbols(value_cells)
    elif file_format == SDG:
        marker, quality, errors = _sdg_status(frame, roles)
    else:
        marker, quality, errors = _native_flags(frame, roles)
    out = pd.DataFrame(index=frame.index)
    for role in NUMERIC_MEASURES:
        if role != "value" and role not in roles:
            out[role] = np.nan
            continue
        cells = value_cells if role == "value" else frame[roles[role]]
        numbers = to_number(cells, currency="£" in indicator.unit)
        bad = numbers.isna() & (cells != "")
        errors += [
            RowError(
                row=int(line),
                column=roles[role],
                message=not_a_number(cell),
                action="Write a number (no units or symbols), or leave it blank and give a marker.",
            )
            for line, cell in frame.loc[bad.to_numpy(), [LINE, roles[role]]].itertuples(
                index=False, name=None
            )
        ]
        out[role] = numbers
        if role == "value":
            out["_value_unreadable"] = bad
    if "multiplier" in roles:
        factor, multiplier_errors = _multipliers(frame, roles["multiplier"])
        errors += multiplier_errors
        for role in ("value", "lower", "upper"):
            out[role] = out[role] * factor
    out["marker"] = marker
    out["quality"] = quality
    out["note"] = frame[roles["note"]].str.slice(0, 500) if "note" in roles else ""
    return out.reset_index(drop=True), errors


def _spellings(symbol: str) -> set[str]:
    """Every upper/lower-case spelling of a short symbol, so cells match without case-folding."""
    spellings = {""}
    for char in symbol:
        spellings = {s + c for s in spellings for c in {char.lower(), char.upper()}}
    return spellings


_EFF_CELLS = {spelling: m for symbol, m in EFF_SYMBOLS.items() for spelling in _spellings(symbol)}


def _eff_symbols(value_cells: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """EFF value cells → (numbers as text, marker, quality), FORMATS.md §1.5.

    ``!`` ``?`` (suppressed) → [c], ``-`` and a blank cell → [x], ``N/A`` → [z]; ``~0`` (rounds
    to zero) is 0 with low quality. The symbols are matched in every spelling at once, not by
    case-folding each of a million cells.
    """
    marker = value_cells.map(_EFF_CELLS).fillna("")
    rounds_to_zero = value_cells == "~0"
    value_cells = value_cells.mask(rounds_to_zero, "0")
    quality = pd.Series("", index=value_cells.index).mask(rounds_to_zero, "low")
    marker = marker.mask(value_cells == "", "x")
    return value_cells.mask(marker != "", ""), marker, quality


def _sdg_status(
    frame: pd.DataFrame, roles: dict[str, str]
) -> tuple[pd.Series, pd.Series, list[RowError]]:
    """Open SDG ``Observation status`` → (marker of an empty value, quality of a given one).

    A status holds ``;``-separated flags ("Missing value; suppressed"). An empty value is
    suppressed [c], cannot exist [z] or is missing [x]; one whose status is "Normal value" says
    nothing about why it is empty, which FORMATS.md §4 asks to flag.
    """
    empty = frame[roles["value"]] == ""
    if "status" not in roles:
        return pd.Series("x", index=frame.index).where(empty, ""), _blank(frame), []
    header = roles["status"]
    status = normalised(frame[header])
    flags = {s: {flag.strip() for flag in s.split(";")} for s in status.drop_duplicates()}
    marker_of = {s: "c" if "suppress" in s else "z" if "cannot exist" in s else "x" for s in flags}
    unreliable = status.map({s: "low reliability" in s for s in flags}).astype(bool)
    normal = status.map({s: bool(f) and f <= NORMAL_STATUSES for s, f in flags.items()})
    marker = status.map(marker_of).where(empty, "")
    quality = _blank(frame).mask(unreliable & ~empty, "u")
    errors = _row_errors(
        frame,
        empty & normal.astype(bool),
        header,
        "The value is empty but its observation status is '{cell}'.",
        "Give the value, or correct the status to say why there is none (e.g. 'Missing value; "
        "suppressed'); to leave the row out, skip it with a reason.",
    )
    return marker, quality, errors


def _native_flags(
    frame: pd.DataFrame, roles: dict[str, str]
) -> tuple[pd.Series, pd.Series, list[RowError]]:
    """The native template's marker ([c], [x], [z]) and quality ([u], [low]) columns."""
    errors = []
    flags = []
    for role, allowed in (("marker", NATIVE_MARKERS), ("quality", NATIVE_QUALITY)):
        if role not in roles:
            flags.append(_blank(frame))
            continue
        cells = frame[roles[role]]
        lookup = {cell: allowed.get(cell.strip("[] ").casefold(), "") for cell in cells.unique()}
        mapped = cells.map(lookup)
        errors += _row_errors(
            frame,
            (mapped == "") & (cells != ""),
            roles[role],
            f"'{{cell}}' is not a {role}.",
            f"Use one of {', '.join('[' + k + ']' for k in allowed)}, or leave it blank.",
        )
        flags.append(mapped)
    return flags[0], flags[1], errors


def _multipliers(frame: pd.DataFrame, header: str) -> tuple[pd.Series, list[RowError]]:
    """``Unit multiplier`` → the factor each value is multiplied by (Thousands → 1,000)."""
    factor = normalised(frame[header]).map(MULTIPLIERS)
    errors = _label_errors(
        frame,
        header,
        factor.isna(),
        "Unknown unit multiplier '{label}'.",
        "Use Units, Thousands or Millions (the value is multiplied by it), or map the column "
        "to 'ignore' if it holds something else.",
    )
    return factor.fillna(1.0).astype("float64"), errors


def _blank(frame: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=frame.index, dtype=object)


def _row_errors(
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


# --- rules across a row -------------------------------------------------------------------

# A rule: which rows break it, the column to point at, the message (``{role}`` fields quote the
# row's figures) and what to do.
Rule = tuple[pd.Series, str, str, str]


def _consistency(out: pd.DataFrame, roles: dict[str, str], indicator: Indicator) -> list[RowError]:
    """Rules across a row's numbers: limits bracket the value, markers, counts, percentages.

    Percentages are checked, never capped: a value over 100 is an error to correct, and ratios
    above 100 (the conviction ratio reaches 216.7) are kept as they are.
    """
    header = {role: roles.get(role, role) for role in (*MEASURES, "marker", "quality")}
    rules = _value_rules(out, header) + _count_rules(out, header)
    if indicator.is_percentage:
        rules += _percentage_rules(out, header)
    errors = []
    for mask, column, message, action in rules:
        broken = mask.fillna(False).astype(bool)
        if broken.any():
            errors += [
                RowError(
                    row=int(row[LINE]),
                    column=column,
                    message=message.format(**{str(k): _figure(v) for k, v in row.items()}),
                    action=action,
                )
                for row in out.loc[broken].to_dict("records")
            ]
    return errors


def _value_rules(out: pd.DataFrame, header: dict[str, str]) -> list[Rule]:
    value = out["value"]
    has_value = value.notna()
    has_marker = out["marker"] != ""
    return [
        (
            out["lower"] > value,
            header["lower"],
            "The lower limit {lower} is above the value {value}.",
            "Check the limits: lower ≤ value ≤ upper.",
        ),
        (
            value > out["upper"],
            header["upper"],
            "The value {value} is above the upper limit {upper}.",
            "Check the limits: lower ≤ value ≤ upper.",
        ),
        (
            ~has_value & (out["lower"] > out["upper"]),
            header["lower"],
            "The lower limit {lower} is above the upper limit {upper}.",
            "Check the limits: lower ≤ upper.",
        ),
        *(
            (
                (out["marker"] == "c") & out[role].notna(),
                header[role],
                f"The value is suppressed [c] but the row gives {_a(name)} ({{{role}}}).",
                f"Leave the {name} blank: figures beside a suppressed value could reveal it.",
            )
            for role, name in DISCLOSING.items()
        ),
        (
            has_value & has_marker,
            header["marker"],
            "The row has both a value ({value}) and an absence marker [{marker}].",
            "Give a value or a marker ([c], [x], [z]), not both.",
        ),
        (
            ~has_value & ~has_marker & ~out["_value_unreadable"],
            header["value"],
            "The row has neither a value nor an absence marker.",
            "Give a value, or a marker saying why there is none ([c], [x], [z]).",
        ),
        (
            ~has_value & (out["quality"] != ""),
            header["quality"],
            "A quality flag [{quality}] needs a value.",
            "Remove the quality flag, or give the value it qualifies.",
        ),
    ]


def _count_rules(out: pd.DataFrame, header: dict[str, str]) -> list[Rule]:
    rules: list[Rule] = [
        (
            out[role] < 0,
            header[role],
            f"The {role.replace('_', ' ')} {{{role}}} is negative.",
            "Counts cannot be negative; check the figure.",
        )
        for role in ("numerator", "denominator", "sample_size")
    ]
    rules.append(
        (
            out["sample_size"].notna() & (out["sample_size"] % 1 != 0),
            header["sample_size"],
            "The sample size {sample_size} is not a whole number.",
            "Give the number of respondents as a whole number.",
        )
    )
    return rules


def _percentage_rules(out: pd.DataFrame, header: dict[str, str]) -> list[Rule]:
    value = out["value"]
    return [
        (
            (out["numerator"] > out["denominator"]) & (out["denominator"] >= 0),
            header["numerator"],
            "The numerator {numerator} is larger than the denominator {denominator}.",
            "For a percentage the numerator counts part of the denominator; check both.",
        ),
        (
            (value < 0) | (value > 100),
            header["value"],
            "The percentage {value} is outside 0 to 100.",
            "Give percentages as numbers from 0 to 100 (not fractions, not ratios).",
        ),
    ]


def _figure(value: object) -> object:
    """Numbers as the analyst wrote them: 50, not 50.0."""
    return f"{value:g}" if isinstance(value, float) else value


# --- duplicates ---------------------------------------------------------------------------


def _duplicates(
    out: pd.DataFrame, *, unresolved: pd.Series
) -> tuple[pd.DataFrame, int, list[RowError]]:
    """Exact repeats are dropped; the same key with different figures is an error.

    Rows whose labels could not be resolved are left out of the check: they are already
    reported, and an unknown group would otherwise look like "all people".
    """
    measured = [*MEASURES, "marker", "quality"]
    keys = out[KEY].astype("float64").fillna(-1)
    repeated = keys.duplicated(keep=False) & ~unresolved
    if not repeated.any():
        return out, 0, []
    exact = out[KEY + measured].astype(str).duplicated(keep="first")
    out = out.loc[~exact].reset_index(drop=True)
    keys = out[KEY].astype("float64").fillna(-1)
    clash = keys.duplicated(keep=False) & ~unresolved.loc[~exact.to_numpy()].to_numpy()
    errors = []
    if clash.any():
        first_line = out.loc[clash].groupby([keys[c] for c in KEY])[LINE].transform("min")
        for line, first in zip(out.loc[clash, LINE], first_line, strict=True):
            if line != first:
                errors.append(
                    RowError(
                        row=int(line),
                        column="",
                        message=f"Row {line} has the same period, place and breakdown as row "
                        f"{first} but different figures.",
                        action="Keep one of the two rows: correct the labels, or skip the wrong "
                        "row with a reason.",
                    )
                )
    return out, int(exact.sum()), errors
