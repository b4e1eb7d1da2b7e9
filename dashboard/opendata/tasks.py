"""Background work for open data (django-tasks; the database backend's ``db_worker`` runs it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from dashboard.opendata import bulk


@task()
def bulk_download_rebuild() -> str:
    """Rebuild the bulk download zip if what is visible has changed; its fingerprint."""
    return bulk.bulk_current().fingerprint


def on_release_published(*, publish_at: dt.datetime | None = None) -> None:
    """Rebuild the bulk zip now, and again when an embargoed release's time comes (where the
    task backend can run a task later). Named in ``settings.RELEASE_PUBLISHED_HOOKS`` for
    ``indicators.services.release_publish`` to call after its transaction commits."""
    bulk_download_rebuild.enqueue()
    later = publish_at is not None and publish_at > timezone.now()
    if later and bulk_download_rebuild.get_backend().supports_defer:
        bulk_download_rebuild.using(run_after=publish_at).enqueue()
