"""Where SECRET_KEY comes from. The code holds no key, not even a development one.

1. ``SECRET_KEY`` in the environment, always first.
2. Tests (``ephemeral``): a fresh random key per process; nothing is written.
3. Local use (DATABASE_URL unset, so the embedded development database): a random key made
   once into ``var/secret_key`` (mode 0600, git-ignored) and read back on every later start, so
   sessions survive restarts and ``manage.py createsuperuser`` works as the README shows it.
4. Otherwise (DATABASE_URL set, which is production): refuse to start until SECRET_KEY is set.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Django's own check (security.W009) asks for at least 50 characters.
MIN_LENGTH = 50


def secret_key(*, local_key_file: Path | None, ephemeral: bool) -> str:
    value = os.environ.get("SECRET_KEY", "").strip()
    if value:
        return value
    if ephemeral:
        return secrets.token_urlsafe(MIN_LENGTH)
    if local_key_file is not None:
        return local_secret_key(local_key_file)
    raise ImproperlyConfigured(
        "Set the environment variable SECRET_KEY: it is required when DATABASE_URL is set. "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )


def local_secret_key(path: Path) -> str:
    """The key in ``path``, made there first (readable by its owner only) if it is missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file with mode 0600; linking it into place is atomic and fails if
        # another process (make run starts two) got there first, so every process reads one key.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w") as file:
                file.write(secrets.token_urlsafe(MIN_LENGTH) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if len(key) < MIN_LENGTH:
        raise ImproperlyConfigured(
            f"{path} does not hold a usable secret key: delete it and a new one is made."
        )
    return key
