"""Load the reference vocabulary and the indicator catalogue from the files in ``fixtures/``.

The files are the source of truth and are meant to be read in review: CSV for the vocabulary,
JSON for indicators. Every row is written with ``update_or_create`` on its natural key (a slug
or a GSS code), so loading twice changes nothing and a corrected file updates rows in place.

Ethnicity comes from the Ethnicity facts and figures standardiser files, copied unchanged: the
groups from the ONS 2021 19+1 classification (code ``19A``), the aliases from the lookup of raw
labels seen in published data.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from indicators.imports.manifest import ManifestError, demo_users, entry_options
from indicators.imports.pipeline import ImportResult, run_import
from indicators.models import (
    Characteristic,
    Department,
    Geography,
    Group,
    GroupAlias,
    Indicator,
    IndicatorCharacteristic,
    Release,
    normalise_label,
)
from indicators.services import indicator_search_refresh, release_approve, release_publish

ETHNICITY = "ethnicity"
ETHNICITY_CLASSIFICATION = "19A"
# Categories of the EFF classification that are not groups of people in this dashboard.
ETHNICITY_SKIPPED = {"All", "Unclassified", "Unmatched", "Not applicable"}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@transaction.atomic
def vocabulary_load(*, directory: Path) -> dict[str, int]:
    """Load departments, characteristics with groups and aliases, and geographies.

    Returns how many rows of each kind the files define (the same on every load).
    """
    counts = {
        "departments": _departments_load(path=directory / "departments.csv"),
        "characteristics": 0,
        "groups": 0,
        "aliases": 0,
        "geographies": _geographies_load(path=directory / "geographies.csv"),
    }
    references: dict[str, str] = {}
    for display_order, row in enumerate(_rows(directory / "characteristics.csv")):
        Characteristic.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "is_ordered": row["is_ordered"] == "true",
                "description": row["description"],
                "display_order": display_order,
            },
        )
        references[row["slug"]] = row["reference"]
        counts["characteristics"] += 1

    group_rows = list(_rows(directory / "groups.csv"))
    group_rows += _ethnicity_group_rows(
        path=directory / "eff_ref_ethnicity_classification_definitions.csv"
    )
    aliases: set[tuple[int, str]] = set()
    counts["groups"] = _groups_load(rows=group_rows, references=references, aliases=aliases)
    _ethnicity_lookup_load(
        path=directory / "eff_ref_ethnicity_classification_lookup.csv", aliases=aliases
    )
    _aliases_load(path=directory / "aliases.csv", aliases=aliases)
    counts["aliases"] = len(aliases)
    return counts


def _departments_load(*, path: Path) -> int:
    rows = list(_rows(path))
    for row in rows:
        Department.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "abbreviation": row["abbreviation"], "url": row["url"]},
        )
    return len(rows)


def _geographies_load(*, path: Path) -> int:
    """Parents come before their children in the file, so one pass resolves them."""
    by_code: dict[str, Geography] = {}
    for row in _rows(path):
        by_code[row["code"]], _ = Geography.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "level": row["level"],
                "parent": by_code[row["parent"]] if row["parent"] else None,
            },
        )
    return len(by_code)


def _ethnicity_group_rows(*, path: Path) -> list[dict[str, str]]:
    """Rows in the shape of groups.csv for the ONS 2021 19+1 classification.

    Broad groups are the categories that are their own parent (Asian, Black, Mixed, White,
    Other) plus Unknown; detailed groups are the required categories, nested by ``Parent``.
    The display name is the group name; the standard name, where it differs, becomes an alias.
    """
    definitions = [
        row
        for row in _rows(path)
        if row["Code"] == ETHNICITY_CLASSIFICATION and row["Standard"] not in ETHNICITY_SKIPPED
    ]
    definitions.sort(key=lambda row: int(row["Order"]))
    rows = []
    for row in definitions:
        is_broad = row["Parent"] == row["Standard"]
        rows.append(
            {
                "characteristic": ETHNICITY,
                "slug": slugify(row["Display"]),
                "name": row["Display"],
                "rank": "",
                "parent": "" if is_broad else slugify(row["Parent"]),
                "standard": row["Standard"],
            }
        )
    return rows


def _groups_load(
    *, rows: list[dict[str, str]], references: dict[str, str], aliases: set[tuple[int, str]]
) -> int:
    """Upsert groups in file order (parents first) and set each default reference.

    The old reference flag is cleared before the new one is set, so the database's
    one-reference-per-characteristic constraint holds at every step.
    """
    characteristics = {c.slug: c for c in Characteristic.objects.all()}
    groups: dict[tuple[str, str], Group] = {}
    display_orders: dict[str, int] = {}
    for row in rows:
        characteristic = characteristics[row["characteristic"]]
        display_order = display_orders.get(characteristic.slug, 0)
        display_orders[characteristic.slug] = display_order + 1
        parent = groups[(characteristic.slug, row["parent"])] if row["parent"] else None
        group, _ = Group.objects.update_or_create(
            characteristic=characteristic,
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "rank": int(row["rank"]) if row["rank"] else None,
                "parent": parent,
                "display_order": display_order,
            },
        )
        groups[(characteristic.slug, row["slug"])] = group
        standard = row.get("standard", "")
        if standard and normalise_label(standard) != normalise_label(row["name"]):
            aliases.add(_alias_save(group=group, label=standard))

    for slug, reference in references.items():
        characteristic = characteristics[slug]
        Group.objects.filter(characteristic=characteristic, is_default_reference=True).exclude(
            slug=reference
        ).update(is_default_reference=False)
        reference_group = groups[(slug, reference)]
        if not reference_group.is_default_reference:
            reference_group.is_default_reference = True
            reference_group.save(update_fields=["is_default_reference"])
    return len(groups)


def _alias_save(*, group: Group, label: str) -> tuple[int, str]:
    """Point ``label`` at ``group``; returns the alias's natural key."""
    key = (group.characteristic_id, normalise_label(label))
    GroupAlias.objects.update_or_create(
        characteristic_id=key[0], label=key[1], defaults={"group": group}
    )
    return key


