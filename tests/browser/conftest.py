"""Browser tests: Playwright for Python (pytest-playwright) driving Debian's Chromium.

Every test in tests/browser:

- is marked ``browser`` automatically (run only these with ``pytest -m browser``, skip them
  with ``-m "not browser"``);
- gets ``django_db(transaction=True)`` automatically unless it carries its own ``django_db``
  mark: the page is served by pytest-django's ``live_server`` from another thread, which sees
  only committed data, so rows a test creates must be committed, not kept in a rolled-back
  transaction. Write ``@pytest.mark.django_db(transaction=True)`` yourself if you want it
  visible in the test;
- talks to ``live_server``: ``base_url`` is the live server's URL (unless ``--base-url`` is
  given), so ``page.goto("/indicators/")`` works.

Chromium is Debian's (``apt-get install -y chromium``), never a Playwright download
(``playwright install`` cannot reach its host here). Its path is /usr/bin/chromium or
$CHROMIUM_PATH. Without it every browser test is SKIPPED with a message saying how to install
it; when CI=true it is an ERROR instead, so CI can never pass by skipping them.

Pages are opened with ``bypass_csp=True`` because axe-core is injected with a script tag,
which the site's Content Security Policy rightly blocks. Use ``csp_page`` (with
``csp_console_errors``) to test a page under its real CSP.

Fixtures (beyond pytest-playwright's ``page``, ``context``, ``browser``, ``new_context``):

- ``console_errors`` -> list[str]: console errors and uncaught exceptions of ``page``, live.
- ``axe_check`` -> ``check(page, *, context=None, disabled_rules=(), impacts=("serious",
  "critical"), assert_clean=True) -> list[dict]``: runs axe-core (WCAG 2.0/2.1/2.2 A and AA
  rules) and fails with a readable list of violations.
- ``no_js_page`` -> Page with JavaScript disabled (charts fall back to tables, forms to GET).
- ``csp_page`` -> Page with the CSP enforced; ``csp_console_errors`` -> its console errors.
- ``transfer_size`` -> ``measure(page, *, by_url=False) -> int | dict[str, int]``: bytes over
  the wire for the document and every resource (Resource Timing ``transferSize``). Under
  ``live_server`` nothing is compressed, so these are uncompressed sizes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

# pytest-playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told this is safe (it is: the loop is idle).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe.min.js"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium floods a closed network with refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None if there is none."""
    configured = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if Path(configured).is_file() and os.access(configured, os.X_OK):
        return configured
    return shutil.which(configured)


def _missing_chromium_message() -> str:
    where = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    return (
        f"Chromium not found at {where}; install Debian's chromium "
        "(apt-get install -y chromium) or set CHROMIUM_PATH"
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _is_browser_test(item: pytest.Item) -> bool:
    return HERE in Path(item.path).resolve().parents


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: runs in a real Chromium through Playwright")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only this folder's: filter by path.
    skip = None
    if chromium_path() is None and not _in_ci():
        skip = pytest.mark.skip(reason=_missing_chromium_message())
    for item in items:
        if not _is_browser_test(item):
            continue
        item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True))
        if skip is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _chromium_required() -> None:
    """Fail loudly in CI (CI=true) when Chromium is missing; elsewhere the tests are skipped."""
    if chromium_path() is None:
        if _in_ci():
            pytest.fail(_missing_chromium_message() + " (CI=true: browser tests must run)")
        pytest.skip(_missing_chromium_message())


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = list(CHROMIUM_ARGS)
    if browser_type_launch_args.get("headless") is False:  # pytest --headed
        args.remove("--headless")
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path() or DEFAULT_CHROMIUM,
        "args": args,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        # axe-core goes in through a script tag, which a CSP without 'unsafe-inline' blocks.
        "bypass_csp": True,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture(autouse=True)
def _browser_live_server(live_server: Any) -> Any:
    """Every browser test runs against live_server.

    Having ``live_server`` in each test's fixture closure also makes pytest-django's own
    helper give the test transactional database access and add the server's host to
    ALLOWED_HOSTS for the duration of the test.
    """
    return live_server


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> str:
    """The live server's URL (or --base-url), so tests can write page.goto("/path/")."""
    given = pytestconfig.getoption("base_url", default=None)
    if given:
        return str(given)
    return str(request.getfixturevalue("live_server").url)


