"""Issue #9 as a new user tries it, on the demo data built from the real files: the pages say
what an indicator says within the first screen, in the breakdown its title names, for a named
place, to the source's precision, with the gap as it is published; search finds indicators by
the words people use.

live_server's transactional tests empty the database after each test, so the demo data is
loaded once per test and each test checks several pages. Emptying it also removes the search
synonyms a migration adds, so the fixture puts them back.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from indicators.models import SearchSynonym
from tests.browser.conftest import collect_console_errors

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    migration = importlib.import_module(
        "indicators.migrations.0001_squashed_0012_release_uploader_recorded"
    )
    for term, expansion in migration.SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansion": expansion})
    call_command("load_demo", stdout=open(tmp_path / "load_demo.log", "w"))  # noqa: SIM115


def _open(page: Any, path: str) -> None:
    page.goto(path)
    _wait_for_charts(page)


def _wait_for_charts(page: Any) -> None:
    """Wait until Plotly has drawn every chart the page holds."""
    charts = page.locator("[data-chart]").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=charts
    )


def _listen(page: Any, event: str) -> None:
    """Note the next time ``event`` reaches the document (for :func:`_wait_for_event`)."""
    page.evaluate(
        """name => {
            window.heard = window.heard || {};
            window.heard[name] = false;
            document.addEventListener(name, () => { window.heard[name] = true; }, {once: true});
        }""",
        event,
    )


def _wait_for_event(page: Any, event: str) -> None:
    """Wait until ``event`` has reached the document since :func:`_listen` (its handlers, the
    page's own among them, have then run)."""
    page.wait_for_function("name => window.heard[name] === true", arg=event)


def _top(page: Any, selector: str) -> float:
    return float(
        page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().top + scrollY")
    )


def test_the_pages_say_it_within_the_first_screen(demo: None, page: Any) -> None:
    errors = collect_console_errors(page)
    page.set_viewport_size(WIDE)

    # The gender pay gap opens on sex, with the gap as ONS publishes it: a percentage.
    _open(page, "/indicators/pay-gap-sex/")
    assert page.locator("#characteristic").input_value() == "sex"
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("In 2021 in the United Kingdom, mean hourly earnings were")
    assert "% lower than for males; the gap narrowed from" in summary
    assert "(not tested for significance)" in summary
    assert "Percentage gap to Male" in page.locator("#chart-gap-title").inner_text()
    # The summary and the first chart are on the first screen.
    assert _top(page, "#summary") < _top(page, "#chart-trend") < WIDE["height"] - 200

    # Attainment at 19 shows England, calculated from the local authorities: not Hartlepool.
    _open(page, "/indicators/attainment-age-19-fsm/")
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("In 2022 in England (calculated from local authority figures),")
    assert "Hartlepool" not in summary
    assert page.get_by_label(
        "England (calculated from local authority figures)", exact=True
    ).is_checked()
    assert page.locator("#calculated-note").is_visible()
    assert _top(page, "[data-chart]") < WIDE["height"]

    # Hate crime keeps the decimals its source publishes: 0.04%, not 0.0%.
    _open(page, "/indicators/hate-crime-victims/?characteristic=age")
    assert "0.04" in page.locator("#latest-table, #data-table").first.inner_text()
    assert "0.0%" not in page.locator("#indicator-view").inner_text()

    # On a phone: title, summary, chart, then the filters.
    page.set_viewport_size(PHONE)
    _open(page, "/indicators/pay-gap-sex/")
    title, summary_top = _top(page, "h1"), _top(page, "#summary")
    chart, filters = _top(page, "#chart-trend"), _top(page, ".app-view__filters")
    assert title < summary_top < chart < filters
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    assert errors == []


def test_search_finds_indicators_by_the_words_people_use(demo: None, page: Any) -> None:
    page.set_viewport_size(WIDE)
    page.goto("/")
    for words in ("free school meals", "FSM", "child poverty"):
        page.goto("/")
        box = page.get_by_label("Search indicators, missions and groups")
        box.fill(words)
        box.press("Enter")
        page.wait_for_url("**/search/?q=**")
        found = page.locator("#indicators-found + ul a")
        assert found.count() > 0, words
    # Keyboard: the first result is a tab away from the box.
    page.get_by_label("Search indicators, missions and groups").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.app-search-results') !== null")


def test_without_javascript_charts_give_way_to_their_figures(demo: None, no_js_page: Any) -> None:
    no_js_page.set_viewport_size(WIDE)
    no_js_page.goto("/indicators/pay-gap-sex/")

    fallback = no_js_page.locator("#chart-trend-section .app-chart-fallback")
    assert fallback.is_visible()
    assert "Female" in fallback.inner_text()
    assert "This chart needs JavaScript, so its figures are shown as a table instead." in (
        no_js_page.locator("#chart-trend-section").inner_text()
    )
    no_js_page.goto("/search/?q=FSM")
    assert no_js_page.locator("#indicators-found").is_visible()


def test_no_console_error_after_swaps_and_back(demo: None, page: Any) -> None:
    errors = collect_console_errors(page)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    _open(page, "/indicators/pay-gap-sex/")
    for measure, label in (
        ("gap", "Gap to reference group (difference)"),
        ("ratio", "Gap to reference group (ratio)"),
    ):
        # htmx pushes the new address before it swaps the answer in, and starts the new
        # content's components and charts as it settles: wait for the settling, not the URL.
        _listen(page, "htmx:afterSettle")
        with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
            page.get_by_label(label).check()
        page.wait_for_url(f"**measure={measure}**")
        _wait_for_event(page, "htmx:afterSettle")
        _wait_for_charts(page)
    # Back: htmx puts the saved page back and fires htmx:historyRestore, on which the page
    # starts its components again (dashboard/init.js); its charts are drawn as it settles.
    _listen(page, "htmx:historyRestore")
    page.go_back()
    page.wait_for_url("**measure=gap**")
    _wait_for_event(page, "htmx:historyRestore")
    _wait_for_charts(page)

    assert errors == []
    assert [m for m in messages if "already initialised" in m] == []
    # Components of the restored page work: every GOV.UK root is started.
    assert page.evaluate(
        "[...document.querySelectorAll('[data-module]')]"
        ".every(e => e.hasAttribute('data-' + e.dataset.module + '-init'))"
    )
