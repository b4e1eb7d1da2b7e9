"""The release admin as the issue on access and trust asks: uploads scoped to the analyst's
department and the indicator's breakdowns, drafts discarded, statuses as the public sees them,
the publish time chosen on the confirmation page, templates scoped, roles compared."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from indicators.models import Department, Indicator, Observation, Period, Release
from indicators.services import release_approve, release_publish
from tests import factories
from tests.indicators.import_helpers import (
    NATIVE_HEADER,
    member,
    percentage_indicator,
    poverty_indicator,
    run,
    upload_post,
)

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:indicators_release_upload")
CHANGELIST = reverse("admin:indicators_release_changelist")
GOOD = NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n"
BST = dt.timezone(dt.timedelta(hours=1))


def person(username: str, *roles: str, department: Department | None = None, **fields: Any):
    user = get_user_model().objects.create_user(username=username, is_staff=True, **fields)
    user.groups.add(*Role.objects.filter(name__in=roles))
    return member(user, department)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nothing_written() -> bool:
    return (Release.objects.count(), Observation.objects.count(), Period.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.fixture
def indicator() -> Indicator:
    return poverty_indicator(title="Poverty")


@pytest.fixture
def analyst(indicator: Indicator) -> Any:
    return person("analyst", "Analyst")


def draft_by(client: Client, indicator: Indicator, content: str = GOOD) -> Release:
    page = upload_post(client, indicator, content).content.decode()
    assert "1 row checked." in page, page
    return Release.objects.get(indicator=indicator, status="draft")


# --- department scoping of uploads -----------------------------------------------------


def test_the_upload_form_offers_only_the_departments_indicators(
    indicator: Indicator, analyst: Any
) -> None:
    other = percentage_indicator(slug="pupils", title="Pupils", owner=factories.department())
    client = signed_in(analyst)
    page = client.get(UPLOAD).content.decode()
    assert f'<option value="{indicator.pk}">Poverty</option>' in page
    assert "Pupils" not in page
    refused = upload_post(client, other, GOOD).content.decode()
    assert "Select a valid choice. That choice is not one of the available choices." in refused
    assert nothing_written()


def test_a_superuser_is_offered_every_indicator(indicator: Indicator, admin_user: Any) -> None:
    other = percentage_indicator(slug="pupils", title="Pupils", owner=factories.department())
    page = signed_in(admin_user).get(UPLOAD).content.decode()
    assert "Poverty" in page
    assert "Pupils" in page
    assert draft_by(signed_in(admin_user), other).uploaded_by == admin_user


def test_the_pipeline_refuses_an_analyst_of_another_department(indicator: Indicator) -> None:
    outsider = person("outsider", "Analyst", department=factories.department(name="Elsewhere"))
    from indicators.imports.pipeline import ImportOptions, run_import

    result = run_import(
        source=GOOD.encode(),
        filename="upload.csv",
        indicator=indicator,
        options=ImportOptions(),
        uploaded_by=outsider,
    )
    [error] = result.errors
    assert error.message == (
        "Poverty is owned by Home Department: only that department's analysts may upload or "
        "edit its releases. Ask an administrator to check your department."
    )
    assert nothing_written()


# --- breakdowns the indicator is not declared against --------------------------------


def test_a_breakdown_the_indicator_is_not_declared_against_is_an_error(
    indicator: Indicator,
) -> None:
    gender_pay = percentage_indicator(slug="pay-gap", title="Gender pay gap", breakdowns=("sex",))
    content = "period,geography_code,sex,ethnicity,value\n2020,E92000001,,Asian,12\n"
    result = run(content, indicator=gender_pay)
    [error] = result.errors
    assert (error.row, error.column) == (1, "ethnicity")
    assert error.message == (
        "The column 'ethnicity' breaks the figures down by ethnicity, but Gender pay gap is not "
        "declared as broken down by ethnicity."
    )
    assert error.action == (
        "Keep only the rows of one of its groups with 'ethnicity=filter=<group>' (blank for the "
        "rows not split by it) or 'ignore' the column. If the indicator should be broken down by "
        "ethnicity, declare it first: in the admin, Indicators → Gender pay gap → Indicator "
        "characteristics, add 'Ethnicity'; then upload the file again."
    )
    assert nothing_written()
    kept = run(content, indicator=gender_pay, column_map={"ethnicity": "filter=Asian"})
    assert kept.errors == []


# --- discarding drafts ------------------------------------------------------------------


def delete_url(release: Release) -> str:
    return reverse("admin:indicators_release_delete", args=[release.pk])


def test_a_superuser_discards_a_draft_and_can_upload_the_same_file_again(
    indicator: Indicator, admin_user: Any
) -> None:
    """Observations are never deleted by hand, and the admin used to refuse the draft for want
    of that permission, even to a superuser; the same file was then refused as a repeat."""
    client = signed_in(admin_user)
    release = draft_by(client, indicator)
    confirm = client.get(delete_url(release)).content.decode()
    assert "permission to delete" not in confirm
    assert "Observations: 1" in confirm
    assert client.post(delete_url(release), {"post": "yes"}).status_code == 302
    assert (Release.objects.count(), Observation.objects.count()) == (0, 0)
    again = draft_by(client, indicator)
    assert (again.version, Observation.objects.get().value) == (1, 50.0)


def test_the_stored_file_goes_with_the_discarded_draft(
    indicator: Indicator, admin_user: Any, django_capture_on_commit_callbacks
) -> None:
    client = signed_in(admin_user)
    release = draft_by(client, indicator)
    storage, name = release.source_file.storage, release.source_file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(release), {"post": "yes"})
    assert not storage.exists(name)


def test_the_uploader_discards_their_own_draft_and_a_colleague_cannot(
    indicator: Indicator, analyst: Any
) -> None:
    release = draft_by(signed_in(analyst), indicator)
    colleague = signed_in(person("colleague", "Analyst"))
    assert colleague.get(delete_url(release)).status_code == 403
    assert colleague.post(delete_url(release), {"post": "yes"}).status_code == 403
    assert Release.objects.filter(pk=release.pk).exists()
    assert signed_in(analyst).post(delete_url(release), {"post": "yes"}).status_code == 302
    assert not Release.objects.exists()


def test_an_administrator_discards_anyones_draft(indicator: Indicator, analyst: Any) -> None:
    release = draft_by(signed_in(analyst), indicator)
    administrator = signed_in(person("administrator", "Administrator"))
    assert administrator.post(delete_url(release), {"post": "yes"}).status_code == 302
    assert not Release.objects.exists()


def published(indicator: Indicator, analyst: Any, value: int = 50, **publish: Any) -> Release:
    content = GOOD.replace(",50,", f",{value},")
    release = draft_by(signed_in(analyst), indicator, content)
    approver = person(f"approver-{release.pk}", "Approver")
    release_approve(release=release, user=approver)
    return release_publish(release=release, user=approver, **publish)


def test_a_published_release_is_never_discarded(indicator: Indicator, analyst: Any) -> None:
    release = published(indicator, analyst)
    admin_user = get_user_model().objects.create_superuser("root", password="x" * 12)
    client = signed_in(admin_user)
    assert client.post(delete_url(release), {"post": "yes"}).status_code == 403
    page = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [release.pk]}
    ).content.decode()
    assert "poverty v1 (Published): a published release is kept for the record" in page
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [release.pk], "post": "yes"}
    )
    assert Release.objects.filter(pk=release.pk, status="published").exists()
    assert Observation.objects.filter(release=release).count() == 1


# --- statuses as the public sees them ------------------------------------------------------


def statuses(changelist: str) -> list[str]:
    """The status column of the release list, newest version first."""
    cells = changelist.split('<td class="field-status_shown">')[1:]
    return [cell.split("</td>")[0] for cell in cells]


def test_a_scheduled_release_and_the_one_it_replaces_say_what_the_public_sees(
    indicator: Indicator, analyst: Any
) -> None:
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        first = published(indicator, analyst)
        second = published(
            indicator,
            analyst,
            value=51,
            publish_at=dt.datetime(2027, 3, 12, 9, 30, tzinfo=dt.UTC),
        )
        client = signed_in(get_user_model().objects.create_superuser("root", password="x" * 12))
        listed = client.get(CHANGELIST).content.decode()
        detail = client.get(
            reverse("admin:indicators_release_change", args=[first.pk])
        ).content.decode()
    first.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "published")
    assert statuses(listed) == [
        "Scheduled for 9:30 on 12 March 2027",
        "Published (until 9:30 on 12 March 2027)",
    ]
    assert "Published (until 9:30 on 12 March 2027)" in detail
    with time_machine.travel(dt.datetime(2027, 3, 12, 9, 31, tzinfo=dt.UTC), tick=False):
        later = client.get(CHANGELIST).content.decode()
    assert statuses(later) == ["Published", "Superseded"]


def test_times_are_shown_in_uk_time(indicator: Indicator, analyst: Any) -> None:
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
        published(indicator, analyst, publish_at=dt.datetime(2027, 6, 12, 8, 30, tzinfo=dt.UTC))
        client = signed_in(get_user_model().objects.create_superuser("root", password="x" * 12))
        assert statuses(client.get(CHANGELIST).content.decode()) == [
            "Scheduled for 9:30 on 12 June 2027"
        ]


# --- the publish step takes the date and time ------------------------------------------------


@pytest.fixture
def approved(indicator: Indicator, analyst: Any) -> tuple[Any, Release]:
    """The approver (sign in once the clock is set: a session has a lifetime) and the release."""
    release = draft_by(signed_in(analyst), indicator)
    approver = person("approver", "Approver")
    return approver, release_approve(release=release, user=approver)


def publish_url(release: Release) -> str:
    return reverse("admin:indicators_release_publish", args=[release.pk])


def when(day: Any, month: Any, year: Any, hour: Any, minute: Any) -> dict[str, Any]:
    return {
        "when": "later",
        "day": day,
        "month": month,
        "year": year,
        "hour": hour,
        "minute": minute,
    }


def test_publishing_at_a_date_and_time_in_uk_time(approved: tuple[Any, Release]) -> None:
    approver, release = approved
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
        client = signed_in(approver)
        page = client.get(publish_url(release)).content.decode()
        assert "When does the public see it?" in page
        assert 'id="id_day"' in page
        response = client.post(publish_url(release), when(12, 6, 2027, 9, 30))
        messages = client.get(response["Location"]).content.decode()
    release.refresh_from_db()
    assert (release.status, release.publish_at) == (
        "published",
        dt.datetime(2027, 6, 12, 9, 30, tzinfo=BST),
    )
    assert "scheduled; the public sees it from 9:30 on 12 June 2027." in messages


def test_the_time_planned_at_upload_fills_the_form(approved: tuple[Any, Release]) -> None:
    approver, release = approved
    client = signed_in(approver)
    planned = timezone.now() + dt.timedelta(days=30)
    Release.objects.filter(pk=release.pk).update(publish_at=planned)
    page = client.get(publish_url(release)).content.decode()
    local = timezone.localtime(planned)
    assert '<input type="radio" name="when" value="later" id="id_when_1" required checked>' in page
    assert f'name="day" id="id_day" value="{local.day}"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (when(12, "", 2027, 9, 30), "The publication date and time must include a month."),
        (when(31, 2, 2027, 9, 30), "The publication date must be a real date, like 12 3 2027."),
        (when(1, 1, 2020, 9, 30), "The publication time must be in the future"),
        (
            when(28, 3, 2027, 1, 30),
            "01:30 on 28 March 2027 does not exist in UK time: the clocks go forward that night.",
        ),
    ],
)
def test_a_publication_time_that_cannot_be_used_is_explained(
    approved: tuple[Any, Release], fields: dict[str, Any], message: str
) -> None:
    approver, release = approved
    with time_machine.travel(dt.datetime(2027, 1, 1, tzinfo=dt.UTC), tick=False):
        response = signed_in(approver).post(publish_url(release), fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert Release.objects.get(pk=release.pk).status == "approved"


def test_publishing_now(approved: tuple[Any, Release]) -> None:
    approver, release = approved
    signed_in(approver).post(publish_url(release), {"when": "now"})
    release.refresh_from_db()
    assert release.status == "published"
    assert release.publish_at <= timezone.now()


# --- the native template ------------------------------------------------------------------


def template_url(indicator: Indicator) -> str:
    return reverse("admin:indicators_release_template", args=[indicator.slug, "csv"])


def test_the_template_of_an_unpublished_indicator_is_for_its_analysts_only(
    indicator: Indicator, analyst: Any
) -> None:
    approver = signed_in(person("approver", "Approver"))  # views indicators, uploads nothing
    outsider = signed_in(person("outsider", "Analyst", department=factories.department()))
    assert approver.get(template_url(indicator)).status_code == 403
    assert outsider.get(template_url(indicator)).status_code == 403
    response = signed_in(analyst).get(template_url(indicator))
    assert response.status_code == 200
    assert response.content.decode().startswith("period,geography_code,")


def test_the_template_of_a_published_indicator_is_for_staff_who_view_indicators(
    indicator: Indicator, analyst: Any
) -> None:
    published(indicator, analyst)
    assert signed_in(person("approver", "Approver")).get(template_url(indicator)).status_code == 200
    no_view = get_user_model().objects.create_user(username="clerk", is_staff=True)
    assert signed_in(no_view).get(template_url(indicator)).status_code == 403
    anonymous = Client().get(template_url(indicator))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")


# --- the change form of a published release -----------------------------------------------


def test_a_withdrawal_reason_posted_to_a_published_release_changes_nothing(
    indicator: Indicator, analyst: Any
) -> None:
    release = published(indicator, analyst)
    admin_user = get_user_model().objects.create_superuser("root", password="x" * 12)
    change = reverse("admin:indicators_release_change", args=[release.pk])
    response = signed_in(admin_user).post(
        change, {"withdrawal_reason": "Typed into the form", "note": "Edited", "_save": "Save"}
    )
    assert response.status_code == 403
    after = Release.objects.get(pk=release.pk)
    assert (after.status, after.withdrawal_reason, after.note, after.withdrawn_at) == (
        "published",
        "",
        "",
        None,
    )


# --- roles and their permissions ------------------------------------------------------------


def test_the_roles_page_compares_each_roles_permissions(indicator: Indicator) -> None:
    administrator = signed_in(person("administrator", "Administrator"))
    groups = administrator.get(reverse("admin:auth_group_changelist")).content.decode()
    table_url = reverse("admin:auth_group_permissions")
    assert f'<a href="{table_url}">Compare the roles\' permissions</a>' in groups
    page = administrator.get(table_url).content.decode()
    roles = list(Role.objects.order_by("name").values_list("name", flat=True))
    assert {"Administrator", "Analyst", "Approver"} <= set(roles)
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert [name in head for name in roles] == [True] * len(roles)
    row = page.split("<code>indicators.approve_release</code>")[1].split("</tr>")[0]
    cells = row.split('<td class="held">')[1:]
    held = dict(zip(roles, ["✓" in cell for cell in cells], strict=True))
    assert (held["Approver"], held["Analyst"]) == (True, False)


def test_the_roles_page_needs_the_view_group_permission(indicator: Indicator) -> None:
    analyst = signed_in(person("analyst", "Analyst"))
    assert analyst.get(reverse("admin:auth_group_permissions")).status_code == 403
    viewer = get_user_model().objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="view_group")
    )
    assert signed_in(viewer).get(reverse("admin:auth_group_permissions")).status_code == 200
