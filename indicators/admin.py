"""Admin: the vocabulary and indicators, and releases through the upload → approve → publish flow.

Releases are never edited in a change form: they are created by the upload view (the import
pipeline), moved on by actions that call the workflow services, and read-only otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from indicators.imports.compare import compare_release
from indicators.imports.jobs import import_job_create, needs_background
from indicators.imports.pipeline import ImportOptions, run_import
from indicators.imports.report import ErrorReport
from indicators.imports.template import CONTENT_TYPES, native_template
from indicators.imports.types import FORMATS
from indicators.models import (
    Characteristic,
    Department,
    Geography,
    Group,
    GroupAlias,
    ImportJob,
    Indicator,
    IndicatorCharacteristic,
    Observation,
    Period,
    Release,
)
from indicators.services import (
    ReleaseWorkflowError,
    release_approve,
    release_delete,
    release_publish,
    release_withdraw,
)

ERRORS_SESSION_KEY = "indicators_import_errors"


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug"]
    search_fields = ["name", "abbreviation"]


class GroupInline(admin.TabularInline):
    model = Group
    fields = ["name", "slug", "rank", "parent", "is_default_reference", "display_order"]
    extra = 0


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "is_ordered", "display_order"]
    list_filter = ["kind", "is_ordered"]
    search_fields = ["name", "slug"]
    inlines = [GroupInline]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "characteristic", "rank", "parent", "is_default_reference"]
    list_filter = ["characteristic", "is_default_reference"]
    search_fields = ["name", "slug"]
    list_select_related = ["characteristic", "parent"]


@admin.register(GroupAlias)
class GroupAliasAdmin(admin.ModelAdmin):
    """Where analysts teach the importer a label once and for all."""

    list_display = ["label", "group", "characteristic"]
    list_filter = ["characteristic"]
    search_fields = ["label", "group__name"]
    list_select_related = ["group", "characteristic"]


@admin.register(Geography)
class GeographyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "type", "start", "end"]
    list_filter = ["type"]
    search_fields = ["label"]


class IndicatorCharacteristicInline(admin.TabularInline):
    model = IndicatorCharacteristic
    fields = ["characteristic", "reference_group"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "area", "measure_type", "owner", "templates"]
    list_filter = ["area", "measure_type", "statistical_status", "frequency", "owner"]
    search_fields = ["title", "slug", "measures"]
    list_select_related = ["owner"]
    inlines = [IndicatorCharacteristicInline]

    @admin.display(description="Native template")
    def templates(self, obj: Indicator) -> str:
        links = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:indicators_release_template", args=[obj.slug, ext]),
                ext.upper(),
            )
            for ext in CONTENT_TYPES
        ]
        return format_html(" · ".join(["{}"] * len(links)), *links)


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only: observations change only by importing a release."""

    list_display = ["release", "period", "geography", "group_a", "group_b", "value", "marker"]
    list_filter = ["release__indicator", "release__status", "marker", "quality"]
    search_fields = ["release__indicator__slug", "geography__code", "group_a__name"]
    list_select_related = ["release__indicator", "period", "geography", "group_a", "group_b"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Background imports, read-only: each links to its live progress page."""

    list_display = [
        "original_filename",
        "indicator",
        "status",
        "percent",
        "created_by",
        "created_at",
        "progress_link",
    ]
    list_filter = ["status", "indicator", "dry_run"]
    search_fields = ["original_filename", "indicator__slug", "indicator__title", "stage"]
    list_select_related = ["indicator", "created_by"]
    date_hierarchy = "created_at"

    @admin.display(description="Progress")
    def progress_link(self, job: ImportJob) -> str:
        url = reverse("admin:indicators_release_job", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, "Open progress and report")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UploadForm(forms.Form):
    """The file and the analyst's choices; mapping lines read ``COLUMN=TARGET``."""

    file = forms.FileField()
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all())
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], initial="auto")
    sheet = forms.CharField(
        required=False,
        help_text="For a workbook with several sheets: the name of the sheet with the data.",
    )
    series = forms.CharField(required=False)
    unit = forms.CharField(required=False)
    column_map = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: COLUMN=characteristic slug, COLUMN=filter=VALUE or COLUMN=ignore.",
    )
    geography = forms.CharField(
        required=False, max_length=9, help_text="GSS code for rows that have none."
    )
    reversed = forms.CharField(
        required=False, help_text="Slugs of ordered characteristics the file numbers the other way."
    )
    skip_rows = forms.CharField(required=False, help_text="Row numbers, comma separated.")
    skip_reason = forms.CharField(required=False)
    publish_at = forms.DateTimeField(
        required=False, help_text="When the public sees it (YYYY-MM-DD HH:MM); blank: on publish."
    )
    supersedes = forms.ModelChoiceField(
        queryset=Release.objects.filter(status=Release.Status.PUBLISHED).select_related(
            "indicator"
        ),
        required=False,
        label="Corrects release",
        help_text="The published release this one corrects; leave blank for a new release.",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the correction changes and why; published with it.",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What this release contains, for the public.",
    )
    dry_run = forms.BooleanField(required=False, label="Only check and compare")

    def clean_file(self) -> Any:
        """Refuse an oversized file by its declared size, before it is read into memory."""
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit. "
                "Split the file, or ask an administrator to raise IMPORT_MAX_UPLOAD_BYTES."
            )
        return upload

    def clean_column_map(self) -> dict[str, str]:
        mapping = {}
        for line in self.cleaned_data["column_map"].splitlines():
            if not line.strip():
                continue
            column, sep, target = line.partition("=")
            if not sep:
                raise forms.ValidationError(f"Write '{line}' as COLUMN=TARGET.")
            mapping[column.strip()] = target.strip()
        return mapping

    def clean_skip_rows(self) -> list[int]:
        text = self.cleaned_data["skip_rows"]
        try:
            return [int(part) for part in text.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError("Give row numbers separated by commas.") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        corrected = data.get("supersedes")
        if corrected is not None and not data.get("reason", "").strip():
            self.add_error("reason", "Say what the correction changes and why.")
        indicator = data.get("indicator")
        if corrected is not None and indicator is not None and corrected.indicator != indicator:
            self.add_error("supersedes", f"{corrected} is a release of another indicator.")
        return data

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            format=data["format"],
            sheet=data["sheet"].strip(),
            series=data["series"],
            unit=data["unit"],
            column_map=data["column_map"],
            geography=data["geography"],
            reversed=[s.strip() for s in data["reversed"].split(",") if s.strip()],
            skip_rows=data["skip_rows"],
            skip_reason=data["skip_reason"],
            publish_at=data["publish_at"],
            note=data["note"],
            supersedes=data["supersedes"],
            reason=data["reason"],
        )


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "version",
        "status",
        "row_count",
        "uploaded_by",
        "approved_by",
        "publish_at",
        "original_file",
    ]
    list_filter = ["status", "is_synthetic", "file_format", "indicator"]
    search_fields = ["indicator__slug", "indicator__title", "original_filename", "sha256"]
    list_select_related = ["indicator", "uploaded_by", "approved_by"]
    actions = ["approve", "publish"]
    change_list_template = "admin/indicators/release/change_list.html"
    change_form_template = "admin/indicators/release/change_form.html"
    readonly_fields = [
        "indicator",
        "version",
        "status",
        "original_file",
        "sha256",
        "file_format",
        "import_options",
        "row_count",
        "note",
        "reason",
        "is_synthetic",
        "supersedes",
        "uploaded_by",
        "uploaded_at",
        "approved_by",
        "approved_at",
        "publish_at",
        "withdrawn_at",
    ]
    exclude = ["source_file", "original_filename"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # releases come in through the upload view

    def delete_model(self, request: HttpRequest, obj: Release) -> None:
        release_delete(release=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        for release in queryset:
            release_delete(release=release)

    @admin.display(description="Original file")
    def original_file(self, obj: Release) -> str:
        url = reverse("admin:indicators_release_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_filename)

    @admin.action(description="Approve the selected releases")
    def approve(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        self._apply(request, queryset, lambda r: release_approve(release=r, user=request.user))

    @admin.action(description="Publish the selected releases (at their planned time, or now)")
    def publish(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        self._apply(request, queryset, lambda r: release_publish(release=r, user=request.user))

    def _apply(self, request: HttpRequest, queryset: QuerySet[Release], step: Any) -> None:
        for release in queryset:
            try:
                done = step(release)
            except ReleaseWorkflowError as error:
                self.message_user(request, f"{release}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{done}: done.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        def view(function: Any, route: str, name: str) -> URLPattern:
            return path(route, self.admin_site.admin_view(function), name=name)

        own = [
            view(self.upload_view, "upload/", "indicators_release_upload"),
            view(self.errors_view, "upload/errors.csv", "indicators_release_errors"),
            view(self.job_view, "upload/<int:pk>/", "indicators_release_job"),
            view(
                self.job_progress_view,
                "upload/<int:pk>/progress/",
                "indicators_release_job_progress",
            ),
            view(
                self.job_errors_view, "upload/<int:pk>/errors.csv", "indicators_release_job_errors"
            ),
            view(self.download_view, "<int:pk>/download/", "indicators_release_download"),
            view(self.approve_view, "<int:pk>/approve/", "indicators_release_approve"),
            view(self.publish_view, "<int:pk>/publish/", "indicators_release_publish"),
            view(self.withdraw_view, "<int:pk>/withdraw/", "indicators_release_withdraw"),
            view(
                self.template_view,
                "template/<slug:slug>.<str:extension>",
                "indicators_release_template",
            ),
        ]
        return own + super().get_urls()

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file: check it, show every error or the comparison, then keep a draft.

        A file over ``IMPORT_BACKGROUND_ROWS`` rows goes to the background worker instead, and
        the analyst is taken to its progress page.
        """
        _require(request, "add_release")
        form = UploadForm(request.POST or None, request.FILES or None)
        context = self._context(
            request,
            title="Upload a release",
            form=form,
            background_rows=f"{settings.IMPORT_BACKGROUND_ROWS:,}",
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            if needs_background(data=data, filename=upload.name):
                job = import_job_create(
                    data=data,
                    filename=upload.name,
                    indicator=form.cleaned_data["indicator"],
                    options=form.options(),
                    created_by=request.user,  # type: ignore[arg-type]
                    dry_run=form.cleaned_data["dry_run"],
                )
                return HttpResponseRedirect(reverse("admin:indicators_release_job", args=[job.pk]))
            result = run_import(
                source=data,
                filename=upload.name,
                indicator=form.cleaned_data["indicator"],
                options=form.options(),
                uploaded_by=request.user,  # type: ignore[arg-type]
                dry_run=form.cleaned_data["dry_run"],
            )
            request.session[ERRORS_SESSION_KEY] = [e.as_dict() for e in result.errors]
            if result.release is not None:
                self.message_user(
                    request,
                    f"Imported {result.row_count} rows as {result.release}. Ask a colleague "
                    "to approve it.",
                    messages.SUCCESS,
                )
            context |= {
                "result": result,
                **_error_context(
                    ErrorReport(result.errors), url=reverse("admin:indicators_release_errors")
                ),
            }
        return render(request, "admin/indicators/release/upload.html", context)

    def errors_view(self, request: HttpRequest) -> HttpResponse:
        """Every error of the last upload in this session, as CSV."""
        _require(request, "add_release")
        return _errors_response(ErrorReport.from_dicts(request.session.get(ERRORS_SESSION_KEY, [])))

    def job_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A background import: its progress bar, then its error report or its release."""
        _require(request, "add_release")
        job = get_object_or_404(ImportJob.objects.select_related("indicator", "release"), pk=pk)
        context = self._context(request, title=f"Importing {job.original_filename}", **_job(job))
        return TemplateResponse(request, "admin/indicators/release/import_job.html", context)

    def job_progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The progress fragment that the job page polls every second while the job runs."""
        _require(request, "add_release")
        job = get_object_or_404(ImportJob.objects.select_related("indicator", "release"), pk=pk)
        context = self._context(request, **_job(job))
        return TemplateResponse(
            request, "admin/indicators/release/import_job.html#job-progress", context
        )

    def job_errors_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Every error of a background import, as CSV."""
        _require(request, "add_release")
        job = get_object_or_404(ImportJob, pk=pk)
        return _errors_response(ErrorReport.from_dicts(job.errors))

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        _require(request, "view_release")
        release = get_object_or_404(Release, pk=pk)
        return FileResponse(
            release.source_file.open("rb"),
            as_attachment=True,
            filename=release.original_filename,
        )

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm, then approve: the page shows what the release changes for the public."""
        return self._workflow_step(
            request,
            pk,
            verb="Approve",
            done="approved",
            step=lambda release: release_approve(release=release, user=request.user),
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm, then publish at the planned time (or now)."""
        return self._workflow_step(
            request,
            pk,
            verb="Publish",
            done="published",
            step=lambda release: release_publish(release=release, user=request.user),
        )

    def withdraw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm with a reason, then withdraw: charts drop it; its history line stays."""
        reason = request.POST.get("reason", "")
        return self._workflow_step(
            request,
            pk,
            verb="Withdraw",
            done="withdrawn",
            step=lambda release: release_withdraw(
                release=release, user=request.user, reason=reason
            ),
        )

    def _workflow_step(
        self,
        request: HttpRequest,
        pk: int,
        *,
        verb: str,
        done: str,
        step: Callable[[Release], Release],
    ) -> HttpResponse:
        _require(request, "view_release")
        release = get_object_or_404(Release.objects.select_related("indicator"), pk=pk)
        change_url = reverse("admin:indicators_release_change", args=[release.pk])
        if request.method == "POST":
            try:
                stepped = step(release)
            except ReleaseWorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"{stepped}: {done}.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = self._context(
            request,
            title=f"{verb} {release}?",
            release=release,
            verb=verb,
            comparison=None if verb == "Withdraw" else compare_release(release=release),
            change_url=change_url,
        )
        return TemplateResponse(request, "admin/indicators/release/confirm_step.html", context)

    def template_view(self, request: HttpRequest, slug: str, extension: str) -> HttpResponse:
        if extension not in CONTENT_TYPES:
            raise PermissionDenied
        indicator = get_object_or_404(Indicator, slug=slug)
        response = HttpResponse(
            native_template(indicator=indicator, extension=extension),
            content_type=CONTENT_TYPES[extension],
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}-template.{extension}"'
        return response


def _require(request: HttpRequest, codename: str) -> None:
    """Staff reach these views through ``admin_view``; each also needs its model permission."""
    if not request.user.has_perm(f"indicators.{codename}"):
        raise PermissionDenied


def _job(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        **_error_context(
            ErrorReport.from_dicts(job.errors),
            url=reverse("admin:indicators_release_job_errors", args=[job.pk]),
        ),
    }


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
