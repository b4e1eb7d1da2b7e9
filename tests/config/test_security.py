"""Pages are served with a Content Security Policy forbidding inline and third-party script."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from tests import factories


@pytest.fixture
def response(client, db):
    factories.indicator(slug="child-poverty", title="Child poverty")
    return client.get("/indicators/")


def _directives(header: str) -> dict[str, list[str]]:
    parts = (item.strip().split() for item in header.split(";") if item.strip())
    return {name: values for name, *values in parts}


def test_scripts_come_only_from_the_dashboard_itself(response):
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_pages_contain_no_inline_script_or_third_party_asset(response):
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert re.findall(r"""\ssrc=["'](?:https?:)?//""", html) == []
    assert re.findall(r"""<link[^>]+href=["'](?:https?:)?//""", html) == []
    assert re.search(r"\son[a-z]+=", html) is None


def test_pages_may_not_be_framed(response):
    assert response["X-Frame-Options"] == "DENY"


def test_pages_send_referrer_and_opener_policies(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_http_only_and_same_site(client, db):
    get_user_model().objects.create_superuser(
        username="analyst", email="analyst@example.gov.uk", password="a long passphrase"
    )
    client.post(
        "/admin/login/",
        {"username": "analyst", "password": "a long passphrase", "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
