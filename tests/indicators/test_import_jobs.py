"""Large uploads go to the background: progress kept in the database, outcome on the job page."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.urls import reverse

from indicators.imports import jobs
from indicators.imports.jobs import count_rows, import_job_create, import_job_run
from indicators.imports.types import ImportOptions
from indicators.models import ImportJob, Indicator, Observation, Release
from tests import factories
from tests.indicators.import_helpers import NATIVE_HEADER, member, poverty_indicator, upload_post

pytestmark = pytest.mark.django_db
GOOD = NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n2020,E92000001,Male,40,,,,,,\n"
BROKEN = NATIVE_HEADER + "2020,E92000001,Femle,50,,,,,,\n2020,E92000001,Male,forty,,,,,,\n"


def staff(username: str, *codenames: str) -> Any:
    user = get_user_model().objects.create_user(username=username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames)
    )
    return member(user)


@pytest.fixture
def analyst_client(settings) -> Client:
    settings.IMPORT_BACKGROUND_ROWS = 1
    client = Client()
    client.force_login(staff("analyst", "add_release", "view_release"))
    return client


def upload(client: Client, indicator: Indicator, content: str, capture) -> ImportJob:
    with capture(execute=True) as callbacks:
        response = upload_post(client, indicator, content, filename="big.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:indicators_release_job", args=[job.pk])
    assert len(callbacks) == 1  # the task is queued once the job row is committed
    job.refresh_from_db()
    return job


def test_background_import_reaches_100_percent(
    indicator: Indicator, analyst_client: Client, django_capture_on_commit_callbacks
) -> None:
    job = upload(analyst_client, indicator, GOOD, django_capture_on_commit_callbacks)
    assert (job.status, job.percent, job.stage, job.row_count) == ("succeeded", 100, "Finished", 2)
    assert job.errors == []
    assert job.comparison["added"] == 2
    release = Release.objects.get()
    assert job.release == release
    assert (release.uploaded_by.username, release.row_count) == ("analyst", 2)
    assert sorted(Observation.objects.values_list("value", flat=True)) == [40.0, 50.0]
    page = analyst_client.get(reverse("admin:indicators_release_job", args=[job.pk]))
    text = page.content.decode()
    assert f'Imported 2 rows as <a href="/admin/indicators/release/{release.pk}/change/">' in text
    assert "2 added, 0 removed, 0 revised, 0 unchanged." in text
    assert 'hx-trigger="every 1s"' not in text  # finished: no more polling


def test_failing_background_import_stores_its_error_report(
    indicator: Indicator, analyst_client: Client, django_capture_on_commit_callbacks
) -> None:
    job = upload(analyst_client, indicator, BROKEN, django_capture_on_commit_callbacks)
    assert (job.status, job.percent, job.stage) == ("failed", 100, "Finished with errors")
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "sex"), (3, "value")]
    assert job.errors[1]["message"] == "'forty' is not a number."
    assert job.release is None
    assert Release.objects.count() == 0
    page = analyst_client.get(reverse("admin:indicators_release_job", args=[job.pk]))
    assert "2 errors in the file: nothing was imported." in page.content.decode()
    report = analyst_client.get(reverse("admin:indicators_release_job_errors", args=[job.pk]))
    assert report.content.decode().splitlines()[2] == (
        "3,value,'forty' is not a number.,"
        '"Write a number (no units or symbols), or leave it blank and give a marker."'
    )


def test_progress_fragment_polls_until_the_job_ends(
    indicator: Indicator, analyst_client: Client
) -> None:
    job = ImportJob.objects.create(
        indicator=indicator,
        original_filename="big.csv",
        created_by=get_user_model().objects.get(username="analyst"),
        percent=45,
        stage="Checking every row",
        status=ImportJob.Status.RUNNING,
    )
    url = reverse("admin:indicators_release_job_progress", args=[job.pk])
    fragment = analyst_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-progress" hx-get="' + url + '"')
    assert 'hx-trigger="every 1s"' in fragment
    assert '<progress id="job-bar" max="100" value="45"' in fragment
    assert "45% · Running" in fragment
    assert "<html" not in fragment
    job.status, job.percent, job.stage = ImportJob.Status.SUCCEEDED, 100, "Finished"
    job.save()
    fragment = analyst_client.get(url).content.decode()
    assert "hx-trigger" not in fragment
    assert "100% · Succeeded" in fragment


@pytest.mark.parametrize("name", ["job", "job_progress", "job_errors"])
def test_job_pages_need_the_add_release_permission(indicator: Indicator, name: str) -> None:
    owner = staff("analyst", "add_release")
    job = ImportJob.objects.create(indicator=indicator, original_filename="f.csv", created_by=owner)
    url = reverse(f"admin:indicators_release_{name}", args=[job.pk])
    viewer = Client()
    viewer.force_login(staff("viewer", "view_release"))
    assert viewer.get(url).status_code == 403
    outsider = Client()
    outsider.force_login(get_user_model().objects.create_user(username="public"))
    assert outsider.get(url)["Location"].startswith("/admin/login/")
    colleague = Client()
    colleague.force_login(staff("colleague", "add_release"))
    assert colleague.get(url).status_code == 200


def test_small_files_import_in_the_request(indicator: Indicator) -> None:
    client = Client()
    client.force_login(staff("analyst", "add_release"))
    response = upload_post(client, indicator, GOOD, filename="small.csv")
    assert response.status_code == 200
    assert ImportJob.objects.count() == 0
    assert Release.objects.get().row_count == 2


def test_an_unexpected_failure_still_ends_the_job(
    indicator: Indicator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    job = ImportJob.objects.create(
        indicator=indicator, original_filename="f.csv", created_by=staff("analyst")
    )
    job.source_file.save("f.csv", io.BytesIO(GOOD.encode()))
    monkeypatch.setattr(jobs, "run_import", broken)
    with pytest.raises(RuntimeError):
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.percent) == ("failed", 100)
    assert job.errors[0]["message"] == "The import stopped unexpectedly (RuntimeError: disk full)."


def test_options_survive_the_round_trip_through_json(indicator: Indicator) -> None:
    published = factories.release(
        indicator=indicator,
        status=Release.Status.PUBLISHED,
        approved_by=staff("approver"),
        approved_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        publish_at=dt.datetime(2026, 1, 6, tzinfo=dt.UTC),
    )
    options = ImportOptions(
        format="sdg",
        series="Households (%)",
        column_map={"Sex": "sex", "Region": "filter="},
        skip_rows=[4, 7],
        skip_reason="Conflicting duplicates",
        publish_at=dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC),
        note="New year",
        supersedes=published,
        reason="Corrects 2020",
    )
    job = import_job_create(
        data=GOOD.encode(),
        filename="big.csv",
        indicator=indicator,
        options=options,
        created_by=staff("analyst"),
    )
    assert ImportOptions.from_json(job.options) == options
    assert (job.status, job.percent, job.row_estimate) == ("queued", 0, 3)


def test_rows_are_counted_without_parsing() -> None:
    assert count_rows(data=b"a,b\n1,2\n3,4\n", filename="f.csv") == 3
    assert count_rows(data=b"a,b\n1,2", filename="f.csv") == 2
    buffer = io.BytesIO()
    pd.DataFrame({"a": range(10)}).to_excel(buffer, index=False)
    assert count_rows(data=buffer.getvalue(), filename="f.xlsx") == 11
    assert count_rows(data=b"not a zip", filename="f.ods") == 0


def test_import_jobs_are_listed_in_the_admin_with_a_link_to_their_progress(
    indicator: Indicator,
    analyst_client: Client,
    admin_client: Client,
    django_capture_on_commit_callbacks,
) -> None:
    job = upload(analyst_client, indicator, GOOD, django_capture_on_commit_callbacks)
    text = admin_client.get(reverse("admin:indicators_importjob_changelist")).content.decode()
    assert "big.csv" in text
    assert "Succeeded" in text
    assert f'<a href="{reverse("admin:indicators_release_job", args=[job.pk])}">' in text


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_from_another_session_while_the_import_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pipeline holds one open transaction; its progress must still be seen outside it.

    The import runs in a thread (its own connection, as in the worker) and pauses when it
    reports the row checks; this thread then reads the job as the progress page would.
    """
    indicator = poverty_indicator()
    job = ImportJob.objects.create(
        indicator=indicator, original_filename="big.csv", created_by=staff("analyst", "add_release")
    )
    job.source_file.save("big.csv", io.BytesIO(GOOD.encode()))
    paused, resume = threading.Event(), threading.Event()
    real_run_import = jobs.run_import

    def pausing_run_import(*, progress: Callable[[int, str], None], **kwargs: Any) -> Any:
        def report(percent: int, stage: str) -> None:
            progress(percent, stage)
            if stage == "Checking every row":
                paused.set()
                assert resume.wait(timeout=30), "the test never let the import go on"

        return real_run_import(progress=report, **kwargs)

    monkeypatch.setattr(jobs, "run_import", pausing_run_import)
    outcome: list[ImportJob | BaseException] = []

    def work() -> None:
        try:
            outcome.append(import_job_run(job_id=job.pk))
        except BaseException as exc:  # handed to the main thread, which reports it
            outcome.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert paused.wait(timeout=30), "the import never reached the row checks"
        seen = ImportJob.objects.get(pk=job.pk)
        assert (seen.status, seen.percent, seen.stage) == ("running", 30, "Checking every row")
        assert seen.started_at is not None
        assert Release.objects.count() == 0  # the import's own writes are not visible yet
    finally:
        resume.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    [finished] = outcome
    assert not isinstance(finished, BaseException), finished
    seen = ImportJob.objects.get(pk=job.pk)
    assert (seen.status, seen.percent, seen.stage, seen.row_count) == (
        "succeeded",
        100,
        "Finished",
        2,
    )
    assert Release.objects.get().row_count == 2
