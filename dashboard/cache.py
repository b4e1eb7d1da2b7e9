"""What pages compute, cached under the releases the public may see, so no cache leaks data.

Every cached value is keyed by the page's own inputs (its slug and its filters as the page
parses them, :func:`filter_parts`: a junk parameter, a repeated one or another order of the
same ones share one entry, never the raw query string) and by
``indicators.selectors.release_visibility_fingerprint``: a digest of the id, status and
publish time of every visible release, read with one cheap query on each request. When an
embargoed release's publish time passes, or a release is published, superseded or withdrawn,
the fingerprint changes and every page is computed afresh: nothing needs clearing by hand,
and a value computed from one set of visible releases is never served under another.

A value is stored only when the fingerprint is the same after computing it as before: a
release whose publish time passed while the page was being computed would otherwise leave its
data under the key of the releases visible before, where a server whose clock is a moment
behind (sharing the cache) would serve it early.

Django's cache framework holds the values: with no ``CACHES`` setting that is a local-memory
cache in each app-server process, which keeps the servers stateless (each warms its own).
Production may point ``CACHES`` at a shared cache (Redis, Memcached) so that servers share
the work; the keys are safe to share.

An embargo preview (``dashboard.preview``) is computed as at a later time: its key holds the
fingerprint of the releases visible at that time and the time itself, and the caller adds the
preview's marker, so a preview is never served from, or stored under, a public key.

What the fingerprint does not cover (an indicator's title, a mission's wording, edited in the
admin) shows after at most ``TIMEOUT`` seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache

from indicators import selectors

#: Seconds a value lives: bounds how stale edited descriptive text (not data) can be.
TIMEOUT = 300
#: Bump when the shape of a cached value changes, so a deploy never reads old pickles.
VERSION = 4

T = TypeVar("T")
_MISSING = object()


def filter_parts(filters: Any) -> list[str]:
    """A page's typed filters (a dataclass, e.g. ``indicator_page.Requested``) as ``name=value``
    pairs, sets in sorted order: what the page shows, whatever else the query string holds."""
    parts = []
    for field in dataclasses.fields(filters):
        value = getattr(filters, field.name)
        if isinstance(value, (set, frozenset)):
            value = sorted(value)
        parts.append(f"{field.name}={json.dumps(value)}")
    return parts


def page_key(
    *, page: str, parts: Sequence[str], fingerprint: str, at: dt.datetime | None = None
) -> str:
    """A short cache key for one page view under one set of visible releases (those visible
    at ``at``, a preview's time, when given)."""
    inputs = json.dumps([page, list(parts), fingerprint, at.isoformat() if at else None])
    return f"page:{page}:{hashlib.sha256(inputs.encode()).hexdigest()}"


def page_data(
    *, page: str, parts: Sequence[str], compute: Callable[[], T], at: dt.datetime | None = None
) -> T:
    """``compute()``'s value for this page view, from the cache when the same releases are
    visible as when it was stored (one query to check), else computed and stored. ``at``: the
    page is computed as at that time (a preview), and keyed by what is visible then."""
    fingerprint = selectors.release_visibility_fingerprint(at=at)
    key = page_key(page=page, parts=parts, fingerprint=fingerprint, at=at)
    found = cache.get(key, _MISSING, version=VERSION)
    if found is not _MISSING:
        return found
    value = compute()
    if selectors.release_visibility_fingerprint(at=at) == fingerprint:
        cache.set(key, value, TIMEOUT, version=VERSION)
    return value
