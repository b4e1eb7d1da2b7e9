"""Role × action → allowed or refused, with department scoping, through the services (the
same checks the admin and the command line go through)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from indicators.access import AccessDenied, indicator_edit_check
from indicators.models import Membership, Release
from indicators.services import (
    ReleaseWorkflowError,
    release_approve,
    release_delete,
    release_publish,
    release_update,
    release_withdraw,
)
from tests import factories

pytestmark = pytest.mark.django_db

REFUSED = (AccessDenied, ReleaseWorkflowError)
# (role, in the indicator's department) → the actions it may take.
MATRIX = {
    ("Analyst", True): {"upload", "edit_draft", "discard_own_draft"},
    # Outside their department an analyst uploads nothing; a draft of their own (uploaded
    # before they moved) they may still discard.
    ("Analyst", False): {"discard_own_draft"},
    ("Approver", True): {"approve", "publish", "withdraw"},
    ("Approver", False): {"approve", "publish", "withdraw"},
    ("Administrator", True): {"discard_own_draft", "discard_others_draft"},
    ("Administrator", False): {"discard_own_draft", "discard_others_draft"},
    ("None", True): set(),
}
ACTIONS = [
    "upload",
    "edit_draft",
    "discard_own_draft",
    "discard_others_draft",
    "approve",
    "publish",
    "withdraw",
]


def _person(name: str, role: str, department) -> object:
    user = get_user_model().objects.create_user(username=name, password="x" * 16)
    if role != "None":
        user.groups.add(Role.objects.get(name=role))
    Membership.objects.create(user=user, department=department)
    return get_user_model().objects.get(pk=user.pk)


def _attempt(action: str, user, *, indicator, colleague, approver) -> bool:
    """Try ``action`` as ``user``; True when it was allowed."""
    try:
        if action == "upload":
            indicator_edit_check(user=user, indicator=indicator)
        elif action == "edit_draft":
            draft = factories.release(indicator=indicator, uploaded_by=colleague)
            release_update(release=draft, note="New note", user=user)
        elif action == "discard_own_draft":
            release_delete(
                release=factories.release(indicator=indicator, uploaded_by=user), user=user
            )
        elif action == "discard_others_draft":
            draft = factories.release(indicator=indicator, uploaded_by=colleague)
            release_delete(release=draft, user=user)
        elif action == "approve":
            release_approve(
                release=factories.release(indicator=indicator, uploaded_by=colleague), user=user
            )
        elif action in {"publish", "withdraw"}:
            release = release_approve(
                release=factories.release(indicator=indicator, uploaded_by=colleague),
                user=approver,
            )
            if action == "publish":
                release_publish(release=release, user=user)
            else:
                release = release_publish(release=release, user=approver)
                release_withdraw(release=release, user=user, reason="Wrong file.")
    except REFUSED:
        return False
    return True


@pytest.mark.parametrize(("role", "own_department"), list(MATRIX))
def test_the_permission_matrix(role: str, own_department: bool) -> None:
    home, other = factories.department(), factories.department()
    indicator = factories.indicator(owner=home)
    colleague = _person("colleague", "Analyst", home)
    approver = _person("approver", "Approver", other)
    user = _person("someone", role, home if own_department else other)
    allowed = {
        action
        for action in ACTIONS
        if _attempt(action, user, indicator=indicator, colleague=colleague, approver=approver)
    }
    assert allowed == MATRIX[(role, own_department)]


def test_nobody_approves_their_own_upload_not_even_an_administrator() -> None:
    home = factories.department()
    indicator = factories.indicator(owner=home)
    superuser = get_user_model().objects.create_superuser(username="root", password="x" * 16)
    draft = factories.release(indicator=indicator, uploaded_by=superuser)
    with pytest.raises(ReleaseWorkflowError, match="four-eyes"):
        release_approve(release=draft, user=superuser)
    assert Release.objects.get(pk=draft.pk).status == Release.Status.DRAFT
