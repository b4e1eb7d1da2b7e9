"""The indicator catalogue: each indicator with the characteristics it is broken down by.

Each indicator links to the native template, in each format, that an analyst fills in for it.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from indicators.imports.template import CONTENT_TYPES
from indicators.models import Indicator, IndicatorCharacteristic


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
