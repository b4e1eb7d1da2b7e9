"""File labels → standard groups of a characteristic, and each row's breakdown.

A label matches a group's name or slug, or one of the characteristic's aliases, ignoring case
and spacing (``normalise_label``). Ethnicity labels also go through the Ethnicity Facts and
Figures lookup (285 raw labels → standard names, copied from the EFF publisher). Totals
("All", "ALL", "Total" or a blank cell) mean all people. An unknown label is reported with the
nearest known labels as a suggestion. A row's groups become its breakdown: all people, one
group, or a cross of two groups of different characteristics.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from indicators.imports.formats import Column
from indicators.imports.messages import like_this
from indicators.imports.read import LINE, normalised
from indicators.imports.types import ImportOptions, RowError
from indicators.models import Characteristic, normalise_label

TOTAL_LABELS = frozenset({"", "all", "total", "all people", "persons"})
_EFF_LOOKUP = Path(__file__).with_name("eff_ethnicity_lookup.csv")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)$")


@dataclass(frozen=True)
class GroupIndex:
    """Everything needed to map one characteristic's labels without further queries."""

    characteristic: Characteristic
    lookup: dict[str, int]
    parents: dict[int, int | None]
    ranks: dict[int, int | None]

    def match(self, label: str) -> int | None:
        """The group a label means; a trailing note such as "(least deprived)" may be dropped.

        Dropping the note is why a file whose "Quintile 1 (least deprived)" runs the other way
        must be marked as reversed: the number is matched, then mirrored.
        """
        key = normalise_label(label)
        found = self.lookup.get(key)
        if found is None and "ethnic" in self.characteristic.slug:
            standard = eff_ethnicity_lookup().get(key)
            found = self.lookup.get(standard) if standard else None
        if found is None and (bare := _TRAILING_NOTE.sub("", key)) != key:
            found = self.match(bare)
        return found

    def suggestion(self, label: str) -> str:
        """Up to three known labels close to an unknown one, quoted, for "Did you mean …?"."""
        close = difflib.get_close_matches(normalise_label(label), self.lookup, n=3, cutoff=0.6)
        return ", ".join(f"'{c}'" for c in close)

    def reverse(self, group_id: int) -> int:
        """The group at the mirrored rank: quintile 1 ↔ quintile 5."""
        rank = self.ranks.get(group_id)
        ranked = {r: g for g, r in self.ranks.items() if r is not None}
        if rank is None or not ranked:
            return group_id
        return ranked.get(max(ranked) + 1 - rank, group_id)


@cache
def eff_ethnicity_lookup() -> dict[str, str]:
    """EFF raw ethnicity label (normalised) → standard name (normalised)."""
    with _EFF_LOOKUP.open(encoding="utf-8", newline="") as handle:
        return {
            normalise_label(row["Ethnicity"]): normalise_label(row["Standard Ethnicity"])
            for row in csv.DictReader(handle)
        }


# --- breakdown columns ----------------------------------------------------------------


def breakdowns(
    frame: pd.DataFrame,
    plan: list[Column],
    options: ImportOptions,
    *,
    indexes: Mapping[int, GroupIndex],
) -> tuple[pd.DataFrame, pd.Series, list[RowError]]:
    """Group columns → (characteristic_a, group_a, characteristic_b, group_b) in canonical order.

    Also returns which rows have a label that matched no group (already reported), so the
    duplicate check does not take them for "all people".
    """
    columns = [(c.header, c.characteristic) for c in plan if c.characteristic is not None]
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
                message=f"Unknown {name} group '{label}'{like_this(len(lines) - 1)}."
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
    indexes: Mapping[int, GroupIndex],
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
