"""Paths and query strings the dashboard cannot read are a 400 (or 404) page, never a 500."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client

from missions.models import Mission
from tests.dashboard.factories import data_set

pytestmark = pytest.mark.django_db

LIMIT = settings.QUERY_VALUE_MAX_LENGTH

PAYLOADS = [
    "q=%00",  # NUL: PostgreSQL refuses it in text
    "q=child%00poverty",
    "%00=1",  # in a name
    "mission=%00",
    "characteristic=%00",
    "area=%01",
    "characteristic=%1b%5b31m",  # a terminal escape
    "q=%7f",
    "q=%c2%85",  # a C1 control character (NEL)
    "q=%ff",  # not UTF-8
    "q=%c3%28",
    "q=%ed%a0%80",  # an encoded surrogate
    "q=%e2%82",  # a truncated sequence
    "q=" + "a" * (LIMIT + 1),  # over-long value
    "a" * (LIMIT + 1) + "=1",  # over-long name
]


@pytest.fixture
def public_urls() -> list[str]:
    indicator = data_set().indicator
    mission = Mission.objects.create(slug="opportunity", title="Break down barriers")
    return ["/", "/indicators/", f"/indicators/{indicator.slug}/", f"/missions/{mission.slug}/"]


def test_the_public_urls_work_with_a_clean_query(client, public_urls):
    for url in public_urls:
        assert client.get(f"{url}?q=caf%C3%A9+%E2%80%93+ok").status_code == 200, url


@pytest.mark.parametrize("query", PAYLOADS)
def test_a_malformed_query_string_is_a_400_page_on_every_public_url(client, public_urls, query):
    for url in public_urls:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert "There is a problem with the web address" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/indicators/%00/", "/indicators/child%0apoverty/", "/missions/%09/", "/%7f"]
)
def test_a_path_with_a_control_character_is_a_400_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "There is a problem with the web address" in response.content.decode()


@pytest.mark.parametrize("path", ["/missions/%ff/", "/indicators/%c3%28/"])
def test_a_path_that_is_not_utf8_is_not_found(client, path):
    """Django itself re-escapes such bytes (%FF), so the path matches nothing: a 404 page."""
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_values_up_to_the_limit_and_ordinary_text_pass(client, public_urls):
    assert client.get("/indicators/?q=" + "é" * LIMIT).status_code == 200
    assert client.get("/indicators/?q=Black+Caribbean&area=&flag").status_code == 200


def test_raw_bytes_that_are_not_utf8_are_refused_too(public_urls):
    # What a server passes on for a query string sent without percent-escapes.
    response = Client().get("/indicators/", QUERY_STRING="q=\xff")
    assert response.status_code == 400


def test_too_many_fields_is_a_400(client, settings, public_urls):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    assert client.get("/indicators/?" + "&".join(["a=1"] * 11)).status_code == 400


def test_a_refusal_is_logged_in_one_line(client, caplog, public_urls):
    with caplog.at_level(logging.WARNING, logger="django.security.MalformedRequest"):
        client.get("/indicators/?q=%00")
    [record] = [r for r in caplog.records if r.name == "django.security.MalformedRequest"]
    assert record.getMessage() == (
        "Bad request to '/indicators/': a query string name or value holds a control character."
    )
    assert record.exc_info is None
