"""The NinjaAPI: OpenAPI 3.1, the docs page, HTTP caching, CORS and problem details.

- Every response carries an ETag (a digest of its body) and Last-Modified (when the newest
  release visible at the request's ``as_at`` was published), and a matching conditional
  request gets 304; ``Cache-Control: public, max-age=60``; errors are not stored.
- CORS: any origin may GET (no credentials: the API needs none).
- Errors are RFC 9457 problem details (``application/problem+json``): a bad filter is a 400
  that says which value is wrong and what would do, an unknown path or object a 404.
- The docs page is django-ninja's Swagger UI, served from the app's own static files (no
  CDN), with no inline script, so the site's Content Security Policy holds.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from dashboard.api.endpoints import router
from dashboard.opendata.http import conditional, last_published

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error"}


class DashboardAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``dashboard_api_endpoints_<view>``, whichever module of the endpoints package holds
        the view, so the published operation ids stay the same for generated clients."""
        return f"dashboard_api_endpoints_{operation.view_func.__name__}"

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema, with errors documented as ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_TYPE: content["application/json"]}
        return schema


def problem(request: HttpRequest, *, status: int, detail: str) -> HttpResponse:
    """An RFC 9457 problem details response."""
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)


def _validation_detail(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors:
        location = [str(p) for p in error.get("loc", ()) if p not in ("query", "path")]
        name = location[-1] if location else "request"
        value = error.get("input")
        shown = f" {value!r}" if isinstance(value, str | int | float) else ""
        parts.append(f"{name}{shown}: {error.get('msg', 'is not valid')}")
    hint = " as_at takes an ISO 8601 date-time such as 2025-03-31T23:59:59Z."
    text = "; ".join(parts) or "The request is not valid."
    return text + "." + (hint if "as_at" in text else "")


def http_caching(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ETag, Last-Modified, 304, Cache-Control and CORS on every API response."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return conditional(request, response, last_modified=last_published(at=_as_at(request)))

    return wrapped


def _as_at(request: HttpRequest) -> dt.datetime | None:
    """The request's as_at for Last-Modified (invalid ones were answered with a 400)."""
    raw = request.GET.get("as_at", "")
    try:
        value = parse_datetime(raw) if raw else None
    except ValueError:
        return None
    if value is None:
        return None
    try:
        value = (timezone.make_aware(value) if timezone.is_naive(value) else value).astimezone(
            dt.UTC
        )
    except (OverflowError, ValueError):
        return None
    return min(value, timezone.now())


api = DashboardAPI(
    title="Equality outcomes dashboard API",
    version="1",
    description=(
        "Read-only open data: missions, complex outcomes, indicators, characteristics and "
        "groups, places, periods, releases, figures and gaps between groups. No key is needed. "
        "Every operation takes as_at, an ISO 8601 date-time, and answers as the data stood "
        "then (a moment in the future is taken as now). Figures equal the downloads' and the "
        "pages'. Errors are RFC 9457 problem details."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": True}),
    docs_decorator=http_caching,
)
api.add_router("", router)
api.add_decorator(http_caching, mode="view")


@api.exception_handler(ValidationError)
def _bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(request, status=400, detail=_validation_detail(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, status=exc.status_code, detail=str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, status=404, detail=str(exc) or "Nothing is here.")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.get_full_path())
    return problem(request, status=500, detail="Something went wrong on our side.")
