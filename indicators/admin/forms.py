"""The upload form: it parses what the analyst typed; the pipeline checks it (size, corrections).

Mapping lines read ``COLUMN=TARGET``, skipped rows are comma separated, reversed scales are
characteristic slugs; ``options`` hands them to the pipeline as ``ImportOptions``.
"""

from __future__ import annotations

from django import forms

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
