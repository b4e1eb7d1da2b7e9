"""Admin for missions, their complex outcomes and equality targets."""

from __future__ import annotations

from django.contrib import admin

from missions.models import ComplexOutcome, Mission, Target


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
        "baseline_value",
        "target_value",
        "target_date",
    ]
    list_filter = ["outcome__mission", "indicator", "target_date"]
    list_select_related = ["indicator", "group", "comparison_group"]
    search_fields = ["statement", "indicator__title"]
    autocomplete_fields = ["outcome"]
    date_hierarchy = "target_date"
