"""Django's PostgreSQL backend, plus: start the embedded server when a connection is opened.

Used when DATABASE_URL is unset (see ``config.database``). Everything else is Django's own
``django.db.backends.postgresql`` backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from config.database import embedded_socket_dir


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        if not self.settings_dict.get("HOST"):
            self.settings_dict["HOST"] = embedded_socket_dir(Path(self.settings_dict["PGDATA"]))
        params: dict[str, Any] = super().get_connection_params()
        return params
