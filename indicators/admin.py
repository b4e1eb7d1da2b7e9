"""Admin: the vocabulary and indicators, and releases through the upload → approve → publish flow.

Releases are never edited in a change form: they are created by the upload view (the import
pipeline), moved on by actions that call the workflow services, and read-only otherwise.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from indicators.imports.pipeline import ImportOptions, run_import
from indicators.imports.report import SHOWN_ERRORS, errors_csv
from indicators.imports.template import CONTENT_TYPES, native_template
from indicators.imports.types import FORMATS, RowError
from indicators.models import (
    Characteristic,
    Department,
    Geography,
    Group,
    GroupAlias,
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


class UploadForm(forms.Form):
    """The file and the analyst's choices; mapping lines read ``COLUMN=TARGET``."""

    file = forms.FileField()
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all())
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], initial="auto")
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
    publish_at = forms.DateTimeField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    dry_run = forms.BooleanField(required=False, label="Only check and compare")

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

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            format=data["format"],
            series=data["series"],
            unit=data["unit"],
            column_map=data["column_map"],
            geography=data["geography"],
            reversed=[s.strip() for s in data["reversed"].split(",") if s.strip()],
            skip_rows=data["skip_rows"],
            skip_reason=data["skip_reason"],
            publish_at=data["publish_at"],
            note=data["note"],
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
        own = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="indicators_release_upload",
            ),
            path(
                "upload/errors.csv",
                self.admin_site.admin_view(self.errors_view),
                name="indicators_release_errors",
            ),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="indicators_release_download",
            ),
            path(
                "template/<slug:slug>.<str:extension>",
                self.admin_site.admin_view(self.template_view),
                name="indicators_release_template",
            ),
        ]
        return own + super().get_urls()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file: check it, show every error or the comparison, then keep a draft."""
        if not request.user.has_perm("indicators.add_release"):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {**self.admin_site.each_context(request), "form": form}
        context["title"] = "Upload a release"
        context["opts"] = self.model._meta
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = run_import(
                source=upload,
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
                "shown_errors": result.errors[:SHOWN_ERRORS],
                "hidden_errors": max(0, result.error_count - SHOWN_ERRORS),
            }
        return render(request, "admin/indicators/release/upload.html", context)

    def errors_view(self, request: HttpRequest) -> HttpResponse:
        """Every error of the last upload in this session, as CSV."""
        errors = [RowError(**e) for e in request.session.get(ERRORS_SESSION_KEY, [])]
        response = HttpResponse(errors_csv(errors), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
        return response

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        release = get_object_or_404(Release, pk=pk)
        return FileResponse(
            release.source_file.open("rb"),
            as_attachment=True,
            filename=release.original_filename,
        )

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
