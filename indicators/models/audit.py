"""The audit trail of who holds which role: membership of Django's groups, tracked by triggers.

Releases, indicators and their breakdowns are tracked where they are defined (``@pghistory.track``);
users and groups are Django's own models, so their events are registered here, in this app.
"""

from __future__ import annotations

import pghistory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

User = get_user_model()

UserRoleEvent = pghistory.track(
    pghistory.InsertEvent("role.add"),
    pghistory.DeleteEvent("role.remove"),
    obj_field=None,
    app_label="indicators",
    model_name="UserRoleEvent",
)(User.groups.through)

UserEvent = pghistory.track(
    exclude=["password", "last_login"],
    app_label="indicators",
    model_name="UserEvent",
)(User)

RolePermissionEvent = pghistory.track(
    pghistory.InsertEvent("permission.add"),
    pghistory.DeleteEvent("permission.remove"),
    obj_field=None,
    app_label="indicators",
    model_name="RolePermissionEvent",
)(Role.permissions.through)
