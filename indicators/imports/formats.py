"""Which format a file is in, and what each of its columns means.

Three layouts (FORMATS.md): the project's **native** template (one column per characteristic,
headed by its slug); **EFF** tidy downloads (``All`` for totals, ``Time``/``Year``, ``_type``
companions, numerators and denominators under descriptive names); and **Open SDG** data CSVs
(``Year`` first, ``Value`` last, a blank cell for "all", ``Series``/``Units`` selecting one
statistic). Every column gets one role; the analyst's ``column_map`` overrides the defaults.

Each format also says in its own way why a value is missing (FORMATS.md §1.5): EFF by a symbol
in the value cell, Open SDG by the observation status, the native template by a marker column.
``markers`` reads them all into the observation's absence marker and quality flag.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from indicators.imports.messages import blank, row_errors
from indicators.imports.read import normalise_header, normalised
from indicators.imports.types import MEASURE_COLUMNS, ImportFailed, RowError
from indicators.models import Characteristic, Geography, Indicator

NATIVE, EFF, SDG = "native", "eff", "sdg"

# Ethnicity Facts and Figures symbols in value cells (FORMATS.md §1.5) and SDG statuses.
EFF_SYMBOLS = {"!": "c", "?": "c", "-": "x", "n/a": "z", "na": "z"}
NATIVE_MARKERS = {"c": "c", "x": "x", "z": "z"}
NATIVE_QUALITY = {"u": "u", "low": "low"}
NORMAL_STATUSES = frozenset({"normal value", "normal"})

# Roles a column can play besides a characteristic or a filter.
ROLES = frozenset(
    {
        "period",
        "period_type",
        "geography_code",
        "geography_name",
        *MEASURE_COLUMNS,
        "status",
        "multiplier",
        "series",
        "unit",
        "ignore",
    }
)
REQUIRED = ("period", "value")

_NATIVE_ROLES = {
    normalise_header(role): role for role in ("period", "geography_code", *MEASURE_COLUMNS)
}
_SDG_ROLES = {
    "year": "period",
    "value": "value",
    "geocode": "geography_code",
    "series": "series",
    "units": "unit",
    "unit measure": "unit",
    "observation status": "status",
    "unit multiplier": "multiplier",
}
_EFF_ROLES = {
    "time": "period",
    "year": "period",
    "time type": "period_type",
    "value": "value",
    "value type": "unit",
    "measure": "series",
    "geography code": "geography_code",
    "la code": "geography_code",
    "geography": "ignore",
    "geography name": "ignore",
    "geography type": "ignore",
    "sample size": "sample_size",
    "note": "note",
    "notes": "note",
}


@dataclass(frozen=True)
class Column:
    """What one file column means: a role, a characteristic, or a filter on its value."""

    header: str
    role: str  # one of ROLES, "characteristic" or "filter"
    characteristic: Characteristic | None = None
    keep: str = ""  # the value kept (role "filter"), or the level of named areas ("geography_name")


def detect_format(headers: list[str]) -> str | None:
    """Native if it has the template's key columns; SDG if Year leads and Value ends; else EFF."""
    names = [normalise_header(h) for h in headers if not h.startswith("(column ")]
    if {"period", "geography code", "value"} <= set(names):
        return NATIVE
    if names and names[0] == "year" and names[-1] == "value":
        return SDG
    if "value" in names and ("measure" in names or any(n.startswith("ethnic") for n in names)):
        return EFF
    return None


def chosen_format(chosen: str, headers: list[str]) -> str:
    """The analyst's format, or the one the header shows."""
    if chosen != "auto":
        return chosen
    detected = detect_format(headers)
    if detected is None:
        raise ImportFailed(
            [
                RowError.of_file(
                    "Cannot tell the file's format from its header.",
                    "Choose the format (native, eff or sdg), or start from the native template "
                    "offered for this indicator.",
                    row=1,
                )
            ]
        )
    return detected


