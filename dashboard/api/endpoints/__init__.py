"""The API's operations. Every one takes ``as_at`` and answers as the data stood then.

Modules, in the order the API lists their operations: ``overview`` (what the API offers),
``missions`` (missions and complex outcomes), ``catalogue`` (indicators, characteristics,
places, periods, releases) and ``figures`` (observations and gaps); ``params`` holds what they
share (query parameters, errors, the moment to answer for).
"""

from __future__ import annotations

from ninja import Router

from dashboard.api.endpoints import catalogue, figures, missions, overview

router = Router()
for part in (overview, missions, catalogue, figures):
    router.add_router("", part.router)

__all__ = ["router"]
