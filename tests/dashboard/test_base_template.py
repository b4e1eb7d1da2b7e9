"""dashboard/base.html: the GOV.UK page template every page extends."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every start tag, and the text inside <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        # The document's <title> is the first; SVG icons have <title>s of their own.
        self._in_title = tag == "title" and not self.find("title")[1:]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if t == tag
            and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


def render(path: str = "/", **context: Any) -> str:
    request = RequestFactory().get(path)
    return render_to_string("dashboard/base.html", context, request=request)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_page_is_british_english_govuk_template() -> None:
    html = render()

    assert html.lstrip().startswith("<!DOCTYPE html>")
    (root,) = parse(html).find("html")
    assert root["lang"] == "en-GB"
    assert root["class"] == "govuk-template"


def test_skip_link_leads_to_main_content() -> None:
    page = parse(render())

    (skip,) = page.find("a", class_="govuk-skip-link")
    assert skip["href"] == "#main-content"
    assert page.find("main", id="main-content")


def test_no_inline_scripts() -> None:
    """The CSP has no 'unsafe-inline': every script is a file (JSON data blocks aside)."""
    page = parse(render(has_charts=True))

    scripts = page.find("script")
    assert scripts
    for attrs in scripts:
        assert attrs.get("src") or attrs.get("type") == "application/json", attrs
    assert not [a for _, a in page.elements if "style" in a], "inline style attribute"
    assert not [a for _, a in page.elements if any(k.startswith("on") for k in a)]


def test_footer_states_open_government_licence() -> None:
    html = render()

    assert "All content is available under the" in html
    assert "Open Government Licence v3.0</a>, except where otherwise stated" in html
    assert parse(html).find(
        "a", href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )


def test_title_names_page_then_service() -> None:
    assert parse(render()).title == "Equality outcomes dashboard"
    assert (
        parse(render(page_title="Indicators")).title == "Indicators – Equality outcomes dashboard"
    )


def test_htmx_requests_carry_csrf_token() -> None:
    (body,) = parse(render()).find("body")

    assert body["hx-headers"] is not None
    assert body["hx-headers"].startswith('{"X-CSRFToken": "')
    assert body["hx-headers"] != '{"X-CSRFToken": ""}'


def test_assets_are_served_by_the_app() -> None:
    page = parse(render(has_charts=True))

    urls = [a["src"] for a in page.find("script")] + [a["href"] for a in page.find("link")]
    assert urls
    for url in urls:
        assert url is not None
        assert not url.startswith(("http:", "https:", "//")), url
    scripts = [a["src"] or "" for a in page.find("script")]
    assert any(s.endswith("vendor/plotly/plotly-basic.min.js") for s in scripts)
    assert any(s.endswith("dashboard/charts.js") for s in scripts)
    assert any("django_htmx/htmx-2" in s for s in scripts)
    (init,) = [a for a in page.find("script") if (a["src"] or "").endswith("dashboard/init.js")]
    assert init["type"] == "module"


def test_plotly_loaded_only_on_chart_pages() -> None:
    assert "plotly-basic.min.js" not in render()
    assert "charts.js" not in render()


@pytest.mark.parametrize(
    ("nav", "path", "href", "current"),
    [
        ("missions", "/", "/", "page"),
        ("indicators", "/indicators/", "/indicators/", "page"),
        ("indicators", "/indicators/pupils-fsm/", "/indicators/", "true"),
        ("characteristics", "/characteristics/", "/characteristics/", "page"),
        ("departments", "/departments/", "/departments/", "page"),
        ("releases", "/releases/", "/releases/", "page"),
        ("methods", "/about/methods/", "/about/methods/", "page"),
    ],
)
def test_service_navigation_marks_current_section(
    nav: str, path: str, href: str, current: str
) -> None:
    links = parse(render(path, nav=nav)).find("a", class_="govuk-service-navigation__link")

    marked = [a for a in links if "aria-current" in a]
    assert [(a["href"], a["aria-current"]) for a in marked] == [(href, current)]


def test_service_navigation_links() -> None:
    links = parse(render()).find("a", class_="govuk-service-navigation__link")

    # The service name (links home), then Missions, Indicators, Characteristics, Departments,
    # Release calendar, Methods.
    assert [a["href"] for a in links] == [
        "/",
        "/",
        "/indicators/",
        "/characteristics/",
        "/departments/",
        "/releases/",
        "/about/methods/",
    ]
    assert not [a for a in links if "aria-current" in a]


def test_phase_banner_says_beta() -> None:
    html = render()

    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>' in html
