"""Script payloads in every user-supplied string stay text: pages, Plotly labels, htmx swaps.

Titles, the subject phrase, group labels, a characteristic's name, release notes and
methodology all carry payloads; Chromium opens every page that shows them, with the site's
real Content Security Policy, and nothing runs: no dialog, no injected element, no handler.
(Spreadsheets are covered in tests/opendata: no cell is a formula.)
"""

from __future__ import annotations

from typing import Any

import pytest

from missions.models import ComplexOutcome, Mission
from tests import factories
from tests.dashboard.factories import link, published_release

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = [
    '<img src=x id=xss-img onerror="window.__xss=1">',
    '<script id="xss-script">window.__xss=2</script>',
    '<a id="xss-link" href="javascript:window.__xss=3">link</a>',
    '"><svg id="xss-svg" onload="window.__xss=4">',
    "<b onmouseover=window.__xss=5>bold</b>",
]


@pytest.fixture
def hostile() -> str:
    payload = " ".join(PAYLOADS)
    characteristic = factories.characteristic(
        name=f"Trait {PAYLOADS[3]}",
        slug="trait",
        groups=[f"Group A {PAYLOADS[0]}", f"Group B {PAYLOADS[2]}", f"Group C {PAYLOADS[4]}"],
    )
    indicator = factories.indicator(
        slug="hostile",
        title=f"Hostile {PAYLOADS[0]} {PAYLOADS[1]}",
        short_title=f"Short {PAYLOADS[1]}",
        measures=f"Measures {payload}",
        methodology=f"Method {payload}",
        source_dataset=f"Dataset {PAYLOADS[3]}",
        unit=f"% {PAYLOADS[0]}",
    )
    link(indicator, characteristic)
    england = factories.geography()
    groups = list(characteristic.groups.order_by("display_order"))
    rows = [
        {
            "period": factories.period(year),
            "geography": england,
            "group_a": group,
            "value": 20.0 + i + j,
            "lower": 19.0 + i + j,
            "upper": 21.0 + i + j,
        }
        for i, year in enumerate(range(2018, 2023))
        for j, group in enumerate([None, *groups])
    ]
    published_release(indicator=indicator, rows=rows, note=f"Note {payload}")
    mission = Mission.objects.create(slug="opportunity", title=f"Mission {PAYLOADS[4]}")
    outcome = ComplexOutcome.objects.create(
        mission=mission,
        slug="outcome",
        title=f"Outcome {PAYLOADS[2]}",
        description=f"Description {payload}",
        area=indicator.area,
        lead_department=indicator.owner,
    )
    outcome.indicators.add(indicator)
    return indicator.slug


def _assert_inert(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    for selector in ("#xss-img", "#xss-script", "#xss-link", "#xss-svg", "b[onmouseover]"):
        assert page.locator(selector).count() == 0, selector
    # Plotly draws labels as SVG: no link of theirs may point at script either.
    assert (
        page.evaluate(
            """() => [...document.querySelectorAll('a')].filter(a =>
            (a.getAttribute('href') || a.getAttribute('xlink:href') || '')
                .trim().toLowerCase().startsWith('javascript:')).length"""
        )
        == 0
    )
    page.mouse.move(400, 300)
    assert page.evaluate("() => window.__xss") is None


def test_payloads_never_run_on_any_page(hostile: str, csp_page: Any, live_server: Any) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    csp_page.on("dialog", on_dialog)
    for path in (
        "/",
        "/missions/opportunity/",
        "/indicators/",
        f"/indicators/{hostile}/",
        f"/indicators/{hostile}/?measure=ratio",
        "/characteristics/",
        "/characteristics/trait/",
    ):
        csp_page.goto(live_server.url + path)
        _assert_inert(csp_page)
    # Through an htmx swap too: change the view in place.
    csp_page.goto(f"{live_server.url}/indicators/{hostile}/")
    boxes = csp_page.locator("input[type=checkbox][name=group]")
    if boxes.count():
        boxes.first.uncheck()
        csp_page.wait_for_timeout(500)
    _assert_inert(csp_page)
    # The payloads arrived as text: the page shows them literally.
    assert "Hostile <img src=x" in csp_page.locator("h1").inner_text()
    assert dialogs == []
