"""The migrations: one squashed migration per app that a database made by the old chain takes as
applied, models that need no new migration, and the roles the migrations create."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from missions.roles import ROLES as BOARD_ROLES

pytestmark = pytest.mark.django_db

SQUASHED = {
    "indicators": "0001_squashed_0012_release_uploader_recorded",
    "missions": "0001_squashed_0005_review_guards",
}


def _migration(app_label: str):
    return importlib.import_module(f"{app_label}.migrations.{SQUASHED[app_label]}").Migration


def test_the_models_need_no_new_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(("app_label", "last"), [("indicators", 12), ("missions", 5)])
def test_each_app_has_one_migration_that_replaces_its_whole_old_chain(
    app_label: str, last: int
) -> None:
    executor = MigrationExecutor(connection)
    assert [key for key in executor.loader.disk_migrations if key[0] == app_label] == [
        (app_label, SQUASHED[app_label])
    ]
    replaces = _migration(app_label).replaces
    assert [int(name[:4]) for _, name in replaces] == list(range(1, last + 1))
    assert {label for label, _ in replaces} == {app_label}


def test_a_database_made_by_the_old_chain_has_nothing_to_apply() -> None:
    """Only the old names recorded (as an earlier checkout left them): the squash counts as
    applied, nothing runs, and ``migrate`` records the squashed names."""
    recorder = MigrationRecorder(connection)
    recorded = recorder.applied_migrations()
    for app_label, name in SQUASHED.items():
        assert set(_migration(app_label).replaces) <= set(recorded)
        recorder.migration_qs.filter(app=app_label, name=name).delete()
    executor = MigrationExecutor(connection)
    for app_label, name in SQUASHED.items():
        assert (app_label, name) in executor.loader.applied_migrations
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    executor.check_replacements()
    assert set(SQUASHED.items()) <= set(recorder.applied_migrations())


def test_the_roles_hold_exactly_the_permissions_the_migrations_give() -> None:
    release_roles = importlib.import_module(f"indicators.migrations.{SQUASHED['indicators']}").ROLES
    board_roles = importlib.import_module(f"missions.migrations.{SQUASHED['missions']}").ROLES
    assert board_roles == BOARD_ROLES
    expected = {
        **{role: {tuple(p) for p in permissions} for role, permissions in release_roles.items()},
        **{role: {tuple(p.split(".")) for p in ps} for role, ps in board_roles.items()},
    }
    held = {
        group.name: {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
        for group in Group.objects.filter(name__in=expected).prefetch_related(
            "permissions__content_type"
        )
    }
    assert held == expected
    assert ("indicators", "discard_release") in held["Administrator"]
    assert ("indicators", "approve_release") not in held["Analyst"]
