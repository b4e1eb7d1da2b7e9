"""Board tests start with an empty page cache (the PDF of a signed-off review is cached)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
