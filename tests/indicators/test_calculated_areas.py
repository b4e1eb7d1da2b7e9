"""England and regions calculated from local authority counts, on the real DfE file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.imports.manifest import manifest_import
from indicators.models import Characteristic, Geography, Group
from indicators.selectors import CALCULATED_NOTE, calculated_area_frame

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DFE = FIXTURES / "real" / "dfe_attainment_age19_fsm_sen_by_la_2022.csv"


@pytest.fixture
def release(tmp_path):
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    entries = json.loads((FIXTURES / "releases" / "real.json").read_text())
    manifest = tmp_path / "one.json"
    manifest.write_text(
        json.dumps([e for e in entries if e["indicator"] == "attainment-age-19-fsm"])
    )
    [release] = manifest_import(manifest=manifest, fixtures_dir=FIXTURES, stdout=io.StringIO())
    return release


def _from_the_file(fsm: str) -> tuple[float, float]:
    """The England figure computed straight from the published CSV, for comparison."""
    rows = pd.read_csv(DFE)
    rows = rows[(rows["fsm"] == fsm) & (rows["sen"] == "ALL") & (rows["category"] == "Level 3")]
    numerators = (rows["value"] * rows["number_in_ss_cohort"] / 100).round()
    return float(numerators.sum()), float(rows["number_in_ss_cohort"].sum())


def test_england_is_calculated_from_every_local_authority(release) -> None:
    fsm = Characteristic.objects.get(slug="fsm")
    frame = calculated_area_frame(release_ids=[release.pk], characteristic_id=fsm.pk)
    england = Geography.objects.get(code="E92000001")
    eligible = Group.objects.get(characteristic=fsm, name="Eligible for free school meals")
    row = frame[(frame["geography_id"] == england.pk) & (frame["group_a_id"] == eligible.pk)]
    assert len(row) == 1
    numerator, denominator = _from_the_file("Eligible for FSM")
    assert (row["numerator"].item(), row["denominator"].item()) == (numerator, denominator)
    assert row["value"].item() == pytest.approx(100 * numerator / denominator)
    assert row["lower"].item() < row["value"].item() < row["upper"].item()
    assert row["note"].item() == CALCULATED_NOTE
    # Nine English regions as well as England.
    regions = Geography.objects.filter(level=Geography.Level.REGION, code__startswith="E12")
    assert set(regions.values_list("pk", flat=True)) <= set(frame["geography_id"])
