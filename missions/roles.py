"""The board roles: Django groups named for what their members do, with the permissions the
board pages check. The app's migration creates them; ``board_roles_ensure`` puts them back where
a database was emptied (transactional tests flush every table, data migrations included).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

SECRETARIAT = "Board secretariat"
CHAIR = "Board chair"

#: Role → permissions (``app_label.codename``); the same as the app's migration creates.
ROLES: dict[str, list[str]] = {
    SECRETARIAT: [
        "missions.view_review",
        "missions.add_review",
        "missions.view_commentary",
        "missions.add_commentary",
    ],
    CHAIR: [
        "missions.view_review",
        "missions.view_commentary",
        "missions.signoff_review",
    ],
}


def board_roles_ensure() -> dict[str, Group]:
    """The board roles' groups, created with their permissions if missing."""
    groups = {}
    for role, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        groups[role] = group
    return groups
