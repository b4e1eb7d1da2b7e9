"""GOV.UK error pages for 400, 403, 404, 500 and 503, with the Content Security Policy intact."""

from __future__ import annotations

import logging
import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.template.loader import render_to_string
from django.test import Client

from missions.models import Mission
from tests import factories

URLS = pytest.mark.urls("tests.config.urls")


def _is_govuk_page(html: str) -> bool:
    return (
        '<html lang="en-GB" class="govuk-template">' in html
        and 'class="govuk-header"' in html
        and "vendor/govuk-frontend/govuk-frontend.min.css" in html
    )


def _inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>", html)


def _title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return match.group(1).strip()


# --- 404 ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/indicators/no-such-indicator/", "/missions/no-such-mission/"])
def test_an_unknown_slug_is_the_govuk_page_not_found(client, url):
    factories.indicator(slug="child-poverty")
    Mission.objects.create(slug="opportunity", title="Break down barriers to opportunity")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert _is_govuk_page(html)
    assert _title(html) == "Page not found – Equality outcomes dashboard"
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "If you typed the web address, check it is correct." in html
    assert _inline_scripts(html) == []
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_an_unpublished_indicator_is_not_found_and_its_name_is_not_shown(client):
    factories.indicator(slug="embargoed", title="Embargoed indicator")
    response = client.get("/indicators/embargoed/")
    assert response.status_code == 404
    assert "Embargoed indicator" not in response.content.decode()


# --- 500 ---------------------------------------------------------------------------------------


@URLS
def test_a_failing_view_is_the_standalone_govuk_500_page(settings):
    """No database here (pytest-django refuses it): the page needs neither data nor context."""
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/test/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert _is_govuk_page(html)
    assert "Sorry, there is a problem with the service" in html
    assert "Try again later." in html
    assert "<script" not in html
    assert "A bug in a view" not in html
    assert "Content-Security-Policy" in response


def test_the_500_page_renders_without_any_context():
    html = render_to_string("500.html")
    assert _is_govuk_page(html)
    assert "{%" not in html


# --- 503 ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after(client, caplog):
    refused = OperationalError("connection to server failed: Connection refused")
    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused),
        caplog.at_level(logging.ERROR, logger="config.middleware"),
    ):
        response = client.get("/indicators/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert _is_govuk_page(html)
    assert "Sorry, the service is unavailable" in html
    assert "<script" not in html
    assert "Content-Security-Policy" in response
    [record] = [r for r in caplog.records if r.name == "config.middleware"]
    assert record.getMessage() == "Database unavailable while serving GET /indicators/"
    assert record.exc_info
    assert record.exc_info[1] is refused


@URLS
def test_a_lost_database_connection_is_a_503_too(client):
    response = client.get("/test/connection-lost/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


# --- 403 ---------------------------------------------------------------------------------------


@URLS
def test_permission_denied_is_the_govuk_403_page(client):
    response = client.get("/test/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert _is_govuk_page(html)
    assert "You do not have permission to view this page" in html
    assert _inline_scripts(html) == []


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_is_the_govuk_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="203.0.113.7"
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert _is_govuk_page(html)
    assert "Sorry, your form could not be sent" in html
    assert "Go back, reload the page and try again." in html
    assert _inline_scripts(html) == []


# --- 400 ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_request_is_the_govuk_400_page(client):
    response = client.get("/indicators/?q=%00")
    html = response.content.decode()
    assert response.status_code == 400
    assert _is_govuk_page(html)
    assert _title(html) == "There is a problem with the web address – Equality outcomes dashboard"
    assert _inline_scripts(html) == []
    assert "Content-Security-Policy" in response
