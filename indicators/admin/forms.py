"""The admin's forms: the upload form and the publish step's date and time.

The upload form parses what the analyst typed; the pipeline checks it (size, corrections).
Mapping lines read ``COLUMN=TARGET``, skipped rows are comma separated, reversed scales are
characteristic slugs; ``options`` hands them to the pipeline as ``ImportOptions``. It offers
only the indicators the analyst may upload releases of.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from indicators.imports.types import FORMATS, ImportOptions
from indicators.models import Indicator, Release


class UploadForm(forms.Form):
    """The file and the analyst's choices, parsed; whether they make an import is not its call."""

    file = forms.FileField()
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all())
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], initial="auto")
    sheet = forms.CharField(
        required=False,
        help_text="For a workbook with several sheets: the name of the sheet with the data.",
    )
    series = forms.CharField(required=False)
    unit = forms.CharField(required=False)
    column_map = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: COLUMN=characteristic slug, COLUMN=filter=VALUE or COLUMN=ignore.",
    )
    geography = forms.CharField(
        required=False, max_length=9, help_text="GSS code for rows that have none."
    )
    reversed = forms.CharField(
        required=False, help_text="Slugs of ordered characteristics the file numbers the other way."
    )
    skip_rows = forms.CharField(required=False, help_text="Row numbers, comma separated.")
    skip_reason = forms.CharField(required=False)
    publish_at = forms.DateTimeField(
        required=False, help_text="When the public sees it (YYYY-MM-DD HH:MM); blank: on publish."
    )
    supersedes = forms.ModelChoiceField(
        queryset=Release.objects.filter(status=Release.Status.PUBLISHED).select_related(
            "indicator"
        ),
        required=False,
        label="Corrects release",
        help_text="The published release this one corrects; leave blank for a new release.",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the correction changes and why; published with it.",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What this release contains, for the public.",
    )
    dry_run = forms.BooleanField(required=False, label="Only check and compare")

    def __init__(self, *args: Any, indicator_ids: list[int] | None = None, **kwargs: Any) -> None:
        """``indicator_ids`` are the indicators offered (``access.editable_indicator_ids``;
        None: all of them)."""
        super().__init__(*args, **kwargs)
        if indicator_ids is not None:
            indicator = self.fields["indicator"]
            supersedes = self.fields["supersedes"]
            assert isinstance(indicator, forms.ModelChoiceField)
            assert isinstance(supersedes, forms.ModelChoiceField)
            indicator.queryset = Indicator.objects.filter(pk__in=indicator_ids)
            supersedes.queryset = Release.objects.filter(
                status=Release.Status.PUBLISHED, indicator_id__in=indicator_ids
            ).select_related("indicator")
            indicator.help_text = (
                "The indicators your department owns (ask an administrator if one is missing)."
            )

    def clean_column_map(self) -> dict[str, str]:
        mapping = {}
        for line in self.cleaned_data["column_map"].splitlines():
            if not line.strip():
                continue
            column, sep, target = line.partition("=")
            if not sep:
                raise forms.ValidationError(f"Write '{line}' as COLUMN=TARGET.")
            mapping[column.strip()] = target.strip()
        return mapping

    def clean_skip_rows(self) -> list[int]:
        text = self.cleaned_data["skip_rows"]
        try:
            return [int(part) for part in text.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError("Give row numbers separated by commas.") from None

    def options(self) -> ImportOptions:
        """The choices, for ``import_submit``."""
        data = self.cleaned_data
        return ImportOptions(
            format=data["format"],
            sheet=data["sheet"].strip(),
            series=data["series"],
            unit=data["unit"],
            column_map=data["column_map"],
            geography=data["geography"],
            reversed=[s.strip() for s in data["reversed"].split(",") if s.strip()],
            skip_rows=data["skip_rows"],
            skip_reason=data["skip_reason"],
            publish_at=data["publish_at"],
            note=data["note"],
            supersedes=data["supersedes"],
            reason=data["reason"],
        )


class PublishForm(forms.Form):
    """When the public sees a release: as soon as it is published, or at a date and time.

    The date and time are UK time (the ``TIME_ZONE`` setting, Europe/London), entered as GOV.UK's
    date input asks: day, month and year in their own boxes, then the hour and minutes on the
    24-hour clock. The time must be in the future; a time the clocks skip when they go forward
    is refused, and one they pass twice when they go back is the first (British Summer Time).
    """

    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        choices=[(NOW, "As soon as I publish it"), (LATER, "At a set date and time")],
        widget=forms.RadioSelect,
        label="When does the public see it?",
    )
    day = forms.IntegerField(required=False, min_value=1, max_value=31)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    hour = forms.IntegerField(required=False, min_value=0, max_value=23)
    minute = forms.IntegerField(required=False, min_value=0, max_value=59, label="Minutes")

    #: The parts of the moment, in the order an error names the first one missing.
    PARTS = ("day", "month", "year", "hour", "minute")

    def __init__(self, *args: Any, planned: dt.datetime | None = None, **kwargs: Any) -> None:
        """``planned`` (the time chosen at upload, if still ahead) fills the boxes."""
        if planned is not None and planned > timezone.now():
            local = timezone.localtime(planned)
            initial = {part: getattr(local, part) for part in self.PARTS}
            kwargs.setdefault("initial", {"when": self.LATER, **initial})
        else:
            kwargs.setdefault("initial", {"when": self.NOW})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("when") != self.LATER or self.errors:
            data["publish_at"] = None
            return data
        missing = [part for part in self.PARTS if data.get(part) is None]
        if missing:
            names = {"minute": "minutes"}
            shown = " and ".join(names.get(part, part) for part in missing)
            raise forms.ValidationError(
                f"The publication date and time must include a {shown}.", code="incomplete"
            )
        zone = timezone.get_default_timezone()
        year, month, day, hour, minute = (
            int(data[p]) for p in ("year", "month", "day", "hour", "minute")
        )
        parts = (year, month, day, hour, minute)
        try:
            moment = dt.datetime(year, month, day, hour, minute, tzinfo=zone)
        except ValueError:
            raise forms.ValidationError(
                "The publication date must be a real date, like 12 3 2027.", code="invalid"
            ) from None
        back = moment.astimezone(dt.UTC).astimezone(zone)
        if (back.year, back.month, back.day, back.hour, back.minute) != parts:
            raise forms.ValidationError(
                f"{moment:%H:%M} on {moment.day} {moment:%B %Y} does not exist in UK time: the "
                "clocks go forward that night. Choose another time.",
                code="nonexistent",
            )
        if moment <= timezone.now():
            raise forms.ValidationError(
                "The publication time must be in the future; to publish now, choose 'As soon "
                "as I publish it'.",
                code="past",
            )
        data["publish_at"] = moment
        return data
