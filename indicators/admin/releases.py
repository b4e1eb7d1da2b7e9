"""Releases, their observations and background import jobs: read-only but for the workflow.

A release moves on by the changelist actions (approve, publish) or by the buttons of its change
form, which open a confirmation page (``release_views``); its pages are added by ``get_urls``
under the names ``admin:indicators_release_<name>``. Its status is listed as the public sees it
(``statuses``): "Scheduled for …" until its time comes, with a link to preview the public page
as it will be then for those who may (``statuses.preview_link``). A draft is discarded, observations
and all, by its uploader or an administrator (``services.release_delete``); a published one
never.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from indicators.access import indicator_editable, release_discardable
from indicators.admin import release_views
from indicators.admin.statuses import preview_link, public_status, with_replacement_times
from indicators.models import ImportJob, Observation, Release
from indicators.services import ReleaseWorkflowError, release_delete, release_update


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only an import adds or changes: the admin lists and shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    """Read-only: observations change only by importing a release."""

    list_display = ["release", "period", "geography", "group_a", "group_b", "value", "marker"]
    list_filter = ["release__indicator", "release__status", "marker", "quality"]
    search_fields = ["release__indicator__slug", "geography__code", "group_a__name"]
    list_select_related = ["release__indicator", "period", "geography", "group_a", "group_b"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
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


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "version",
        "status_shown",
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
        "status_shown",
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
        "withdrawal_reason",
        "limits_confidence",
    ]
    #: What a draft's change form may still edit (through ``release_update``).
    draft_fields = ("note", "limits_confidence")
    exclude = ["source_file", "original_filename"]

    def get_readonly_fields(self, request: HttpRequest, obj: Release | None = None) -> list[str]:
        if obj is not None and obj.status == Release.Status.DRAFT:
            return [f for f in self.readonly_fields if f not in self.draft_fields]
        return list(self.readonly_fields)

    def has_change_permission(self, request: HttpRequest, obj: Release | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.status == Release.Status.DRAFT and indicator_editable(
            user=request.user, indicator=obj.indicator
        )

    def save_model(self, request: HttpRequest, obj: Release, form: Any, change: bool) -> None:
        release_update(
            release=obj, note=obj.note, limits_confidence=obj.limits_confidence, user=request.user
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # releases come in through the upload view

    def get_queryset(self, request: HttpRequest) -> QuerySet[Release]:
        return with_replacement_times(super().get_queryset(request))

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        """The columns, with "Preview" after the status, for this viewer
        (``statuses.preview_link``, ``access.unpublished_viewable``)."""

        @admin.display(description="Preview")
        def preview(release: Release) -> str:
            return preview_link(release, user=request.user)

        columns: list[Any] = list(self.list_display)
        columns.insert(columns.index("status_shown") + 1, preview)
        return columns

    @admin.display(description="Status", ordering="status")
    def status_shown(self, obj: Release) -> str:
        """The status as the public sees it (``statuses.public_status``)."""
        return public_status(obj, replaced_at=getattr(obj, "replaced_at", None))

    def has_delete_permission(self, request: HttpRequest, obj: Release | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return release_discardable(user=request.user, release=obj)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        """What discarding these releases deletes, and why any of them cannot be.

        A draft's observations go with it, although no one deletes observations by hand (the
        admin would otherwise refuse, even a superuser, for want of that permission); a
        published release, or someone else's draft, is named as what stops the deletion.
        """
        deleted, counts, needed, protected = super().get_deleted_objects(objs, request)
        user = request.user
        kept = [release for release in objs if not release_discardable(user=user, release=release)]
        # Said better below than as "no permission to delete: observation, release".
        needed = set(needed) - {
            str(Observation._meta.verbose_name),
            str(Release._meta.verbose_name),
        }
        protected = [*protected, *(self._why_kept(release) for release in kept)]
        return deleted, counts, needed, protected

    @staticmethod
    def _why_kept(release: Release) -> str:
        if release.is_locked:
            status = release.get_status_display().lower()
            return f"{release}: a {status} release is kept for the record"
        return f"{release}: only its uploader or an administrator can discard it"

    def delete_model(self, request: HttpRequest, obj: Release) -> None:
        release_delete(release=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        for release in queryset:
            release_delete(release=release, user=request.user)

    @admin.display(description="Original file")
    def original_file(self, obj: Release) -> str:
        url = reverse("admin:indicators_release_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_filename)

    @admin.action(description="Approve the selected releases")
    def approve(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        self._apply(request, queryset, step="approve")

    @admin.action(description="Publish the selected releases (at their planned time, or now)")
    def publish(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        self._apply(request, queryset, step="publish")

    def _apply(self, request: HttpRequest, queryset: QuerySet[Release], *, step: str) -> None:
        for release in queryset:
            try:
                done = release_views.step_take(step, release=release, request=request)
            except ReleaseWorkflowError as error:
                self.message_user(request, f"{release}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{done}: done.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        def view(function: Any, route: str, name: str, **kwargs: Any) -> URLPattern:
            wrapped = self.admin_site.admin_view(partial(function, self, **kwargs))
            return path(route, wrapped, name=f"indicators_release_{name}")

        own = [
            view(release_views.upload, "upload/", "upload"),
            view(release_views.upload_errors, "upload/errors.csv", "errors"),
            view(release_views.job, "upload/<int:pk>/", "job"),
            view(release_views.job_progress, "upload/<int:pk>/progress/", "job_progress"),
            view(release_views.job_errors, "upload/<int:pk>/errors.csv", "job_errors"),
            view(release_views.download, "<int:pk>/download/", "download"),
            *(
                view(release_views.workflow_step, f"<int:pk>/{step}/", step, step=step)
                for step in release_views.STEPS
            ),
            view(release_views.template, "template/<slug:slug>.<str:extension>", "template"),
        ]
        return own + super().get_urls()
