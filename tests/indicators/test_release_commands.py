"""The release workflow from the command line: import as a named analyst, approve as someone
else, publish now or at a set time; the four-eyes rule and departments hold as in the admin,
and the database refuses a release past draft that records no uploader."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from indicators.models import Department, Indicator, Release
from indicators.services import ReleaseWorkflowError, release_approve
from tests import factories
from tests.indicators.import_helpers import NATIVE_HEADER, member, percentage_indicator, vocabulary

pytestmark = pytest.mark.django_db
LONDON = dt.timezone(dt.timedelta(hours=1))  # British Summer Time


def person(username: str, *roles: str, department: Department | None = None, **fields: Any):
    user = get_user_model().objects.create_user(username=username, **fields)
    user.groups.add(*Role.objects.filter(name__in=roles))
    return member(user, department)


@pytest.fixture
def indicator() -> Indicator:
    vocabulary()
    person("analyst", "Analyst")
    person("approver", "Approver")
    return percentage_indicator(slug="poverty")


def call(command: str, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def upload(tmp_path: Path, *, user: str = "analyst") -> tuple[int, str]:
    path = tmp_path / "upload.csv"
    path.write_text(NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n", encoding="utf-8")
    return call("import_release", str(path), "--indicator", "poverty", "--user", user)


def test_import_approve_and_publish_from_the_command_line(
    indicator: Indicator, tmp_path: Path
) -> None:
    assert upload(tmp_path)[0] == 0
    release = Release.objects.get()
    status, output = call("release_approve", "--release", str(release.pk), "--user", "approver")
    assert status == 0
    assert "Compared with no published release: 1 added, 0 removed" in output
    assert "poverty v1 (Approved) approved by approver." in output
    assert f"release_publish --release {release.pk} --user USERNAME" in output
    status, output = call("release_publish", "--release", str(release.pk), "--user", "approver")
    assert status == 0
    assert "poverty v1 (Published) is published" in output
    release.refresh_from_db()
    assert (release.status, release.uploaded_by.username, release.approved_by.username) == (
        "published",
        "analyst",
        "approver",
    )


def test_the_audit_trail_records_who_ran_each_command(indicator: Indicator, tmp_path: Path) -> None:
    upload(tmp_path)
    release = Release.objects.get()
    call("release_approve", "--release", str(release.pk), "--user", "approver")
    events = Release.pgh_event_model.objects.filter(pgh_obj=release).order_by("pgh_id")
    analyst, approver = (get_user_model().objects.get(username=u) for u in ("analyst", "approver"))
    assert [(e.status, e.pgh_context.metadata) for e in events] == [
        ("draft", {"user": analyst.pk, "command": "import_release"}),
        ("approved", {"user": approver.pk, "command": "release_approve"}),
    ]


def test_the_uploader_cannot_approve_their_own_import(indicator: Indicator, tmp_path: Path) -> None:
    person("both", "Analyst", "Approver")
    upload(tmp_path, user="both")
    release = Release.objects.get()
    status, output = call("release_approve", "--release", str(release.pk), "--user", "both")
    assert status == 3
    assert "You uploaded this release, so someone else must approve it" in output
    assert Release.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("username", "status", "message"),
    [
        ("nobody", 2, "No account called 'nobody'. Give your own username with --user."),
        ("retired", 2, "The account 'retired' is deactivated, so it may do nothing."),
        ("approver", 3, "approver may not upload releases of poverty: You do not have permission"),
        ("outsider", 3, "outsider may not upload releases of poverty: Indicator"),
    ],
)
def test_import_needs_an_active_analyst_of_the_owning_department(
    indicator: Indicator, tmp_path: Path, username: str, status: int, message: str
) -> None:
    person("retired", "Analyst", is_active=False)
    person("outsider", "Analyst", department=factories.department())
    code, output = upload(tmp_path, user=username)
    assert code == status
    assert message in output
    assert Release.objects.count() == 0


def test_the_user_is_required(indicator: Indicator, tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_text(NATIVE_HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match="the following arguments are required: --user"):
        call_command("import_release", str(path), "--indicator", "poverty")


def test_publish_at_a_uk_time_is_scheduled(indicator: Indicator, tmp_path: Path) -> None:
    upload(tmp_path)
    release = Release.objects.get()
    call("release_approve", "--release", str(release.pk), "--user", "approver")
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
        status, output = call(
            "release_publish", "--release", str(release.pk), "--user", "approver",
            "--at", "2027-06-12T09:30",
        )  # fmt: skip
    assert status == 0
    assert output.strip() == (
        "poverty v1 (Published) is scheduled: the public sees it from 9:30 on 12 June 2027 "
        "(UK time)."
    )
    release.refresh_from_db()
    assert release.publish_at == dt.datetime(2027, 6, 12, 9, 30, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("next tuesday", "--at needs an ISO 8601 date and time such as 2027-03-12T09:30"),
        ("2020-01-01T09:30", "--at 2020-01-01T09:30 is in the past; leave --at out"),
    ],
)
def test_publish_refuses_a_time_it_cannot_use(
    indicator: Indicator, tmp_path: Path, at: str, message: str
) -> None:
    upload(tmp_path)
    release = Release.objects.get()
    call("release_approve", "--release", str(release.pk), "--user", "approver")
    status, output = call(
        "release_publish", "--release", str(release.pk), "--user", "approver", "--at", at
    )
    assert (status, message in output) == (2, True)
    assert Release.objects.get().status == "approved"


def test_workflow_commands_name_what_is_missing(indicator: Indicator) -> None:
    assert call("release_approve", "--release", "999", "--user", "approver") == (
        2,
        "No release with id 999.",
    )
    draft = factories.release(indicator=indicator)
    status, output = call("release_publish", "--release", str(draft.pk), "--user", "approver")
    assert status == 3
    assert "Only an approved release can be published" in output


def test_a_draft_without_an_uploader_cannot_be_approved(indicator: Indicator) -> None:
    draft = factories.release(indicator=indicator)
    approver = get_user_model().objects.get(username="approver")
    with pytest.raises(ReleaseWorkflowError, match="records no uploader, so nobody can show"):
        release_approve(release=draft, user=approver)
    draft.status, draft.approved_by, draft.approved_at = "approved", approver, timezone.now()
    with (
        pytest.raises(IntegrityError, match="release_uploader_recorded"),
        transaction.atomic(),
    ):
        draft.save()


def test_the_migration_gives_old_releases_a_placeholder_uploader(indicator: Indicator) -> None:
    """Releases published before uploaders were required get 'uploader-not-recorded'."""
    migration = importlib.import_module(
        "indicators.migrations.0001_squashed_0012_release_uploader_recorded"
    )
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE indicators_release DROP CONSTRAINT release_uploader_recorded")
    old = factories.release(
        indicator=indicator,
        status=Release.Status.PUBLISHED,
        uploaded_by=None,
        approved_by=get_user_model().objects.get(username="approver"),
        approved_at=timezone.now(),
        publish_at=timezone.now(),
    )
    draft = factories.release(indicator=indicator)
    with connection.schema_editor() as editor:
        migration.uploaders_recorded(apps, editor)
    old.refresh_from_db()
    draft.refresh_from_db()
    assert (old.uploaded_by.username, old.uploaded_by.is_active) == ("uploader-not-recorded", False)
    assert not old.uploaded_by.has_usable_password()
    assert draft.uploaded_by is None
    # The guard trigger is back: a published release stays as it is.
    with (
        connection.cursor() as cursor,
        pytest.raises(IntegrityError, match="cannot be changed"),
        transaction.atomic(),
    ):
        cursor.execute("UPDATE indicators_release SET note = 'x' WHERE id = %s", [old.pk])


def test_administrators_may_discard_drafts() -> None:
    codenames = set(
        Role.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
    )
    assert {"view_release", "delete_release", "discard_release"} <= codenames