def plan_columns(
    *,
    headers: list[str],
    file_format: str,
    column_map: dict[str, str],
    filters: dict[str, str],
    characteristics: list[Characteristic],
    default_geography: str,
) -> tuple[list[Column], list[RowError]]:
    """Give every column a role, or report the ones that cannot be placed."""
    by_name = _characteristic_lookup(characteristics)
    by_slug = {c.slug: c for c in characteristics}
    wanted = {normalise_header(k): v.strip() for k, v in column_map.items()}
    wanted |= {normalise_header(k): f"filter={v}" for k, v in filters.items()}
    present = {normalise_header(h) for h in headers}
    errors = [
        RowError(
            row=None,
            column=key,
            message=f"The column mapping names a column '{key}' that is not in the file.",
            action=f"Check the spelling; the file's columns are: {', '.join(headers)}.",
        )
        for key in wanted
        if key not in present
    ]
    plan: list[Column] = []
    seen: set[str] = set()
    for header in headers:
        key = normalise_header(header)
        if key in seen:
            errors.append(
                RowError(
                    row=1,
                    column=header,
                    message=f"The column '{header}' appears more than once.",
                    action="Rename or remove the repeated column.",
                )
            )
            continue
        seen.add(key)
        choice = wanted.get(key)
        if choice is not None:
            column = _chosen(header, choice, by_slug)
        else:
            column = _default(header, key, file_format, by_name, present)
        if column is None:
            errors.append(_unplaced(header, choice, file_format))
        else:
            plan.append(column)
    errors += _role_errors(plan, needs_geography=file_format == NATIVE and not default_geography)
    return plan, errors


def undeclared(
    plan: list[Column], *, declared: Collection[int], indicator: Indicator
) -> list[RowError]:
    """A column of groups of a characteristic the indicator is not broken down by.

    Its rows would load as breakdowns that no page of the indicator shows or compares (the
    ethnicity rows of a file, say, into the gender pay gap), so the analyst decides instead.
    """
    errors = []
    for column in plan:
        characteristic = column.characteristic
        if characteristic is None or characteristic.id in declared:
            continue
        name = characteristic.name.lower()
        errors.append(
            RowError(
                row=1,
                column=column.header,
                message=f"The column '{column.header}' breaks the figures down by {name}, but "
                f"{indicator.title} is not declared as broken down by {name}.",
                action=f"Keep only the rows of one of its groups with '{column.header}="
                "filter=<group>' (blank for the rows not split by it) or 'ignore' the column. "
                f"If the indicator should be broken down by {name}, declare it first: in the "
                f"admin, Indicators → {indicator.title} → Indicator characteristics, add "
                f"'{characteristic.name}'; then upload the file again.",
            )
        )
    return errors


def _characteristic_lookup(characteristics: list[Characteristic]) -> dict[str, Characteristic]:
    lookup: dict[str, Characteristic] = {}
    for c in characteristics:
        lookup[normalise_header(c.name)] = c
        lookup[normalise_header(c.slug)] = c
    return lookup


def _chosen(header: str, choice: str, by_slug: dict[str, Characteristic]) -> Column | None:
    if choice.startswith("filter="):
        return Column(header, "filter", keep=choice.removeprefix("filter=").strip())
    if choice.startswith("geography_name="):
        level = choice.removeprefix("geography_name=").strip()
        return Column(header, "geography_name", keep=level) if level in Geography.Level else None
    if choice in ROLES:
        return Column(header, choice)
    if choice in by_slug:
        return Column(header, "characteristic", characteristic=by_slug[choice])
    return None


def _default(
    header: str,
    key: str,
    file_format: str,
    by_name: dict[str, Characteristic],
    present: set[str],
) -> Column | None:
    if header.startswith("(column "):
        return Column(header, "ignore")
    if file_format == SDG and key == "unit measure" and "units" in present:
        return Column(header, "ignore")  # 3-1-1 misuses it as the constant "Units"
    roles = {NATIVE: _NATIVE_ROLES, SDG: _SDG_ROLES, EFF: _EFF_ROLES}[file_format]
    if key in roles:
        return Column(header, roles[key])
    if file_format == EFF:
        if key.startswith("numerator"):
            return Column(header, "numerator")
        if key.startswith("denominator"):
            return Column(header, "denominator")
        if key.endswith(" type"):  # Ethnicity_type, Age group type: classification labels
            return Column(header, "ignore")
    if key in by_name:
        return Column(header, "characteristic", characteristic=by_name[key])
    return None


