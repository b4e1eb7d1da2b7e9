"""Import, approve and publish a list of releases described in a JSON manifest (demo data).

Each entry records an analyst's choices for one file (format, sheet, series, unit, column mapping,
filters, geography, reversed scales, skipped rows with the reason), so the demo data is loaded
through exactly the pipeline an upload uses. Two system accounts that cannot sign in upload
and approve, so the four-eyes rule holds for demo data too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User

from indicators.imports.pipeline import run_import
from indicators.imports.types import RECORDED_OPTIONS, ImportOptions
from indicators.models import Indicator, Release
from indicators.services import release_approve, release_publish

DEMO_UPLOADER = "demo-uploader"
DEMO_APPROVER = "demo-approver"
_OPTION_KEYS = (*RECORDED_OPTIONS, "is_synthetic", "note")


class ManifestError(Exception):
    """An entry of the manifest could not be imported; the message names it."""


def manifest_import(*, manifest: Path, fixtures_dir: Path, stdout: TextIO) -> list[Release]:
    """Import every entry, then approve and publish it; stop at the first entry that fails."""
    entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))
    uploader, approver = demo_users()
    releases = []
    for number, entry in enumerate(entries, start=1):
        name = f"{manifest.name} entry {number} ({entry.get('file')} → {entry.get('indicator')})"
        try:
            indicator = Indicator.objects.get(slug=entry["indicator"])
        except (KeyError, Indicator.DoesNotExist) as exc:
            raise ManifestError(f"{name}: no indicator with that slug.") from exc
        path = fixtures_dir / entry["file"]
        options = entry_options(entry)
        # The system account loads every department's indicators, so no department check.
        result = run_import(
            source=path,
            indicator=indicator,
            options=options,
            uploaded_by=uploader,
            check_access=False,
        )
        if result.release is None:
            shown = "; ".join(
                f"row {e.row} {e.column}: {e.message}".strip() for e in result.errors[:5]
            )
            raise ManifestError(f"{name}: {result.error_count} error(s). {shown}")
        release_approve(release=result.release, user=approver)
        published = release_publish(release=result.release, user=approver)
        stdout.write(f"{indicator.slug}: {published.row_count} rows from {path.name}\n")
        releases.append(published)
    return releases


def entry_options(entry: dict[str, Any]) -> ImportOptions:
    """The analyst's choices an entry records, as the pipeline takes them."""
    return ImportOptions(**{key: entry[key] for key in _OPTION_KEYS if key in entry})


def demo_users() -> tuple[User, User]:
    """The system accounts that upload and approve demo data.

    They cannot sign in: they have no usable password and no staff status.
    """
    user_model = get_user_model()
    accounts = []
    for username in (DEMO_UPLOADER, DEMO_APPROVER):
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        accounts.append(user)
    uploader, approver = accounts
    approver.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="indicators",
            codename__in=["approve_release", "publish_release"],
        )
    )
    return uploader, approver
