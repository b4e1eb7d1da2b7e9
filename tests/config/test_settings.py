"""Settings read from the environment fail loudly, and the database is PostgreSQL only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.database import database_settings
from config.env import env_bool, env_int, env_list, env_str


def test_a_missing_required_setting_names_the_variable(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env_str("SECRET_KEY")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True)])
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=not expected) is expected


def test_a_bad_boolean_is_an_error_not_a_default(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", default=False)


def test_a_bad_number_is_an_error(monkeypatch):
    monkeypatch.setenv("PORT_NUMBER", "eighty")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("PORT_NUMBER", 8000)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_database_url_is_used_as_given_and_nothing_is_started(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db.internal:5433/dashboard")
    config = database_settings(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "dashboard")
    assert not (tmp_path / "var").exists()


def test_sqlite_is_refused(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="must point at PostgreSQL"):
        database_settings(tmp_path)


@pytest.mark.django_db
def test_the_tests_run_on_postgresql_15_or_newer():
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000


def test_without_database_url_the_settings_start_nothing(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_settings(tmp_path)
    assert config["ENGINE"] == "config.embedded_postgres"
    assert config["PGDATA"] == str(tmp_path / "var" / "postgres")
    assert not (tmp_path / "var").exists()


def test_importing_the_settings_and_checking_starts_no_database_server(tmp_path: Path):
    """``manage.py check`` and mypy's Django plugin import the settings: no server starts."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    script = (
        "import django, config.database as database; django.setup();"
        "from django.core.management import call_command; call_command('check');"
        "assert not database._uris, database._uris"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
