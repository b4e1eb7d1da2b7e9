"""Mission boards as a new user meets them, in Chromium.

The board secretariat prepares the opportunity mission's review for the last complete
quarter, writes commentary and the overall rating; the board chair signs it off; an analyst
then publishes a revision of one of its indicators; the signed-off review still shows what
the board saw, with the revision noted beside the figure. Every board page passes axe-core
and reflows at 390 px; screenshots at 1280 × 800 and 390 px wide go to the test's folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from indicators.imports.manifest import demo_users
from indicators.imports.pipeline import run_import
from indicators.imports.types import ImportOptions
from indicators.models import Indicator, Membership, Release
from indicators.services import release_approve, release_publish
from missions.quarters import Quarter
from missions.roles import CHAIR, SECRETARIAT, board_roles_ensure
from tests.browser.conftest import AxeCheck

PASSWORD = "correct horse battery staple"
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--without-review", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    groups = board_roles_ensure()
    for username, role, name in (("sam", SECRETARIAT, "Sam"), ("chris", CHAIR, "Chris")):
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, first_name=name, last_name="Board"
        )
        user.groups.add(groups[role])


def _sign_in(page: Any, username: str, next_path: str) -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page: Any) -> None:
    page.goto("/missions/opportunity/reviews/")
    page.get_by_role("button", name="Sign out").click()


def _publish_revision() -> Release:
    """An analyst corrects the Real Living Wage figures: England's 2023 figure for all
    employees becomes 12.4% (it was 12.9%)."""
    source = (
        Path(settings.BASE_DIR) / "fixtures/missions/revisions/below_real_living_wage_revised.csv"
    )
    text = source.read_text().replace(
        "2023,E92000001,,,12.9,12.8,13.1,", "2023,E92000001,,,12.4,12.3,12.6,"
    )
    indicator = Indicator.objects.get(slug="below-real-living-wage")
    _, approver = demo_users()
    uploader = get_user_model().objects.create_user(username="dwp-analyst", password="x" * 16)
    # Browser tests flush the database between tests, roles included: give the analyst's
    # permission directly.
    uploader.user_permissions.add(Permission.objects.get(codename="add_release"))
    Membership.objects.create(user=uploader, department=indicator.owner)
    current = Release.objects.current_for(indicator)
    result = run_import(
        source=text.encode(),
        filename="below_real_living_wage_v3.csv",
        indicator=indicator,
        options=ImportOptions(
            format="native", is_synthetic=True, supersedes=current, reason="Late returns."
        ),
        uploaded_by=uploader,
    )
    assert result.release is not None, result.errors[:3]
    release_approve(release=result.release, user=approver)
    return release_publish(
        release=result.release, user=approver, publish_at=timezone.now() - dt.timedelta(minutes=1)
    )


def _check(page: Any, axe_check: AxeCheck, shots: Path, name: str) -> None:
    axe_check(page)
    page.screenshot(path=str(shots / f"{name}-1280.png"), full_page=False)
    page.set_viewport_size(NARROW)
    page.reload()  # charts drawn at 1280 px are redrawn at 390 px, as on a phone
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{name} is {width} px wide at 390 px"
    page.screenshot(path=str(shots / f"{name}-390.png"), full_page=False)
    page.set_viewport_size(WIDE)
    page.reload()


def test_prepare_comment_sign_off_then_a_revision_is_noted_not_applied(
    demo: None, page: Any, axe_check: AxeCheck, tmp_path: Path
) -> None:
    page.set_viewport_size(WIDE)
    quarter = Quarter.last_complete()
    review = f"/missions/opportunity/reviews/{quarter.slug}/"

    # The secretariat prepares the review of the last complete quarter.
    _sign_in(page, "sam", "/missions/opportunity/reviews/")
    page.get_by_label(quarter.long_label).check()
    page.get_by_role("button", name="Prepare the review").click()
    assert page.url.endswith(review)
    assert page.get_by_text("Draft: not signed off").is_visible()
    _check(page, axe_check, tmp_path, "review-draft")

    # ... writes commentary on the education outcome and gives the overall rating.
    education = "Background no longer predicts how well children do in education"
    page.get_by_role("link", name=f"Write the commentary on {education}").click()
    page.get_by_label("Commentary on").fill(
        "The headline is on track; pupils on free school meals are not."
    )
    page.get_by_role("button", name="Save the commentary").click()
    assert page.get_by_text("pupils on free school meals are not").is_visible()
    page.get_by_role("link", name="Give the overall rating").click()
    page.get_by_label("At risk").check()
    page.get_by_label("Reason for the rating").fill("Group targets are off track.")
    page.get_by_role("button", name="Save the rating").click()
    _sign_out(page)

    # Nobody else sees the draft.
    assert page.goto(review).status == 404

    # The chair signs it off.
    _sign_in(page, "chris", review)
    page.get_by_role("link", name="Sign off this review").click()
    _check(page, axe_check, tmp_path, "sign-off")
    page.get_by_role("button", name="Sign off and publish the review").click()
    assert page.get_by_text("is signed off: it is now read-only and public").is_visible()
    _sign_out(page)

    # An analyst publishes a revision; the public opens the signed-off review.
    revision = _publish_revision()
    page.goto(review)
    published = timezone.localtime(revision.publish_at)
    card = page.locator(
        "article",
        has=page.get_by_role("heading", name="Employee jobs paid below the Real Living Wage"),
    )
    assert "12.9% for all people in 2023" in card.inner_text()
    assert f"Revised on {published.day} {published:%B %Y} to 12.4%" in card.inner_text()
    assert page.get_by_text("Signed off", exact=True).first.is_visible()
    assert page.get_by_text("pupils on free school meals are not").is_visible()
    _check(page, axe_check, tmp_path, "review-signed-off")

    # Its downloads are public too.
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Board pack (PDF, A4)").click()
    assert pdf.value.suggested_filename == f"opportunity-review-{quarter.slug}.pdf"


@pytest.mark.parametrize(
    "path",
    [
        "/missions/opportunity/reviews/",
        "/missions/opportunity/outcomes/education-attainment-gaps/",
        "/departments/",
        "/departments/dfe/",
        "/releases/",
        "/accounts/login/",
    ],
)
def test_board_pages_are_accessible_and_reflow(
    demo: None, page: Any, axe_check: AxeCheck, tmp_path: Path, path: str
) -> None:
    page.set_viewport_size(WIDE)
    page.goto(path)
    _check(page, axe_check, tmp_path, path.strip("/").replace("/", "-") or "home")


def test_a_signed_off_review_works_without_javascript(
    settings: Any, no_js_page: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    quarter = Quarter.last_complete()
    no_js_page.goto(f"/missions/opportunity/reviews/{quarter.slug}/")
    assert no_js_page.get_by_text("Signed off", exact=True).first.is_visible()
    assert no_js_page.get_by_role(
        "link", name="Figures and data table for this indicator"
    ).first.is_visible()


def test_a_target_shows_on_its_indicator_page_with_its_line_on_the_chart(
    demo: None, page: Any, axe_check: AxeCheck, tmp_path: Path
) -> None:
    page.set_viewport_size(WIDE)
    page.goto("/indicators/gcse-attainment-gap-fsm/")
    page.wait_for_selector("#chart-trend .main-svg")

    legend = page.locator("#chart-trend .legendtext", has_text="Illustrative target:")
    assert legend.count() == 2  # the headline's and the free school meals group's
    assert page.locator("#chart-trend .scatterlayer .trace").count() == 4
    targets = page.locator("#targets-section")
    assert targets.get_by_role("heading", name="Targets", exact=True).is_visible()
    assert targets.get_by_text(
        "On track for everyone; off track for the gap between eligible for free school meals "
        "and not eligible for free school meals."
    ).is_visible()
    assert targets.get_by_text("Illustrative target — not government policy").count() == 3
    targets.get_by_text("How a target's status is decided").click()
    assert targets.get_by_text("A straight line is drawn from the baseline").is_visible()
    _check(page, axe_check, tmp_path, "indicator-targets")
