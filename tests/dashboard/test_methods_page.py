"""/about/methods/: the page every "How we calculate this" link points at."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.dashboard.factories import data_set

pytestmark = pytest.mark.django_db


def test_every_methods_link_on_the_pages_has_its_anchor(client: Client) -> None:
    data = data_set(groups=5, periods=2, ordered=True)
    pages = [
        f"/indicators/{data.indicator.slug}/",
        f"/indicators/{data.indicator.slug}/?measure=gap",
        f"/characteristics/{data.characteristic.slug}/",
    ]
    anchors = {
        anchor
        for url in pages
        for anchor in re.findall(
            r'href="/about/methods/#([\w-]+)"', client.get(url).content.decode()
        )
    }

    methods = client.get("/about/methods/").content.decode()

    assert anchors >= {"gaps", "confidence-intervals", "inequality-measures"}
    assert [a for a in sorted(anchors) if f'id="{a}"' not in methods] == []
    assert "<h1" in methods


def test_the_methods_page_explains_how_indicator_pages_choose_and_write() -> None:
    client = Client()
    methods = client.get("/about/methods/").content.decode()

    for anchor in ("described-change", "gap-forms", "precision", "places", "calculated-areas"):
        assert f'id="{anchor}"' in methods, anchor
    assert "(not tested for significance)" in methods
    assert "(reference − group) ÷ reference × 100" in methods
