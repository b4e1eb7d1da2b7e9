"""Every real data file imports through the demo manifest with the expected number of rows.

The expected counts follow from the analyst's choices recorded in fixtures/releases/real.json
(series, filters, skipped rows); SOURCES.md in fixtures/real describes the files.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.imports.manifest import DEMO_APPROVER, DEMO_UPLOADER, manifest_import
from indicators.imports.pipeline import ImportOptions, ImportResult, run_import
from indicators.models import Indicator, Observation, Release

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MANIFEST = FIXTURES / "releases" / "real.json"

EXPECTED_ROWS = {
    "material-deprivation": 107,
    "relative-income-poverty": 294,
    "school-readiness-gap-fsm": 142,
    "pay-gap-sex": 1248,
    "pay-gap-disability": 16,
    "non-decent-homes": 168,
    "unemployment-disability": 2472,
    "conviction-ratio-ethnicity": 2174,
    "custody-rate-ethnicity": 324,
    "maternal-mortality-deprivation": 161,
    "influence-local-decisions": 271,
    "hate-crime-victims": 65,
    "child-stunting": 418,
    "women-managers": 216,
    "poverty-below-half-median": 252,
    "attainment-age-19-fsm": 450,
    "home-ownership-ethnicity": 1,
}


def test_every_real_file_imports_approved_and_published() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    out = io.StringIO()
    releases = manifest_import(manifest=MANIFEST, fixtures_dir=FIXTURES, stdout=out)
    counts = {r.indicator.slug: r.row_count for r in releases}
    assert counts == EXPECTED_ROWS
    for release in releases:
        assert release.status == Release.Status.PUBLISHED
        assert release.uploaded_by.username == DEMO_UPLOADER
        assert release.approved_by.username == DEMO_APPROVER
        assert Observation.objects.filter(release=release).count() == release.row_count
    assert len(json.loads(MANIFEST.read_text())) == len(EXPECTED_ROWS)
    assert "pay-gap-sex: 1248 rows from sdg_8-5-1_hourly_earnings_pay_gap.csv" in out.getvalue()
    # A conviction ratio above 100 is legitimate and kept, on its police force area.
    ratios = Observation.objects.filter(
        release__indicator__slug="conviction-ratio-ethnicity", value__isnull=False
    )
    top = ratios.select_related("geography", "period", "group_a").order_by("-value").first()
    assert top is not None
    assert (top.value, top.geography.code, top.period.label, top.group_a.name) == (
        216.7,
        "E23000016",
        "2015",
        "Other",
    )


def test_conflicting_duplicate_in_the_source_is_reported_until_skipped() -> None:
    """SOURCES.md: 2-1-2 has two 'Other ethnic group' rows for 2021/22 (16.0 and 8.0)."""
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    entry = json.loads(MANIFEST.read_text())[0]
    assert entry["skip_rows"] == [828, 829]
    options = ImportOptions(
        format="sdg",
        column_map=entry["column_map"],
        geography=entry["geography"],
    )
    result = run_import(
        source=FIXTURES / entry["file"],
        filename=entry["file"],
        indicator=Indicator.objects.get(slug="material-deprivation"),
        options=options,
        uploaded_by=None,
        dry_run=True,
    )
    assert [(e.row, e.message) for e in result.errors] == [
        (829, "Row 829 has the same period, place and breakdown as row 828 but different figures.")
    ]


def entry_for(slug: str) -> dict[str, Any]:
    return next(e for e in json.loads(MANIFEST.read_text()) if e["indicator"] == slug)


def dry_run(entry: dict[str, Any], **changes: Any) -> ImportResult:
    # The publication date keys say when the demo publishes the release, not how it imports.
    options = {
        k: v
        for k, v in entry.items()
        if k not in {"file", "indicator", "note", "published", "published_source", "published_note"}
    }
    return run_import(
        source=FIXTURES / entry["file"],
        filename=entry["file"],
        indicator=Indicator.objects.get(slug=entry["indicator"]),
        options=ImportOptions(**(options | changes)),
        uploaded_by=None,
        dry_run=True,
    )


def test_source_faults_are_reported_until_the_analyst_decides() -> None:
    """FORMATS.md §4 on the real files: each fault is an error until the manifest's choice."""
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    custody = entry_for("custody-rate-ethnicity")
    mapping = {k: v for k, v in custody["column_map"].items() if k != "Ethnicity_type"}
    [fill_down] = dry_run(custody, column_map=mapping).errors
    assert (fill_down.row, fill_down.column) == (3, "Ethnicity_type")
    assert "different value on every one of its 864 rows" in fill_down.message

    early_years = entry_for("school-readiness-gap-fsm")
    [mid_trend] = dry_run(early_years, series="").errors
    assert mid_trend.column == "Series"
    assert mid_trend.message.startswith(
        "The series changes mid-trend: 'EYFSP pre-reform (2012/13-2020/21)' in "
    )

    hate_crime = entry_for("hate-crime-victims")
    [normal_but_empty] = dry_run(hate_crime, skip_rows=hate_crime["skip_rows"][:-1]).errors
    assert (normal_but_empty.row, normal_but_empty.column) == (80, "Observation status")