def _ethnicity_lookup_load(*, path: Path, aliases: set[tuple[int, str]]) -> None:
    """Alias every raw label of the EFF lookup whose standard name is one of our groups.

    Standard names of other classifications ("Asian other inc Chinese", "Gypsy/Roma") have no
    group here and are skipped rather than forced onto a near match.
    """
    groups_by_label: dict[str, Group] = {}
    for group in Group.objects.filter(characteristic__slug=ETHNICITY):
        groups_by_label[normalise_label(group.name)] = group
    # Standard names saved as aliases by this load, not aliases from earlier loads, so that the
    # result does not depend on what the database held before.
    for alias in GroupAlias.objects.filter(characteristic__slug=ETHNICITY).select_related("group"):
        if (alias.characteristic_id, alias.label) in aliases:
            groups_by_label.setdefault(alias.label, alias.group)

    for row in _rows(path):
        target = groups_by_label.get(normalise_label(row["Standard Ethnicity"]))
        label = normalise_label(row["Ethnicity"])
        if target is not None and label != normalise_label(target.name):
            aliases.add(_alias_save(group=target, label=label))


def _aliases_load(*, path: Path, aliases: set[tuple[int, str]]) -> None:
    for row in _rows(path):
        group = Group.objects.get(characteristic__slug=row["characteristic"], slug=row["group"])
        aliases.add(_alias_save(group=group, label=row["label"]))


