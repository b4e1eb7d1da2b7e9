"""The API's front door: what it offers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from dashboard.api import schemas
from dashboard.api.endpoints.params import ERRORS, AsAt, moment

router = Router()


@router.get(
    "/", response={200: schemas.Index, **ERRORS}, summary="What the API offers", url_name="index"
)
def index(request: HttpRequest, as_at: AsAt = None) -> dict[str, Any]:
    base = reverse("api-v1:index")
    names = ["missions", "outcomes", "indicators", "characteristics", "geographies"]
    names += ["periods", "releases", "observations", "gaps"]
    endpoints = {name: f"{base}{name}" for name in names}
    endpoints |= {"openapi": f"{base}openapi.json", "docs": f"{base}docs"}
    return {
        "title": "Equality outcomes dashboard API",
        "as_at": moment(as_at),
        "endpoints": endpoints,
    }
