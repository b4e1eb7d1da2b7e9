"""What a download says about its data: cover, notes, marker key and column headings."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from dashboard.formatting import Units
from dashboard.opendata import frames
from dashboard.opendata.spreadsheets import Column, Metadata, Table
from indicators.models import Indicator, Release

#: The GSS shorthand key, on every table sheet.
MARKERS: tuple[tuple[str, str], ...] = (
    ("[c]", "confidential: suppressed to protect people's identity"),
    ("[x]", "not available"),
    ("[z]", "not applicable"),
    ("[u]", "low reliability"),
    ("[low]", "a figure that rounds to zero but is not zero"),
)
_KINDS = {
    "string": "text",
    "number": "number",
    "integer": "integer",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}
_HEADINGS = {
    "indicator": "Indicator",
    "release": "Release version",
    "release_published": "Release published (UTC)",
    "period": "Period",
    "period_type": "Period type",
    "period_start": "Period start",
    "period_end": "Period end",
    "geography_code": "Area code",
    "geography_name": "Area name",
    "characteristic": "Characteristic",
    "group": "Group",
    "characteristic_2": "Second characteristic",
    "group_2": "Second group",
    "value": "Value ({unit})",
    "lower": "Lower confidence limit ({unit})",
    "upper": "Upper confidence limit ({unit})",
    "limits_confidence": "Confidence level of the limits (%)",
    "limits_source": "Source of the limits",
    "numerator": "Numerator (count)",
    "denominator": "Denominator (count)",
    "sample_size": "Sample size (people)",
    "marker": "Marker",
    "quality": "Quality flag",
    "unit": "Unit",
    "measure": "Measure",
    "note": "Note",
    "reference_group": "Reference group",
    "is_reference": "Reference group row",
    "gap": "Gap to the reference group ({difference})",
    "gap_lower": "Lower 95% limit of the gap ({difference})",
    "gap_upper": "Upper 95% limit of the gap ({difference})",
    "ratio": "Ratio to the reference group",
    "ratio_lower": "Lower 95% limit of the ratio",
    "ratio_upper": "Upper 95% limit of the ratio",
    "gap_significant": "Gap statistically significant at 95%",
    "gap_direction": "Value against the reference group",
}


def columns(documented: Sequence[frames.Column], *, units: Units | None) -> list[Column]:
    """Spreadsheet columns for these documented columns, units in the headings (a table of
    many indicators, with no one unit, says "in the unit column")."""
    unit = units.unit if units and units.unit else "see the unit column"
    difference = units.difference_unit if units and units.unit else "see the unit column"
    return [
        Column(
            name=c.name,
            heading=_HEADINGS[c.name].format(unit=unit, difference=difference),
            kind=_KINDS[c.type],
        )
        for c in documented
    ]


def released(release: Release) -> str:
    """ "Version 2, published 3 March 2025 at 09:30 (UK time)"."""
    when = timezone.localtime(release.publish_at) if release.publish_at else None
    published = f", published {when:%-d %B %Y at %H:%M} (UK time)" if when else ""
    return f"Version {release.version}{published}"


def indicator_metadata(
    *, indicator: Indicator, release: Release, title: str, gaps_against: str = ""
) -> Metadata:
    """The cover and notes of a download of ``indicator`` from ``release``."""
    owner = indicator.owner
    contact = [f"{owner.name} ({owner.abbreviation}) owns this indicator."]
    if settings.OPEN_DATA_CONTACT:
        contact.append(f"About this dashboard and its downloads: {settings.OPEN_DATA_CONTACT}")
    notes = [
        (
            "Confidence limits",
            "Lower and upper are confidence limits: the publisher's, at the level in the "
            "confidence level column, or 95% limits this dashboard computed from the counts "
            "the release gives (the source of the limits column says which).",
        ),
        (
            "Numbers",
            "Numbers are given in full, to 12 significant figures, not rounded as the "
            "dashboard's pages show them.",
        ),
        (
            "Shorthand",
            "A cell with [c], [x] or [z] has no number, for the reason the key gives; [u] and "
            "[low] in the quality flag column qualify a value.",
        ),
        (
            "Blank cells",
            "A blank characteristic or group means all people; a blank second characteristic "
            "means the row is not an intersectional breakdown; a blank note means none.",
        ),
    ]
    if gaps_against:
        notes.append(
            (
                "Gaps",
                f"Each group's gap is its value minus the value for {gaps_against} in the same "
                "period and place, with 95% limits where both values have limits; it is "
                "statistically significant when those limits exclude zero. The dashboard's "
                "methods page explains the calculation.",
            )
        )
    if indicator.methodology:
        notes.append(("Methodology", indicator.methodology))
    if release.note:
        notes.append(("This release", release.note))
    if release.reason:
        notes.append(("Revision", release.reason))
    if release.is_synthetic:
        notes.append(
            ("Synthetic data", "These are synthetic demonstration data, not official statistics.")
        )
    about = [
        indicator.measures,
        f"Statistical status: {indicator.get_statistical_status_display()}.",
        f"Geography: {indicator.geography_coverage}. Frequency: "
        f"{indicator.get_frequency_display().lower()}.",
        f"Unit: {indicator.unit}. Measure: {indicator.get_measure_type_display().lower()}.",
    ]
    if release.is_synthetic:
        about.insert(0, "Synthetic demonstration data: not official statistics.")
    return Metadata(
        title=title,
        source=f"{indicator.source_publisher}, {indicator.source_dataset}",
        source_url=indicator.source_url,
        released=released(release),
        licence=indicator.licence,
        contact=contact,
        contact_url=owner.url,
        about=about,
        notes=notes,
        markers=MARKERS,
    )


def release_table(*, indicator: Indicator, release: Release) -> tuple[Table, Metadata]:
    """The whole-indicator download: every observation of the release, and its metadata."""
    frame = frames.release_frame(indicator=indicator, release=release)
    table = Table(
        sheet="Data",
        title=f"{indicator.title}: every figure of release {release.version}",
        frame=frame,
        columns=columns(frames.RELEASE_COLUMNS, units=Units.of(indicator)),
        description=[
            "One row per figure: each period, place and breakdown (all people, each group, "
            "and intersections of two characteristics where the source gives them).",
            f"Release: {released(release)}.",
        ],
    )
    return table, indicator_metadata(indicator=indicator, release=release, title=indicator.title)
