"""``manage.py import_release``: exit 0, 1 (invalid data, full report), 2 (bad arguments) or 3
(the account may not upload the indicator's releases)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.core.management import CommandError, call_command

from indicators.models import Department, Indicator, Observation, Release
from tests.indicators.import_helpers import NATIVE_HEADER, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(indicator: Indicator) -> Indicator:
    """The shared indicator, and an analyst of its department to run the command as."""
    analyst("analyst")
    return indicator


def analyst(username: str, department: Department | None = None, **fields: object) -> Any:
    """An account with the Analyst role, working for ``department`` (the home one)."""
    user = get_user_model().objects.create_user(username=username, **fields)
    user.groups.add(Role.objects.get(name="Analyst"))
    return member(user, department)


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "upload.csv"
    path.write_text(content, encoding="utf-8")
    return path


def call(*args: str, user: str | None = "analyst") -> tuple[int, str]:
    """Run the command (as ``user``, unless None); its exit status and everything it said."""
    out = io.StringIO()
    account = ["--user", user] if user else []
    try:
        call_command("import_release", *args, *account, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_success_imports_a_draft(indicator: Indicator, tmp_path: Path) -> None:
    path = write(tmp_path, NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n")
    status, output = call(str(path), "--indicator", "poverty")
    assert status == 0
    assert "Imported 1 rows as poverty v1 (Draft), uploaded by analyst." in output
    assert "1 added, 0 removed, 0 revised" in output
    assert Observation.objects.get().value == 50.0
    assert Release.objects.get().uploaded_by.username == "analyst"


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
    assert output.startswith("2 errors in the file: nothing was imported.\n")
    assert output.endswith("Nothing was imported from upload.csv.")
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


MANY_ERRORS = NATIVE_HEADER + "".join(f"{2000 + n},E92000001,,x{n},,,,,,\n" for n in range(205))


def test_long_error_report_is_cut_at_200_like_the_upload_page(
    indicator: Indicator, tmp_path: Path
) -> None:
    path = write(tmp_path, MANY_ERRORS)
    status, output = call(str(path), "--indicator", "poverty")
    lines = output.splitlines()
    assert status == 1
    assert lines[0] == "205 errors in the file: nothing was imported."
    assert lines[1].startswith("row 2, column 'value': 'x0' is not a number. → Write a number")
    assert lines[200].startswith("row 201, column 'value': 'x199' is not a number.")
    assert lines[201] == ("… and 5 more errors: add --errors-csv PATH to save all 205 as CSV.")
    assert lines[202:] == ["Nothing was imported from upload.csv."]


def test_errors_csv_option_writes_every_error(indicator: Indicator, tmp_path: Path) -> None:
    path = write(tmp_path, MANY_ERRORS)
    report = tmp_path / "errors.csv"
    status, output = call(str(path), "--indicator", "poverty", "--errors-csv", str(report))
    assert status == 1
    assert f"… and 5 more errors: all 205 are in {report}." in output.splitlines()
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "row,column,message,action"
    assert len(rows) == 206
    assert rows[-1].startswith("206,value,'x204' is not a number.,")
    assert Release.objects.count() == 0


def test_sheet_option_chooses_the_workbook_sheet(indicator: Indicator, tmp_path: Path) -> None:
    path = tmp_path / "poverty.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for year, value in ((2020, 48.5), (2021, 47.0)):
            frame = pd.DataFrame(
                {
                    "period": [year],
                    "geography_code": ["E92000001"],
                    "sex": ["Female"],
                    "value": [value],
                }
            )
            frame.to_excel(writer, sheet_name=str(year), index=False)
    status, output = call(str(path), "--indicator", "poverty")
    assert status == 1
    assert "could hold the data." in output
    status, output = call(str(path), "--indicator", "poverty", "--sheet", "2021")
    assert status == 0
    assert output.startswith("Read the sheet '2021' (the workbook has 2 sheets).\n")
    assert Observation.objects.get().value == 47.0
