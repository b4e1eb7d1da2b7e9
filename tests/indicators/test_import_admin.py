"""The admin upload flow: errors shown and downloadable, a draft saved, approval by a colleague."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from typing import Literal

import openpyxl
import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indicators.imports.types import MEASURE_COLUMNS
from indicators.models import Indicator, Observation, Release
from tests.indicators.import_helpers import MEASURE_HEADER, NATIVE_HEADER, member, upload_post

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:indicators_release_upload")


def staff(username: str) -> AbstractUser:
    user = get_user_model().objects.create_user(username=username, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="indicators"))
    return member(user)


def post(client: Client, indicator: Indicator, content: str) -> str:
    response = upload_post(client, indicator, content)
    assert response.status_code == 200
    return response.content.decode()


def test_broken_file_shows_errors_and_a_csv_of_all(indicator: Indicator) -> None:
    client = Client()
    client.force_login(staff("analyst"))
    page = post(client, indicator, NATIVE_HEADER + "2020,E92000001,Femle,50,,,,,,\n")
    assert "1 error in the file: nothing was imported." in page
    assert "Unknown sex group &#x27;Femle&#x27;." in page
    csv_text = client.get(reverse("admin:indicators_release_errors")).content.decode()
    assert csv_text.splitlines()[1].startswith("2,sex,\"Unknown sex group 'Femle'.")
    assert Release.objects.count() == 0


def test_upload_then_approval_by_a_colleague(indicator: Indicator) -> None:
    analyst, colleague = staff("analyst"), staff("colleague")
    client = Client()
    client.force_login(analyst)
    page = post(client, indicator, NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n")
    assert "1 added, 0 removed, 0 revised, 0 unchanged." in page
    assert "1 row checked." in page
    release = Release.objects.get()
    changelist = reverse("admin:indicators_release_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [release.pk]})
    release.refresh_from_db()
    assert release.status == "draft"  # the uploader cannot approve
    client.force_login(colleague)
    client.post(changelist, {"action": "approve", "_selected_action": [release.pk]})
    client.post(changelist, {"action": "publish", "_selected_action": [release.pk]})
    release.refresh_from_db()
    assert (release.status, release.approved_by) == ("published", colleague)
    assert Observation.objects.get(release=release).value == 50.0
    download = client.get(reverse("admin:indicators_release_download", args=[release.pk]))
    assert (
        b"".join(download.streaming_content)
        == (NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n").encode()
    )


@pytest.mark.parametrize("extension", ["csv", "xlsx", "ods"])
def test_native_template_download(indicator: Indicator, extension: str) -> None:
    client = Client()
    client.force_login(staff("analyst"))
    response = client.get(reverse("admin:indicators_release_template", args=["poverty", extension]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="poverty-template.{extension}"'
    header = ["period", "geography_code", "imd-quintile", "ethnicity", "sex", *MEASURE_HEADER]
    if extension == "csv":
        assert response.content.decode().strip() == ",".join(header)
    else:
        engine: Literal["openpyxl", "odf"] = "openpyxl" if extension == "xlsx" else "odf"
        sheet = pd.read_excel(io.BytesIO(response.content), engine=engine, header=None, dtype=str)
        assert sheet.iloc[0].tolist() == header
        assert len(sheet) == 1


def test_approve_and_publish_buttons_confirm_with_the_comparison(indicator: Indicator) -> None:
    client, colleague, release = uploaded_draft(indicator)
    change = reverse("admin:indicators_release_change", args=[release.pk])
    approve = reverse("admin:indicators_release_approve", args=[release.pk])
    page = client.get(change).content.decode()
    assert f'<a href="{approve}">Approve…</a>' in page
    assert "Download the original file" in page
    client.post(approve)
    release.refresh_from_db()
    assert release.status == "draft"
    refused = client.get(change).content.decode()
    assert "You uploaded this release, so someone else must approve it" in refused
    client.force_login(colleague)
    confirm = client.get(approve).content.decode()
    assert "Compared with no published release" in confirm
    assert "1 added, 0 removed, 0 revised, 0 unchanged." in confirm
    assert 'value="Approve this release"' in confirm
    assert client.post(approve)["Location"] == change
    release.refresh_from_db()
    assert release.status == "approved"
    publish = reverse("admin:indicators_release_publish", args=[release.pk])
    assert f'<a href="{publish}">Publish…</a>' in client.get(change).content.decode()
    confirm = client.get(publish).content.decode()
    assert "When does the public see it?" in confirm
    assert '<input type="radio" name="when" value="now" id="id_when_0" required checked>' in confirm
    client.post(publish, {"when": "now"})
    release.refresh_from_db()
    assert release.status == "published"


def test_a_correction_needs_a_reason_and_supersedes_on_publish(indicator: Indicator) -> None:
    first = published_release(indicator)
    client = Client()
    client.force_login(get_user_model().objects.get(username="analyst"))
    corrected = NATIVE_HEADER + "2020,E92000001,Female,52,,,,,,\n"
    fields = {"indicator": indicator.pk, "format": "auto", "supersedes": first.pk}
    page = client.post(
        UPLOAD, {**fields, "file": SimpleUploadedFile("fix.csv", corrected.encode())}
    ).content.decode()
    assert "Say what the correction changes and why." in page
    page = client.post(
        UPLOAD,
        {
            **fields,
            "reason": "The 2020 figure was mistyped.",
            "file": SimpleUploadedFile("fix.csv", corrected.encode()),
        },
    ).content.decode()
    assert "0 added, 0 removed, 1 revised, 0 unchanged." in page
    assert (
        "<td>revised</td><td>2020</td><td>England</td><td>Female</td><td>50</td><td>52</td>" in page
    )
    correction = Release.objects.get(version=2)
    assert (correction.supersedes, correction.reason) == (first, "The 2020 figure was mistyped.")


def test_long_error_report_shows_200_and_says_where_the_rest_are(indicator: Indicator) -> None:
    client = Client()
    client.force_login(staff("analyst"))
    content = NATIVE_HEADER + "".join(f"{2000 + n},E92000001,,x{n},,,,,,\n" for n in range(205))
    page = post(client, indicator, content)
    assert "205 errors in the file: nothing was imported." in page
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 200
    assert "<td>201</td><td>value</td><td>&#x27;x199&#x27; is not a number.</td>" in body
    assert "x200" not in body
    errors_url = reverse("admin:indicators_release_errors")
    assert (
        f'<p>… and 5 more errors: all 205 are in the CSV. <a href="{errors_url}">'
        "Download every error (CSV)</a></p>"
    ) in page
    rows = client.get(errors_url).content.decode().splitlines()
    assert (rows[0], len(rows)) == ("row,column,message,action", 206)
    assert Release.objects.count() == 0


def test_synthetic_generator_writes_the_template_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """``generate.py`` runs without Django, so it keeps its own copy of the column list."""
    path = Path(__file__).resolve().parents[2] / "fixtures" / "synthetic" / "generate.py"
    spec = importlib.util.spec_from_file_location("synthetic_generate", path)
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, generator)  # its dataclasses look themselves up
    spec.loader.exec_module(generator)
    assert tuple(generator.MEASURE_COLUMNS) == MEASURE_COLUMNS


def test_workbook_sheet_is_chosen_in_the_form_and_named_on_the_page(indicator: Indicator) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Contents"
    book["Contents"].append(["Poverty by sex, 2020 and 2021"])
    for year, value in ((2020, 48.5), (2021, 47.0)):
        sheet = book.create_sheet(str(year))
        sheet.append(["period", "geography_code", "sex", "value"])
        sheet.append([year, "E92000001", "Female", value])
    buffer = io.BytesIO()
    book.save(buffer)
    client = Client()
    client.force_login(staff("analyst"))
    fields = {"indicator": indicator.pk, "format": "auto"}
    refused = client.post(
        UPLOAD, {**fields, "file": SimpleUploadedFile("poverty.xlsx", buffer.getvalue())}
    ).content.decode()
    assert (
        "The workbook has 3 sheets (&#x27;Contents&#x27;, &#x27;2020&#x27;, &#x27;2021&#x27;)"
        in (refused)
    )
    page = client.post(
        UPLOAD,
        {**fields, "sheet": "2021", "file": SimpleUploadedFile("poverty.xlsx", buffer.getvalue())},
    ).content.decode()
    assert "<p>Read the sheet &#x27;2021&#x27; (the workbook has 3 sheets).</p>" in page
    assert Observation.objects.get().value == 47.0


def uploaded_draft(indicator: Indicator) -> tuple[Client, AbstractUser, Release]:
    """A draft uploaded by "analyst", whom the client is signed in as, and their "colleague"."""
    analyst, colleague = staff("analyst"), staff("colleague")
    client = Client()
    client.force_login(analyst)
    post(client, indicator, NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n")
    return client, colleague, Release.objects.get()


def published_release(indicator: Indicator) -> Release:
    client, colleague, release = uploaded_draft(indicator)
    client.force_login(colleague)
    client.post(reverse("admin:indicators_release_approve", args=[release.pk]))
    client.post(reverse("admin:indicators_release_publish", args=[release.pk]), {"when": "now"})
    release.refresh_from_db()
    assert release.status == "published"
    return release


def test_withdraw_button_confirms_with_a_reason(indicator: Indicator) -> None:
    release = published_release(indicator)
    client = Client()
    client.force_login(staff("publisher"))
    change = reverse("admin:indicators_release_change", args=[release.pk])
    withdraw = reverse("admin:indicators_release_withdraw", args=[release.pk])
    assert f'<a href="{withdraw}">Withdraw…</a>' in client.get(change).content.decode()
    confirm = client.get(withdraw).content.decode()
    assert 'value="Withdraw this release"' in confirm
    assert '<textarea name="reason" id="id_reason"' in confirm
    assert "Compared with" not in confirm
    client.post(withdraw, {"reason": "  "})
    release.refresh_from_db()
    assert release.status == "published"
    assert "Say why the release is withdrawn" in client.get(change).content.decode()
    assert client.post(withdraw, {"reason": "Wrong source table."})["Location"] == change
    release.refresh_from_db()
    assert (release.status, release.withdrawal_reason) == ("withdrawn", "Wrong source table.")
    assert f'href="{withdraw}"' not in client.get(change).content.decode()


def test_withdrawal_needs_the_publish_permission(indicator: Indicator) -> None:
    release = published_release(indicator)
    viewer = get_user_model().objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_release"))
    client = Client()
    client.force_login(viewer)
    client.post(
        reverse("admin:indicators_release_withdraw", args=[release.pk]), {"reason": "Because."}
    )
    release.refresh_from_db()
    assert release.status == "published"


def test_an_oversized_upload_is_refused_before_it_is_read(
    indicator: Indicator, settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_UPLOAD_BYTES = 1_000_000
    upload = SimpleUploadedFile("big.csv", b"x" * 1_500_001)
    monkeypatch.setattr(
        "indicators.imports.jobs.needs_background",
        lambda **kw: pytest.fail("an oversized upload was read into memory"),
    )
    client = Client()
    client.force_login(staff("analyst"))
    response = client.post(UPLOAD, {"file": upload, "indicator": indicator.pk, "format": "auto"})
    assert "The file is 1.5 MB, over the 1 MB limit." in response.content.decode()
    assert Release.objects.count() == 0
