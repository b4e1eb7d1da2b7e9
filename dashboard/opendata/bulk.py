"""The bulk download: one zip of every published indicator's CSV, with a Frictionless data
package (``datapackage.json``) describing each file, its columns, source and licence.

The zip is built for one moment and stored with the visibility fingerprint of that moment
(``indicators.selectors.release_visibility_fingerprint``). It is served only while the
fingerprint is unchanged: when a release is published, superseded or withdrawn, or an
embargoed release's time passes, the next request rebuilds it (and a background task rebuilds
it as soon as a release is published, so that request rarely waits). It therefore never holds
a release before its time, nor misses one after.

Files live in ``settings.OPEN_DATA_ROOT`` (default ``MEDIA_ROOT/opendata``), written to a
temporary name and renamed into place, so a reader never sees half a zip. App servers that do
not share that folder each keep their own copy, built the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dashboard.opendata import frames
from dashboard.opendata.metadata import columns, released
from dashboard.opendata.spreadsheets import Table, to_csv
from indicators import selectors
from indicators.models import Indicator, Release

ZIP_NAME = "all-indicators.zip"
INFO_NAME = "all-indicators.json"
PACKAGE_NAME = "equality-outcomes-dashboard"
OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


@dataclass(frozen=True)
class BulkInfo:
    """What the stored zip holds and when it was built."""

    fingerprint: str
    built_at: str
    seconds: float
    size: int
    sha256: str
    indicators: int
    rows: int

    @property
    def built(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.built_at)


def folder() -> Path:
    configured = settings.OPEN_DATA_ROOT
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "opendata"


def zip_path() -> Path:
    return folder() / ZIP_NAME


def stored() -> BulkInfo | None:
    """The stored zip's description, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads((folder() / INFO_NAME).read_text())
        info = BulkInfo(**data)
    except (OSError, ValueError, TypeError):
        return None
    return info if zip_path().exists() else None


def bulk_current() -> BulkInfo:
    """The zip for what is visible now: the stored one if its fingerprint still holds, else
    built afresh (one query to check)."""
    info = stored()
    if info is not None and info.fingerprint == selectors.release_visibility_fingerprint():
        return info
    return bulk_build()


def bulk_build(*, at: dt.datetime | None = None) -> BulkInfo:
    """Build and store the zip of every indicator's current release at ``at`` (default now)."""
    moment = at or timezone.now()
    started = time.perf_counter()
    fingerprint = selectors.release_visibility_fingerprint(at=moment)
    indicators = list(
        Indicator.objects.with_current_release(at=moment)
        .filter(Q(current_release_id__isnull=False))
        .select_related("owner")
        .order_by("slug")
    )
    releases = Release.objects.in_bulk([i.current_release_id for i in indicators])  # type: ignore[attr-defined]
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    resources = []
    rows = 0
    handle, temporary = tempfile.mkstemp(dir=target, prefix=".building-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for indicator in indicators:
                release = releases[indicator.current_release_id]  # type: ignore[attr-defined]
                frame = frames.release_frame(indicator=indicator, release=release)
                table = Table(
                    sheet="Data",
                    title=indicator.title,
                    frame=frame,
                    columns=columns(frames.RELEASE_COLUMNS, units=None),
                )
                content = to_csv(table)
                path = f"data/{indicator.slug}.csv"
                archive.writestr(path, content)
                resources.append(_resource(indicator, release, path=path, content=content))
                rows += len(frame)
            package = data_package(resources, created=moment)
            archive.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False))
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
        os.replace(temporary, zip_path())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    info = BulkInfo(
        fingerprint=fingerprint,
        built_at=timezone.now().isoformat(),
        seconds=round(time.perf_counter() - started, 3),
        size=zip_path().stat().st_size,
        sha256=digest,
        indicators=len(indicators),
        rows=rows,
    )
    _write_info(info)
    return info


def _write_info(info: BulkInfo) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder(), prefix=".info-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(asdict(info), out)
    os.replace(temporary, folder() / INFO_NAME)


def _licence(indicator: Indicator) -> dict[str, str]:
    if indicator.licence.strip().lower() in {OGL["title"].lower(), "ogl", "ogl v3.0", "ogl-uk-3.0"}:
        return OGL
    return {"name": "other", "title": indicator.licence}


def _resource(
    indicator: Indicator, release: Release, *, path: str, content: bytes
) -> dict[str, Any]:
    """One CSV's entry in the data package: a tabular data resource with its schema."""
    source: dict[str, str] = {"title": f"{indicator.source_publisher}, {indicator.source_dataset}"}
    if indicator.source_url:
        source["path"] = indicator.source_url
    description = indicator.measures
    if release.is_synthetic:
        description = f"Synthetic demonstration data, not official statistics. {description}"
    return {
        "name": indicator.slug,
        "path": path,
        "profile": "tabular-data-resource",
        "title": indicator.title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
        "sources": [source],
        "licenses": [_licence(indicator)],
        "release": {"version": release.version, "published": released(release)},
        "schema": table_schema(frames.RELEASE_COLUMNS),
    }


def table_schema(documented: tuple[frames.Column, ...]) -> dict[str, Any]:
    """A Frictionless Table Schema for these columns (blank cells are missing values)."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "description": c.description} for c in documented
        ],
        "missingValues": [""],
    }


def data_package(resources: list[dict[str, Any]], *, created: dt.datetime) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of the bulk download."""
    licences = {r["licenses"][0]["name"] for r in resources}
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Equality outcomes dashboard: every published indicator",
        "description": "The current published release of every indicator on the dashboard, "
        "one CSV per indicator, one row per figure. Columns are described in each schema.",
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [OGL] if licences <= {OGL["name"]} else [{"name": "other"}],
        "resources": resources,
    }
