"""HTTP caching shared by the downloads and the API: ETag, Last-Modified, 304, Cache-Control.

The ETag is a digest of the response body, so it changes whenever anything in it does (data,
or metadata edited in the admin); Last-Modified is when the newest release the response could
reflect was published. A conditional request that matches gets 304 Not Modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import cast

from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from indicators.models import Release

#: Seconds a browser or proxy may reuse a response before checking again (cheaply, with the
#: ETag): an embargoed release becomes public at most this long after its time.
MAX_AGE = 60


def last_published(*, at: dt.datetime | None = None) -> dt.datetime | None:
    """When the latest release visible at ``at`` was published (one query)."""
    found: dt.datetime | None = Release.objects.visible(at=at).aggregate(latest=Max("publish_at"))[
        "latest"
    ]
    return found


def conditional(
    request: HttpRequest,
    response: HttpResponseBase,
    *,
    last_modified: dt.datetime | None,
    max_age: int = MAX_AGE,
) -> HttpResponseBase:
    """``response`` with ETag, Last-Modified and Cache-Control, or 304 when the request's
    If-None-Match (or If-Modified-Since) matches. Errors are not stored."""
    if response.status_code == 200 and not response.streaming:
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'  # type: ignore[attr-defined]
        response["ETag"] = etag
        timestamp = last_modified.timestamp() if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=max_age)
        answer = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(timestamp) if timestamp is not None else None,
            response=cast(HttpResponse, response),
        )
        return answer or response
    elif response.status_code >= 400:
        patch_cache_control(response, no_store=True)
    return response
