"""The release pages beyond the change form: upload, error reports, background jobs, the
workflow steps (approve, publish, withdraw), the original file and the native template.

Each view takes the ``ReleaseAdmin`` that serves it (for the admin's page context and messages)
and the request; ``ReleaseAdmin.get_urls`` names them. Staff reach them through ``admin_view``;
each also needs its model permission (``_require``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from indicators.access import editable_indicator_ids, holds_permission, indicator_editable
from indicators.admin.forms import PublishForm, UploadForm
from indicators.admin.links import linked, release_change_url
from indicators.admin.statuses import moment_text
from indicators.imports.compare import compare_release
from indicators.imports.jobs import import_submit
from indicators.imports.report import ErrorReport
from indicators.imports.template import CONTENT_TYPES, native_template
from indicators.models import ImportJob, Indicator, Release
from indicators.services import (
    ReleaseWorkflowError,
    release_approve,
    release_publish,
    release_withdraw,
)

ERRORS_SESSION_KEY = "indicators_import_errors"
# Each workflow step: the button's verb and what the release is once it is taken.
STEPS = {
    "approve": ("Approve", "approved"),
    "publish": ("Publish", "published"),
    "withdraw": ("Withdraw", "withdrawn"),
}


def upload(model_admin: ModelAdmin[Release], request: HttpRequest) -> HttpResponse:
    """Upload a file: check it, show every error or the comparison, then keep a draft.

    A file over ``IMPORT_BACKGROUND_ROWS`` rows goes to the background worker instead, and the
    analyst is taken to its progress page.
    """
    _require(request, "add_release")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        indicator_ids=editable_indicator_ids(user=request.user),
    )
    context = _context(
        model_admin,
        request,
        title="Upload a release",
        form=form,
        background_rows=f"{settings.IMPORT_BACKGROUND_ROWS:,}",
    )
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        outcome = import_submit(
            source=file,
            filename=file.name,
            indicator=form.cleaned_data["indicator"],
            options=form.options(),
            user=request.user,  # type: ignore[arg-type]
            dry_run=form.cleaned_data["dry_run"],
        )
        if isinstance(outcome, ImportJob):
            return HttpResponseRedirect(reverse("admin:indicators_release_job", args=[outcome.pk]))
        request.session[ERRORS_SESSION_KEY] = [e.as_dict() for e in outcome.errors]
        if outcome.release is not None:
            model_admin.message_user(
                request,
                f"Imported {outcome.row_count} rows as {outcome.release}. Ask a colleague "
                "to approve it.",
                messages.SUCCESS,
            )
        report = ErrorReport(linked(outcome.errors))
        url = reverse("admin:indicators_release_errors")
        context |= {"result": outcome, **_error_context(report, url=url)}
    return render(request, "admin/indicators/release/upload.html", context)


def upload_errors(model_admin: ModelAdmin[Release], request: HttpRequest) -> HttpResponse:
    """Every error of the last upload in this session, as CSV."""
    _require(request, "add_release")
    return _errors_response(_from_json(request.session.get(ERRORS_SESSION_KEY, [])))


def job(model_admin: ModelAdmin[Release], request: HttpRequest, pk: int) -> HttpResponse:
    """A background import: its progress bar, then its error report or its release."""
    return _job_page(model_admin, request, pk, page="import_job.html")


def job_progress(model_admin: ModelAdmin[Release], request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment that the job page polls every second while the job runs."""
    return _job_page(model_admin, request, pk, page="import_job.html#job-progress")


