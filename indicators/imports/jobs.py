"""An upload, imported in the request or, when large, in the background with its progress kept.

``import_submit`` is what the upload view calls: a file that must be refused is refused at once;
one over ``IMPORT_BACKGROUND_ROWS`` rows (``needs_background``) becomes a queued job
(``import_job_create``), the rest import in the request. The task ``import_release_job``, run by
django-tasks' ``db_worker`` (it finds the task by this module's path), calls ``import_job_run``.
Progress is written through a second database connection because the pipeline holds its work in
one open transaction, which no other session could see until it ends.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django_tasks import task

from indicators.imports.limits import expanded_size_check, import_limits
from indicators.imports.pipeline import (
    ImportResult,
    run_import,
    upload_access_check,
    upload_import,
)
from indicators.imports.preflight import Source, preflight, source_read
from indicators.imports.types import ImportFailed, ImportOptions, Upload
from indicators.models import ImportJob, Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_COUNT_BLOCK = 1 << 20


def import_submit(
    *,
    source: Source,
    filename: str,
    indicator: Indicator,
    options: ImportOptions,
    user: User,
    dry_run: bool = False,
) -> ImportJob | ImportResult:
    """Import an upload now, or queue it as a job when it is large; refuse it at once if it must be.

    The pipeline's checks before parsing (may ``user`` upload this indicator's releases, size,
    expanded size, a repeated file, the options) run before a job is queued, so the analyst
    hears of them on the upload page, not on the job's.
    """
    try:
        upload_access_check(user=user, indicator=indicator)
        upload = Upload(
            data=source_read(source), filename=filename, indicator=indicator, options=options
        )
        expanded_size_check(upload.data, limits=import_limits())
        if not needs_background(data=upload.data, filename=filename):
            return upload_import(upload, uploaded_by=user, dry_run=dry_run)
        preflight(upload)
    except ImportFailed as failed:
        return ImportResult(errors=failed.errors)
    return _job_queue(upload, created_by=user, dry_run=dry_run)


def count_rows(*, data: bytes, filename: str) -> int:
    """About how many rows a file has, without parsing it: line breaks, or spreadsheet rows.

    An upper bound for CSV (a quoted cell may hold a line break), which errs on the side of the
    background: the cost of a wrong guess is a progress page for a file that would have been quick.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _zip_member_count(data, "xl/worksheets/sheet1.xml", b"<row ")
    if suffix == ".ods":
        return _zip_member_count(data, "content.xml", b"<table:table-row")
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _zip_member_count(data: bytes, member: str, marker: bytes) -> int:
    """How often ``marker`` occurs in one part of a zip archive, streamed a block at a time."""
    count, tail = 0, b""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive, archive.open(member) as part:
            while block := part.read(_COUNT_BLOCK):
                text = tail + block
                count += text.count(marker)
                tail = text[-(len(marker) - 1) :]  # too short to hold a whole marker
    except (zipfile.BadZipFile, KeyError):
        return 0  # the pipeline reports a damaged workbook; it is quick to find out
    return count


def needs_background(*, data: bytes, filename: str) -> bool:
    """Whether the file is over ``IMPORT_BACKGROUND_ROWS`` rows and should not hold a request."""
    return count_rows(data=data, filename=filename) > settings.IMPORT_BACKGROUND_ROWS


def import_job_create(
    *,
    data: bytes,
    filename: str,
    indicator: Indicator,
    options: ImportOptions,
    created_by: User,
    dry_run: bool = False,
) -> ImportJob:
    """Keep the file and the choices, and queue the import once this transaction commits."""
    upload = Upload(data=data, filename=filename, indicator=indicator, options=options)
    return _job_queue(upload, created_by=created_by, dry_run=dry_run)


def _job_queue(upload: Upload, *, created_by: User, dry_run: bool) -> ImportJob:
    name = PurePath(upload.filename).name
    job = ImportJob(
        indicator=upload.indicator,
        original_filename=name,
        options=upload.options.to_json(),
        dry_run=dry_run,
        row_estimate=count_rows(data=upload.data, filename=upload.filename),
        created_by=created_by,
    )
    job.source_file.save(name, ContentFile(upload.data), save=False)
    job.save()
    transaction.on_commit(lambda: import_release_job.enqueue(job_id=job.pk))
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job through the pipeline, recording its progress and then its outcome."""
    job = ImportJob.objects.select_related("indicator", "created_by").get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    with job.source_file.open("rb") as handle:
        data = handle.read()
    with _progress_writer(job_id=job.pk) as progress:
        try:
            result = run_import(
                source=data,
                filename=job.original_filename,
                indicator=job.indicator,
                options=ImportOptions.from_json(job.options),
                uploaded_by=job.created_by,
                dry_run=job.dry_run,
                progress=progress,
            )
        except Exception as exc:  # a bug, not bad data: the job must still end, visibly
            _finish(job, errors=[_unexpected(exc)])
            raise
    return _finish(job, errors=[error.as_dict() for error in result.errors], result=result)


@task()
def import_release_job(*, job_id: int) -> str:
    """Import a large uploaded file; the ImportJob row carries its progress and outcome."""
    return import_job_run(job_id=job_id).status


def _finish(
    job: ImportJob, *, errors: list[dict[str, Any]], result: ImportResult | None = None
) -> ImportJob:
    """Record the outcome: the errors, or the release and its comparison; 100% either way."""
    if result is not None:
        job.release = result.release
        job.row_count = result.row_count
        job.comparison = result.comparison.as_json() if result.comparison else {}
    job.errors = errors
    job.status = ImportJob.Status.FAILED if errors else ImportJob.Status.SUCCEEDED
    job.percent = 100
    job.stage = "Finished with errors" if errors else "Finished"
    job.finished_at = timezone.now()
    job.save()
    return job


def _unexpected(exc: Exception) -> dict[str, Any]:
    return {
        "row": None,
        "column": "",
        "message": f"The import stopped unexpectedly ({type(exc).__name__}: {exc}).",
        "action": "Nothing was saved. Try again; if it happens again, tell the dashboard team.",
    }


@contextmanager
def _progress_writer(*, job_id: int) -> Iterator[Callable[[int, str], None]]:
    """A ``progress(percent, stage)`` callback that commits each step on its own connection."""
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = ImportJob._meta.db_table

    def progress(percent: int, stage: str) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET percent = %s, stage = %s WHERE id = %s",
                [min(percent, 99), stage, job_id],
            )

    try:
        yield progress
    finally:
        side.close()