@transaction.atomic
def indicators_load(*, directory: Path) -> dict[str, int]:
    """Load the indicator catalogue from ``indicators.json``; vocabulary must be loaded first.

    Returns the number of indicators and of indicator-characteristic links in the file.
    """
    entries: list[dict[str, Any]] = json.loads(
        (directory / "indicators.json").read_text(encoding="utf-8")
    )
    departments = {d.slug: d for d in Department.objects.all()}
    links = 0
    for entry in entries:
        fields = dict(entry)
        breakdowns: list[dict[str, str]] = fields.pop("characteristics")
        fields["owner"] = departments[fields["owner"]]
        primary = fields.pop("primary_characteristic", None)
        fields["primary_characteristic"] = (
            Characteristic.objects.get(slug=primary) if primary else None
        )
        if primary and primary not in {b["characteristic"] for b in breakdowns}:
            raise ValueError(
                f"{fields['slug']}: its primary characteristic {primary!r} is not one of its "
                "characteristics."
            )
        indicator, _ = Indicator.objects.update_or_create(slug=fields.pop("slug"), defaults=fields)
        for breakdown in breakdowns:
            characteristic = Characteristic.objects.get(slug=breakdown["characteristic"])
            reference = breakdown.get("reference")
            IndicatorCharacteristic.objects.update_or_create(
                indicator=indicator,
                characteristic=characteristic,
                defaults={
                    "reference_group": (
                        Group.objects.get(characteristic=characteristic, slug=reference)
                        if reference
                        else None
                    )
                },
            )
            links += 1
    indicator_search_refresh()
    return {"indicators": len(entries), "indicator_characteristics": links}


def dated_manifest_import(
    *,
    manifest: Path,
    fixtures_dir: Path,
    stdout: TextIO,
    publish_at: Callable[[dict[str, Any]], dt.datetime],
) -> list[Release]:
    """Import, approve and publish every entry of a release manifest, as
    ``indicators.imports.manifest.manifest_import`` does, but at the time ``publish_at(entry)``
    gives (the source's real publication date for the demo data) rather than now.

    An entry with a ``reason`` is a correction: it supersedes the indicator's latest published
    release. Entries must be in publication order for each indicator (the publish step refuses
    a time before an earlier release's).
    """
    entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))
    users = demo_users()
    releases = []
    for number, entry in enumerate(entries, start=1):
        name = f"{manifest.name} entry {number} ({entry.get('file')} → {entry.get('indicator')})"
        when = publish_at(entry)
        published = _dated_entry_import(
            entry, name=name, when=when, fixtures_dir=fixtures_dir, users=users
        )
        stdout.write(
            f"{entry['indicator']}: {published.row_count} rows from "
            f"{Path(entry['file']).name}, published {when.day} {when:%B %Y %H:%M}\n"
        )
        releases.append(published)
    return releases


def _dated_entry_import(
    entry: dict[str, Any],
    *,
    name: str,
    when: dt.datetime,
    fixtures_dir: Path,
    users: tuple[User, User],
) -> Release:
    """One manifest entry imported, approved and published at ``when``; ``name`` says which
    entry in errors."""
    indicator = Indicator.objects.filter(slug=entry.get("indicator") or "").first()
    if indicator is None:
        raise ManifestError(f"{name}: no indicator with that slug.")
    supersedes = None
    if entry.get("reason"):
        supersedes = (
            Release.objects.filter(indicator=indicator, status=Release.Status.PUBLISHED)
            .current_first()
            .first()
        )
    options = dataclasses.replace(
        entry_options(entry), publish_at=when, supersedes=supersedes, reason=entry.get("reason", "")
    )
    uploader, approver = users
    path = fixtures_dir / entry["file"]
    result = run_import(
        source=path,
        filename=path.name,
        indicator=indicator,
        options=options,
        uploaded_by=uploader,
        check_access=False,  # the demo's system account loads every department's data
    )
    if result.release is None:
        raise _entry_failed(name, result)
    release_approve(release=result.release, user=approver)
    return release_publish(release=result.release, user=approver, publish_at=when)


def _entry_failed(name: str, result: ImportResult) -> ManifestError:
    """The error for an entry whose file did not import: its first five problems."""
    first = "; ".join(f"row {e.row} {e.column}: {e.message}".strip() for e in result.errors[:5])
    return ManifestError(f"{name}: {result.error_count} error(s). {first}")
