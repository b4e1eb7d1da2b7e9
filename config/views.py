"""Error responses that Django and django-axes build through a setting, in GOV.UK style."""

from __future__ import annotations

import json
import math
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (an old page, blocked cookies)."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def account_locked(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in refused after too many failures, right password or not."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        "page_title": "Sign in temporarily locked",
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "account_locked.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the GOV.UK 400 page, or for the API an RFC 9457 problem (JSON) it documents."""
    if request.path.startswith("/api/"):
        body = {
            "type": "about:blank",
            "title": "Bad request",
            "status": 400,
            "detail": f"The request cannot be read: {exception}." if exception else "Bad request.",
            "instance": request.path,
        }
        response = HttpResponse(
            json.dumps(body), status=400, content_type="application/problem+json"
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return defaults.bad_request(request, exception or Exception())
