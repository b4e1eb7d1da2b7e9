"""The admin upload flow: errors shown and downloadable, a draft saved, approval by a colleague."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indicators.models import Indicator, Observation, Release
from tests.indicators.import_helpers import NATIVE_HEADER, percentage_indicator, vocabulary

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:indicators_release_upload")


def staff(username: str) -> AbstractUser:
    user = get_user_model().objects.create_user(username=username, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="indicators"))
    return user


@pytest.fixture
def indicator() -> Indicator:
    vocabulary()
    return percentage_indicator(slug="poverty")


def post(client: Client, indicator: Indicator, content: str) -> str:
    response = client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("upload.csv", content.encode()),
            "indicator": indicator.pk,
            "format": "auto",
        },
    )
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
    assert "1 rows: 1 added, 0 removed, 0 revised, 0 unchanged." in page
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
    if extension == "csv":
        assert response.content.decode().strip() == (
            "period,geography_code,value,lower,upper,numerator,denominator,sample_size,"
            "marker,quality,note"
        )