def job_errors(model_admin: ModelAdmin[Release], request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of a background import, as CSV."""
    _require(request, "add_release")
    return _errors_response(_from_json(get_object_or_404(ImportJob, pk=pk).errors))


def download(model_admin: ModelAdmin[Release], request: HttpRequest, pk: int) -> FileResponse:
    _require(request, "view_release")
    release = get_object_or_404(Release, pk=pk)
    return FileResponse(
        release.source_file.open("rb"), as_attachment=True, filename=release.original_filename
    )


def workflow_step(
    model_admin: ModelAdmin[Release], request: HttpRequest, pk: int, *, step: str
) -> HttpResponse:
    """Confirm, then take the step: the page shows what the release changes for the public.

    Approve and publish show the comparison with the release the public sees; publish also
    asks when the public sees it (``PublishForm``); withdraw asks for a reason instead (charts
    drop the release; its history line stays).
    """
    _require(request, "view_release")
    verb, done = STEPS[step]
    release = get_object_or_404(Release.objects.select_related("indicator"), pk=pk)
    change_url = release_change_url(release.pk)
    form = None
    if step == "publish":
        form = PublishForm(request.POST or None, planned=release.publish_at)
    if request.method == "POST" and (form is None or form.is_valid()):
        publish_at = form.cleaned_data["publish_at"] if form is not None else None
        try:
            taken = step_take(step, release=release, request=request, publish_at=publish_at)
        except ReleaseWorkflowError as error:
            model_admin.message_user(request, str(error), messages.ERROR)
        else:
            model_admin.message_user(request, _done_message(taken, done=done), messages.SUCCESS)
        return HttpResponseRedirect(change_url)
    context = _context(
        model_admin,
        request,
        title=f"{verb} {release}?",
        release=release,
        verb=verb,
        form=form,
        comparison=None if step == "withdraw" else compare_release(release=release),
        change_url=change_url,
    )
    return TemplateResponse(request, "admin/indicators/release/confirm_step.html", context)


def step_take(
    step: str,
    *,
    release: Release,
    request: HttpRequest,
    publish_at: dt.datetime | None = None,
) -> Release:
    """Approve, publish (at ``publish_at``, else the planned time, else now) or withdraw, as
    the request's user."""
    if step == "approve":
        return release_approve(release=release, user=request.user)
    if step == "publish":
        return release_publish(release=release, user=request.user, publish_at=publish_at)
    reason = request.POST.get("reason", "")
    return release_withdraw(release=release, user=request.user, reason=reason)


def _done_message(release: Release, *, done: str) -> str:
    if done == "published" and release.publish_at and release.publish_at > timezone.now():
        return f"{release}: scheduled; the public sees it from {moment_text(release.publish_at)}."
    return f"{release}: {done}."


def template(
    model_admin: ModelAdmin[Release], request: HttpRequest, slug: str, extension: str
) -> HttpResponse:
    """The native template of an indicator: its header, which names its breakdowns.

    Staff who may view indicators get the template of a published one; one with no release the
    public can see yet is not public, so only those who may upload its releases get it.
    """
    if extension not in CONTENT_TYPES:
        raise PermissionDenied
    _require(request, "view_indicator")
    indicator = get_object_or_404(Indicator, slug=slug)
    public = Release.objects.visible().filter(indicator=indicator).exists()
    if not public and not indicator_editable(user=request.user, indicator=indicator):
        raise PermissionDenied
    response = HttpResponse(
        native_template(indicator=indicator, extension=extension),
        content_type=CONTENT_TYPES[extension],
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-template.{extension}"'
    return response


def _require(request: HttpRequest, codename: str) -> None:
    """Staff reach these views through ``admin_view``; each also needs its model permission."""
    if not holds_permission(user=request.user, codename=codename):
        raise PermissionDenied


def _context(
    model_admin: ModelAdmin[Release], request: HttpRequest, **extra: Any
) -> dict[str, Any]:
    return {**model_admin.admin_site.each_context(request), "opts": Release._meta, **extra}


def _job_page(
    model_admin: ModelAdmin[Release], request: HttpRequest, pk: int, *, page: str
) -> HttpResponse:
    _require(request, "add_release")
    job = get_object_or_404(ImportJob.objects.select_related("indicator", "release"), pk=pk)
    context = _context(
        model_admin,
        request,
        title=f"Importing {job.original_filename}",
        job=job,
        **_error_context(
            _from_json(job.errors),
            url=reverse("admin:indicators_release_job_errors", args=[job.pk]),
        ),
    )
    return TemplateResponse(request, f"admin/indicators/release/{page}", context)


def _from_json(rows: Iterable[dict[str, Any]]) -> ErrorReport:
    """The report of errors kept as JSON (a background job, the upload session), linked."""
    return ErrorReport(linked(ErrorReport.from_dicts(rows).errors))


def _error_context(report: ErrorReport, *, url: str) -> dict[str, Any]:
    """The report for ``_errors.html``: the same summary, rows and count as the command prints."""
    return {
        "error_report": report,
        "errors_more": report.more(where=f"all {report.count} are in the CSV"),
        "errors_url": url,
    }


def _errors_response(report: ErrorReport) -> HttpResponse:
    response = HttpResponse(report.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response