def _unplaced(header: str, choice: str | None, file_format: str) -> RowError:
    if choice is not None:
        return RowError(
            row=1,
            column=header,
            message=f"'{choice}' is not a characteristic slug, a column role or a filter.",
            action="Map the column to a characteristic slug, to 'filter=<value>', to 'ignore' or "
            f"to one of: {', '.join(sorted(ROLES - {'ignore'}))}.",
        )
    return RowError(
        row=1,
        column=header,
        message=f"Unknown column '{header}' for a {file_format} file.",
        action="Map it to a characteristic, keep one of its values with 'filter=<value>' "
        "(blank for the rows that are not split by it), or 'ignore' it.",
    )


def _role_errors(plan: list[Column], *, needs_geography: bool) -> list[RowError]:
    errors = []
    roles = [c.role for c in plan if c.role not in {"characteristic", "filter", "ignore"}]
    for role in sorted({r for r in roles if roles.count(r) > 1}):
        headers = ", ".join(f"'{c.header}'" for c in plan if c.role == role)
        errors.append(
            RowError(
                row=1,
                column=headers,
                message=f"Several columns would be the {role.replace('_', ' ')}: {headers}.",
                action="Map all but one of them to 'ignore'.",
            )
        )
    for role in (*REQUIRED, "geography_code") if needs_geography else REQUIRED:
        if role not in roles:
            errors.append(
                RowError(
                    row=1,
                    column=role,
                    message=f"Missing column: the file has no {role.replace('_', ' ')} column.",
                    action=f"Add the column, or map an existing column to '{role}'.",
                )
            )
    return errors


# --- absence markers and quality flags ----------------------------------------------------


def markers(
    frame: pd.DataFrame, roles: dict[str, str], file_format: str
) -> tuple[pd.Series, pd.Series, pd.Series, list[RowError]]:
    """(value cells left to read as numbers, absence marker, quality flag, errors) of each row."""
    value_cells = frame[roles["value"]]
    errors: list[RowError] = []
    if file_format == EFF:
        value_cells, marker, quality = _eff_symbols(value_cells)
    elif file_format == SDG:
        marker, quality, errors = _sdg_status(frame, roles)
    else:
        marker, quality, errors = _native_flags(frame, roles)
    return value_cells, marker, quality, errors


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
        return pd.Series("x", index=frame.index).where(empty, ""), blank(frame), []
    header = roles["status"]
    status = normalised(frame[header])
    flags = {s: {flag.strip() for flag in s.split(";")} for s in status.drop_duplicates()}
    marker_of = {s: "c" if "suppress" in s else "z" if "cannot exist" in s else "x" for s in flags}
    unreliable = status.map({s: "low reliability" in s for s in flags}).astype(bool)
    normal = status.map({s: bool(f) and f <= NORMAL_STATUSES for s, f in flags.items()})
    marker = status.map(marker_of).where(empty, "")
    quality = blank(frame).mask(unreliable & ~empty, "u")
    errors = row_errors(
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
            flags.append(blank(frame))
            continue
        cells = frame[roles[role]]
        lookup = {cell: allowed.get(cell.strip("[] ").casefold(), "") for cell in cells.unique()}
        mapped = cells.map(lookup)
        errors += row_errors(
            frame,
            (mapped == "") & (cells != ""),
            roles[role],
            f"'{{cell}}' is not a {role}.",
            f"Use one of {', '.join('[' + k + ']' for k in allowed)}, or leave it blank.",
        )
        flags.append(mapped)
    return flags[0], flags[1], errors
