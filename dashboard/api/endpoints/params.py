"""What every operation shares: its query parameters, its errors and the moment it answers for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from django.utils import timezone
from ninja import Query
from ninja.errors import HttpError
from pydantic import Field

from dashboard.api import schemas
from dashboard.opendata.http import last_published
from indicators import selectors
from indicators.models import Indicator

SLUG = r"^[-a-zA-Z0-9_]{1,80}$"
GSS = r"^[EKNSW][0-9]{8}$"
#: The most observations one page holds.
MAX_LIMIT = 1000
ERRORS: dict[int, Any] = {400: schemas.Problem, 404: schemas.Problem}

#: A slug in the path, e.g. /missions/{slug}.
PathSlug = Annotated[str, Field(pattern=SLUG)]
AsAt = Annotated[
    dt.datetime | None,
    Query(
        None,
        description="Answer as the data stood at this moment (ISO 8601, e.g. "
        "2025-03-31T23:59:59Z; without an offset, UK time). Releases published later are "
        "left out; a moment in the future is taken as now. Default: now.",
    ),
]
IndicatorSlug = Annotated[
    str | None, Query(None, pattern=SLUG, description="An indicator's slug, e.g. pay-gap-sex.")
]
CharacteristicSlug = Annotated[
    str | None, Query(None, pattern=SLUG, description="A characteristic's slug, e.g. sex.")
]
GroupSlug = Annotated[
    str | None,
    Query(None, pattern=SLUG, description="A group's slug within the characteristic."),
]
GeographyCode = Annotated[
    str | None, Query(None, pattern=GSS, description="A GSS code, e.g. E92000001.")
]
PeriodFrom = Annotated[
    dt.date | None, Query(None, description="Periods starting on or after this date.")
]
PeriodTo = Annotated[
    dt.date | None, Query(None, description="Periods ending on or before this date.")
]


T = TypeVar("T")


class BadRequest(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


class NotFound(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


def first_or_404(found: Sequence[T], missing: str) -> T:
    """The first of ``found``, or a 404 that says ``missing``."""
    if not found:
        raise NotFound(missing)
    return found[0]


def moment(as_at: dt.datetime | None) -> dt.datetime:
    """The moment to answer for: ``as_at`` if it is in the past; otherwise (none given, or in
    the future) the publication time of the newest visible release, which shows the same data
    as now and, unlike now, is the same on every request (so ETags hold)."""
    now = timezone.now()
    if as_at is not None:
        try:
            aware = timezone.make_aware(as_at) if timezone.is_naive(as_at) else as_at
            as_at = aware.astimezone(dt.UTC)
        except (OverflowError, ValueError) as error:
            raise BadRequest(f"as_at {as_at.isoformat()} is not a usable moment.") from error
    if as_at is not None and as_at < now:
        return as_at
    return last_published(at=now) or now


def department_record(department: Any) -> dict[str, str]:
    """A department as the API shows it: slug, name, abbreviation and web address."""
    return {field: getattr(department, field) for field in ("slug", "name", "abbreviation", "url")}


def indicator_or_400(slug: str, *, at: dt.datetime) -> Indicator:
    found = selectors.indicator_get(slug=slug, at=at)
    if found is None:
        raise BadRequest(
            f"No indicator '{slug}' was published at that time. GET /api/v1/indicators lists "
            "the published ones."
        )
    return found
