"""Admin for missions, their complex outcomes, equality targets and quarterly reviews.

Targets are set here; their baseline value and progress are read from the published data, so
neither has a field. Reviews are prepared, commented on and signed off on the board pages
(``/missions/<slug>/reviews/``): the admin shows them and their commentary read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from missions.models import Commentary, ComplexOutcome, Mission, Review, Target


class ComplexOutcomeInline(admin.TabularInline):
    model = ComplexOutcome
    fields = ["display_order", "title", "slug", "area", "lead_department"]
    extra = 0
    show_change_link = True


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ComplexOutcomeInline]


@admin.register(ComplexOutcome)
class ComplexOutcomeAdmin(admin.ModelAdmin):
    list_display = ["title", "mission", "area", "lead_department", "display_order"]
    list_filter = ["mission", "area", "lead_department"]
    list_select_related = ["mission", "lead_department"]
    search_fields = ["title", "description", "mission__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["contributing_departments", "indicators"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = [
        "statement",
        "indicator",
        "group",
        "comparison_group",
        "baseline_period",
        "target_value",
        "target_date",
        "owner",
        "is_illustrative",
    ]
    list_filter = ["outcome__mission", "owner", "is_illustrative", "target_date"]
    list_select_related = [
        "indicator",
        "group",
        "comparison_group",
        "baseline_period",
        "owner",
    ]
    search_fields = ["statement", "indicator__title"]
    autocomplete_fields = ["outcome", "parent"]
    date_hierarchy = "target_date"
    fieldsets = [
        (None, {"fields": ["statement", "indicator", "outcome", "parent", "owner", "note"]}),
        (
            "What is measured",
            {
                "fields": ["geography", "group", "comparison_group"],
                "description": "A group's value, or (with a comparison group) the gap between "
                "the two groups: the group's value minus the comparison group's.",
            },
        ),
        (
            "From the baseline to the target",
            {
                "fields": ["baseline_period", "target_value", "target_date"],
                "description": "The baseline value is read from the published data for the "
                "baseline period; progress is computed, never typed.",
            },
        ),
        (None, {"fields": ["is_illustrative"]}),
    ]


class CommentaryInline(admin.TabularInline):
    model = Commentary
    fields = ["created_at", "author", "outcome", "rating", "text", "reason"]
    readonly_fields = ["created_at", "author", "outcome", "rating", "text", "reason"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-only: reviews change only through the board pages (prepare, comment, sign off)."""

    list_display = ["mission", "year", "quarter", "status", "prepared_by", "signed_off_by"]
    list_filter = ["mission", "status", "year"]
    list_select_related = ["mission", "prepared_by", "signed_off_by"]
    readonly_fields = [
        "mission",
        "year",
        "quarter",
        "status",
        "prepared_by",
        "prepared_at",
        "signed_off_by",
        "signed_off_at",
    ]
    exclude = ["content"]
    inlines = [CommentaryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
