"""What refuses a file before it is parsed: its size, a repeat upload, options that cannot work.

Each check is written once, here, for every way in (the admin upload, a background job, the
command line, the demo manifest). The size is checked before the file is read into memory: an
upload's declared size, a path's size on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.conf import settings

from indicators.imports.types import FORMATS, ImportFailed, ImportOptions, RowError, Upload
from indicators.models import Indicator, Release

Source = Path | IO[bytes] | bytes


def source_read(source: Source) -> bytes:
    """The whole file (it is hashed, kept with the release and parsed from memory).

    Raises ``ImportFailed`` when it is over ``IMPORT_MAX_UPLOAD_BYTES``, having read no more of
    it than it must to know.
    """
    size = _declared_size(source)
    if size is not None:
        _refuse_oversized(size)
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    if size is None:
        _refuse_oversized(len(data))
    return data


def preflight(upload: Upload) -> None:
    """A repeated upload, an unknown format, a correction that cannot be one: every such error."""
    sha256, indicator, options = upload.sha256, upload.indicator, upload.options
    errors = []
    existing = Release.objects.filter(indicator=indicator, sha256=sha256).first()
    if existing is not None:
        errors.append(
            RowError(
                row=None,
                column="",
                message=f"This exact file (sha256 {sha256[:12]}…) was already uploaded as "
                f"{existing} on {existing.uploaded_at:%d %B %Y}.",
                action="Open that release instead",
                release_id=existing.pk,
            )
        )
    if options.format not in FORMATS:
        errors.append(
            RowError.of_file(
                f"Unknown format '{options.format}'.", f"Choose one of: {', '.join(FORMATS)}."
            )
        )
    if options.supersedes is not None:
        errors += _correction_errors(options, indicator=indicator)
    if errors:
        raise ImportFailed(errors)


def _correction_errors(options: ImportOptions, *, indicator: Indicator) -> list[RowError]:
    """A correction supersedes a release of the same indicator, and says why."""
    errors = []
    if options.supersedes is not None and options.supersedes.indicator_id != indicator.pk:
        errors.append(
            RowError.of_file(
                f"{options.supersedes} is a release of another indicator.",
                "A correction supersedes a release of the same indicator.",
            )
        )
    if not options.reason.strip():
        errors.append(
            RowError.of_file(
                "A correction needs a reason.",
                "Say what the correction changes and why. The reason is published with the "
                "release.",
            )
        )
    return errors


def _declared_size(source: Source) -> int | None:
    """The size in bytes known without reading: of bytes, of a file on disk, of an upload."""
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    if isinstance(source, Path):
        return source.stat().st_size
    size = getattr(source, "size", None)  # Django's UploadedFile declares it
    return size if isinstance(size, int) else None


def _refuse_oversized(size: int) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFailed(
            [
                RowError.of_file(
                    f"The file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit.",
                    "Split the file, or ask an administrator to raise IMPORT_MAX_UPLOAD_BYTES.",
                )
            ]
        )
