"""Every page type on the real demo data: axe-core finds no serious or critical WCAG 2.2 A/AA
violation, the page reflows at 320 CSS pixels (WCAG 1.4.10: wide tables scroll inside their
own focusable region, never the page), and the console stays free of errors.

The demo data is what makes these pages wide: 25 ethnic groups, 34 age bands, 15
characteristics in the coverage matrix, long indicator titles. Loading it takes a few
seconds, and live_server's transactional tests empty the database after each test, so the
pages are visited in one test, which reports every failing page together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.conftest import AxeCheck, collect_console_errors

NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 900}

PAGES = [
    "/",
    "/missions/opportunity/",
    "/indicators/",
    "/indicators/pay-gap-ethnicity/?measure=value",
    "/indicators/pay-gap-ethnicity/?measure=gap",
    "/indicators/pay-gap-ethnicity/?measure=ratio",
    "/indicators/pay-gap-ethnicity/?characteristic=ethnicity&cross=sex",
    "/indicators/gcse-attainment-gap-fsm/",
    "/indicators/healthy-life-expectancy-deprivation/",
    "/indicators/pay-gap-sex/",
    "/indicators/attainment-age-19-fsm/",
    "/indicators/hate-crime-victims/",
    "/search/?q=free+school+meals",
    "/characteristics/",
    "/characteristics/ethnicity/",
    "/characteristics/ethnicity/?level=detailed",
    "/characteristics/age/",
    "/about/methods/",
    "/missions/opportunity/outcomes/education-attainment-gaps/",
    "/departments/",
    "/releases/",
]

#: Tables wider than the screen sit in a focusable region named by the table's caption.
_UNCONTAINED_WIDE_TABLES_JS = """() => [...document.querySelectorAll('table')]
    .filter(t => t.scrollWidth > document.documentElement.clientWidth)
    .filter(t => {
        const box = t.closest('.app-table-container');
        const caption = box && document.getElementById(box.getAttribute('aria-labelledby'));
        return !(box && box.tabIndex === 0 && box.getAttribute('role') === 'region'
                 && caption && t.contains(caption));
    })
    .map(t => t.id || t.className)"""


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open(tmp_path / "load_demo.log", "w"))  # noqa: SIM115


def _open(page: Any, path: str) -> None:
    page.goto(path)
    charts = page.locator("[data-chart]").count()
    if charts:
        page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=charts,
        )


def _problems(page: Any, path: str, axe_check: AxeCheck) -> list[str]:
    errors = collect_console_errors(page)
    _open(page, path)
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        problems.append(f"the page is {width} px wide at {NARROW['width']} px")
    uncontained = page.evaluate(_UNCONTAINED_WIDE_TABLES_JS)
    if uncontained:
        problems.append(f"wide tables outside a focusable, named region: {uncontained}")
    violations = axe_check(page, assert_clean=False)
    problems += [f"axe {v['id']} ({v['impact']}): {v['help']}" for v in violations]
    problems += errors
    return problems


def test_every_page_reflows_is_accessible_and_error_free(
    demo: None, page: Any, axe_check: AxeCheck
) -> None:
    page.set_viewport_size(NARROW)
    failures = {path: found for path in PAGES if (found := _problems(page, path, axe_check))}

    assert failures == {}


#: The group columns' names (each heading's first text, before its visually hidden words).
_GROUP_HEADINGS_JS = """() => [...document.querySelectorAll('#heat-table thead th')]
    .slice(2).map(th => th.querySelector('a').firstChild.textContent)"""


def test_heat_table_switches_to_detailed_groups_in_place(demo: None, page: Any) -> None:
    """With JavaScript the level choice swaps only the table and pushes the URL; the detailed
    table has the detailed groups with figures and none of the broad ones."""
    page.set_viewport_size(WIDE)
    page.goto("/characteristics/ethnicity/")
    broad = page.evaluate(_GROUP_HEADINGS_JS)
    page.evaluate("window.notReloaded = true")

    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_label("Detailed groups").check()
    page.wait_for_url("**level=detailed**")
    detailed = page.evaluate(_GROUP_HEADINGS_JS)

    assert broad == ["Asian", "Black", "Mixed", "White", "Other", "Unknown"]
    assert {"Indian", "Black Caribbean", "White British", "Unknown"} <= set(detailed)
    assert not {"Asian", "Black", "Mixed", "White", "Other"} & set(detailed)
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_text(
        "Gap to the reference group, latest period: detailed groups"
    ).is_visible()
