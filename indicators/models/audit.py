"""The audit trail of people and roles: users, their roles and each role's permissions.

Releases, indicators and their breakdowns are tracked where they are defined (``@pghistory.track``).
Users and roles are Django's own tables, so they are tracked through proxy models of this app:
the triggers sit on Django's tables, their migrations here.
"""

from __future__ import annotations

import pghistory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

User = get_user_model()


@pghistory.track(exclude=["password", "last_login"])
class UserRecord(User):  # type: ignore[misc,valid-type]
    class Meta:
        proxy = True


@pghistory.track(
    pghistory.InsertEvent("role.add"), pghistory.DeleteEvent("role.remove"), obj_field=None
)
class UserRole(User.groups.through):  # type: ignore[name-defined]
    class Meta:
        proxy = True


@pghistory.track(
    pghistory.InsertEvent("permission.add"),
    pghistory.DeleteEvent("permission.remove"),
    obj_field=None,
)
class RolePermission(Role.permissions.through):  # type: ignore[name-defined]
    class Meta:
        proxy = True
