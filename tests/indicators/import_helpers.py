"""A small vocabulary for import tests: sex, ethnicity (Asian > Indian), IMD quintiles."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indicators.admin.links import linked
from indicators.imports.pipeline import ImportOptions, ImportResult, run_import
from indicators.models import (
    Characteristic,
    Department,
    Geography,
    Group,
    Indicator,
    IndicatorCharacteristic,
    Membership,
)
from tests import factories

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

#: The measure columns that end every native template, in order, as an analyst reads them.
_FIGURES = ("value", "lower", "upper", "numerator", "denominator", "sample_size")
MEASURE_HEADER = [*_FIGURES, "marker", "quality", "note"]
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


def home_department() -> Department:
    """The department that owns the test indicators and employs the test analysts."""
    department, _ = Department.objects.get_or_create(
        slug="home", defaults={"name": "Home Department", "abbreviation": "HD"}
    )
    return department


def member(user: Any, department: Department | None = None) -> Any:
    """``user``, working for ``department`` (the home department by default)."""
    Membership.objects.create(user=user, department=department or home_department())
    return user


def percentage_indicator(*, breakdowns: tuple[str, ...] | None = None, **kw: Any) -> Indicator:
    """A percentage indicator of the home department broken down by ``breakdowns`` (slugs; by
    default every characteristic there is, which for these tests is the vocabulary above)."""
    kw.setdefault("owner", home_department())
    kw.setdefault("measure_type", Indicator.MeasureType.PERCENTAGE)
    return declare(factories.indicator(**kw), breakdowns=breakdowns)


def poverty_indicator(**kw: Any) -> Indicator:
    """The vocabulary above and a percentage indicator "poverty" broken down by all of it."""
    vocabulary()
    return percentage_indicator(slug="poverty", **kw)


def declare(indicator: Indicator, *, breakdowns: tuple[str, ...] | None = None) -> Indicator:
    """``indicator``, declared as broken down by ``breakdowns`` (slugs; None: every one)."""
    characteristics = Characteristic.objects.all()
    if breakdowns is not None:
        characteristics = characteristics.filter(slug__in=breakdowns)
    for declared in characteristics:
        IndicatorCharacteristic.objects.create(indicator=indicator, characteristic=declared)
    return indicator


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
