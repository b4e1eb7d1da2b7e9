"""Everything a file may name, read from the database once per import.

Columns name characteristics, cells name groups (or their aliases) and areas (by GSS code or by
name). ``vocabulary_read`` loads all of them in four queries, before the file is checked; from
then on validation is pandas on the file's cells and this object, with no query of its own.

(``indicators.fixtures.vocabulary_load`` is the other direction: it writes the vocabulary to the
database from the CSV files in ``fixtures/vocabulary``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from indicators.imports.mapping import GroupIndex
from indicators.models import Indicator, normalise_label
from indicators.models.vocabulary import Characteristic, Geography, Group, GroupAlias


@dataclass(frozen=True)
class Area:
    """One geography as a file may name it."""

    id: int
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class Vocabulary:
    """The characteristics, their groups and aliases, and the geographies, as one import sees them.

    ``groups`` holds one ``GroupIndex`` per characteristic id; ``areas`` every geography, in code
    order.
    """

    characteristics: tuple[Characteristic, ...]
    groups: Mapping[int, GroupIndex]
    areas: tuple[Area, ...]

    def geography_ids(self) -> dict[str, int]:
        """GSS code → geography id."""
        return {area.code: area.id for area in self.areas}

    def area_codes(self, *, level: str = "") -> dict[str, str | None]:
        """Normalised area name → its GSS code, within one level if given.

        A name that several areas share (Cumbria is a county and a police force area) maps to
        ``None``: it cannot be told apart without naming the level.
        """
        by_name: dict[str, str | None] = {}
        for area in self.areas:
            if level and area.level != level:
                continue
            key = normalise_label(area.name)
            by_name[key] = None if key in by_name else area.code
        return by_name


def vocabulary_read() -> Vocabulary:
    """The vocabulary as it is now, in four queries (characteristics, groups, aliases, areas)."""
    characteristics = tuple(Characteristic.objects.all())
    lookup: dict[int, dict[str, int]] = {c.id: {} for c in characteristics}
    parents: dict[int, dict[int, int | None]] = {c.id: {} for c in characteristics}
    ranks: dict[int, dict[int, int | None]] = {c.id: {} for c in characteristics}
    groups = Group.objects.values_list(
        "id", "characteristic_id", "slug", "name", "parent_id", "rank"
    )
    for group_id, cid, slug, name, parent_id, rank in groups:
        lookup[cid].setdefault(normalise_label(slug), group_id)
        lookup[cid][normalise_label(name)] = group_id
        parents[cid][group_id] = parent_id
        ranks[cid][group_id] = rank
    aliases = GroupAlias.objects.values_list("characteristic_id", "label", "group_id")
    for cid, label, group_id in aliases:
        lookup[cid][normalise_label(label)] = group_id
    indexes = {
        c.id: GroupIndex(c, lookup[c.id], parents[c.id], ranks[c.id]) for c in characteristics
    }
    areas = tuple(
        Area(id=id_, code=code, name=name, level=level)
        for id_, code, name, level in Geography.objects.values_list("id", "code", "name", "level")
    )
    return Vocabulary(characteristics=characteristics, groups=indexes, areas=areas)


def indicator_breakdowns(indicator: Indicator) -> frozenset[int]:
    """The ids of the characteristics ``indicator`` is declared as broken down by (one query)."""
    return frozenset(indicator.characteristics.values_list("pk", flat=True))
