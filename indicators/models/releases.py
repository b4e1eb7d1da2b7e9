"""Releases (one version of an indicator's data, from one file) and their observations."""

from __future__ import annotations

from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from indicators import measures
from indicators.models.fields import optional_key
from indicators.models.indicators import Indicator, ReleaseQuerySet
from indicators.models.vocabulary import Characteristic, Geography, Group, Period


def release_upload_path(instance: Release, filename: str) -> str:
    return f"releases/{instance.indicator.slug}/{timezone.now():%Y%m%dT%H%M%S}-{filename}"


@pghistory.track()
class Release(models.Model):
    """One version of an indicator's data, from one uploaded file.

    draft → approved → published → superseded (or withdrawn). Once published, the row and its
    observations are immutable: database triggers (the app's migration) refuse any change but
    moving the status on to superseded or withdrawn. Only a draft may lack its uploader, so the
    four-eyes rule (approver ≠ uploader) holds for every release that goes further.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="releases")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_file = models.FileField(upload_to=release_upload_path, max_length=300)
    original_filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=20, blank=True)
    import_options = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, help_text="What this release contains, for the public.")
    reason = models.TextField(blank=True, help_text="Why it corrects or withdraws another release.")
    is_synthetic = models.BooleanField(
        default=False, help_text="Synthetic demo data: labelled as such on every page showing it."
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    uploaded_by = optional_key(settings.AUTH_USER_MODEL)
    uploaded_at = models.DateTimeField(default=timezone.now)
    approved_by = optional_key(settings.AUTH_USER_MODEL)
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    limits_confidence = models.PositiveSmallIntegerField(
        choices=[(90, "90%"), (95, "95%"), (99, "99%")],
        default=95,
        help_text="The confidence level of the lower and upper limits the file publishes.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(
        blank=True, help_text="Why it was withdrawn, shown in the public release history."
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-version"]
        permissions = [
            ("approve_release", "Can approve a release uploaded by someone else"),
            ("publish_release", "Can publish or withdraw a release"),
            ("discard_release", "Can discard anyone's draft release, not only their own"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="release_unique_version"),
            models.UniqueConstraint(fields=["indicator", "sha256"], name="release_unique_file"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="release_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft"])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="release_approved_has_approver",
                violation_error_message="Only a draft can lack an approver.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(uploaded_by__isnull=False),
                name="release_uploader_recorded",
                violation_error_message="Only a draft can lack its uploader: the four-eyes rule "
                "needs to know who uploaded a release.",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(uploaded_by__isnull=True)
                | ~Q(approved_by=F("uploaded_by")),
                name="release_four_eyes",
                violation_error_message="A release is approved by someone other than its uploader.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "superseded"]) | Q(publish_at__isnull=False),
                name="release_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="release_withdrawal_has_reason",
                violation_error_message="A withdrawn release records when and why.",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(reason=""),
                name="release_correction_has_reason",
                violation_error_message="A release that supersedes another needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.slug} v{self.version} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.SUPERSEDED, self.Status.WITHDRAWN}


def _breakdown_key(to: type[models.Model]) -> models.ForeignKey[Any, Any]:
    """An optional part of an observation's breakdown: no index and no foreign key of its own,
    since the composite keys check groups and characteristics together."""
    return optional_key(to, db_index=False, db_constraint=False)


class Observation(models.Model):
    """One value: release × period × geography × breakdown.

    The breakdown is all people (no group), one group, or a cross of two groups of different
    characteristics. ``characteristic_a``/``characteristic_b`` repeat the groups'
    characteristics so the database can enforce that rule; composite foreign keys (the app's
    migration) keep them consistent with the groups, and the pair is stored in a canonical order.
    """

    class Marker(models.TextChoices):
        CONFIDENTIAL = "c", "[c] confidential"
        NOT_AVAILABLE = "x", "[x] not available"
        NOT_APPLICABLE = "z", "[z] not applicable"

    class Quality(models.TextChoices):
        LOW_RELIABILITY = "u", "[u] low reliability"
        ROUNDS_TO_ZERO = "low", "[low] rounds to zero"

    # What an observation says about its key, in file and query column order.
    NUMERIC_MEASURES = measures.NUMERIC_MEASURES
    TEXT_MEASURES = measures.TEXT_MEASURES

    # Bulk loads write millions of rows, so each foreign key here costs a row lock per row.
    # The unique key and obs_release_char lead with release, so no single-column indexes are
    # kept; groups and their characteristics are checked once, by the composite keys of
    # the app's migration (group → characteristic is itself a foreign key), not four times more.
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", db_index=False)
    geography = models.ForeignKey(
        Geography, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    characteristic_a = _breakdown_key(Characteristic)
    group_a = _breakdown_key(Group)
    characteristic_b = _breakdown_key(Characteristic)
    group_b = _breakdown_key(Group)
    value = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    marker = models.CharField(max_length=1, choices=Marker.choices, blank=True)
    quality = models.CharField(max_length=3, choices=Quality.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "period", "geography", "group_a", "group_b"],
                nulls_distinct=False,
                name="observation_unique_key",
                violation_error_message="One observation per period, place and breakdown.",
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(marker=""))
                | (Q(value__isnull=True) & ~Q(marker="")),
                name="observation_value_xor_marker",
                violation_error_message="Give a value or an absence marker ([c], [x], [z]).",
            ),
            models.CheckConstraint(
                condition=Q(quality="") | Q(value__isnull=False),
                name="observation_quality_needs_value",
            ),
            models.CheckConstraint(
                condition=(Q(lower__isnull=True) | Q(value__isnull=True) | Q(lower__lte=F("value")))
                & (Q(upper__isnull=True) | Q(value__isnull=True) | Q(value__lte=F("upper")))
                & (Q(lower__isnull=True) | Q(upper__isnull=True) | Q(lower__lte=F("upper"))),
                name="observation_limits_bracket_value",
                violation_error_message="Limits must satisfy lower ≤ value ≤ upper.",
            ),
            models.CheckConstraint(
                condition=~Q(marker="c")
                | Q(
                    lower__isnull=True,
                    upper__isnull=True,
                    numerator__isnull=True,
                    denominator__isnull=True,
                ),
                name="observation_suppressed_discloses_nothing",
                violation_error_message="A suppressed [c] row has no limits or counts: they "
                "could reveal the value.",
            ),
            models.CheckConstraint(
                condition=Q(group_a__isnull=True, characteristic_a__isnull=True)
                | Q(group_a__isnull=False, characteristic_a__isnull=False),
                name="observation_group_a_characteristic",
            ),
            models.CheckConstraint(
                condition=Q(group_b__isnull=True, characteristic_b__isnull=True)
                | Q(
                    group_b__isnull=False,
                    group_a__isnull=False,
                    characteristic_a__lt=F("characteristic_b"),
                ),
                name="observation_cross_of_two_characteristics",
                violation_error_message=(
                    "A cross breakdown joins two groups of different characteristics."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) | Q(numerator__gte=0))
                & (Q(denominator__isnull=True) | Q(denominator__gte=0)),
                name="observation_counts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["release", "characteristic_a", "period"], name="obs_release_char"),
        ]

    def __str__(self) -> str:
        return f"{self.release_id}:{self.period_id}:{self.geography_id}:{self.group_a_id}"