# --- console errors --------------------------------------------------------------------------


def collect_console_errors(page: Any) -> list[str]:
    """Start collecting console errors and uncaught page exceptions of ``page``."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            errors.append(f"console.error: {message.text}" + (f" ({where})" if where else ""))

    def on_page_error(error: Any) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of ``page`` so far (the list fills as it runs).

    Request this fixture before navigating: ``page.goto(...)`` then ``assert console_errors == []``.
    """
    return collect_console_errors(page)


# --- axe-core --------------------------------------------------------------------------------


def _format_violations(violations: Sequence[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation.get('id')} ({violation.get('impact')}): {violation.get('help')}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        nodes = violation.get("nodes", [])
        for node in nodes[:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary[:300]}")
        if len(nodes) > 10:
            lines.append(f"    ... and {len(nodes) - 10} more element(s)")
    return "\n".join(lines)


def run_axe(
    page: Any,
    *,
    context: str | dict[str, Any] | None = None,
    disabled_rules: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.x A/AA rules on ``page`` and return every violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }
    if disabled_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disabled_rules}
    result: list[dict[str, Any]] = page.evaluate(
        """async ([context, options]) =>
            (await window.axe.run(context === null ? document : context, options)).violations""",
        [context, options],
    )
    return result


AxeCheck = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def axe_check() -> AxeCheck:
    """``axe_check(page)`` fails the test on serious or critical WCAG 2.2 AA violations.

    Options: ``context`` (a CSS selector or an axe context dict; default the whole document),
    ``disabled_rules`` (axe rule ids to skip, say why in the test), ``impacts`` (which impacts
    count), ``assert_clean=False`` to get the filtered list back without failing.
    """

    def check(
        page: Any,
        *,
        context: str | dict[str, Any] | None = None,
        disabled_rules: Sequence[str] = (),
        impacts: Sequence[str] = BLOCKING_IMPACTS,
        assert_clean: bool = True,
    ) -> list[dict[str, Any]]:
        violations = [
            v
            for v in run_axe(page, context=context, disabled_rules=disabled_rules)
            if v.get("impact") in impacts
        ]
        if assert_clean and violations:
            raise AssertionError(_format_violations(violations, page.url))
        return violations

    return check


# --- other pages -----------------------------------------------------------------------------


@pytest.fixture
def no_js_page(new_context: Callable[..., Any]) -> Any:
    """A page in a context with JavaScript disabled (closed by pytest-playwright)."""
    return new_context(java_script_enabled=False).new_page()


@pytest.fixture
def csp_page(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    """A page that enforces the site's Content Security Policy (no bypass_csp)."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": False})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def csp_console_errors(csp_page: Any) -> list[str]:
    """Console errors of ``csp_page``, which include every CSP violation Chromium reports."""
    return collect_console_errors(csp_page)


# --- page weight -----------------------------------------------------------------------------

_TRANSFER_SIZES_JS = """() => {
    const sizes = {};
    for (const entry of performance.getEntriesByType('navigation')) {
        sizes[entry.name] = (sizes[entry.name] || 0) + entry.transferSize;
    }
    for (const entry of performance.getEntriesByType('resource')) {
        sizes[entry.name] = (sizes[entry.name] || 0) + entry.transferSize;
    }
    return sizes;
}"""


TransferSize = Callable[..., "int | dict[str, int]"]


@pytest.fixture
def transfer_size() -> TransferSize:
    """``transfer_size(page)``: bytes transferred for the document and all its resources.

    Waits for the load event and returns the total; ``by_url=True`` returns {url: bytes}.
    Resources served from the browser cache count 0, so measure in a fresh context (each
    test's ``page`` is one).
    """

    def measure(page: Any, *, by_url: bool = False) -> int | dict[str, int]:
        page.wait_for_load_state("load")
        sizes: dict[str, int] = {
            url: int(size) for url, size in page.evaluate(_TRANSFER_SIZES_JS).items()
        }
        return sizes if by_url else sum(sizes.values())

    return measure
