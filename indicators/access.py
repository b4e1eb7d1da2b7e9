"""Who may do what to an indicator's releases: roles (Django groups) scoped to departments.

The roles are created by migration (``indicators/migrations/``): **Analyst** uploads and
edits drafts of indicators owned by their own department, and discards their own drafts;
**Approver** approves and schedules releases, never their own uploads; **Administrator** manages
users and roles, and may discard anyone's draft; the board roles belong to the missions app.
The same roles (not the board roles) may preview a release before its publication time
(``unpublished_viewable``). These checks run in the services and the import pipeline, not only
in the admin, so every path (admin, command line, shell) obeys them. Superusers pass every check
except the four-eyes rule, which nobody passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import PermissionsMixin

from indicators.models import Indicator, Membership, Release

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class AccessDenied(Exception):
    """The user may not do this; the message says why and what to do."""


def holds_permission(*, user: AnyUser, codename: str) -> bool:
    """Whether the account holds ``indicators.<codename>`` (inactive accounts hold nothing)."""
    return isinstance(user, PermissionsMixin) and user.has_perm(f"indicators.{codename}")


def user_department_id(user: AnyUser) -> int | None:
    """The department the user works for, or None (one query)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user_id=user.pk).values_list("department_id", flat=True).first()
    )


def indicator_editable(*, user: AnyUser, indicator: Indicator) -> bool:
    """May ``user`` upload or edit drafts of ``indicator``? Their department must own it."""
    if not holds_permission(user=user, codename="add_release"):
        return False
    if isinstance(user, PermissionsMixin) and user.is_superuser:
        return True
    return user_department_id(user) == indicator.owner_id


def indicator_edit_check(*, user: AnyUser, indicator: Indicator) -> None:
    """Raise AccessDenied unless ``user`` may upload or edit drafts of ``indicator``."""
    if not holds_permission(user=user, codename="add_release"):
        raise AccessDenied("You do not have permission to upload releases (the Analyst role).")
    if not indicator_editable(user=user, indicator=indicator):
        raise AccessDenied(
            f"{indicator.title} is owned by {indicator.owner.name}: only that department's "
            "analysts may upload or edit its releases. Ask an administrator to check your "
            "department."
        )


def editable_indicator_ids(*, user: AnyUser) -> list[int] | None:
    """Ids of the indicators ``user`` may edit; None means all of them (a superuser)."""
    if isinstance(user, PermissionsMixin) and user.is_superuser:
        return None
    if not holds_permission(user=user, codename="add_release"):
        return []
    department_id = user_department_id(user)
    return list(Indicator.objects.filter(owner_id=department_id).values_list("pk", flat=True))


def release_discardable(*, user: AnyUser, release: Release) -> bool:
    """May ``user`` discard this draft? Its uploader may, and whoever holds ``discard_release``
    (administrators). Published, superseded and withdrawn releases are never discarded."""
    if release.is_locked:
        return False
    if holds_permission(user=user, codename="discard_release"):
        return True
    is_uploader = release.uploaded_by_id is not None and release.uploaded_by_id == user.pk
    return is_uploader and holds_permission(user=user, codename="delete_release")


def unpublished_viewable(*, user: AnyUser, indicator: Indicator) -> bool:
    """May ``user`` see ``indicator``'s releases before their publication time (the embargo
    preview)? Active staff only: superusers, administrators (``discard_release``), approvers
    (``approve_release``) and the analysts of the department that owns the indicator. Board
    members, other departments' analysts and everyone else see only what the public sees."""
    staff = getattr(user, "is_active", False) and getattr(user, "is_staff", False)
    if not (staff and isinstance(user, PermissionsMixin)):
        return False
    if user.is_superuser:
        return True
    if any(holds_permission(user=user, codename=c) for c in ("approve_release", "discard_release")):
        return True
    return indicator_editable(user=user, indicator=indicator)
