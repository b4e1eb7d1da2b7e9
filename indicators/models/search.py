"""Words people search with that the catalogue does not use: FSM, BAME, gender, child poverty."""

from __future__ import annotations

from django.db import models


class SearchSynonym(models.Model):
    """A search term and what it stands for: "FSM" → "free school meals".

    A query containing the term (as whole words, any case) also finds what the expansion
    finds. Terms are stored lower case.
    """

    term = models.CharField(max_length=100, unique=True)
    expansion = models.CharField(
        max_length=200, help_text='Words the term stands for, e.g. "free school meals".'
    )

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansion}"
