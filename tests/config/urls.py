"""The project's URLs plus views that fail on purpose, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A bug in a view")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def connection_lost(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("test/broken/", broken),
    path("test/forbidden/", forbidden),
    path("test/connection-lost/", connection_lost),
    *project_urlpatterns,
]
