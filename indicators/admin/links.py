"""The admin pages that import results point to, as the analyst reads them.

The pipeline knows no addresses: an error about a release (the one a repeated file was uploaded
as) carries the release's id, and ``linked`` ends its "what to do" with the release's page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.urls import reverse

from indicators.imports.types import RowError


def release_change_url(release_id: int) -> str:
    return reverse("admin:indicators_release_change", args=[release_id])


def linked(errors: Iterable[RowError]) -> list[RowError]:
    """The errors with the page of each release they are about written into their action."""
    return [
        error
        if error.release_id is None
        else replace(
            error,
            action=f"{error.action}: {release_change_url(error.release_id)}",
            release_id=None,
        )
        for error in errors
    ]
