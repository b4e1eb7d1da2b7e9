"""Roles are Django groups made by migration; analysts are scoped to their department."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from indicators.access import (
    AccessDenied,
    editable_indicator_ids,
    indicator_edit_check,
    indicator_editable,
)
from indicators.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


def _person(username: str, *roles: str, department=None):
    user = get_user_model().objects.create_user(username=username, password="x" * 12)
    user.groups.add(*Role.objects.filter(name__in=roles))
    if department is not None:
        Membership.objects.create(user=user, department=department)
    return get_user_model().objects.get(pk=user.pk)  # a fresh permission cache


def test_the_roles_exist_with_their_permissions() -> None:
    roles = {
        role.name: {p.codename for p in role.permissions.all()}
        for role in Role.objects.filter(name__in=["Analyst", "Approver", "Administrator"])
    }
    assert {"add_release", "change_release", "view_release"} <= roles["Analyst"]
    assert "approve_release" not in roles["Analyst"]
    assert {"approve_release", "publish_release", "view_release"} <= roles["Approver"]
    assert "add_release" not in roles["Approver"]
    assert {"add_user", "change_user", "change_group"} <= roles["Administrator"]


@pytest.mark.parametrize(
    ("roles", "own_department", "allowed"),
    [
        (("Analyst",), True, True),
        (("Analyst",), False, False),
        (("Approver",), True, False),
        (("Administrator",), True, False),
        ((), True, False),
    ],
)
def test_who_may_edit_an_indicator(roles, own_department, allowed) -> None:
    home, other = factories.department(), factories.department()
    indicator = factories.indicator(owner=home if own_department else other)
    user = _person("someone", *roles, department=home)
    assert indicator_editable(user=user, indicator=indicator) is allowed
    assert (indicator.pk in editable_indicator_ids(user=user)) is allowed


def test_refusal_names_the_owning_department() -> None:
    home, other = factories.department(), factories.department(name="Department for Education")
    indicator = factories.indicator(owner=other, title="Pupils achieving grade 4")
    user = _person("analyst", "Analyst", department=home)
    with pytest.raises(AccessDenied, match="owned by Department for Education"):
        indicator_edit_check(user=user, indicator=indicator)


def test_an_analyst_without_a_department_edits_nothing() -> None:
    indicator = factories.indicator()
    user = _person("analyst", "Analyst")
    assert not indicator_editable(user=user, indicator=indicator)
    assert editable_indicator_ids(user=user) == []
