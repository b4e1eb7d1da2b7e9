"""Shared fixtures.

The database is PostgreSQL, always: the embedded server in var/postgres/ when DATABASE_URL is
unset, that server otherwise. pytest-django creates its test database there (its name comes
from TEST_DATABASE_NAME, default ``test_dashboard``).
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
