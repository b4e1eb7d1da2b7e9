"""Settings read from the environment fail loudly; the database is PostgreSQL only; the secret
key never comes from the code; production settings pass ``check --deploy``."""

from __future__ import annotations

import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.database import database_settings
from config.env import env_bool, env_int, env_list, env_proxy_ssl_header, env_str
from config.secret_key import secret_key


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


# --- The secret key: from the environment, never from the code ---------------------------------

ROOT = Path(__file__).resolve().parents[2]
# Every variable config/settings.py reads: subprocesses start from a clean slate.
SETTINGS_VARIABLES = {
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "TESTING",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_MINUTES",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by tests/conftest.py for the browser tests only
}
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "equality-dashboard.example.gov.uk",
    # Never connected to: `check` runs no database checks unless asked to.
    "DATABASE_URL": "postgres://dashboard:unused@db.internal:5432/dashboard",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_the_environment_key_comes_first(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SECRET_KEY", "k" * 60)
    assert secret_key(local_key_file=tmp_path / "secret_key", ephemeral=True) == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_tests_get_a_fresh_random_key_and_write_nothing(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(local_key_file=tmp_path / "secret_key", ephemeral=True)
    second = secret_key(local_key_file=tmp_path / "secret_key", ephemeral=True)
    assert first != second
    assert len(first) >= 50
    assert not (tmp_path / "secret_key").exists()


def test_local_use_makes_a_key_once_readable_by_its_owner_only(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    path = tmp_path / "var" / "secret_key"
    first = secret_key(local_key_file=path, ephemeral=False)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(local_key_file=path, ephemeral=False) == first
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]


def test_a_damaged_local_key_file_is_refused_not_used(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    path = tmp_path / "secret_key"
    path.write_text("short\n")
    with pytest.raises(ImproperlyConfigured, match="delete it"):
        secret_key(local_key_file=path, ephemeral=False)


def test_production_without_a_key_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY: it is required when DATABASE_URL"):
        secret_key(local_key_file=None, ephemeral=False)


def test_manage_py_works_locally_with_neither_secret_key_nor_debug_set():
    """The README's commands run as written: no SECRET_KEY, no DEBUG, the embedded database."""
    result = _manage("check", env={})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    key_file = ROOT / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_manage_py_with_database_url_but_no_secret_key_names_the_variable():
    result = _manage("check", env={"DATABASE_URL": PRODUCTION["DATABASE_URL"]})
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


def test_the_secret_key_file_is_git_ignored():
    result = subprocess.run(["git", "check-ignore", "-q", "var/secret_key"], cwd=ROOT, check=False)
    assert result.returncode == 0


# --- Production settings ---------------------------------------------------------------------


def test_check_deploy_reports_nothing_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_without_the_https_opt_ins_check_deploy_says_what_is_missing():
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("SECURE_")}
    result = _manage("check", "--deploy", env=env)
    for warning in ("security.W004", "security.W008"):
        assert warning in result.stderr


def test_https_settings_are_off_unless_opted_in():
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = _manage("shell", "--no-imports", "-c", script, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "0", "False", "False", "None"]


def test_https_settings_follow_the_environment():
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_PRELOAD, *s.SECURE_PROXY_SSL_HEADER)"
    )
    result = _manage("shell", "--no-imports", "-c", script, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


@pytest.mark.parametrize(
    "raw", ["X-Forwarded-Proto", "x-forwarded-proto", "HTTP_X_FORWARDED_PROTO"]
)
def test_the_proxy_ssl_header_is_named_as_the_proxy_sends_it(monkeypatch, raw):
    monkeypatch.setenv("PROXY_HEADER", raw)
    assert env_proxy_ssl_header("PROXY_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_bad_proxy_ssl_header_is_an_error(monkeypatch):
    monkeypatch.setenv("PROXY_HEADER", "X-Forwarded-Proto: https")
    with pytest.raises(ImproperlyConfigured, match="is not a header name"):
        env_proxy_ssl_header("PROXY_HEADER")


def test_no_proxy_header_is_trusted_by_default(monkeypatch):
    monkeypatch.delenv("PROXY_HEADER", raising=False)
    assert env_proxy_ssl_header("PROXY_HEADER") is None


def test_every_setting_read_from_the_environment_is_documented():
    read = set(
        re.findall(r'env_\w+\(\s*"([A-Z_]+)"', (ROOT / "config" / "settings.py").read_text())
    )
    read |= {"SECRET_KEY", "DATABASE_URL"}  # config/secret_key.py, config/database.py
    read -= {"TESTING"}  # set by the test tooling, not by a deployer
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    readme = set(re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "README.md").read_text(), re.M))
    assert read - example == set()
    assert read - readme == set()
