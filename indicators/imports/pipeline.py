"""``run_import``: one uploaded file → one draft release, or the full list of what is wrong.

All inside one transaction, so a file with any error, or a dry run, leaves the database as it
was: the indicator's import lock (two imports of one indicator run one after the other) → may
the uploader edit this indicator (``indicators.access``) → preflight (a repeated file, the
options) → read the vocabulary → read, map columns and validate into typed rows
(``validate.validate_file``, no query) → compare with the published release → load.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Max

from indicators.access import AccessDenied, indicator_edit_check
from indicators.imports.compare import Comparison, compare
from indicators.imports.load import copy_observations
from indicators.imports.periods import ensure_periods
from indicators.imports.preflight import Source, preflight, source_read
from indicators.imports.types import (
    ImportFailed,
    ImportOptions,
    Progress,
    RowError,
    Upload,
    no_progress,
)
from indicators.imports.validate import validate_file
from indicators.imports.vocabulary import indicator_breakdowns, vocabulary_read
from indicators.models import Indicator, Release

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models.fields.files import FieldFile

__all__ = [
    "ImportOptions",
    "ImportResult",
    "RowError",
    "run_import",
    "upload_access_check",
    "upload_import",
]

#: The first key of the advisory lock an import of an indicator holds (the second is its id).
IMPORT_LOCK_SPACE = 0x494D5054
#: How long an import waits for another import of the same indicator before giving up.
LOCK_WAIT_SECONDS = 20
_LOCK_NOT_AVAILABLE = "55P03"


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    """What an import did: the draft release, or the errors; and the comparison either way.

    ``sheet`` is the worksheet read from a workbook ("" for a CSV) and ``sheets`` how many the
    workbook has, so the analyst sees which one was taken.
    """

    release: Release | None = None
    errors: list[RowError] = field(default_factory=list)
    comparison: Comparison | None = None
    row_count: int = 0
    file_format: str = ""
    sha256: str = ""
    duplicates_dropped: int = 0
    sheet: str = ""
    sheets: int = 0

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def notices(self) -> list[str]:
        """What the import decided on its own that the analyst should check."""
        notices = []
        if self.sheets > 1:
            notices.append(
                f"Read the sheet '{self.sheet}' (the workbook has {self.sheets} sheets)."
            )
        if self.duplicates_dropped:
            n = self.duplicates_dropped
            notices.append(
                f"{n} row{' repeats' if n == 1 else 's repeat'} another row exactly and "
                f"{'was' if n == 1 else 'were'} left out."
            )
        return notices


def run_import(
    *,
    source: Source,
    filename: str = "",
    indicator: Indicator,
    options: ImportOptions,
    uploaded_by: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
    check_access: bool = True,
) -> ImportResult:
    """Import one file as a new draft release of ``indicator`` (nothing written if ``dry_run``).

    ``filename`` is the name the file came with (a path's own name if not given). It is read
    only once it is known not to be too large; then ``upload_import`` does the rest.
    """
    report = progress or no_progress
    try:
        data = source_read(source)
    except ImportFailed as failed:
        report(100, "Finished with errors")
        return ImportResult(errors=failed.errors)
    name = filename or (source.name if isinstance(source, Path) else "")
    upload = Upload(data=data, filename=name, indicator=indicator, options=options)
    return upload_import(
        upload,
        uploaded_by=uploaded_by,
        dry_run=dry_run,
        progress=report,
        check_access=check_access,
    )


def upload_import(
    upload: Upload,
    *,
    uploaded_by: User | None,
    dry_run: bool = False,
    progress: Progress = no_progress,
    check_access: bool = True,
) -> ImportResult:
    """Import a file read into memory as a new draft release (nothing written if ``dry_run``).

    ``uploaded_by`` must be allowed to upload releases of the indicator
    (``upload_access_check``). ``None`` records no uploader: such a draft can be checked and
    compared but never approved (the four-eyes rule needs an uploader; the database refuses
    anything else), which suits tests and benchmarks. ``check_access=False`` is for the demo
    loader's system account alone, which loads every department's indicators.

    ``progress(percent, stage)`` is called as each stage starts; the background job passes one
    that other sessions can see while this transaction is still open. The original file is
    stored with the draft; if saving the rows fails, the stored file is deleted with them.
    """
    stored: FieldFile | None = None
    try:
        with transaction.atomic():
            _import_lock(upload.indicator, progress=progress)
            if uploaded_by is not None and check_access:
                upload_access_check(user=uploaded_by, indicator=upload.indicator)
            preflight(upload)
            checked = _check(upload, progress=progress)
            if dry_run:
                transaction.set_rollback(True)
                progress(100, "Checked (dry run: nothing saved)")
                return checked.result
            progress(70, "Saving the release")
            release = _create_release(upload, result=checked.result, uploaded_by=uploaded_by)
            stored = release.source_file
            copy_observations(release_id=release.id, frame=checked.frame)
    except ImportFailed as failed:
        progress(100, "Finished with errors")
        return ImportResult(errors=failed.errors, sha256=upload.sha256)
    except BaseException:
        if stored is not None:
            stored.delete(save=False)  # the release row it belonged to is rolled back
        raise
    progress(100, "Imported")
    return replace(checked.result, release=release)


def upload_access_check(*, user: User, indicator: Indicator) -> None:
    """Raise ``ImportFailed`` unless ``user`` may upload releases of ``indicator``: the Analyst
    role's permission and, unless a superuser, membership of the department that owns it."""
    try:
        indicator_edit_check(user=user, indicator=indicator)
    except AccessDenied as denied:
        raise ImportFailed(
            [
                RowError.of_file(
                    str(denied),
                    "Nothing was read from the file. Ask an administrator to check your role "
                    "and department, or ask an analyst of the owning department to upload it.",
                )
            ]
        ) from denied


def _import_lock(indicator: Indicator, *, progress: Progress) -> None:
    """Hold the indicator's import lock until this transaction ends.

    Two imports of one indicator (two analysts, a double click, a job and an upload) then run
    one after the other: the second sees the first's release when it checks for a repeated
    file and numbers its version. It waits up to ``LOCK_WAIT_SECONDS``, then gives up with a
    message rather than hold a request open.
    """
    key = [IMPORT_LOCK_SPACE, indicator.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s::int)", key)
        row = cursor.fetchone()
        if row is not None and row[0]:
            return
        progress(1, "Waiting for another import of this indicator to finish")
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()
        try:
            with transaction.atomic():  # a savepoint: giving up undoes only this
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)", [f"{LOCK_WAIT_SECONDS}s"]
                )
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s::int)", key)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
                raise
            raise ImportFailed([_busy(indicator)]) from error
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, true)", [previous[0] if previous else "0"]
        )


