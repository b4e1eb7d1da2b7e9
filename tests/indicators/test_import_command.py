"""``manage.py import_release``: exit 0, 1 (invalid data, full report) or 2 (bad arguments)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Indicator, Observation, Release
from tests.indicators.import_helpers import NATIVE_HEADER, percentage_indicator, vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator() -> Indicator:
    vocabulary()
    return percentage_indicator(slug="poverty")


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "upload.csv"
    path.write_text(content, encoding="utf-8")
    return path


def call(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import_release", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_success_imports_a_draft(indicator: Indicator, tmp_path: Path) -> None:
    path = write(tmp_path, NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n")
    status, output = call(str(path), "--indicator", "poverty")
    assert status == 0
    assert "Imported 1 rows as poverty v1 (Draft)" in output
    assert "1 added, 0 removed, 0 revised" in output
    assert Observation.objects.get().value == 50.0


def test_dry_run_saves_nothing(indicator: Indicator, tmp_path: Path) -> None:
    path = write(tmp_path, NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n")
    status, output = call(str(path), "--indicator", "poverty", "--dry-run")
    assert status == 0
    assert "Dry run: 1 rows are valid; nothing was saved." in output
    assert Release.objects.count() == 0


def test_invalid_data_exits_1_with_every_error(indicator: Indicator, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        NATIVE_HEADER + "2020,E92000001,Femle,50,,,,,,\n2020,E92000001,Male,150,,,,,,\n",
    )
    status, output = call(str(path), "--indicator", "poverty")
    assert status == 1
    assert "row 2, column 'sex': Unknown sex group 'Femle'." in output
    assert "row 3, column 'value': The percentage 150 is outside 0 to 100." in output
    assert "2 error(s) in upload.csv; nothing was imported." in output
    assert Release.objects.count() == 0


def test_column_mapping_option(indicator: Indicator, tmp_path: Path) -> None:
    path = write(tmp_path, "period,geography_code,gender,value\n2020,E92000001,Female,50\n")
    status, _ = call(str(path), "--indicator", "poverty", "--map", "gender=sex")
    assert status == 0
    assert Observation.objects.get().group_a.name == "Female"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "nope"], "No indicator with slug 'nope'."),
        (["--indicator", "poverty", "--map", "gender"], "--map needs COLUMN=TARGET"),
        (["--indicator", "poverty", "--publish-at", "tomorrow"], "--publish-at needs an ISO"),
    ],
)
def test_bad_arguments_exit_2(
    indicator: Indicator, tmp_path: Path, args: list[str], message: str
) -> None:
    path = write(tmp_path, NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n")
    status, output = call(str(path), *args)
    assert status == 2
    assert message in output


def test_missing_file_exits_2(indicator: Indicator, tmp_path: Path) -> None:
    status, output = call(str(tmp_path / "missing.csv"), "--indicator", "poverty")
    assert (status, output) == (2, f"No such file: {tmp_path / 'missing.csv'}")
