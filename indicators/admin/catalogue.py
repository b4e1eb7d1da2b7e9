"""The indicator catalogue: each indicator with the characteristics it is broken down by.

Each indicator links to the native template, in each format, that an analyst fills in for it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from indicators.imports.template import CONTENT_TYPES
from indicators.models import Indicator, IndicatorCharacteristic
from indicators.services import indicator_search_refresh


class IndicatorCharacteristicInline(admin.TabularInline):
    model = IndicatorCharacteristic
    fields = ["characteristic", "reference_group"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "slug",
        "area",
        "primary_characteristic",
        "gap_measure",
        "owner",
        "templates",
    ]
    list_filter = ["area", "measure_type", "statistical_status", "frequency", "owner", "is_survey"]
    search_fields = ["title", "slug", "measures"]
    list_select_related = ["owner"]
    inlines = [IndicatorCharacteristicInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        indicator_search_refresh(indicator_ids=[form.instance.pk])

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
