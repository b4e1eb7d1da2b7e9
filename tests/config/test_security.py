"""Pages are served with a Content Security Policy forbidding inline and third-party script."""

from __future__ import annotations

import re

import pytest

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
