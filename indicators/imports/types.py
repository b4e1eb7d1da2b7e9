"""Value objects shared by the pipeline stages."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from indicators.models import Indicator, Observation, Release

FORMATS = ("auto", "native", "eff", "sdg")

# ``progress(percent, stage)``: called as each stage of an import starts.
Progress = Callable[[int, str], None]

# The figures an observation carries, in the order of the native template and of COPY: the
# numbers first, then the text flags (defined once, on the model).
NUMERIC_MEASURES = Observation.NUMERIC_MEASURES
TEXT_MEASURES = Observation.TEXT_MEASURES
MEASURE_COLUMNS = (*NUMERIC_MEASURES, *TEXT_MEASURES)
# The options that say how the file was read, recorded on its release.
RECORDED_OPTIONS = (
    "format",
    "sheet",
    "series",
    "unit",
    "column_map",
    "filters",
    "geography",
    "period_type",
    "reversed",
    "skip_rows",
    "skip_reason",
)


@dataclass(frozen=True, kw_only=True)
class ImportOptions:
    """The analyst's choices for one file: which slice of it is this indicator, and how.

    ``column_map`` maps a file column to a characteristic slug, to a column role (``period``,
    ``geography_code``, ``value``, ``lower``, ``upper``, ``numerator``, ``denominator``,
    ``sample_size``, ``marker``, ``quality``, ``note``), to ``filter=<value>`` (keep only rows
    holding that value, then drop the column; ``filter=`` keeps the blank rows) or to ``ignore``.
    ``filters`` is the same as ``filter=`` entries, as a dict. ``geography`` is the GSS code of
    rows whose file gives none. ``reversed`` lists ordered characteristics whose file order runs
    the other way (quintile 1 = least deprived). ``skip_rows`` are file line numbers left out,
    with ``skip_reason`` recorded on the release. ``sheet`` names the worksheet of a workbook to
    read, needed only when several of its sheets could hold the data.
    """

    format: str = "auto"
    sheet: str = ""
    series: str = ""
    unit: str = ""
    column_map: dict[str, str] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    geography: str = ""
    period_type: str = ""
    reversed: list[str] = field(default_factory=list)
    skip_rows: list[int] = field(default_factory=list)
    skip_reason: str = ""
    publish_at: dt.datetime | None = None
    is_synthetic: bool = False
    note: str = ""
    supersedes: Release | None = None
    reason: str = ""

    def recorded(self) -> dict[str, Any]:
        """The choices as JSON, stored on the release so the import can be repeated."""
        return {name: copy.copy(getattr(self, name)) for name in RECORDED_OPTIONS}

    def to_json(self) -> dict[str, Any]:
        """Every choice as JSON, for a background job to rebuild the options from."""
        return {
            **self.recorded(),
            "publish_at": self.publish_at.isoformat() if self.publish_at else None,
            "is_synthetic": self.is_synthetic,
            "note": self.note,
            "supersedes": self.supersedes.pk if self.supersedes else None,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportOptions:
        """The inverse of ``to_json``."""
        publish_at = data.get("publish_at")
        supersedes = data.get("supersedes")
        return cls(
            **{
                key: value for key, value in data.items() if key not in {"publish_at", "supersedes"}
            },
            publish_at=dt.datetime.fromisoformat(publish_at) if publish_at else None,
            supersedes=Release.objects.get(pk=supersedes) if supersedes else None,
        )


@dataclass(frozen=True, kw_only=True)
class Upload:
    """One file, read into memory, to import as a release of ``indicator`` as ``options`` say.

    ``filename`` is the name the file came with: its suffix says whether it is a workbook.
    """

    data: bytes
    filename: str
    indicator: Indicator
    options: ImportOptions

    @cached_property
    def sha256(self) -> str:
        """The file's checksum: a release keeps it, and a repeated upload is found by it."""
        return hashlib.sha256(self.data).hexdigest()


def no_progress(percent: int, stage: str) -> None:
    """The default ``Progress``: an import in the request has no one watching its stages."""


@dataclass(frozen=True, kw_only=True)
class RowError:
    """One problem in the file: where it is (1-based file line, column) and what to do.

    ``release_id`` names a release the problem is about (the one a repeated file was uploaded
    as), for the admin to link to; the pipeline itself knows no addresses.
    """

    row: int | None
    column: str
    message: str
    action: str
    release_id: int | None = None

    @classmethod
    def of_file(cls, message: str, action: str, *, row: int | None = None) -> RowError:
        """A problem with the file as a whole (or one line of it), in no particular column."""
        return cls(row=row, column="", message=message, action=action)

    def as_dict(self) -> dict[str, Any]:
        """The error as JSON, kept on a background job and in the upload session."""
        cells = asdict(self)
        if self.release_id is None:
            del cells["release_id"]  # most errors are about no release
        return cells


class ImportFailed(Exception):
    """Raised inside the pipeline to stop at a stage whose errors make later stages pointless."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