def _busy(indicator: Indicator) -> RowError:
    return RowError.of_file(
        f"Another file for {indicator.title} is being imported right now, and it has not "
        f"finished within {LOCK_WAIT_SECONDS} seconds.",
        "Nothing was read from your file. Wait until the other import has finished (large files "
        "show their progress under Import jobs), check the indicator's releases, then upload "
        "again if yours is still needed.",
    )


@dataclass(frozen=True)
class _Checked:
    """The rows that passed every check, ready to load, and what the analyst is told."""

    frame: pd.DataFrame
    result: ImportResult


def _check(upload: Upload, *, progress: Progress) -> _Checked:
    """Validate the file against the vocabulary, then compare it; raises ``ImportFailed``."""
    validated = validate_file(
        upload,
        vocabulary=vocabulary_read(),
        declared=indicator_breakdowns(upload.indicator),
        progress=progress,
    )
    frame = validated.frame
    period_ids = ensure_periods(validated.periods)
    frame["period_id"] = frame["period_key"].map(
        {key: period_ids[spec.span] for key, spec in enumerate(validated.periods)}
    )
    progress(60, "Comparing with the published release")
    result = ImportResult(
        comparison=compare(indicator=upload.indicator, frame=frame),
        row_count=len(frame),
        file_format=validated.file_format,
        sha256=upload.sha256,
        duplicates_dropped=validated.duplicates_dropped,
        sheet=validated.sheet,
        sheets=validated.sheets,
    )
    return _Checked(frame=frame, result=result)


def _create_release(upload: Upload, *, result: ImportResult, uploaded_by: User | None) -> Release:
    """The draft release row, with the original file and the choices that read it.

    The sheet actually read is recorded even when the analyst did not name it, so the import
    can be repeated from the release alone.
    """
    indicator, options, name = upload.indicator, upload.options, Path(upload.filename).name
    # The import lock (``_import_lock``) is held, so no other import numbers a version now.
    latest = Release.objects.filter(indicator=indicator).aggregate(latest=Max("version"))["latest"]
    release = Release(
        indicator=indicator,
        version=(latest or 0) + 1,
        original_filename=name,
        sha256=result.sha256,
        file_format=result.file_format,
        import_options={**options.recorded(), "sheet": result.sheet},
        row_count=result.row_count,
        note=options.note,
        reason=options.reason,
        is_synthetic=options.is_synthetic,
        supersedes=options.supersedes,
        uploaded_by=uploaded_by,
        publish_at=options.publish_at,
    )
    release.source_file.save(name, ContentFile(upload.data), save=False)
    try:
        release.save()
    except IntegrityError as error:
        release.source_file.delete(save=False)
        raise ImportFailed([_clash(indicator, error)]) from error
    except BaseException:
        release.source_file.delete(save=False)
        raise
    return release


def _clash(indicator: Indicator, error: IntegrityError) -> RowError:
    """A release saved by another way in (not the import pipeline) at the same moment."""
    same_file = "release_unique_file" in str(error)
    return RowError.of_file(
        f"Another release of {indicator.title} "
        + ("from this exact file " if same_file else "")
        + "was saved at the same moment as this one, so this one was not saved.",
        "Check the indicator's releases, then upload again if this file is still needed.",
    )
