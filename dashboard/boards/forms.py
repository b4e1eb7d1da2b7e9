"""The board pages' forms: commentary on an outcome, the overall rating, and choosing a quarter
to prepare. Rendered with GOV.UK Frontend markup by their templates."""

from __future__ import annotations

from django import forms

from missions.models import Commentary


def _text(label: str, *, rows: int, max_length: int, required: str) -> forms.CharField:
    """A text area, with the message it gives when left empty."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        error_messages={"required": required},
    )


class CommentaryForm(forms.Form):
    text = _text("Commentary", rows=8, max_length=5000, required="Enter the commentary")


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Overall rating",
        choices=Commentary.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select on track, at risk or off track"},
    )
    reason = _text(
        "Reason for the rating", rows=5, max_length=3000, required="Enter the reason for the rating"
    )


class PrepareForm(forms.Form):
    quarter = forms.RegexField(
        regex=r"^[0-9]{4}-q[1-4]$",
        error_messages={"required": "Choose a quarter", "invalid": "Choose a quarter"},
    )
