"""Typed helpers that read settings from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """Django's SECURE_PROXY_SSL_HEADER from a header name such as ``X-Forwarded-Proto``.

    Unset means no proxy header is trusted. Set it only when a proxy in front of the app sets
    that header on every request (and strips it from what clients send): requests carrying it
    with the value ``https`` are then treated as secure.
    """
    value = os.environ.get(name, "").strip()
    if value == "":
        return None
    header = value.upper().replace("-", "_")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", header):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a header name: use, for example, X-Forwarded-Proto."
        )
    if not header.startswith("HTTP_"):
        header = f"HTTP_{header}"
    return (header, "https")
