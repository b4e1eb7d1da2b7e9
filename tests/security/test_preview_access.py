"""Who may preview a scheduled release (``access.unpublished_viewable``), and the admin's
release list that offers the preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.test import Client
from django.utils import timezone

from indicators.access import unpublished_viewable
from indicators.models import Membership
from missions import roles
from tests import factories
from tests.dashboard.factories import published_release

pytestmark = pytest.mark.django_db

# (role, in the indicator's owning department, staff) → may preview.
MATRIX = {
    ("superuser", False, True): True,
    ("Administrator", False, True): True,
    ("Approver", False, True): True,
    ("Analyst", True, True): True,
    ("Analyst", False, True): False,
    ("Analyst", True, False): False,  # not staff
    (roles.SECRETARIAT, True, True): False,
    (roles.CHAIR, True, True): False,
    ("", True, True): False,
}


def _user(name: str, role: str, *, department, staff: bool = True):
    user = get_user_model().objects.create_user(
        username=name, password="x" * 16, is_staff=staff, is_superuser=role == "superuser"
    )
    if role and role != "superuser":
        user.groups.add(Role.objects.get(name=role))
    Membership.objects.create(user=user, department=department)
    return get_user_model().objects.get(pk=user.pk)


def test_unpublished_data_is_viewable_by_the_roles_that_handle_releases_only() -> None:
    indicator = factories.indicator()
    elsewhere = factories.department()
    found = {}
    for n, (role, own, staff) in enumerate(MATRIX):
        user = _user(
            f"user-{n}", role, department=indicator.owner if own else elsewhere, staff=staff
        )
        found[role, own, staff] = unpublished_viewable(user=user, indicator=indicator)
    assert found == MATRIX


def test_an_inactive_account_previews_nothing() -> None:
    indicator = factories.indicator()
    user = _user("gone", "Approver", department=indicator.owner)
    user.is_active = False
    assert not unpublished_viewable(user=user, indicator=indicator)


def test_the_release_list_links_the_preview_of_a_scheduled_release_and_says_drafts_have_none() -> (
    None
):
    indicator = factories.indicator()
    scheduled = published_release(
        indicator=indicator, rows=[], publish_at=timezone.now() + dt.timedelta(days=1)
    )
    published_release(indicator=indicator, rows=[], status="draft")
    preview = f'href="/indicators/{indicator.slug}/?preview={scheduled.pk}"'
    pages = {}
    for name, own in (("analyst", True), ("outsider", False)):
        user = _user(name, "Analyst", department=indicator.owner if own else factories.department())
        client = Client()
        client.force_login(user)
        response = client.get("/admin/indicators/release/")
        assert response.status_code == 200
        pages[name] = response.content.decode()
    assert preview in pages["analyst"]
    assert "Preview the page as it will be published" in pages["analyst"]
    assert "Drafts are not previewed" in pages["analyst"]
    assert preview not in pages["outsider"]
