"""The audit trail: who uploaded, approved, published or withdrew a release, edited an
indicator or changed a user's roles, when, with the values; append-only."""

from __future__ import annotations

import pghistory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.db import DatabaseError, transaction
from pghistory.models import Events

from indicators.models import Indicator, Release
from indicators.services import release_approve, release_publish, release_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


def _user(username: str):
    user = get_user_model().objects.create_user(username=username, password="x" * 12)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["approve_release", "publish_release"])
    )
    return user


def test_each_step_of_a_release_is_recorded_with_its_values_and_person() -> None:
    uploader, approver = _user("uploader"), _user("approver")
    indicator = factories.indicator()
    release = factories.release(indicator=indicator, uploaded_by=uploader)
    with pghistory.context(user=approver.pk, url="/admin/approve"):
        release_approve(release=release, user=approver)
    release_publish(release=release, user=approver)
    release_withdraw(release=release, user=approver, reason="Wrong file uploaded.")

    events = list(Release.pgh_event_model.objects.filter(pgh_obj=release).order_by("pgh_id"))
    assert [(e.pgh_label, e.status) for e in events] == [
        ("insert", "draft"),
        ("update", "approved"),
        ("update", "published"),
        ("update", "withdrawn"),
    ]
    assert events[1].approved_by_id == approver.pk
    assert events[1].pgh_context.metadata == {"user": approver.pk, "url": "/admin/approve"}
    assert events[3].withdrawal_reason == "Wrong file uploaded."

    diffs = Events.objects.references(release).filter(pgh_label="update").order_by("pgh_id")
    assert diffs[0].pgh_diff["status"] == ["draft", "approved"]


def test_indicator_metadata_edits_are_recorded_before_and_after() -> None:
    indicator = factories.indicator(title="Old title")
    Indicator.objects.filter(pk=indicator.pk).update(title="New title")  # outside the ORM's save
    diff = Events.objects.references(indicator).filter(pgh_label="update").get().pgh_diff
    assert diff["title"] == ["Old title", "New title"]


def test_role_changes_are_recorded() -> None:
    user = _user("analyst")
    role = Role.objects.get(name="Analyst")
    user.groups.add(role)
    user.groups.remove(role)
    from indicators.models.audit import UserRole

    labels = list(
        UserRole.pgh_event_model.objects.filter(user=user).values_list("pgh_label", "group")
    )
    assert labels == [("role.add", role.pk), ("role.remove", role.pk)]


def test_nobody_can_edit_or_delete_the_record() -> None:
    release = factories.release(indicator=factories.indicator())
    event_model = Release.pgh_event_model
    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.filter(pgh_obj=release).update(status="published")
    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.filter(pgh_obj=release).delete()
    assert event_model.objects.filter(pgh_obj=release).count() == 1


def test_the_audit_trail_is_read_only_in_the_admin(admin_client) -> None:
    factories.release(indicator=factories.indicator())
    page = admin_client.get("/admin/pghistory/middlewareevents/")
    assert page.status_code == 200
    assert admin_client.get("/admin/pghistory/middlewareevents/add/").status_code == 403
