"""File labels → standard groups of a characteristic.

A label matches a group's name or slug, or one of the characteristic's aliases, ignoring case
and spacing (``normalise_label``). Ethnicity labels also go through the Ethnicity Facts and
Figures lookup (285 raw labels → standard names, copied from the EFF publisher). Totals
("All", "ALL", "Total" or a blank cell) mean all people. An unknown label is reported with the
nearest known labels as a suggestion.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indicators.models import Characteristic, Group, GroupAlias, normalise_label

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


def group_indexes(characteristics: list[Characteristic]) -> dict[int, GroupIndex]:
    """One index per characteristic, from two queries."""
    ids = [c.id for c in characteristics]
    lookup: dict[int, dict[str, int]] = {i: {} for i in ids}
    parents: dict[int, dict[int, int | None]] = {i: {} for i in ids}
    ranks: dict[int, dict[int, int | None]] = {i: {} for i in ids}
    for group in Group.objects.filter(characteristic_id__in=ids):
        cid = group.characteristic_id
        lookup[cid].setdefault(normalise_label(group.slug), group.id)
        lookup[cid][normalise_label(group.name)] = group.id
        parents[cid][group.id] = group.parent_id
        ranks[cid][group.id] = group.rank
    for alias in GroupAlias.objects.filter(characteristic_id__in=ids):
        lookup[alias.characteristic_id][normalise_label(alias.label)] = alias.group_id
    return {c.id: GroupIndex(c, lookup[c.id], parents[c.id], ranks[c.id]) for c in characteristics}
