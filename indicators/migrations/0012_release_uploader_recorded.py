"""Every release past draft records its uploader, so the four-eyes rule holds on every path.

The command line used to save no uploader, so one person could approve and publish their own
upload. The database now refuses a release that is not a draft without ``uploaded_by``
(``release_uploader_recorded``); ``release_approve`` refuses such a draft first, with a message.

Releases that already went past draft without an uploader are given the inactive account
``uploader-not-recorded`` (it cannot sign in, and says what is known). The guard trigger of
migrations 0002 and 0008 freezes published releases, so it is set aside for that one update, which
the audit trail records like any other.

Also: the ``discard_release`` permission (discard anyone's draft, not only one's own upload),
given to the Administrator role with what it needs to reach releases in the admin.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations, models

PLACEHOLDER = "uploader-not-recorded"
ADMINISTRATOR_PERMISSIONS = ["view_release", "delete_release", "discard_release"]


def uploaders_recorded(apps, schema_editor):
    Release = apps.get_model("indicators", "Release")
    unrecorded = Release.objects.exclude(status="draft").filter(uploaded_by__isnull=True)
    if not unrecorded.exists():
        return
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    placeholder, _ = User.objects.get_or_create(
        username=PLACEHOLDER,
        defaults={
            "is_active": False,
            "password": make_password(None),
            "first_name": "Uploader not recorded",
            "last_name": "(imported from the command line before uploaders were required)",
        },
    )
    table = Release._meta.db_table
    # Foreign keys are checked at once, so no check is left pending when the table is altered.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER release_guard")
    unrecorded.update(uploaded_by=placeholder)
    schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER release_guard")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def administrators_discard(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("indicators")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    role, _ = Group.objects.get_or_create(name="Administrator")
    role.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="indicators", codename__in=ADMINISTRATOR_PERMISSIONS
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0011_audit_roles_disclosure'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='release',
            options={'ordering': ['indicator', '-version'], 'permissions': [('approve_release', 'Can approve a release uploaded by someone else'), ('publish_release', 'Can publish or withdraw a release'), ('discard_release', "Can discard anyone's draft release, not only their own")]},
        ),
        migrations.RunPython(uploaders_recorded, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='release',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), ('uploaded_by__isnull', False), _connector='OR'), name='release_uploader_recorded', violation_error_message='Only a draft can lack its uploader: the four-eyes rule needs to know who uploaded a release.'),
        ),
        migrations.RunPython(administrators_discard, migrations.RunPython.noop),
    ]
