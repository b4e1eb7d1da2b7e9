"""Requests the dashboard cannot serve get a clear GOV.UK error page, never a 500.

- ``MalformedRequestMiddleware``: a path holding control characters (NUL above all: PostgreSQL
  refuses it in text), or a query string that is not UTF-8, holds control characters or has
  over-long names or values, is a 400.
- ``DatabaseUnavailableMiddleware``: a view that cannot reach the database answers 503 with
  Retry-After, and the failure is logged.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import get_resolver, get_urlconf
from django.utils.cache import add_never_cache_headers

security_logger = logging.getLogger("django.security.MalformedRequest")
logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again when the database is unavailable.
RETRY_AFTER_SECONDS = 30


class MalformedRequest(SuspiciousOperation):
    """The path or query string cannot be read as text the dashboard would accept."""


def _wsgi_text(value: str) -> str | None:
    """A WSGI environ value (its bytes carried as latin-1) read as UTF-8; None if it is not."""
    try:
        raw = value.encode("iso-8859-1")
    except UnicodeEncodeError:
        return value  # already decoded text (ASGI)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _has_control_character(text: str) -> bool:
    return any(unicodedata.category(character) == "Cc" for character in text)


def request_problem(request: HttpRequest) -> str | None:
    """What is wrong with the request's path or query string, or None when nothing is."""
    # Django has already read the path as UTF-8, re-escaping bytes that are not (so those reach
    # the 404 page); what it cannot catch is a control character.
    if _has_control_character(request.path_info):
        return "the path holds a control character"
    query = _wsgi_text(request.META.get("QUERY_STRING", ""))
    if query is None:
        return "the query string is not UTF-8"
    try:
        pairs = parse_qsl(
            query,
            keep_blank_values=True,
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except UnicodeDecodeError:
        return "a query string escape is not UTF-8"
    except ValueError:
        return "the query string has too many fields"
    longest = settings.QUERY_VALUE_MAX_LENGTH
    for name, value in pairs:
        if _has_control_character(name) or _has_control_character(value):
            return "a query string name or value holds a control character"
        if len(name) > longest or len(value) > longest:
            return f"a query string name or value is longer than {longest} characters"
    return None


class MalformedRequestMiddleware:
    """Answers 400 (the project's 400 page) before a view sees an unreadable path or query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = request_problem(request)
        if problem is None:
            return self.get_response(request)
        # One line, no traceback: scanners send these all day.
        security_logger.warning("Bad request to %r: %s.", request.path, problem)
        urlconf = getattr(request, "urlconf", None) or get_urlconf()
        # handler400 takes the exception too (django-stubs types only the 500 handler's call).
        handler: Callable[..., HttpResponse] = get_resolver(urlconf).resolve_error_handler(400)
        return handler(request, MalformedRequest(problem))


class DatabaseUnavailableMiddleware:
    """Turns a lost or refused database connection into a 503 page with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable while serving %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        # Rendered without the request: no context processor may touch the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
