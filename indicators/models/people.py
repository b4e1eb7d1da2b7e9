"""People: which department a user works for (their roles are Django groups)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models

from indicators.models.vocabulary import Department


@pghistory.track()
class Membership(models.Model):
    """A user belongs to one department; analysts may only touch that department's indicators."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="members")

    def __str__(self) -> str:
        return f"{self.user} ({self.department})"
