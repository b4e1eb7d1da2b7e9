"""An embargo preview as an approver meets it: the link on the public page, the banner at the
top, a filter changed through htmx keeping the preview and one banner; the same address for
anyone else is the public page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_admin_import import PASSWORD, log_in
from tests.dashboard.factories import data_set, published_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_approver_previews_a_scheduled_release_and_the_public_does_not(
    page: Page, browser: Browser, base_url: str, console_errors: list[str]
) -> None:
    data = data_set(groups=2, periods=2)
    rows = [
        {"group_a": g, "period": p, "geography": data.geographies[0], "value": 99.0}
        for g in data.groups
        for p in data.periods
    ]
    published_release(
        indicator=data.indicator, rows=rows, publish_at=timezone.now() + dt.timedelta(days=1)
    )
    get_user_model().objects.create_superuser("lead", password=PASSWORD)
    log_in(page, "lead")

    page.goto(f"/indicators/{data.indicator.slug}/")
    expect(page.locator("#embargo-banner")).to_have_count(0)
    page.get_by_role("link", name="Preview the page as it will be published").click()
    banner = page.locator("#embargo-banner")
    expect(banner).to_contain_text("EMBARGOED — not for publication until")
    expect(page.locator("#data-table")).to_contain_text("99.0")

    page.locator("#measure-gap").check()  # an htmx swap of the results
    expect(page).to_have_url(re.compile(r"preview=\d+.*measure=gap"))
    expect(page.locator("#embargo-banner")).to_have_count(1)
    expect(banner).to_contain_text("EMBARGOED")
    # The admin's sign-in page asks for a favicon the project does not serve.
    assert [e for e in console_errors if "favicon.ico" not in e] == []

    public = browser.new_context(base_url=base_url).new_page()
    public.goto(page.url)
    expect(public.locator("main")).not_to_contain_text("EMBARGOED")
    expect(public.locator("#data-table")).not_to_contain_text("99.0")
