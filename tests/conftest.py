"""Shared fixtures.

The database is PostgreSQL, always: the embedded server in var/postgres/ when DATABASE_URL is
unset, that server otherwise. pytest-django creates its test database there (its name comes
from TEST_DATABASE_NAME, default ``test_dashboard``).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded release files go to a throwaway folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
