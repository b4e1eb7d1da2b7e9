"""The board roles as Django groups, with exactly the permissions the board pages check.

- Board secretariat: sees draft reviews, prepares them and writes commentary and the rating.
- Board chair: sees draft reviews and signs them off.

Other roles (Analyst, Approver, Administrator) follow the same pattern in their own migration:
a name, and a list of ``app_label.codename`` permissions.
"""

from django.db import migrations

ROLES = {
    "Board secretariat": [
        "missions.view_review",
        "missions.add_review",
        "missions.view_commentary",
        "missions.add_commentary",
    ],
    "Board chair": [
        "missions.view_review",
        "missions.view_commentary",
        "missions.signoff_review",
    ],
}

#: Permission names as Django would create them after migrating (post_migrate runs later).
NAMES = {
    "view_review": ("review", "Can view review"),
    "add_review": ("review", "Can add review"),
    "signoff_review": ("review", "Can sign off a quarterly review (board chair)"),
    "view_commentary": ("commentary", "Can view commentary"),
    "add_commentary": ("commentary", "Can add commentary"),
}


def add_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for role, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            model, name = NAMES[codename]
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("missions", "0003_targets_from_data_and_reviews"),
    ]

    operations = [migrations.RunPython(add_roles, remove_roles)]
