"""Which format a file is in, and what each of its columns means.

Three layouts (FORMATS.md): the project's **native** template (one column per characteristic,
headed by its slug); **EFF** tidy downloads (``All`` for totals, ``Time``/``Year``, ``_type``
companions, numerators and denominators under descriptive names); and **Open SDG** data CSVs
(``Year`` first, ``Value`` last, a blank cell for "all", ``Series``/``Units`` selecting one
statistic). Every column gets one role; the analyst's ``column_map`` overrides the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.imports.read import normalise_header
from indicators.imports.types import MEASURE_COLUMNS, RowError
from indicators.models import Characteristic, Geography

NATIVE, EFF, SDG = "native", "eff", "sdg"

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
