"""Every page type in Chromium: charts draw, filters update in place, no-JS works, axe is clean,
the keyboard reaches every filter, and the page weight stays in budget."""

from __future__ import annotations

import gzip
from typing import Any

import brotli
import pytest

from indicators.models import Characteristic, Indicator
from tests import factories
from tests.dashboard.factories import DataSet, data_set, mission_with_outcome

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_LOAD_BUDGET = 450 * 1024
HTMX_UPDATE_BUDGET = 30 * 1024


@pytest.fixture
def poverty() -> DataSet:
    data = data_set(
        indicator=factories.indicator(title="Relative poverty", slug="relative-poverty"),
        characteristic=factories.characteristic(
            name="Income quintile",
            slug="income",
            groups=[f"Quintile {i}" for i in range(1, 6)],
            is_ordered=True,
            kind=Characteristic.Kind.SOCIO_ECONOMIC,
        ),
        groups=5,
        periods=6,
        geographies=3,
        releases=2,
    )
    mission_with_outcome(
        data.indicator,
        slug="living-standards",
        title="Rising living standards",
        area=Indicator.Area.SOCIAL_SECURITY,
        lead_department=data.indicator.owner,
    )
    return data


def _production_size(page: Any, urls: list[str]) -> int:
    """What the page's responses weigh as production sends them to Chromium: static files
    brotli-compressed (whitenoise serves its precompressed .br files), the HTML gzipped.
    live_server sends everything uncompressed, so the sizes are worked out here."""
    total = 0
    for url in urls:
        body = page.request.get(url).body()
        total += len(brotli.compress(body) if "/static/" in url else gzip.compress(body, 6))
    return total


def _assert_charts_drawn(page: Any) -> None:
    charts = page.locator("[data-chart]")
    expected = charts.count()
    assert expected > 0
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=expected
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/indicators/",
        "/indicators/relative-poverty/",
        "/missions/opportunity/",
        "/characteristics/",
        "/characteristics/income/",
        "/about/methods/",
    ],
)
def test_page_has_no_console_errors_and_no_serious_axe_violations(
    poverty: DataSet, page: Any, console_errors: list[str], axe_check: Any, path: str
) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-chart]").count():
        _assert_charts_drawn(page)

    axe_check(page)
    assert console_errors == []


def test_indicator_page_draws_every_chart_within_budget(
    poverty: DataSet, page: Any, transfer_size: Any
) -> None:
    page.goto("/indicators/relative-poverty/")
    _assert_charts_drawn(page)

    assert page.locator("#chart-sii .main-svg").count() > 0
    urls = list(transfer_size(page, by_url=True))
    assert _production_size(page, urls) <= FIRST_LOAD_BUDGET


def test_filter_updates_chart_and_url_without_reload(
    poverty: DataSet, page: Any, console_errors: list[str]
) -> None:
    page.goto("/indicators/relative-poverty/")
    _assert_charts_drawn(page)
    page.evaluate("window.__sameDocument = true")

    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as info:
        page.get_by_label("North East").check()
    response = info.value
    page.wait_for_url("**geography=E12000001**")
    _assert_charts_drawn(page)

    assert page.evaluate("window.__sameDocument === true")
    traces = page.evaluate("document.getElementById('chart-trend').data.map(t => t.name)")
    assert "Quintile 1 – North East" in traces
    # The budget is for compressed bytes; HTML is gzip-compressed in front of the app.
    assert len(gzip.compress(response.body(), 6)) <= HTMX_UPDATE_BUDGET

    page.reload()
    _assert_charts_drawn(page)
    assert page.get_by_label("North East").is_checked()
    assert page.evaluate("document.getElementById('chart-trend').data.map(t => t.name)") == traces
    assert console_errors == []


def test_back_button_restores_the_previous_view(poverty: DataSet, page: Any) -> None:
    page.goto("/indicators/relative-poverty/")
    _assert_charts_drawn(page)
    page.get_by_label("Gap to reference group (difference)").check()
    page.wait_for_url("**measure=gap**")

    page.go_back()
    page.wait_for_url("**/indicators/relative-poverty/")
    _assert_charts_drawn(page)

    assert page.get_by_label("Value", exact=True).is_checked()


def test_without_javascript_table_and_form_work(poverty: DataSet, no_js_page: Any) -> None:
    page = no_js_page
    page.goto("/indicators/relative-poverty/")

    assert page.locator("#data-table tbody tr").count() == 6 * 5
    page.get_by_label("From", exact=True).select_option("2004")
    page.get_by_role("button", name="Update view").click()
    page.wait_for_url("**start=2004**")

    assert page.locator("#data-table tbody tr").count() == 2 * 5
    assert page.locator("[data-chart-download]:visible").count() == 0


def test_keyboard_reaches_and_operates_every_filter(poverty: DataSet, page: Any) -> None:
    page.goto("/indicators/relative-poverty/")
    _assert_charts_drawn(page)
    controls = set(
        page.eval_on_selector_all(
            "#indicator-view form input, #indicator-view form select, #indicator-view form button",
            "els => els.map(e => e.id || e.textContent.trim())",
        )
    )
    reached = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        )
    # Radios are one tab stop: the checked one.
    radios = {c for c in controls if c.startswith("measure-")}
    assert controls - radios - reached == set()

    page.focus("#group-g2")
    page.keyboard.press("Space")
    page.wait_for_url("**group=**")
    assert not page.locator("#group-g2").is_checked()
    assert page.evaluate("document.activeElement.id") == "group-g2"
