"""A small vocabulary for import tests: sex, ethnicity (Asian > Indian), IMD quintiles."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indicators.admin.links import linked
from indicators.imports.pipeline import ImportOptions, ImportResult, run_import
from indicators.models import Characteristic, Geography, Group, Indicator
from tests import factories

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

NATIVE_HEADER = "period,geography_code,sex,value,lower,upper,numerator,denominator,marker,note\n"


def vocabulary() -> dict[str, Any]:
    sex = factories.characteristic(slug="sex", name="Sex", groups=["Female", "Male"])
    ethnicity = factories.characteristic(
        slug="ethnicity", name="Ethnicity", groups=["White", "Asian", "Black"]
    )
    asian = Group.objects.get(characteristic=ethnicity, name="Asian")
    Group.objects.create(characteristic=ethnicity, slug="indian", name="Indian", parent=asian)
    imd = factories.characteristic(
        slug="imd-quintile",
        name="Area deprivation",
        is_ordered=True,
        groups=[f"Quintile {n}" for n in range(1, 6)],
    )
    factories.geography(code="E92000001", name="England", level=Geography.Level.COUNTRY)
    factories.geography(code="K02000001", name="United Kingdom", level=Geography.Level.UK)
    return {"sex": sex, "ethnicity": ethnicity, "imd": imd}


def percentage_indicator(**kw: Any) -> Indicator:
    return factories.indicator(measure_type=Indicator.MeasureType.PERCENTAGE, **kw)


def run(
    content: str | bytes,
    *,
    indicator: Indicator,
    filename: str = "upload.csv",
    dry_run: bool = False,
    **options: Any,
) -> ImportResult:
    """Import ``content``; the errors read as the analyst sees them (``admin.links.linked``)."""
    data = content.encode() if isinstance(content, str) else content
    result = run_import(
        source=data,
        filename=filename,
        indicator=indicator,
        options=ImportOptions(**options),
        uploaded_by=None,
        dry_run=dry_run,
    )
    return replace(result, errors=linked(result.errors))


def characteristic(slug: str) -> Characteristic:
    return Characteristic.objects.get(slug=slug)


def upload_post(
    client: Client, indicator: Indicator, content: str, *, filename: str = "upload.csv"
) -> _MonkeyPatchedWSGIResponse:
    """Upload ``content`` on the admin upload page, its format left to be detected."""
    return client.post(
        reverse("admin:indicators_release_upload"),
        {
            "file": SimpleUploadedFile(filename, content.encode()),
            "indicator": indicator.pk,
            "format": "auto",
        },
    )
