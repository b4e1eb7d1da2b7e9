"""``run_import``: one uploaded file → one draft release, or the full list of what is wrong.

read → map columns → validate into typed rows → compare with the published release → load, all
inside one transaction: a file with any error, or a dry run, leaves the database as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from indicators.imports.compare import Comparison, compare
from indicators.imports.formats import detect_format, plan_columns
from indicators.imports.load import copy_observations
from indicators.imports.periods import ensure_periods
from indicators.imports.read import read_table
from indicators.imports.types import FORMATS, ImportFailed, ImportOptions, RowError
from indicators.imports.validate import validate
from indicators.models import Characteristic, Indicator, Release

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["ImportOptions", "ImportResult", "RowError", "run_import"]

Progress = Callable[[int, str], None]


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    """What an import did: the draft release, or the errors; and the comparison either way."""

    release: Release | None = None
    errors: list[RowError] = field(default_factory=list)
    comparison: Comparison | None = None
    row_count: int = 0
    file_format: str = ""
    sha256: str = ""
    duplicates_dropped: int = 0

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


def run_import(
    *,
    source: Path | IO[bytes] | bytes,
    filename: str,
    indicator: Indicator,
    options: ImportOptions,
    uploaded_by: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file as a new draft release of ``indicator`` (nothing written if ``dry_run``)."""
    report = progress or (lambda percent, stage: None)
    data = _read_source(source)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        _preflight(data=data, sha256=sha256, indicator=indicator, options=options)
        with transaction.atomic():
            report(5, "Reading the file")
            table = read_table(data=data, filename=filename)
            file_format = _format(options.format, table.headers)
            report(20, "Matching columns")
            plan, errors = plan_columns(
                headers=table.headers,
                file_format=file_format,
                column_map=options.column_map,
                filters=options.filters,
                characteristics=list(Characteristic.objects.all()),
                default_geography=options.geography,
            )
            if errors:
                raise ImportFailed(errors)
            report(30, "Checking every row")
            validated = validate(
                table=table,
                plan=plan,
                file_format=file_format,
                indicator=indicator,
                options=options,
            )
            frame = validated.frame
            period_ids = ensure_periods(validated.periods)
            spans = [period_ids[spec.span] for spec in validated.periods]
            frame["period_id"] = frame["period_key"].map(dict(enumerate(spans)))
            report(60, "Comparing with the published release")
            comparison = compare(indicator=indicator, frame=frame)
            result = ImportResult(
                comparison=comparison,
                row_count=len(frame),
                file_format=file_format,
                sha256=sha256,
                duplicates_dropped=validated.duplicates_dropped,
            )
            if dry_run:
                transaction.set_rollback(True)
                report(100, "Checked (dry run: nothing saved)")
                return result
            report(70, "Saving the release")
            release = _create_release(
                data=data,
                filename=filename,
                sha256=sha256,
                indicator=indicator,
                options=options,
                file_format=file_format,
                row_count=len(frame),
                uploaded_by=uploaded_by,
            )
            copy_observations(release_id=release.id, frame=frame)
    except ImportFailed as failed:
        report(100, "Finished with errors")
        return ImportResult(errors=failed.errors, sha256=sha256)
    report(100, "Imported")
    return ImportResult(
        release=release,
        comparison=comparison,
        row_count=result.row_count,
        file_format=file_format,
        sha256=sha256,
        duplicates_dropped=result.duplicates_dropped,
    )


def _read_source(source: Path | IO[bytes] | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, Path):
        return source.read_bytes()
    return source.read()


def _preflight(*, data: bytes, sha256: str, indicator: Indicator, options: ImportOptions) -> None:
    """Checks that need no parsing: size, a repeated upload, the options themselves."""
    errors = []
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        errors.append(
            RowError(
                row=None,
                column="",
                message=f"The file is {len(data) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB "
                "limit.",
                action="Split the file, or ask an administrator to raise IMPORT_MAX_UPLOAD_BYTES.",
            )
        )
    existing = Release.objects.filter(indicator=indicator, sha256=sha256).first()
    if existing is not None:
        errors.append(
            RowError(
                row=None,
                column="",
                message=f"This exact file (sha256 {sha256[:12]}…) was already uploaded as "
                f"{existing} on {existing.uploaded_at:%d %B %Y}.",
                action=f"Open that release instead: /admin/indicators/release/{existing.pk}/"
                "change/",
            )
        )
    if options.format not in FORMATS:
        errors.append(
            RowError(
                row=None,
                column="",
                message=f"Unknown format '{options.format}'.",
                action=f"Choose one of: {', '.join(FORMATS)}.",
            )
        )
    if options.supersedes is not None:
        if options.supersedes.indicator_id != indicator.pk:
            errors.append(
                RowError(
                    row=None,
                    column="",
                    message=f"{options.supersedes} is a release of another indicator.",
                    action="A correction supersedes a release of the same indicator.",
                )
            )
        if not options.reason.strip():
            errors.append(
                RowError(
                    row=None,
                    column="",
                    message="A correction needs a reason.",
                    action="Say what this release corrects; the reason is published with it.",
                )
            )
    if errors:
        raise ImportFailed(errors)


def _format(chosen: str, headers: list[str]) -> str:
    if chosen != "auto":
        return chosen
    detected = detect_format(headers)
    if detected is None:
        raise ImportFailed(
            [
                RowError(
                    row=1,
                    column="",
                    message="Cannot tell the file's format from its header.",
                    action="Choose the format (native, eff or sdg), or start from the native "
                    "template offered for this indicator.",
                )
            ]
        )
    return detected


def _create_release(
    *,
    data: bytes,
    filename: str,
    sha256: str,
    indicator: Indicator,
    options: ImportOptions,
    file_format: str,
    row_count: int,
    uploaded_by: User | None,
) -> Release:
    latest = Release.objects.filter(indicator=indicator).aggregate(latest=Max("version"))["latest"]
    release = Release(
        indicator=indicator,
        version=(latest or 0) + 1,
        original_filename=Path(filename).name,
        sha256=sha256,
        file_format=file_format,
        import_options=options.recorded(),
        row_count=row_count,
        note=options.note,
        reason=options.reason,
        is_synthetic=options.is_synthetic,
        supersedes=options.supersedes,
        uploaded_by=uploaded_by,
        publish_at=options.publish_at,
    )
    release.source_file.save(Path(filename).name, ContentFile(data), save=False)
    release.save()
    return release
