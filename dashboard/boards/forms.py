"""The board pages' forms: commentary on an outcome, the overall rating, and choosing a quarter
to prepare. Rendered with GOV.UK Frontend markup by their templates."""

from __future__ import annotations

from django import forms

from missions.models import Commentary


class CommentaryForm(forms.Form):
    text = forms.CharField(
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": "Enter the commentary"},
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Overall rating",
        choices=Commentary.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select on track, at risk or off track"},
    )
    reason = forms.CharField(
        label="Reason for the rating",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        error_messages={"required": "Enter the reason for the rating"},
    )


class PrepareForm(forms.Form):
    quarter = forms.RegexField(
        regex=r"^[0-9]{4}-q[1-4]$",
        error_messages={"required": "Choose a quarter", "invalid": "Choose a quarter"},
    )
