"""Background tasks (django-tasks): the database backend's ``db_worker`` runs them."""

from __future__ import annotations

from django_tasks import task

from indicators.imports.jobs import import_job_run


@task()
def import_release_job(*, job_id: int) -> str:
    """Import a large uploaded file; the ImportJob row carries its progress and outcome."""
    return import_job_run(job_id=job_id).status
