"""Background import jobs: a large upload's progress, errors and result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from indicators.models.indicators import Indicator
from indicators.models.releases import Release


def import_job_upload_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{timezone.now():%Y%m%dT%H%M%S}-{filename}"


class ImportJob(models.Model):
    """A large upload imported in the background: its file, choices, progress and outcome.

    Progress lives here rather than in the task backend so that the upload page can be reloaded,
    or opened by a colleague, and still show how far the import has got and how it ended.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    source_file = models.FileField(upload_to=import_job_upload_path, max_length=300)
    original_filename = models.CharField(max_length=255)
    options = models.JSONField(default=dict, help_text="The analyst's import choices.")
    dry_run = models.BooleanField(default=False)
    row_estimate = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, default="Waiting for the background worker")
    errors = models.JSONField(default=list, blank=True, help_text="Every error, as row dicts.")
    comparison = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="import_job_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"Import of {self.original_filename} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
