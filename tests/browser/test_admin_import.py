"""The release workflow as a new analyst meets it: upload real files in the admin, read the error
report of a broken one, fix it, have a colleague approve and publish, and see the data live."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.models import Department, Membership, Release

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PASSWORD = "correct horse battery staple"
EFF_FILE = FIXTURES / "real" / "eff_custody_rate.csv"
SDG_FILE = FIXTURES / "real" / "sdg_1-2-1_poverty_at_risk.csv"
# Ethnicity_type in this file was damaged by a spreadsheet fill-down (FORMATS.md §4); the
# importer refuses it until the analyst, having checked the labels, maps it to 'ignore'.
EFF_MAPPING = (
    "Ethnicity=ethnicity\nSex=sex\nAge group=age\nOffence group=filter=All\n"
    "Immediate Custody=numerator\nall sentenced=denominator\nEthnicity_type=ignore"
)


def account(username: str, *codenames: str, department: str = "") -> None:
    """A staff account with these permissions, working for ``department`` (a slug) if given."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames)
    )
    if department:
        Membership.objects.create(user=user, department=Department.objects.get(slug=department))


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_text("Log out"))
    ).to_be_visible()


def upload(page: Page, *, file: Path | dict[str, Any], indicator: str, **fields: str) -> None:
    page.goto("/admin/indicators/release/upload/")
    page.get_by_label("File").set_input_files(file)
    page.get_by_label("Indicator").select_option(label=indicator)
    for name, value in fields.items():
        page.locator(f"[name={name}]").fill(value)
    page.get_by_role("button", name="Check and import").click()


def test_upload_fix_approve_publish_and_see_the_data(page: Page, axe_check: Any) -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    # Each analyst uploads the indicators of their own department.
    account("analyst", "add_release", "view_release", department="moj")
    account("dwp-analyst", "add_release", "view_release", department="dwp")
    account("statistician", "view_release", "approve_release", "publish_release")

    log_in(page, "analyst")
    page.goto("/admin/indicators/release/upload/")
    axe_check(page)

    # A real Ethnicity Facts and Figures download, with the analyst's column choices.
    upload(
        page,
        file=EFF_FILE,
        indicator="Custody rate by ethnicity",
        column_map=EFF_MAPPING,
        geography="K04000001",
    )
    expect(page.get_by_text("Compared with no published release")).to_be_visible()
    expect(page.get_by_text("324 rows checked.")).to_be_visible()

    log_in(page, "dwp-analyst")

    # A broken copy of a real Open SDG file: one value mistyped on line 4.
    lines = SDG_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[3] == "2005,16 to 24,Undefined,,Percentage (%),Units,23.4\n"
    broken = "".join([*lines[:3], lines[3].replace("23.4", "23.4%"), *lines[4:]])
    sdg_fields = {"column_map": "Age=age\nSex=sex", "geography": "K02000001"}
    upload(
        page,
        file={"name": "poverty.csv", "mimeType": "text/csv", "buffer": broken.encode()},
        indicator="People at risk of poverty",
        **sdg_fields,
    )
    expect(page.get_by_text("1 error in the file: nothing was imported.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="is not a number")
    expect(row.get_by_role("cell").first).to_have_text("4")
    expect(row).to_contain_text("Value")
    expect(row).to_contain_text("'23.4%' is not a number.")
    axe_check(page)

    # Fixed: the file as published.
    upload(page, file=SDG_FILE, indicator="People at risk of poverty", **sdg_fields)
    expect(page.get_by_text("294 rows checked.")).to_be_visible()
    assert Release.objects.filter(status="draft").count() == 2

    # A second person approves and publishes, seeing what changes first.
    log_in(page, "statistician")
    release = Release.objects.get(indicator__slug="custody-rate-ethnicity")
    page.goto(f"/admin/indicators/release/{release.pk}/change/")
    page.get_by_role("link", name="Approve…").click()
    expect(page.get_by_text("324 added, 0 removed, 0 revised, 0 unchanged.")).to_be_visible()
    page.get_by_role("button", name="Approve this release").click()
    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("radio", name="As soon as I publish it")).to_be_checked()
    axe_check(page)
    page.get_by_role("button", name="Publish this release").click()
    expect(page.get_by_text("published", exact=False).first).to_be_visible()
    release.refresh_from_db()
    assert (release.status, release.approved_by.username) == ("published", "statistician")

    # The public page shows the file's figures: Asian, 2017, all offences: 35.7%.
    page.context.clear_cookies()
    page.goto("/indicators/custody-rate-ethnicity/")
    expect(page.locator("table").filter(has_text="Asian").first).to_contain_text("35.7")
