"""Missions fixtures, the synthetic demo data generator and the load_demo command."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.imports.manifest import manifest_import
from indicators.models import Indicator, Observation, Release
from missions.fixtures import missions_load
from missions.models import ComplexOutcome, Mission
from tests import factories
from tests.fixture_slugs import OPPORTUNITY_TABLE_SLUGS
from tests.indicators.import_helpers import MEASURE_HEADER

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
GENERATOR = FIXTURES / "synthetic" / "generate.py"


def _load_all() -> dict[str, int]:
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    return missions_load(directory=FIXTURES / "missions")


@pytest.mark.django_db
def test_missions_load_five_missions_and_their_outcomes() -> None:
    counts = _load_all()

    assert counts == {"missions": 5, "outcomes": 11}
    assert list(Mission.objects.values_list("title", flat=True)) == [
        "Kickstart economic growth",
        "Make Britain a clean energy superpower",
        "Take back our streets",
        "Break down barriers to opportunity",
        "Build an NHS fit for the future",
    ]


@pytest.mark.django_db
def test_opportunity_outcomes_span_five_areas_each_with_a_lead_department() -> None:
    _load_all()

    outcomes = ComplexOutcome.objects.filter(mission__slug="opportunity")

    assert {"social_security", "education", "work", "housing", "health"} <= set(
        outcomes.values_list("area", flat=True)
    )
    assert dict(outcomes.values_list("area", "lead_department__abbreviation")) == {
        "social_security": "DWP",
        "education": "DfE",
        "work": "DBT",
        "housing": "MHCLG",
        "health": "DHSC",
        "participation": "MHCLG",
    }
    assert all(o.contributing_departments.exists() for o in outcomes)


@pytest.mark.django_db
def test_every_opportunity_table_indicator_serves_the_opportunity_mission() -> None:
    _load_all()

    served = set(
        Indicator.objects.filter(outcomes__mission__slug="opportunity").values_list(
            "slug", flat=True
        )
    )

    assert served >= OPPORTUNITY_TABLE_SLUGS
    unlinked = Indicator.objects.annotate(n=Count("outcomes")).filter(n=0)
    assert list(unlinked.values_list("slug", flat=True)) == []


@pytest.mark.django_db
def test_missions_load_twice_keeps_the_same_links() -> None:
    first = _load_all()
    links = sorted(
        ComplexOutcome.objects.values_list(
            "slug", "indicators__slug", "contributing_departments__slug"
        )
    )

    assert _load_all() == first
    assert (
        sorted(
            ComplexOutcome.objects.values_list(
                "slug", "indicators__slug", "contributing_departments__slug"
            )
        )
        == links
    )
    assert ComplexOutcome.objects.count() == 11


def test_synthetic_generator_is_deterministic(tmp_path: Path) -> None:
    manifest = tmp_path / "synthetic.json"

    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path), "--manifest", str(manifest)],
        check=True,
    )

    committed = sorted(p.name for p in (FIXTURES / "synthetic").glob("*.csv"))
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (FIXTURES / "synthetic" / name).read_bytes(), name
    assert manifest.read_bytes() == (FIXTURES / "releases" / "synthetic.json").read_bytes()


def test_synthetic_files_are_in_the_native_format_with_markers() -> None:
    entries = json.loads((FIXTURES / "releases" / "synthetic.json").read_text(encoding="utf-8"))
    markers: set[str] = set()
    for entry in entries:
        assert entry["format"] == "native"
        assert entry["is_synthetic"] is True
        assert entry["note"].startswith("Synthetic demo data: ")
        with (FIXTURES / entry["file"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
        header = list(reader.fieldnames or [])
        assert header[:2] == ["period", "geography_code"]
        assert header[-len(MEASURE_HEADER) :] == MEASURE_HEADER
        assert 30 <= len(rows) <= 1000, entry["file"]
        markers |= {row["marker"] for row in rows}

    assert len(entries) == 11
    assert {"c", "x", "z"} <= markers


@pytest.mark.django_db
def test_synthetic_releases_import_through_the_pipeline() -> None:
    _load_all()

    releases = manifest_import(
        manifest=FIXTURES / "releases" / "synthetic.json",
        fixtures_dir=FIXTURES,
        stdout=io.StringIO(),
    )

    assert len(releases) == 11
    assert all(r.is_synthetic and r.status == Release.Status.PUBLISHED for r in releases)
    hle = Observation.objects.filter(
        release__indicator__slug="healthy-life-expectancy-deprivation",
        group_a__isnull=False,
        group_b__isnull=False,
    )
    assert hle.count() == 8 * 2 * 10
    regions = Observation.objects.filter(
        release__indicator__slug="gcse-attainment-gap-fsm", geography__code__startswith="E12"
    )
    assert regions.values("geography").distinct().count() == 9


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_a_loaded_database_alone() -> None:
    factories.indicator(slug="already-here")
    out = io.StringIO()

    call_command("load_demo", "--if-empty", stdout=out)

    assert out.getvalue() == "Indicators already loaded: leaving the database as it is.\n"
    assert list(Indicator.objects.values_list("slug", flat=True)) == ["already-here"]
    assert not Mission.objects.exists()
